"""A retried request is answered once: the same ``Idempotency-Key`` with the same request
replays the first answer, with another request it is a 409; keys are per user and kept
24 hours; a refused request records nothing and frees its key. Page forms carry a key."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.permissions import Role
from bakehouse.errors import IdempotencyKeyInUse
from bakehouse.models import IdempotencyRecord, ProductionRecord, Purchase
from bakehouse.models.types import utcnow
from bakehouse.services.accounts.api_tokens import create_api_token
from bakehouse.services.core.idempotency import claim_key
from bakehouse.units.conversion import Measure
from tests.factories.accounts import make_user
from tests.factories.catalog import make_ingredient, make_product
from tests.factories.season import CookieSeason, make_cookie_season
from tests.web.error_shape import assert_error


@pytest.fixture
def season(db: Session) -> CookieSeason:
    arranged = make_cookie_season(db, recipients=["Alice", "Bob"])
    db.commit()
    return arranged


def count(db: Session, model: type) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def bake(
    client: TestClient, season: CookieSeason, key: str, batches: int = 1, **headers: str
) -> Any:
    body = {"event_id": season.event.id, "recipe_id": season.recipe.id, "batches": batches,
            "confirm": ["over_plan"]}  # fmt: skip
    return client.post("/api/bakes", json=body, headers={"Idempotency-Key": key, **headers})


def test_a_retried_bake_is_recorded_once_and_answered_the_same(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    first = bake(client, season, "bake-7f3a")
    retried = bake(client, season, "bake-7f3a")

    assert first.status_code == retried.status_code == 201
    assert retried.json() == first.json()
    assert retried.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert count(db, ProductionRecord) == 1


def test_a_retried_purchase_is_recorded_once(client: TestClient, db: Session) -> None:
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS)
    bag = make_product(db, flour, name="Bag", package_size="1", package_unit="kg")
    db.commit()
    body = {"product_id": bag.id, "purchased_on": "2024-06-01", "packages": 2, "total_price": "9"}

    answers = [
        client.post("/api/purchases", json=body, headers={"Idempotency-Key": "buy-1"})
        for _ in range(3)
    ]

    assert [a.status_code for a in answers] == [201, 201, 201]
    assert {a.json()["id"] for a in answers} == {answers[0].json()["id"]}
    assert count(db, Purchase) == 1


def test_the_same_key_with_another_request_is_a_conflict_and_records_nothing(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    bake(client, season, "k1", batches=1)

    response = bake(client, season, "k1", batches=2)

    assert_error(response, 409, "idempotency_key_reused", field="Idempotency-Key")
    assert count(db, ProductionRecord) == 1


def test_a_refused_request_frees_its_key_for_the_retry(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    short = bake(client, season, "k2", batches=90)  # far more than the pantry holds
    assert_error(short, 409, "confirmation_needed")  # cover_shortage, not confirmed

    assert bake(client, season, "k2", batches=1).status_code == 201
    assert count(db, ProductionRecord) == 1


def test_requests_without_a_key_are_not_remembered(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    body = {"event_id": season.event.id, "recipe_id": season.recipe.id, "batches": 1,
            "confirm": ["over_plan"]}  # fmt: skip
    client.post("/api/bakes", json=body)
    client.post("/api/bakes", json=body)

    assert count(db, ProductionRecord) == 2
    assert count(db, IdempotencyRecord) == 0


@pytest.mark.parametrize("key", ["", "x" * 201, "tab\there"])
def test_a_malformed_key_is_refused(client: TestClient, season: CookieSeason, key: str) -> None:
    assert_error(bake(client, season, key), 422, "invalid_input", field="Idempotency-Key")


def test_keys_belong_to_their_user(server_app: FastAPI, db: Session, season: CookieSeason) -> None:
    make_user(db, Role.BAKER, username="ben")
    make_user(db, Role.BAKER, username="eve")
    db.commit()
    tokens = [create_api_token(db, name, "script").plain_text for name in ("ben", "eve")]
    db.commit()

    with TestClient(server_app) as script:
        answers = [
            bake(script, season, "shared", batches, Authorization=f"Bearer {token}")
            for token, batches in zip(tokens, (1, 2), strict=True)
        ]

    assert [a.status_code for a in answers] == [201, 201]
    assert count(db, ProductionRecord) == 2


def test_a_key_is_kept_24_hours_then_forgotten(session: Session) -> None:
    now = utcnow()
    assert claim_key(session, "local", "k", "hash-1", now=now) is None
    session.execute(IdempotencyRecord.__table__.update().values(status_code=201, body=b"{}"))

    replay = claim_key(session, "local", "k", "hash-1", now=now + timedelta(hours=23))
    assert replay is not None
    assert replay.status_code == 201
    assert claim_key(session, "local", "k", "hash-2", now=now + timedelta(hours=25)) is None


def test_a_retry_while_the_first_is_still_running_is_told_so(session: Session) -> None:
    assert claim_key(session, "user:1", "k", "hash") is None

    with pytest.raises(IdempotencyKeyInUse, match="still being answered"):
        claim_key(session, "user:1", "k", "hash")


def test_a_page_form_carries_a_key_and_a_double_submit_bakes_once(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    page = client.get(f"/events/{season.event.id}").text
    key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', page)
    assert key is not None
    form = {"recipe_id": str(season.recipe.id), "batches": "1", "idempotency_key": key.group(1)}

    first = client.post(f"/events/{season.event.id}/bakes", data=form, follow_redirects=False)
    second = client.post(f"/events/{season.event.id}/bakes", data=form, follow_redirects=False)

    assert first.status_code == second.status_code == 303
    assert second.headers["location"] == first.headers["location"]
    assert second.headers["idempotent-replayed"] == "true"
    assert count(db, ProductionRecord) == 1
    redrawn = client.get(f"/events/{season.event.id}").text
    assert key.group(1) not in redrawn, "each drawing of a form gets a new key"
