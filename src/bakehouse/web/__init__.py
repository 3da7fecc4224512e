"""The web application: HTML pages and a JSON API over the same services."""

from bakehouse.web.app import create_app

__all__ = ["create_app"]
