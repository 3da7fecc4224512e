"""Pantry pages: lots by ingredient in FIFO order with best-before warnings and stock
value, and the purchase, opening-stock and adjustment forms with their messages."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.models import Lot, StockMovement
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_lot, make_product
from tests.web.page_text import page_text, section
from tests.web.snapshot import fresh


def lots(db: Session) -> list[Lot]:
    return list(fresh(db).scalars(select(Lot).order_by(Lot.id)))


def test_shows_lots_oldest_first_with_stock_value_and_best_before_warnings(
    client: TestClient, db: Session
) -> None:
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS)
    make_lot(
        db,
        flour,
        quantity="1000",
        cost="3.00",
        received_on=date(2024, 6, 1),
        best_before=date.today() + timedelta(days=3),
    )
    make_lot(
        db, flour, quantity="500", cost="1.00", received_on=date(2024, 1, 1), location="cellar"
    )
    db.commit()
    page = client.get("/pantry").text
    text = page_text(page)
    assert "Stock value $4.00" in text
    assert "Use soon: 1 lot past or within 14 days" in text
    lots_text = section(page, "lots-heading")
    assert "Flour 1,500 g worth $4.00" in lots_text
    assert lots_text.index("Jan 1, 2024") < lots_text.index("Jun 1, 2024")
    assert lots_text.index("next") < lots_text.index("Jan 1, 2024")  # the oldest goes next
    assert "in 3 days" in lots_text
    assert "cellar" in lots_text


def test_an_empty_pantry_says_how_to_fill_it(client: TestClient) -> None:
    assert "The pantry is empty" in page_text(client.get("/pantry").text)


def test_records_a_purchase_from_the_form(client: TestClient, db: Session) -> None:
    butter = make_ingredient(db, name="Butter", measure=Measure.MASS)
    block = make_product(db, butter, name="Block", package_size=Decimal("1"), package_unit="lb")
    db.commit()
    form = client.get(f"/pantry/purchases/new?product={block.id}").text
    assert f'value="{block.id}" selected' in form
    response = client.post(
        "/pantry/purchases",
        data={
            "product_id": str(block.id),
            "purchased_on": "2024-11-30",
            "packages": "4",
            "total_price": "19.96",
            "best_before": "2025-02-01",
        },
    )
    assert response.status_code == 200
    assert "Recorded." in page_text(response.text)
    [lot] = lots(db)
    assert (lot.initial_quantity, lot.cost, lot.best_before) == (
        Decimal("1814.36948"),
        Decimal("19.96"),
        date(2025, 2, 1),
    )


def test_a_bad_purchase_is_shown_next_to_its_field_and_nothing_is_saved(
    client: TestClient, db: Session
) -> None:
    butter = make_ingredient(db, name="Butter")
    block = make_product(db, butter, name="Block")
    db.commit()
    no_product = client.post("/pantry/purchases", data={"product_id": "", "packages": "1"})
    assert no_product.status_code == 422
    assert 'id="e-product_id"' in no_product.text
    assert "choose one from the list" in no_product.text
    bad_price = client.post(
        "/pantry/purchases",
        data={
            "product_id": str(block.id),
            "purchased_on": "2024-11-30",
            "packages": "2",
            "total_price": "cheap",
        },
    )
    assert bad_price.status_code == 422
    assert 'id="e-total_price"' in bad_price.text
    assert 'value="cheap"' in bad_price.text
    assert lots(db) == []


def test_says_so_when_there_is_nothing_to_buy_yet(client: TestClient) -> None:
    assert "no products to buy yet" in page_text(client.get("/pantry/purchases/new").text)


def test_enters_opening_stock_in_any_convertible_unit(client: TestClient, db: Session) -> None:
    sugar = make_ingredient(db, name="Sugar", measure=Measure.MASS, density=Decimal("0.85"))
    db.commit()
    refused = client.post(
        "/pantry/opening",
        data={
            "ingredient_id": str(sugar.id),
            "quantity": "2",
            "unit": "dozen",
            "cost": "1",
            "received_on": "2024-10-01",
        },
    )
    assert refused.status_code == 422
    assert 'id="e-unit"' in refused.text
    assert "grams per each" in page_text(refused.text)
    saved = client.post(
        "/pantry/opening",
        data={
            "ingredient_id": str(sugar.id),
            "quantity": "2",
            "unit": "cup",
            "cost": "1.50",
            "received_on": "2024-10-01",
            "location": "jar",
        },
    )
    assert "Recorded." in page_text(saved.text)
    [lot] = lots(db)
    assert (lot.initial_quantity, lot.location) == (Decimal("402.1996"), "jar")


def test_adjusts_a_lot_but_never_below_zero(client: TestClient, db: Session) -> None:
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS)
    lot = make_lot(db, flour, quantity="1000", cost="4.00")
    db.commit()
    form = client.get(f"/pantry/lots/{lot.id}/adjust").text
    assert "1,000 g" in page_text(form)
    too_much = client.post(
        f"/pantry/lots/{lot.id}/adjust",
        data={"direction": "remove", "quantity": "2", "unit": "kg", "reason": "spoilage"},
    )
    assert too_much.status_code == 422
    assert 'id="e-quantity"' in too_much.text
    assert "has only 1000 g left; cannot remove 2000 g" in page_text(too_much.text)
    removed = client.post(
        f"/pantry/lots/{lot.id}/adjust",
        data={
            "direction": "remove",
            "quantity": "250",
            "unit": "g",
            "reason": "gift",
            "note": "to the neighbours",
        },
    )
    assert "Recorded." in page_text(removed.text)
    added = client.post(
        f"/pantry/lots/{lot.id}/adjust",
        data={"direction": "add", "quantity": "50", "unit": "", "reason": "correction"},
    )
    assert added.status_code == 200
    [after] = lots(db)
    assert (after.quantity_remaining, after.value_remaining) == (Decimal(800), Decimal("3.2000"))
    movements = fresh(db).scalar(select(func.count()).select_from(StockMovement))
    assert movements == 3  # opening, gift, correction


def test_an_adjustment_needs_a_positive_amount_and_a_known_reason(
    client: TestClient, db: Session
) -> None:
    flour = make_ingredient(db, name="Flour")
    lot = make_lot(db, flour, quantity="100", cost="1.00")
    db.commit()
    response = client.post(
        f"/pantry/lots/{lot.id}/adjust",
        data={"direction": "sideways", "quantity": "-5", "reason": "spoilage"},
    )
    assert response.status_code == 422
    assert 'id="e-quantity"' in response.text
    assert "choose remove or add" in page_text(response.text)
    theft = client.post(
        f"/pantry/lots/{lot.id}/adjust",
        data={"direction": "remove", "quantity": "5", "reason": "theft"},
    )
    assert theft.status_code == 422
    assert 'id="e-reason"' in theft.text
    assert lots(db)[0].quantity_remaining == Decimal(100)


def test_an_unknown_lot_is_a_not_found_page(client: TestClient) -> None:
    response = client.get("/pantry/lots/999999/adjust")
    assert response.status_code == 404
    assert "lot 999999 was not found" in page_text(response.text)


def test_prepared_stock_is_listed_with_its_best_before_and_written_off(
    client: TestClient, db: Session
) -> None:
    """docs/product.md §6.12: a sub-recipe's bake is prepared stock on the pantry page,
    earliest best-before first, and is written off like any lot."""
    from datetime import UTC, datetime

    from bakehouse.services.production.bakes import record_production
    from bakehouse.services.recipes.recipes import RecipeLineInput, YieldInput, create_recipe

    butter = make_ingredient(db, name="Butter", measure=Measure.MASS)
    make_lot(db, butter, quantity="4000", cost="60.00")
    cream = create_recipe(db, name="Buttercream",
                          lines=[RecipeLineInput(butter.id, Decimal(400), "g")],
                          batch_yield=YieldInput("4", "cup", shelf_life_days=5))  # fmt: skip
    half_cup = RecipeLineInput(None, Decimal("0.5"), "cup", sub_recipe_id=cream.id)
    create_recipe(db, name="Cookie", lines=[half_cup])
    made = datetime.now(UTC)
    record_production(db, event_id=None, recipe_id=cream.id, batches=2, produced_at=made)
    db.commit()
    text = section(client.get("/pantry").text, "prepared-heading")
    good_through = made.date() + timedelta(days=5)
    assert "Buttercream 8 cup worth $12.00" in text
    assert "next" in text
    lot_id = fresh(db).scalars(select(Lot.id).where(Lot.recipe_id == cream.id)).one()
    form = page_text(client.get(f"/pantry/lots/{lot_id}/adjust").text)
    assert "Adjust Buttercream (prepared)" in form
    assert str(good_through.day) in text
    spoiled = client.post(
        f"/pantry/lots/{lot_id}/adjust",
        data={"direction": "remove", "quantity": "2", "unit": "cup", "reason": "spoilage"},
    )
    assert "Recorded." in page_text(spoiled.text)
    assert "Buttercream 6 cup worth $9.00" in section(
        client.get("/pantry").text, "prepared-heading"
    )


def test_the_count_sheet_sets_what_is_on_hand_and_shows_found_and_expired_lots(
    client: TestClient, db: Session
) -> None:
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS)
    sugar = make_ingredient(db, name="Sugar", measure=Measure.MASS)
    make_lot(db, flour, quantity="1000", cost="3.00", received_on=date(2024, 1, 1),
             best_before=date(2024, 6, 1))  # fmt: skip
    make_lot(db, flour, quantity="500", cost="2.00", received_on=date(2024, 6, 1))
    make_lot(db, sugar, quantity="1000", cost="4.00", received_on=date(2024, 6, 1))
    db.commit()
    sheet = page_text(client.get("/pantry/count").text)
    assert "Flour 1,500 g" in sheet

    refused = client.post(
        "/pantry/count",
        data={"reason": "December count", f"count-{flour.id}": "1-2 kg"},
    )
    assert refused.status_code == 422
    assert "looks like a range" in page_text(refused.text)
    assert len(lots(db)) == 3

    response = client.post(
        "/pantry/count",
        data={
            "reason": "December count",
            "counted_on": "2024-12-01",
            f"count-{flour.id}": "1.2 kg",
            f"count-{sugar.id}": "1 1/4 kg",
        },
    )

    assert response.status_code == 200
    assert "Stock-take recorded" in page_text(response.text)
    old, new, _sugar, found = lots(db)
    assert (old.quantity_remaining, new.quantity_remaining) == (Decimal(700), Decimal(500))
    assert (found.origin, found.initial_quantity, found.cost) == ("found", Decimal(250), Decimal(1))
    lots_text = section(response.text, "lots-heading")
    assert "skipped" in lots_text  # the expired flour lot
    assert "found" in lots_text
