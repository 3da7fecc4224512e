"""Current unit prices for estimates: the latest lot, the preferred product's first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from bakehouse.domain.costing import UnitPrice
from bakehouse.services.catalog.prices import latest_unit_prices
from tests.factories.catalog import make_ingredient, make_lot, make_product, make_purchase


def test_an_ingredient_is_priced_at_its_latest_lot(session: Session) -> None:
    sugar = make_ingredient(session, name="Sugar")
    bag = make_product(session, sugar)
    make_purchase(session, bag, quantity="1000", total_price="2.00", purchased_on=date(2024, 1, 1))
    make_purchase(session, bag, quantity="1000", total_price="2.50", purchased_on=date(2024, 6, 1))
    make_purchase(session, bag, quantity="1000", total_price="1.00", purchased_on=date(2023, 1, 1))
    assert latest_unit_prices(session) == {
        sugar.id: UnitPrice(cost=Decimal("2.50"), quantity=Decimal(1000))
    }


def test_the_preferred_products_purchase_wins_over_a_newer_one(session: Session) -> None:
    butter = make_ingredient(session, name="Butter")
    usual = make_product(session, butter, name="Usual", is_preferred=True)
    bargain = make_product(session, butter, name="Bargain")
    make_purchase(session, usual, quantity="250", total_price="3.00", purchased_on=date(2024, 1, 1))
    make_purchase(
        session, bargain, quantity="250", total_price="1.00", purchased_on=date(2024, 9, 1)
    )
    assert latest_unit_prices(session)[butter.id].cost == Decimal("3.00")


def test_opening_stock_with_a_cost_prices_an_ingredient(session: Session) -> None:
    vanilla = make_ingredient(session, name="Vanilla")
    make_lot(session, vanilla, quantity="100", cost="8.00", received_on=date(2024, 3, 1))
    assert latest_unit_prices(session, [vanilla.id])[vanilla.id].price_of(Decimal(5)) == Decimal(
        "0.4000"
    )


def test_an_ingredient_never_bought_has_no_price_and_one_statement_answers(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    salt = make_ingredient(session, name="Salt")
    flour = make_ingredient(session, name="Flour")
    make_lot(session, flour, quantity="1000", cost="1.00")
    with count_statements() as counter:
        prices = latest_unit_prices(session, [salt.id, flour.id])
    assert counter.count == 1
    assert set(prices) == {flour.id}
    assert latest_unit_prices(session, []) == {}
