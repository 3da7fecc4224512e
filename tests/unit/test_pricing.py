"""Which price plans an ingredient (docs/product.md §6.2, §6.17): the newer of purchase and
list price, a list price an estimate, neither unknown — never $0."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from bakehouse.domain.costing import LineNeed, UnitPrice, estimate_lines
from bakehouse.domain.pricing import ListPrice, choose_price, chosen_list_price
from bakehouse.domain.shopping import (
    aisle_order,
    group_by_aisle,
    parse_scope_key,
    shopping_scope_key,
)

money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1000), places=2)
sizes = st.decimals(min_value=Decimal(1), max_value=Decimal(5000), places=3)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1))
DAY = date(2026, 11, 1)


@given(money, sizes, days, money, sizes, st.one_of(st.none(), days))
def test_the_newer_price_plans_and_a_list_price_is_an_estimate(
    paid: Decimal, held: Decimal, bought_on: date, listed: Decimal, size: Decimal,
    seen_on: date | None,
) -> None:  # fmt: skip
    purchase = UnitPrice(paid, held)
    chosen = choose_price(purchase, bought_on, UnitPrice(listed, size), seen_on)
    assert chosen is not None
    newer_list = seen_on is not None and seen_on > bought_on
    assert chosen.estimate is newer_list
    assert chosen.cost == (listed if newer_list else paid)
    assert choose_price(None, None, UnitPrice(listed, size), seen_on) == UnitPrice(
        listed, size, estimate=True
    )
    assert choose_price(purchase, bought_on, None, None) is purchase


def test_no_price_at_all_is_unknown_never_zero() -> None:
    assert choose_price(None, None, None, None) is None
    estimate = estimate_lines([LineNeed(1, Decimal(100))], {})
    assert (estimate.total, estimate.unpriced_ingredient_ids) == (Decimal(0), (1,))
    assert not estimate.is_estimate


@given(st.lists(st.tuples(money, sizes), min_size=1, max_size=6))
def test_the_chosen_list_price_is_the_cheapest_per_unit_unless_one_is_preferred(
    offers: list[tuple[Decimal, Decimal]],
) -> None:
    prices = [ListPrice(i, price, size, DAY) for i, (price, size) in enumerate(offers, 1)]
    cheapest = chosen_list_price(prices)
    assert cheapest is not None
    assert all(cheapest.price / cheapest.size <= p.price / p.size for p in prices)
    preferred = [*prices[:-1], ListPrice(99, Decimal(999), Decimal(1), DAY, is_preferred=True)]
    assert chosen_list_price(preferred).product_id == 99  # type: ignore[union-attr]
    assert chosen_list_price([]) is None


def test_a_list_price_marks_what_it_prices_as_an_estimate() -> None:
    prices = {
        1: UnitPrice(Decimal(2), Decimal(1000), estimate=True),
        2: UnitPrice(Decimal(1), Decimal(1)),
    }
    estimate = estimate_lines([LineNeed(1, Decimal(500)), LineNeed(2, Decimal(3))], prices)
    assert (estimate.total, estimate.estimated_ingredient_ids) == (Decimal("4.0000"), (1,))
    assert (estimate + estimate_lines([], {})).is_estimate
    assert choose_price(None, None, None, DAY + timedelta(days=1)) is None


def test_scope_keys_and_aisles() -> None:
    assert shopping_scope_key(7, None) == "event:7"
    assert shopping_scope_key(None, "3") == "season:3"
    assert shopping_scope_key(None, "weeks") == shopping_scope_key(None, None) == "upcoming"
    assert parse_scope_key(" season:12 ") == ("season", 12)
    assert parse_scope_key("upcoming") == ("upcoming", None)
    assert parse_scope_key("event:2147483647") == ("event", 2147483647)
    for bad in ("event:0", "event:x", "season", "all", "event:3000000000"):
        try:
            parse_scope_key(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
    groups = group_by_aisle(
        ["a", "b", "c", "d"], {"a": "Dairy", "b": "", "c": "nuts", "d": "dairy"}.get, ["nuts"]
    )  # type: ignore[arg-type]
    assert [(g.aisle, g.lines) for g in groups] == [
        ("nuts", ("c",)), ("dairy", ("a", "d")), ("other", ("b",))
    ]  # fmt: skip
    assert aisle_order([" Dairy", "", "NUTS"]) == ["dairy", "nuts"]
