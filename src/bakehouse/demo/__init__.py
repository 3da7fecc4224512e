"""The demo season: a client of the services that fills a database with a realistic season."""
