"""Read what requests committed from the test's own ``db`` session."""

from __future__ import annotations

from sqlalchemy.orm import Session


def fresh(db: Session) -> Session:
    """End ``db``'s transaction and forget what it loaded, so the next read sees the
    database as the requests left it (a snapshot started earlier would not)."""
    db.rollback()
    db.expire_all()
    return db
