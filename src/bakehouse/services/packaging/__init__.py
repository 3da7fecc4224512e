"""Bundles and packages (what a recipient receives) and what a package costs to make."""
