"""Current unit prices for estimates: the latest lot, the preferred product's first; the
look-up by index agrees with ranking every lot."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import case, func, select, true, update
from sqlalchemy.orm import Session

from bakehouse.domain.costing import UnitPrice
from bakehouse.models import Lot, Product, Purchase
from bakehouse.services.catalog.prices import latest_unit_prices
from bakehouse.services.events.pricing import load_event_prices
from bakehouse.services.pantry.ledger import ledger_discrepancies
from tests.factories.catalog import make_ingredient, make_lot, make_product, make_purchase
from tests.factories.planning import make_event


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


def ranked_by_every_lot(
    session: Session, ingredient_ids: list[int], up_to: date | None = None
) -> dict[int, UnitPrice]:
    """The rule as a ranking of every lot (docs/product.md §2.4): the preferred product's
    lots first (through the purchase, not the lot's copy of its product), then the last
    received, then the last entered; with ``up_to``, only lots received by that day
    (a past event's prices, docs/product.md §6.20)."""
    preferred_first = case((Product.is_preferred.is_(True), 0), else_=1)
    rank = (
        func.row_number()
        .over(
            partition_by=Lot.ingredient_id,
            order_by=(preferred_first, Lot.received_on.desc(), Lot.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(Lot.ingredient_id, Lot.cost, Lot.initial_quantity, rank)
        .outerjoin(Purchase, Purchase.id == Lot.purchase_id)
        .outerjoin(Product, Product.id == Purchase.product_id)
        .where(
            Lot.ingredient_id.in_(ingredient_ids),
            true() if up_to is None else Lot.received_on <= up_to,
        )
        .subquery()
    )
    rows = session.execute(
        select(ranked.c.ingredient_id, ranked.c.cost, ranked.c.initial_quantity).where(
            ranked.c.rank == 1
        )
    )
    return {i: UnitPrice(cost=cost, quantity=quantity) for i, cost, quantity in rows}


lots_bought = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=2),  # ingredient
        st.one_of(st.none(), st.integers(min_value=0, max_value=2)),  # product, or opening stock
        st.integers(min_value=0, max_value=4),  # day: ties are common
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99"), places=2),
    ),
    max_size=14,
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    lots=lots_bought,
    preferred=st.lists(st.one_of(st.none(), st.integers(0, 2)), min_size=3, max_size=3),
    event_day=st.integers(min_value=-1, max_value=5),
)
def test_the_price_look_up_agrees_with_ranking_every_lot(
    session: Session,
    lots: list[tuple[int, int | None, int, Decimal]],
    preferred: list[int | None],
    event_day: int,
) -> None:
    savepoint = session.begin_nested()
    try:
        ingredients = [make_ingredient(session) for _ in range(3)]
        products = [
            [make_product(session, ingredient, is_preferred=preferred[i] == k) for k in range(3)]
            for i, ingredient in enumerate(ingredients)
        ]
        for ingredient, product, day, price in lots:
            received = date(2024, 1, 1) + timedelta(days=day)
            if product is None:
                make_lot(session, ingredients[ingredient], quantity="500", cost=price,
                         received_on=received)  # fmt: skip
            else:
                make_purchase(session, products[ingredient][product], quantity="500",
                              total_price=price, purchased_on=received)  # fmt: skip
        ids = [i.id for i in ingredients]

        assert latest_unit_prices(session, ids) == ranked_by_every_lot(session, ids)
        assert ledger_discrepancies(session) == []
        # A past event is priced with the lots received by its day (§6.20), the same
        # rule over fewer lots.
        event = make_event(session, event_date=date(2024, 1, 1) + timedelta(days=event_day))
        book = load_event_prices(session, [event.id], today=date(2030, 1, 1))
        as_of = {i: p for i, p in book.of(event.id).prices.items() if i in ids}
        assert as_of == ranked_by_every_lot(session, ids, up_to=event.event_date)
    finally:
        savepoint.rollback()
        session.expunge_all()


def test_the_ledger_check_reports_a_lot_whose_product_is_not_its_purchases(
    session: Session,
) -> None:
    butter = make_ingredient(session, name="Butter")
    usual = make_product(session, butter, name="Usual")
    other = make_product(session, butter, name="Other")
    lot = make_purchase(session, usual, quantity="250", total_price="3.00")
    assert lot.product_id == usual.id
    session.execute(
        update(Lot)
        .where(Lot.id == lot.id)
        .values(product_id=other.id)
        .execution_options(synchronize_session=False)
    )
    assert ledger_discrepancies(session) == [lot.id]
