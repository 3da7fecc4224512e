"""Shared by every area: input checks, named records and their keys (each area's
``get_<thing>(session, key)`` finds one by what people type), and idempotency keys."""
