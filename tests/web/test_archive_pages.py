"""Archive and un-archive from the pages of every kind, and each list's "Show archived"
filter (docs/product.md §6.20)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bakehouse.services.events.status import update_package_status
from tests.factories.catalog import make_product
from tests.factories.season import CookieSeason, bake, make_cookie_season
from tests.web.error_shape import assert_error
from tests.web.page_text import page_text


def _used_season(db: Session) -> CookieSeason:
    """Ann's box assembled and a batch baked: every record in it is history now."""
    season = make_cookie_season(db, recipients=("Ann", "Bo"), event_name="Christmas 2024")
    bake(db, season, 1, confirm=())
    update_package_status(db, season.assignments[0].id, "assembled")
    db.commit()
    return season


def test_a_used_recipient_is_archived_from_its_page_and_found_with_the_filter(
    client: TestClient, db: Session
) -> None:
    season = _used_season(db)
    ann = season.recipients[0]
    # In use: it cannot be deleted, so the page offers to archive it.
    refused = client.post(f"/recipients/{ann.id}/delete", data={})
    assert refused.status_code == 422
    page = page_text(refused.text)
    assert "archive" in page.lower()
    assert "Un-archive" not in page

    archived = client.post(f"/archive/recipient/{ann.id}", data={})
    assert archived.status_code == 200
    shown = page_text(archived.text)
    assert "Archived: hidden from lists" in shown
    assert "Ann archived" in shown
    assert "Un-archive" in shown

    listed = page_text(client.get("/recipients").text)
    assert "Ann" not in listed
    assert "Bo" in listed
    everything = page_text(client.get("/recipients?archived=true").text)
    assert "Ann archived" in everything
    assert "Hide archived" in everything
    assert "Bo archived" not in everything

    back = client.post(f"/unarchive/recipient/{ann.id}", data={})
    assert "Back in lists and pickers" in page_text(back.text)
    assert "Ann" in page_text(client.get("/recipients").text)


def test_a_used_event_is_archived_from_its_edit_page_and_leaves_the_list_and_pickers(
    client: TestClient, db: Session
) -> None:
    season = _used_season(db)
    event_id = season.event.id
    page = page_text(client.get(f"/events/{event_id}/edit").text)
    assert "Or archive it" in page

    archived = client.post(f"/archive/event/{event_id}", data={})
    assert "Christmas 2024 archived" in page_text(archived.text)
    listed = client.get("/events").text
    assert "Christmas 2024" not in page_text(listed)
    # Hidden from the "clone" picker too.
    assert f'value="{event_id}"' not in listed

    everything = page_text(client.get("/events?archived=true").text)
    assert "Christmas 2024 archived" in everything
    # Its history is intact: its page still opens with its packages.
    assert "Ann" in page_text(client.get(f"/events/{event_id}").text)

    client.post(f"/unarchive/event/{event_id}", data={})
    assert "Christmas 2024" in page_text(client.get("/events").text)


@pytest.mark.parametrize(
    ("kind", "list_url", "name", "page_url"),
    [
        ("ingredient", "/catalog", "Flour", "/catalog/ingredients/{id}"),
        ("bundle", "/bundles", "Dozen tin", "/bundles/{id}/edit"),
        ("package", "/packages", "Cookie box", "/packages/{id}/edit"),
    ],
)
def test_each_list_hides_what_is_archived_until_asked(
    client: TestClient, db: Session, kind: str, list_url: str, name: str, page_url: str
) -> None:
    season = _used_season(db)
    record = {"ingredient": season.flour, "bundle": season.bundle, "package": season.package}
    record_id = record[kind].id
    assert "Archive" in page_text(client.get(page_url.format(id=record_id)).text)
    done = client.post(f"/archive/{kind}/{record_id}", data={})
    assert f"{name} archived" in page_text(done.text)
    assert name not in page_text(client.get(list_url).text)
    assert f"{name} archived" in page_text(client.get(f"{list_url}?archived=true").text)
    client.post(f"/unarchive/{kind}/{record_id}", data={})
    assert name in page_text(client.get(list_url).text)


def test_an_item_and_a_product_are_archived_from_their_pages(
    client: TestClient, db: Session
) -> None:
    season = _used_season(db)
    item = season.cookie
    done = page_text(client.post(f"/archive/item/{item.id}", data={}).text)
    assert "Test cookie archived" in done
    assert "Un-archive" in done
    product = make_product(db, season.flour, name="Mill sack")
    db.commit()
    page = page_text(client.post(f"/archive/product/{product.id}", data={}).text)
    assert "Mill sack" in page
    assert "Un-archive" in page
    assert "Mill sack" not in page_text(client.get("/catalog/products").text)
    products = page_text(client.get("/catalog/products?archived=true").text)
    assert "archived" in products
    assert "Hide archived" in products
    client.post(f"/unarchive/product/{product.id}", data={})
    assert "Mill sack" in page_text(client.get("/catalog/products").text)


def test_archiving_what_is_not_there_or_an_unknown_kind_is_refused(
    client: TestClient, db: Session
) -> None:
    _used_season(db)
    missing = client.post("/archive/recipient/99999", data={})
    assert missing.status_code == 404
    assert client.post("/archive/oven/1", data={}).status_code == 422
    assert_error(client.post("/api/archive", json={"kind": "oven", "id": 1}), 422, "invalid_input")
