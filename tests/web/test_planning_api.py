"""The planning API: an event's needs, and the shopping list for one or all upcoming events."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_lot, make_product
from tests.factories.planning import (
    make_assignment,
    make_bundle,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)
from tests.web.error_shape import assert_error

UPCOMING = date.today() + timedelta(days=30)


def arrange_cookie_tins(db: Session) -> int:
    """docs/product.md §2.3's example: 3 recipients × 2 tins of (6 chocolate chip + a mini box of
    4 chocolate chip and 6 snickerdoodles), at 24 and 30 per batch."""
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS, density=Decimal("0.507"))
    make_product(
        db, flour, name="Flour", package_size=Decimal(5), package_unit="lb", is_preferred=True
    )
    make_lot(db, flour, quantity="1000", cost="2.00")  # 1 kg on hand, $0.002 a gram
    chips = make_recipe(db, name="Chocolate chip", lines=[(flour, "2", "cup")])
    snicker = make_recipe(db, name="Snickerdoodles", lines=[(flour, "250", "g")])
    chip = make_item(db, chips, name="Chocolate chip cookie", items_per_batch=24)
    doodle = make_item(db, snicker, name="Snickerdoodle", items_per_batch=30)
    mini = make_bundle(db, name="Mini box", contents=[(4, chip), (6, doodle)])
    tin = make_bundle(db, name="Cookie tin", contents=[(6, chip), (1, mini)])
    package = make_package(db, name="Tin", contents=[(1, tin)])
    event = make_event(db, name="Christmas", event_date=UPCOMING)
    for name in ("Ann", "Ben", "Cy"):
        make_assignment(db, event, make_recipient(db, name=name), package, quantity=2)
    db.commit()
    return event.id


def test_an_event_needs_items_batches_and_ingredients(client: TestClient, db: Session) -> None:
    event_id = arrange_cookie_tins(db)
    needs = client.get(f"/api/events/{event_id}/needs").json()
    assert [(i["item"], i["units"]) for i in needs["items"]] == [
        ("Chocolate chip cookie", 60),
        ("Snickerdoodle", 36),
    ]
    assert [(r["recipe"], r["batches"]) for r in needs["recipes"]] == [
        ("Chocolate chip", 3),
        ("Snickerdoodles", 2),
    ]
    # 3 × 2 cup × 236.588 ml × 0.507 g/ml + 2 × 250 g
    assert needs["ingredients"] == [
        {
            "ingredient_id": needs["ingredients"][0]["ingredient_id"],
            "ingredient": "Flour",
            "unit": "g",
            "quantity": "1219.700696",
        },
    ]


def test_the_shopping_list_buys_whole_bags_with_a_bill_and_leftover(
    client: TestClient, db: Session
) -> None:
    event_id = arrange_cookie_tins(db)
    shopping = client.get("/api/shopping-list", params={"event": event_id}).json()
    [flour] = shopping["lines"]
    assert (flour["needed"], flour["on_hand"], flour["shortfall"]) == (
        "1219.700696",
        "1000",
        "219.700696",
    )
    assert (flour["product"], flour["packages_to_buy"]) == ("Acme Flour (5 lb)", 1)
    # priced at the ingredient's latest unit price: 2267.96185 g × $0.002
    assert (flour["estimated_cost"], shopping["estimated_total"]) == ("4.5359", "4.5359")
    assert flour["leftover_after_plan"] == "2048.261154"
    assert shopping["is_complete"] is True
    upcoming = client.get("/api/shopping-list", params={"upcoming": True}).json()
    assert upcoming["event_ids"] == [event_id]


def test_what_cannot_be_bought_or_priced_is_listed_plainly(client: TestClient, db: Session) -> None:
    saffron = make_ingredient(db, name="Saffron", measure=Measure.MASS)
    vanilla = make_ingredient(db, name="Vanilla", measure=Measure.VOLUME)
    make_product(db, vanilla, name="Bottle", package_size=Decimal(59), package_unit="ml")
    buns = make_item(db, make_recipe(db, lines=[(saffron, "1", "g"), (vanilla, "5", "ml")]))
    event = make_event(db, event_date=UPCOMING)
    make_assignment(db, event, make_recipient(db), make_package(db, contents=[(24, buns)]))
    db.commit()
    shopping = client.get("/api/shopping-list", params={"event": event.id}).json()
    assert shopping["unbuyable"] == ["Saffron"]
    assert shopping["unpriced"] == ["Vanilla"]
    notes = {line["ingredient"]: line["cost_note"] for line in shopping["lines"]}
    assert notes == {"Saffron": "no product", "Vanilla": "no price"}
    assert shopping["is_complete"] is False


def test_shops_for_the_next_weeks_by_default_and_refuses_two_scopes_at_once(
    client: TestClient,
) -> None:
    default = client.get("/api/shopping-list").json()
    assert default["scope"].startswith("the next 6 weeks (")
    assert_error(
        client.get("/api/shopping-list?event=1&upcoming=true"),
        422,
        "invalid_input",
        field="event",
        says="not more than one",
    )
    assert_error(client.get("/api/shopping-list?season=easter"), 404, "not_found")


def test_unknown_and_malformed_events_get_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/events/999999/needs"), 404, "not_found", says="event")
    assert_error(client.get("/api/shopping-list?event=999999"), 404, "not_found")
    assert_error(client.get("/api/events/xmas/needs"), 422, "invalid_input", field="event_id")
    assert_error(client.get("/api/shopping-list?event=0"), 422, "invalid_input", field="event")
    assert_error(
        client.get("/api/shopping-list?upcoming=soon"), 422, "invalid_input", field="upcoming"
    )
