"""Tests of the data file: export, import, schema, backup."""
