"""Shared by every area: input checks, named records and their keys, lookups by what
people type, and idempotency keys."""
