"""Revision 0004 (server-side sessions) upgrades a database in use at 0003, keeping its data."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from bakehouse.domain.permissions import Role
from bakehouse.models import AuthEventKind, User
from bakehouse.services.accounts.accounts import record_auth_event
from bakehouse.services.accounts.sessions import start_session, user_for_session
from bakehouse.services.accounts.sign_in import authenticate
from bakehouse.units.conversion import Measure
from tests.conftest import BACKENDS
from tests.db.revisions import database_at, insert_rows, read_rows, upgrade
from tests.factories.accounts import PASSWORD, _password_hash

WHEN = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)


def fill_at_0003(engine: object) -> None:
    """A season in use: accounts, a token, the account log, the pantry."""
    insert_rows(engine, "user_account", [  # type: ignore[arg-type]
        {"id": 1, "username": "olga", "display_name": "Olga", "role": Role.OWNER,
         "password_hash": _password_hash(), "is_active": True, "created_at": WHEN,
         "last_login_at": WHEN},
        {"id": 2, "username": "ben", "display_name": "Ben", "role": Role.BAKER,
         "password_hash": _password_hash(), "is_active": False, "created_at": WHEN,
         "last_login_at": None},
    ])  # fmt: skip
    insert_rows(engine, "api_token", [  # type: ignore[arg-type]
        {"id": 1, "user_id": 1, "name": "tablet", "token_hash": "a" * 64, "created_at": WHEN,
         "last_used_at": None, "revoked_at": None},
    ])  # fmt: skip
    insert_rows(engine, "auth_event", [  # type: ignore[arg-type]
        {"id": n, "kind": kind, "username": "olga", "detail": "", "ip": "192.0.2.1", "at": WHEN}
        for n, kind in enumerate([AuthEventKind.USER_ADDED, AuthEventKind.LOGIN_FAILED,
                                  AuthEventKind.LOGIN_OK], start=1)
    ])  # fmt: skip
    insert_rows(engine, "ingredient", [  # type: ignore[arg-type]
        {"id": 1, "name": "Flour", "slug": "flour", "category": "", "measure": Measure.MASS,
         "density": Decimal("0.53"), "grams_per_each": None, "allergens": ["wheat"],
         "notes": "", "created_at": WHEN},
    ])  # fmt: skip
    insert_rows(engine, "lot", [  # type: ignore[arg-type]
        {"id": 1, "ingredient_id": 1, "purchase_id": None, "received_on": date(2026, 11, 1),
         "initial_quantity": Decimal("2267.96185"), "cost": Decimal("4.9900"),
         "quantity_remaining": Decimal("1133.980925"), "value_remaining": Decimal("2.4950"),
         "best_before": None, "location": "pantry", "notes": "", "created_at": WHEN},
    ])  # fmt: skip


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0004_keeps_accounts_and_stock_and_adds_revocable_sessions(
    backend_name: str, tmp_path: Path
) -> None:
    with database_at("0003", backend_name, tmp_path) as engine:
        fill_at_0003(engine)
        upgrade(engine, "0004")

        assert read_rows(engine, "user_account", "username", "is_active") == [
            ("olga", True),
            ("ben", False),
        ]
        assert read_rows(engine, "api_token", "name") == [("tablet",)]
        assert len(read_rows(engine, "auth_event", "id")) == 3
        assert read_rows(engine, "lot", "quantity_remaining", "value_remaining") == [
            (Decimal("1133.980925"), Decimal("2.4950"))
        ]
        indexes = {index["name"] for index in inspect(engine).get_indexes("auth_event")}
        assert "ix_auth_event_ip_at" in indexes

        with Session(engine) as session:
            olga = session.get(User, 1)
            assert olga is not None
            started = start_session(session, olga, ip="192.0.2.1")
            assert user_for_session(session, started.key) is olga
            record_auth_event(session, AuthEventKind.SESSIONS_ENDED, "olga", "1 session(s)")
            assert authenticate(session, "olga", PASSWORD, ip="192.0.2.1").user is olga
            session.commit()
        assert read_rows(engine, "auth_event", "kind")[-2:] == [
            (AuthEventKind.SESSIONS_ENDED,),
            (AuthEventKind.LOGIN_OK,),
        ]
