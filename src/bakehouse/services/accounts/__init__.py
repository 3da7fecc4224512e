"""Accounts and roles, passwords, sign-in, browser sessions and API tokens."""
