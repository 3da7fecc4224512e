"""Recipient pages: the list, the add and edit forms with their messages, and delete."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.models import Recipient
from tests.factories.planning import make_assignment, make_event, make_package, make_recipient
from tests.web.page_text import page_text, section
from tests.web.snapshot import fresh


def count_recipients(db: Session) -> int:
    fresh(db)
    return int(db.scalar(select(func.count()).select_from(Recipient)) or 0)


def test_lists_recipients_with_what_they_avoid(client: TestClient, db: Session) -> None:
    make_recipient(db, name="Grandpa Joe", household="Grandparents", allergens=["peanuts"])
    db.commit()
    listing = section(client.get("/recipients").text, "recipients-heading")
    assert "Grandpa Joe" in listing
    assert "Grandparents" in listing
    assert "Peanuts" in listing


def test_adds_a_recipient_with_ticked_allergens(client: TestClient, db: Session) -> None:
    response = client.post(
        "/recipients",
        data={"name": "Aunt Rosa", "address": "1 Elm St", "allergens": ["milk", "eggs"]},
    )
    assert response.status_code == 200
    assert "Saved." in page_text(response.text)
    fresh(db)
    rosa = db.scalars(select(Recipient)).one()
    assert (rosa.name, rosa.allergens) == ("Aunt Rosa", ["eggs", "milk"])


def test_an_empty_name_is_shown_next_to_the_field_and_nothing_is_saved(
    client: TestClient, db: Session
) -> None:
    response = client.post("/recipients", data={"name": "  ", "household": "The Rossis"})
    assert response.status_code == 422
    assert 'id="e-name"' in response.text
    assert "must not be empty" in response.text
    assert 'value="The Rossis"' in response.text
    assert count_recipients(db) == 0


def test_edits_a_recipient_and_keeps_what_was_typed_on_error(
    client: TestClient, db: Session
) -> None:
    rosa = make_recipient(db, name="Rosa", allergens=["milk"])
    make_recipient(db, name="Joe")
    db.commit()
    form = client.get(f"/recipients/{rosa.id}").text
    assert 'value="milk" checked' in form
    refused = client.post(f"/recipients/{rosa.id}", data={"name": "Joe", "notes": "likes tins"})
    assert refused.status_code == 422
    assert "already exists" in refused.text
    assert 'id="e-name"' in refused.text
    assert "likes tins" in refused.text
    saved = client.post(f"/recipients/{rosa.id}", data={"name": "Rosa R.", "allergens": "sesame"})
    assert saved.status_code == 200
    fresh(db)
    assert (rosa.name, rosa.allergens) == ("Rosa R.", ["sesame"])


def test_deletes_a_recipient(client: TestClient, db: Session) -> None:
    rosa = make_recipient(db, name="Rosa")
    db.commit()
    response = client.post(f"/recipients/{rosa.id}/delete")
    assert "Deleted." in page_text(response.text)
    assert count_recipients(db) == 0


def test_refuses_to_delete_an_assigned_recipient_and_says_why(
    client: TestClient, db: Session
) -> None:
    rosa = make_recipient(db, name="Rosa")
    make_assignment(db, make_event(db, name="Christmas"), rosa, make_package(db))
    db.commit()
    response = client.post(f"/recipients/{rosa.id}/delete")
    assert response.status_code == 422
    assert "Christmas" in page_text(response.text)
    assert 'value="Rosa"' in response.text  # the form still shows the recipient
    assert count_recipients(db) == 1


def test_an_unknown_recipient_is_a_not_found_page(client: TestClient) -> None:
    response = client.get("/recipients/999999")
    assert response.status_code == 404
    assert "recipient 999999 was not found" in page_text(response.text)
