"""Bakehouse: plan and track seasonal gift baking."""

__version__ = "0.1.0"
