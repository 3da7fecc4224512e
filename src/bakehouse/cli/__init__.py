"""The ``bakehouse`` command line: thin commands over the services."""
