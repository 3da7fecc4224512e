"""Shopping from the list on the web (docs/product.md §6.17): ticks shared by two signed-in
bakers and kept over a reload, "changed since ticked", and recording what was bought once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.permissions import Role
from bakehouse.models import Purchase, ShoppingTick
from tests.factories.accounts import make_user
from tests.factories.catalog import make_ingredient, make_lot, make_product
from tests.factories.planning import (
    make_assignment,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)
from tests.web.auth_helpers import sign_in
from tests.web.page_text import page_text, section

SOON = date.today() + timedelta(days=10)


def arrange(db: Session) -> dict[str, int]:
    """Flour (2 kg bags listed at $3.50) and butter (500 g blocks listed at $4.25) for two
    batches; no purchase yet."""
    flour = make_ingredient(db, name="Flour", category="baking")
    butter = make_ingredient(db, name="Butter", category="dairy")
    make_product(db, flour, name="Flour bag", package_size=Decimal(2000), is_preferred=True,
                 list_price=Decimal("3.50"), list_price_on=date.today())  # fmt: skip
    make_product(db, butter, name="Butter block", package_size=Decimal(500),
                 list_price=Decimal("4.25"), list_price_on=date.today())  # fmt: skip
    recipe = make_recipe(db, name="Shortbread", lines=[(flour, "1500", "g"), (butter, "450", "g")])
    biscuit = make_item(db, recipe, name="Shortbread finger", items_per_batch=10)
    tin = make_package(db, name="Tin", contents=[(10, biscuit)])
    event = make_event(db, name="Fair", event_date=SOON)
    make_assignment(db, event, make_recipient(db, name="Ann"), tin, quantity=2)
    db.commit()
    return {"flour": flour.id, "butter": butter.id, "event": event.id}


@pytest.fixture
def server(server_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(server_app) as client:
        yield client


def test_the_list_marks_list_prices_as_estimates(client: TestClient, db: Session) -> None:
    ids = arrange(db)
    page = client.get(f"/shopping-list?event={ids['event']}").text
    buy = section(page, "buy-heading")
    assert "Baking" in buy
    assert "Dairy" in buy
    assert "$7.00 estimate" in buy  # 2 bags × $3.50
    assert "$8.50 estimate" in buy  # 2 blocks × $4.25
    assert "Estimated bill $15.50 estimate" in buy
    body = client.get(f"/api/shopping-list?event={ids['event']}").json()
    assert body["estimated"] == ["Butter", "Flour"]
    assert all(line["price_is_estimate"] for line in body["lines"])
    assert body["scope_key"] == f"event:{ids['event']}"


def test_ticks_are_shared_by_two_bakers_and_survive_a_reload(
    server_app: FastAPI, db: Session
) -> None:
    ids = arrange(db)
    make_user(db, Role.BAKER, username="bea")
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    key = f"event:{ids['event']}"
    with TestClient(server_app) as bea, TestClient(server_app) as ben:
        bea_csrf = sign_in(bea, "bea")
        sign_in(ben, "ben")
        answer = bea.post(
            "/api/shopping-list/ticks",
            json={"scope": key, "ingredient_id": ids["flour"], "ticked": True},
            headers={"X-CSRF-Token": bea_csrf},
        )
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"scope_key": key, "ingredient_id": ids["flour"], "ticked": True}
        seen = ben.get(f"/api/shopping-list/ticks?scope={key}").json()
        assert [(t["ingredient_id"], t["ticked_by"], t["changed"]) for t in seen["ticks"]] == [
            (ids["flour"], "bea", False)
        ]
        page = ben.get(f"/shopping-list?event={ids['event']}").text
        assert f'data-tick="{ids["flour"]}" data-shortfall="3000.000000" checked' in page
        assert f'data-tick="{ids["butter"]}" data-shortfall="900.000000">' in page
    # The flour line changes (found stock): the tick stays and says so.
    flour_lot = make_lot(db, db.get_one(type(make_ingredient(db)), ids["flour"]), quantity="500",
                         cost="1.00")  # fmt: skip
    db.commit()
    assert flour_lot.id
    with TestClient(server_app) as ben:
        sign_in(ben, "ben")
        page = ben.get(f"/shopping-list?event={ids['event']}").text
        assert "changed since ticked" in section(page, "buy-heading")


def test_a_viewer_cannot_tick(server_app: FastAPI, db: Session) -> None:
    ids = arrange(db)
    make_user(db, Role.VIEWER, username="vera")
    db.commit()
    with TestClient(server_app) as vera:
        csrf = sign_in(vera, "vera")
        answer = vera.post(
            "/api/shopping-list/ticks",
            json={"scope": f"event:{ids['event']}", "ingredient_id": ids["flour"]},
            headers={"X-CSRF-Token": csrf},
        )
        assert answer.status_code == 403


def test_recording_what_was_bought_creates_the_ticked_purchases_once(
    client: TestClient, db: Session
) -> None:
    ids = arrange(db)
    key = f"event:{ids['event']}"
    for name in ("flour", "butter"):
        client.post("/api/shopping-list/ticks", json={"scope": key, "ingredient_id": ids[name]})
    body = {"scope": key, "store": "Market",
            "lines": [{"ingredient_id": ids["flour"]},
                      {"ingredient_id": ids["butter"], "packages": "2", "total_price": "7.90",
                       "best_before": (SOON + timedelta(days=30)).isoformat()}]}  # fmt: skip
    headers = {"Idempotency-Key": "basket-1"}
    first = client.post("/api/shopping-list/purchases", json=body, headers=headers)
    assert first.status_code == 201, first.text
    again = client.post("/api/shopping-list/purchases", json=body, headers=headers)
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    other_key = client.post(
        "/api/shopping-list/purchases", json=body, headers={"Idempotency-Key": "basket-2"}
    )
    assert other_key.status_code == 422
    assert "nothing is ticked" in other_key.json()["error"]["message"]
    paid = sorted((p["total_price"], p["packages"]) for p in first.json()["purchases"])
    assert paid == [("7", "2"), ("7.9", "2")]
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Purchase)) == 2
    assert db.scalar(select(func.count()).select_from(ShoppingTick)) == 0
    after = client.get(f"/api/shopping-list?event={ids['event']}").json()
    assert [line["shortfall"] for line in after["lines"]] == ["0", "0"]
    assert after["estimated"] == []


def test_the_record_form_buys_the_ticked_lines_and_names_a_bad_box(
    client: TestClient, db: Session
) -> None:
    ids = arrange(db)
    key = f"event:{ids['event']}"
    form = {"scope_key": key, "event": str(ids["event"]), "shown": [str(ids["flour"]),
            str(ids["butter"])], "tick": [str(ids["flour"])]}  # fmt: skip
    saved = client.post("/shopping-list/ticks", data=form, follow_redirects=False)
    assert saved.status_code == 303
    page = client.get(saved.headers["location"]).text
    assert "Ticks saved." in page_text(page)
    bad = {"scope_key": key, "event": str(ids["event"]), "bought": str(ids["flour"]),
           f"packages-{ids['flour']}": "2", f"price-{ids['flour']}": "-3"}  # fmt: skip
    refused = client.post("/shopping-list/purchases", data=bad)
    assert refused.status_code == 422
    assert 'id="e-price-' in refused.text
    good = bad | {f"price-{ids['flour']}": "6.80", "store": "Corner shop"}
    done = client.post("/shopping-list/purchases", data=good, follow_redirects=False)
    assert done.status_code == 303, done.text[:3000]
    page = client.get(done.headers["location"]).text
    assert "Bought: the purchases are in the pantry" in page_text(page)
    db.expire_all()
    [purchase] = db.scalars(select(Purchase)).all()
    assert (purchase.total_price, purchase.supplier) == (Decimal("6.80"), "Corner shop")
    pantry = page_text(client.get("/pantry").text)
    assert "Flour bag" in pantry


def test_the_aisle_order_is_set_on_the_page_and_by_the_api(client: TestClient, db: Session) -> None:
    ids = arrange(db)
    form = {"scope_key": f"event:{ids['event']}", "event": str(ids["event"]),
            "aisles": "Dairy, baking"}  # fmt: skip
    assert (
        client.post("/shopping-list/aisles", data=form, follow_redirects=False).status_code == 303
    )
    page = client.get(f"/shopping-list?event={ids['event']}").text
    buy = section(page, "buy-heading")
    assert buy.index("Dairy") < buy.index("Baking")
    assert client.get("/api/shopping-list/aisles").json() == {"aisles": ["dairy", "baking"]}
    answer = client.put("/api/shopping-list/aisles", json={"aisles": ["baking", "BAKING"]})
    assert answer.status_code == 422


def test_the_product_form_takes_a_list_price_second(client: TestClient, db: Session) -> None:
    ids = arrange(db)
    page = client.get(f"/catalog/ingredients/{ids['flour']}/products/new").text
    assert page.index('name="package_size"') < page.index('name="list_price"')
    assert page.index('name="list_price"') < page.index('name="supplier"')
    form = {"name": "Big flour", "package_size": "5", "package_unit": "kg",
            "list_price": "$7.49", "list_price_store": "Market"}  # fmt: skip
    made = client.post(
        f"/catalog/ingredients/{ids['flour']}/products", data=form, follow_redirects=False
    )
    assert made.status_code == 303, made.text[:2000]
    listing = page_text(client.get(f"/catalog/ingredients/{ids['flour']}").text)
    assert "list $7.49 at Market" in listing
    refused = client.post(
        f"/catalog/ingredients/{ids['flour']}/products", data=form | {"list_price": "-1"}
    )
    assert refused.status_code == 422
