"""Oven outcomes on the pages (docs/product.md §6.13): good items on the bake form, undo vs
write-off in a baker's words, the losses and leftovers page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.models import Lot, ProductionRecord
from tests.factories.planning import make_event
from tests.services.test_outcomes import Kitchen, make_kitchen
from tests.web.page_text import page_text


@pytest.fixture
def kitchen(db: Session) -> Kitchen:
    made = make_kitchen(db)
    make_event(db, name="Christmas")
    db.commit()
    return made


def bake(client: TestClient, kitchen: Kitchen, **extra: str) -> object:
    data = {"recipe_id": str(kitchen.recipe.id), "batches": "2", **extra}
    return client.post(f"/events/{kitchen.event.id}/bakes", data=data, follow_redirects=True)


def test_the_bake_form_takes_good_items_and_the_page_counts_them(
    client: TestClient, kitchen: Kitchen
) -> None:
    page = client.get(f"/events/{kitchen.event.id}")
    assert "Fewer Cookies came out good?" in page.text
    assert f'name="good_{kitchen.cookie.id}"' in page.text

    response = bake(client, kitchen, **{f"good_{kitchen.cookie.id}": "40", "loss_reason": "burnt"})
    text = page_text(response.text)  # type: ignore[attr-defined]
    assert "40 of 48 good Cookie" in text
    assert "1 more to bake" in text
    assert "$1.67 lost to burnt trays (8 Cookies)" in text


def test_fewer_good_items_without_a_reason_are_refused_beside_the_form(
    client: TestClient, kitchen: Kitchen, db: Session
) -> None:
    response = bake(client, kitchen, **{f"good_{kitchen.cookie.id}": "40"})
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "say why fewer good items came out" in response.text  # type: ignore[attr-defined]
    db.rollback()
    assert db.scalars(select(ProductionRecord)).all() == []


def test_history_offers_undo_and_write_off_in_a_bakers_words(
    client: TestClient, kitchen: Kitchen, db: Session
) -> None:
    bake(client, kitchen)
    db.rollback()
    bake_id = db.scalars(select(ProductionRecord.id)).one()
    page = client.get(f"/events/{kitchen.event.id}").text
    assert "Recorded by mistake?" in page
    assert "Burnt or ruined?" in page

    response = client.post(f"/events/{kitchen.event.id}/bakes/{bake_id}/write-off",
                           data={"note": "oven failed"}, follow_redirects=True)  # fmt: skip
    assert "Bake written off as ruined" in response.text
    db.rollback()
    lot = db.get(Lot, kitchen.lot.id)
    assert lot is not None
    assert lot.quantity_remaining == Decimal(9000)  # the ingredients stay used


def test_the_leftovers_page_records_a_loss_and_a_move(
    client: TestClient, kitchen: Kitchen, db: Session
) -> None:
    bake(client, kitchen)
    url = f"/events/{kitchen.event.id}"
    page = client.get(f"{url}/leftovers")
    assert page.status_code == 200
    assert "Pass leftovers to another event" in page.text

    lost = client.post(f"{url}/losses", follow_redirects=True, data={
        "item_id": str(kitchen.cookie.id), "quantity": "3", "reason": "broken",
        "note": "on the way"})  # fmt: skip
    assert "Loss recorded" in lost.text
    christmas = db.scalars(select(ProductionRecord.event_id)).first()
    assert christmas == kitchen.event.id
    from bakehouse.models import Event

    target = db.scalars(select(Event.id).where(Event.name == "Christmas")).one()
    move = {"item_id": str(kitchen.cookie.id), "to_event_id": str(target)}
    moved = client.post(f"{url}/moves", data={**move, "quantity": "12"}, follow_redirects=True)
    text = page_text(moved.text)
    assert "Items moved" in text
    assert "moved to Christmas" in text
    assert "$2.50" in text

    too_many = client.post(f"{url}/moves", data={**move, "quantity": "99"})
    assert too_many.status_code == 422
    assert "cannot move 99" in too_many.text
