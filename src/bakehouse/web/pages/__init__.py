"""HTML page routers. Same services as the API; these render templates."""
