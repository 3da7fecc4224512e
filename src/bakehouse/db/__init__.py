"""Engines, sessions and migrations."""

from bakehouse.db.engine import make_engine, make_session_factory, transaction
from bakehouse.db.migrate import ensure_database, upgrade_to_head

__all__ = [
    "ensure_database",
    "make_engine",
    "make_session_factory",
    "transaction",
    "upgrade_to_head",
]
