"""Pantry services: purchases and opening stock make lots; adjustments and FIFO draws use them.

After every test the ledger must agree with the lots' balances.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AdjustmentReason, MovementKind
from bakehouse.errors import ConversionNotPossible, InsufficientStock, InvalidInput, NotFound
from bakehouse.models import Ingredient, Lot, StockMovement
from bakehouse.services import pantry
from bakehouse.services.pantry.ledger import ledger_discrepancies
from bakehouse.units.conversion import Measure, convert
from tests.factories.catalog import make_ingredient, make_lot, make_product

CUP = Decimal("236.588")


@pytest.fixture(autouse=True)
def ledger_stays_in_step(session: Session) -> Iterator[None]:
    yield
    assert ledger_discrepancies(session) == []


@pytest.fixture
def flour_by_volume(session: Session) -> tuple[Ingredient, Lot, Lot]:
    """Flour measured by volume: 5 cup at $0.40 a cup, then 10 cup at $0.60 a cup."""
    flour = make_ingredient(session, name="Flour", measure=Measure.VOLUME)
    old = pantry.add_opening_stock(
        session,
        ingredient_id=flour.id,
        quantity="5",
        unit="cup",
        cost="2.00",
        received_on=date(2024, 1, 1),
    )
    new = pantry.add_opening_stock(
        session,
        ingredient_id=flour.id,
        quantity="10",
        unit="cups",
        cost="6.00",
        received_on=date(2024, 6, 1),
    )
    return flour, old, new


def movement_count(session: Session) -> int:
    return session.scalar(select(func.count(StockMovement.id))) or 0


# The acceptance scenarios -----------------------------------------------------------------


def test_drawing_six_cups_costs_2_60_and_leaves_nine_cups_in_the_second_lot(
    session: Session, flour_by_volume: tuple[Ingredient, Lot, Lot]
) -> None:
    flour, old, new = flour_by_volume
    request = pantry.stock_request(flour, "6", "cup")
    assert pantry.estimate_draw_cost(session, [request]).total_cost == Decimal("2.60")

    drawn = pantry.draw_stock(session, [request], kind=MovementKind.PRODUCTION)

    assert drawn.total_cost == Decimal("2.60")
    [row] = drawn.ingredients
    assert [(d.lot_id, d.cost) for d in row.lots] == [
        (old.id, Decimal("2.00")),
        (new.id, Decimal("0.60")),
    ]
    assert (old.quantity_remaining, old.value_remaining) == (Decimal(0), Decimal(0))
    assert new.quantity_remaining == 9 * CUP
    assert convert(new.quantity_remaining, "ml", "cup") == 9
    assert new.value_remaining == Decimal("5.40")
    assert len(drawn.movement_ids) == 2


def test_drawing_sixteen_cups_fails_listing_flour_and_leaves_both_lots_untouched(
    session: Session, flour_by_volume: tuple[Ingredient, Lot, Lot]
) -> None:
    flour, old, new = flour_by_volume
    movements = movement_count(session)
    request = pantry.stock_request(flour, "16", "cup")

    with pytest.raises(InsufficientStock) as raised:
        pantry.draw_stock(session, [request], kind=MovementKind.PRODUCTION)

    [shortage] = raised.value.shortages
    assert shortage.ingredient == "Flour"
    assert convert(shortage.needed, shortage.unit, "cup") == 16
    assert convert(shortage.available, shortage.unit, "cup") == 15
    assert "Flour (needed 3785.41 ml, available 3548.82 ml)" in raised.value.message
    session.expire_all()
    assert [(lot.quantity_remaining, lot.value_remaining) for lot in (old, new)] == [
        (5 * CUP, Decimal("2.00")),
        (10 * CUP, Decimal("6.00")),
    ]
    assert movement_count(session) == movements
    with pytest.raises(InsufficientStock):
        pantry.estimate_draw_cost(session, [request])


def test_a_25_lb_bag_drawn_to_zero_in_seven_uneven_draws_costs_exactly_its_price(
    session: Session,
) -> None:
    flour = make_ingredient(session, name="Bread flour")
    bag = make_product(session, flour, name="Bag", package_size=Decimal(25), package_unit="lb")
    purchase = pantry.record_purchase(
        session, product_id=bag.id, purchased_on=date(2024, 11, 1), packages=1, total_price="18.99"
    )
    lot = purchase.lot
    assert lot is not None
    assert lot.initial_quantity == Decimal("11339.809250")
    sizes = ["1000", "2500.5", "333.333", "1234.567", "4000", "2000.25"]
    costs = []
    for size in sizes:
        drawn = pantry.draw_stock(
            session, [pantry.stock_request(flour, size)], kind=MovementKind.PRODUCTION
        )
        costs.append(drawn.total_cost)
    last = pantry.draw_stock(
        session,
        [pantry.stock_request(flour, lot.quantity_remaining)],
        kind=MovementKind.PRODUCTION,
    )
    costs.append(last.total_cost)
    assert len(costs) == 7
    assert sum(costs) == Decimal("18.99")
    assert (lot.quantity_remaining, lot.value_remaining) == (Decimal(0), Decimal(0))


# Purchases and opening stock ---------------------------------------------------------------


def test_a_purchase_creates_one_lot_in_canonical_units_with_its_cost(session: Session) -> None:
    eggs = make_ingredient(session, name="Eggs", measure=Measure.COUNT)
    dozen = make_product(
        session,
        eggs,
        name="Large eggs",
        package_size=Decimal(1),
        package_unit="dozen",
        supplier="Farm shop",
    )
    purchase = pantry.record_purchase(
        session,
        product_id=dozen.id,
        purchased_on="2024-12-01",  # type: ignore[arg-type]
        packages="2.5",
        total_price="11.25",
        best_before=date(2024, 12, 20),
        location=" fridge ",
        notes="free range",
    )
    lot = purchase.lot
    assert lot is not None
    assert (purchase.packages, purchase.total_price, purchase.supplier) == (
        Decimal("2.5"),
        Decimal("11.25"),
        "Farm shop",
    )
    assert (lot.ingredient_id, lot.received_on, lot.initial_quantity, lot.cost) == (
        eggs.id,
        date(2024, 12, 1),
        Decimal(30),
        Decimal("11.25"),
    )
    assert (lot.best_before, lot.location) == (date(2024, 12, 20), "fridge")
    [movement] = lot.movements
    assert (movement.kind, movement.quantity, movement.value) == (
        MovementKind.PURCHASE,
        Decimal(30),
        Decimal("11.25"),
    )


def test_a_purchase_time_counts_as_its_day(session: Session) -> None:
    sugar = make_ingredient(session, name="Sugar")
    bag = make_product(session, sugar)
    purchase = pantry.record_purchase(
        session,
        product_id=bag.slug,
        purchased_on=datetime(2024, 5, 6, 17, 30),
        packages=1,
        total_price=2,
        best_before="",  # type: ignore[arg-type]
    )
    assert purchase.purchased_on == date(2024, 5, 6)
    assert purchase.lot is not None
    assert purchase.lot.best_before is None


def test_a_purchase_can_name_its_own_supplier(session: Session) -> None:
    sugar = make_ingredient(session, name="Sugar")
    bag = make_product(session, sugar, supplier="Aldi")
    purchase = pantry.record_purchase(
        session,
        product_id=bag.id,
        purchased_on=date(2024, 1, 1),
        packages=1,
        total_price=0,
        supplier="Lidl",
    )
    assert purchase.supplier == "Lidl"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"packages": 0}, "packages"),
        ({"packages": "-1"}, "packages"),
        ({"total_price": "-0.01"}, "total_price"),
        ({"total_price": 1.5}, "total_price"),
        ({"purchased_on": "yesterday"}, "purchased_on"),
        ({"purchased_on": 20240101}, "purchased_on"),
        ({"best_before": "soon"}, "best_before"),
        ({"location": "x" * 121}, "location"),
    ],
)
def test_bad_purchase_input_names_its_field_and_records_nothing(
    session: Session, changes: dict[str, Any], field: str
) -> None:
    sugar = make_ingredient(session, name="Sugar")
    bag = make_product(session, sugar)
    values: dict[str, Any] = {
        "product_id": bag.id,
        "purchased_on": date(2024, 1, 1),
        "packages": 1,
        "total_price": "2",
        **changes,
    }
    with pytest.raises(InvalidInput) as raised:
        pantry.record_purchase(session, **values)
    assert raised.value.field == field
    assert session.scalar(select(func.count(Lot.id))) == 0


def test_a_purchase_of_an_unknown_product_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound, match="product"):
        pantry.record_purchase(
            session, product_id=999_999, purchased_on=date(2024, 1, 1), packages=1, total_price=1
        )


def test_opening_stock_converts_through_the_density(session: Session) -> None:
    sugar = make_ingredient(session, name="Brown sugar", density=Decimal("0.9"))
    lot = pantry.add_opening_stock(
        session,
        ingredient_id=sugar.id,
        quantity="2",
        unit="cup",
        cost="1.10",
        received_on=date(2024, 10, 1),
        notes="from last year",
    )
    assert lot.initial_quantity == Decimal("425.858400")
    assert lot.notes == "from last year"
    assert [m.kind for m in lot.movements] == [MovementKind.OPENING]


def test_opening_stock_in_a_unit_that_does_not_convert_names_the_unit(session: Session) -> None:
    eggs = make_ingredient(session, name="Eggs", measure=Measure.COUNT)
    with pytest.raises(ConversionNotPossible, match="Eggs") as raised:
        pantry.add_opening_stock(
            session,
            ingredient_id=eggs.id,
            quantity="2",
            unit="cups",
            cost="1",
            received_on=date(2024, 1, 1),
        )
    assert raised.value.field == "unit"
    quail = make_ingredient(
        session, name="Quail eggs", measure=Measure.COUNT, grams_per_each=Decimal(10)
    )
    with pytest.raises(InvalidInput, match="too small") as tiny:
        pantry.add_opening_stock(
            session,
            ingredient_id=quail.id,
            quantity="0.000001",
            unit="g",
            cost="0",
            received_on=date(2024, 1, 1),
        )
    assert tiny.value.field == "quantity"


# Adjustments ------------------------------------------------------------------------------


@pytest.fixture
def butter_lot(session: Session) -> Lot:
    butter = make_ingredient(session, name="Butter", density=Decimal("0.96"))
    return make_lot(session, butter, quantity="1000", cost="9.00")


def test_spoilage_removes_stock_at_its_proportional_cost(session: Session, butter_lot: Lot) -> None:
    movement = pantry.adjust_stock(
        session, lot_id=butter_lot.id, quantity="-250", reason="Spoilage", note="went rancid"
    )
    assert (movement.kind, movement.reason, movement.note) == (
        MovementKind.ADJUSTMENT,
        AdjustmentReason.SPOILAGE,
        "went rancid",
    )
    assert (movement.quantity, movement.value) == (Decimal(-250), Decimal("-2.25"))
    assert (butter_lot.quantity_remaining, butter_lot.value_remaining) == (
        Decimal(750),
        Decimal("6.75"),
    )


def test_removing_all_that_is_left_takes_all_the_value_left(
    session: Session, butter_lot: Lot
) -> None:
    pantry.adjust_stock(session, lot_id=butter_lot.id, quantity="-333.333", reason="gift")
    movement = pantry.adjust_stock(
        session, lot_id=butter_lot.id, quantity="-666.667", reason=AdjustmentReason.GIFT
    )
    assert movement.value == Decimal("-6.0000")
    assert (butter_lot.quantity_remaining, butter_lot.value_remaining) == (Decimal(0), Decimal(0))


def test_an_adjustment_may_not_take_a_lot_below_zero(session: Session, butter_lot: Lot) -> None:
    with pytest.raises(InvalidInput, match="has only 1000 g left; cannot remove 1001 g") as raised:
        pantry.adjust_stock(session, lot_id=butter_lot.id, quantity=-1001, reason="spoilage")
    assert raised.value.field == "quantity"
    assert butter_lot.quantity_remaining == 1000


def test_a_positive_correction_adds_value_at_the_lot_unit_cost(
    session: Session, butter_lot: Lot
) -> None:
    movement = pantry.adjust_stock(
        session, lot_id=butter_lot.id, quantity="1", unit="tbsp", reason="correction"
    )
    # 1 tbsp = 14.786765 ml × 0.96 g/ml = 14.195294 g, at $0.009 a gram
    assert (movement.quantity, movement.value) == (Decimal("14.195294"), Decimal("0.1278"))
    assert butter_lot.quantity_remaining == Decimal("1014.195294")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "abc"}, "quantity"),
        ({"reason": "theft"}, "reason"),
        ({"unit": "each"}, "unit"),
        ({"unit": "handful"}, "unit"),
    ],
)
def test_bad_adjustment_input_names_its_field(
    session: Session, butter_lot: Lot, changes: dict[str, Any], field: str
) -> None:
    values: dict[str, Any] = {
        "lot_id": butter_lot.id,
        "quantity": "-1",
        "reason": "other",
        **changes,
    }
    with pytest.raises(InvalidInput) as raised:
        pantry.adjust_stock(session, **values)
    assert raised.value.field == field


def test_adjusting_an_unknown_lot_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound, match="lot"):
        pantry.adjust_stock(session, lot_id=999_999, quantity="-1", reason="other")


# Draws ------------------------------------------------------------------------------------


def test_an_estimate_writes_nothing(
    session: Session, flour_by_volume: tuple[Ingredient, Lot, Lot]
) -> None:
    flour, old, _new = flour_by_volume
    movements = movement_count(session)
    estimate = pantry.estimate_draw_cost(session, [pantry.stock_request(flour, "1", "cup")])
    assert estimate.total_cost == Decimal("0.4000")
    assert movement_count(session) == movements
    assert old.quantity_remaining == 5 * CUP


def test_a_draw_over_several_ingredients_is_all_or_nothing(
    session: Session, flour_by_volume: tuple[Ingredient, Lot, Lot]
) -> None:
    flour, old, _new = flour_by_volume
    salt = make_ingredient(session, name="Salt")
    vanilla = make_ingredient(session, name="Vanilla", measure=Measure.VOLUME)
    make_lot(session, salt, quantity="10", cost="0.10")
    requests = [
        pantry.stock_request(flour, "1", "cup"),
        pantry.stock_request(salt, "20"),
        pantry.stock_request(vanilla, "1", "tsp"),
    ]
    with pytest.raises(InsufficientStock) as raised:
        pantry.draw_stock(session, requests, kind=MovementKind.PRODUCTION)
    assert [s.ingredient for s in raised.value.shortages] == ["Salt", "Vanilla"]
    assert old.quantity_remaining == 5 * CUP


def test_a_draw_as_an_adjustment_records_a_reason(
    session: Session, flour_by_volume: tuple[Ingredient, Lot, Lot]
) -> None:
    flour, old, _new = flour_by_volume
    drawn = pantry.draw_stock(
        session, [pantry.stock_request(flour, "1", "cup")], kind=MovementKind.ADJUSTMENT, note="x"
    )
    movement = session.get(StockMovement, drawn.movement_ids[0])
    assert movement is not None
    assert (movement.lot_id, movement.reason, movement.note) == (
        old.id,
        AdjustmentReason.OTHER,
        "x",
    )


def test_only_productions_and_adjustments_are_draws(
    session: Session, flour_by_volume: tuple[Ingredient, Lot, Lot]
) -> None:
    flour = flour_by_volume[0]
    with pytest.raises(InvalidInput) as raised:
        pantry.draw_stock(
            session, [pantry.stock_request(flour, "1", "cup")], kind=MovementKind.PURCHASE
        )
    assert raised.value.field == "kind"


def test_a_stock_request_needs_a_positive_quantity(session: Session) -> None:
    flour = make_ingredient(session, name="Flour")
    with pytest.raises(InvalidInput):
        pantry.stock_request(flour, "0")
    assert pantry.stock_request(flour, "1", "kg").quantity == 1000


# Reading the pantry -----------------------------------------------------------------------


@pytest.fixture
def stocked(session: Session) -> dict[str, Lot]:
    butter = make_ingredient(session, name="butter")
    sugar = make_ingredient(session, name="Sugar")
    make_ingredient(session, name="Anise")
    lots = {
        "sugar_new": make_lot(
            session, sugar, quantity="1000", cost="3", received_on=date(2024, 9, 1)
        ),
        "sugar_old": make_lot(
            session,
            sugar,
            quantity="500",
            cost="2",
            received_on=date(2024, 3, 1),
            best_before=date(2025, 3, 1),
            location="shelf",
        ),
        "butter": make_lot(
            session,
            butter,
            quantity="250",
            cost="2.50",
            received_on=date(2024, 11, 1),
            best_before=date(2024, 12, 1),
        ),
        "butter_empty": make_lot(session, butter, quantity="250", cost="2.50"),
    }
    pantry.adjust_stock(session, lot_id=lots["butter_empty"].id, quantity=-250, reason="other")
    return lots


def test_lists_lots_by_ingredient_in_fifo_order_with_days_to_best_before(
    session: Session, stocked: dict[str, Lot], count_statements: Callable[[], Any]
) -> None:
    with count_statements() as counter:
        lots = pantry.list_lots(session, today=date(2024, 11, 21))
    assert counter.count == 1
    assert [view.lot_id for view in lots] == [
        stocked["butter"].id,
        stocked["sugar_old"].id,
        stocked["sugar_new"].id,
    ]
    butter = lots[0]
    assert (butter.ingredient, butter.unit, butter.quantity_remaining, butter.value_remaining) == (
        "butter",
        "g",
        Decimal(250),
        Decimal("2.50"),
    )
    assert (butter.best_before, butter.days_to_best_before, butter.product) == (
        date(2024, 12, 1),
        10,
        None,
    )
    assert (lots[1].location, lots[2].days_to_best_before) == ("shelf", None)


def test_lists_lots_of_one_ingredient_empty_ones_included_on_request(
    session: Session, stocked: dict[str, Lot]
) -> None:
    butter_id = stocked["butter"].ingredient_id
    assert len(pantry.list_lots(session, ingredient_id=butter_id)) == 1
    every = pantry.list_lots(session, ingredient_id=butter_id, include_empty=True)
    assert [v.lot_id for v in every] == [stocked["butter_empty"].id, stocked["butter"].id]
    assert every[0].quantity_remaining == 0


def test_a_purchased_lot_shows_its_product(session: Session) -> None:
    sugar = make_ingredient(session, name="Sugar")
    bag = make_product(session, sugar, brand="Domino", name="Sugar", package_size=Decimal(2000))
    pantry.record_purchase(
        session, product_id=bag.id, purchased_on=date(2024, 1, 1), packages=1, total_price=3
    )
    [view] = pantry.list_lots(session)
    assert view.product == "Domino Sugar (2000 g)"
    assert view.purchase_id is not None


def test_on_hand_sums_each_ingredient_in_one_statement(
    session: Session, stocked: dict[str, Lot], count_statements: Callable[[], Any]
) -> None:
    with count_statements() as counter:
        on_hand = pantry.get_on_hand(session)
    assert counter.count == 1
    assert [(o.ingredient, o.quantity, o.value, o.lot_count) for o in on_hand] == [
        ("butter", Decimal(250), Decimal("2.50"), 1),
        ("Sugar", Decimal(1500), Decimal(5), 2),
    ]
    assert [o.next_best_before for o in on_hand] == [date(2024, 12, 1), date(2025, 3, 1)]
    everything = pantry.get_on_hand(session, include_empty=True)
    assert [(o.ingredient, o.quantity, o.lot_count) for o in everything] == [
        ("Anise", Decimal(0), 0),
        ("butter", Decimal(250), 1),
        ("Sugar", Decimal(1500), 2),
    ]


def test_stock_value_is_the_value_left_in_every_lot(
    session: Session, stocked: dict[str, Lot]
) -> None:
    assert pantry.stock_value(session) == Decimal("7.50")


def test_an_empty_pantry_is_worth_nothing(session: Session) -> None:
    assert pantry.stock_value(session) == 0
    assert pantry.get_on_hand(session) == []
