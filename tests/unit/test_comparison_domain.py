"""The price/volume split and prices as of a day (docs/product.md §6.21), as properties."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from bakehouse.domain.comparison import (
    PricePoint,
    Side,
    per,
    price_as_of,
    price_unit,
    split,
    total_split,
    unit_price,
)
from bakehouse.domain.numbers import quantize_money

quantities = st.decimals(min_value="0.000001", max_value="100000", places=6)
prices = st.decimals(min_value="0", max_value="0.5", places=6)  # per canonical unit


@st.composite
def sides(draw: st.DrawFn) -> Side:
    quantity = draw(quantities)
    return Side(quantity, quantize_money(quantity * draw(prices)))


@given(st.lists(st.tuples(sides(), sides()), min_size=1, max_size=12))
def test_the_parts_add_up_to_the_difference_of_the_totals_to_the_cent(
    pairs: list[tuple[Side, Side]],
) -> None:
    splits = [split(old, new) for old, new in pairs]
    for one in splits:
        assert one.volume + one.price == one.difference
    total = total_split(splits)
    before = sum((old.shown for old, _ in pairs), Decimal(0))
    after = sum((new.shown for _, new in pairs), Decimal(0))
    assert total.difference == after - before
    assert total.volume + total.price == after - before
    assert total.difference == total.difference.quantize(Decimal("0.01"))


@given(sides(), sides())
def test_each_part_is_within_rounding_of_the_formula(old: Side, new: Side) -> None:
    one = split(old, new)
    old_price = old.cost / old.quantity
    new_price = new.cost / new.quantity
    exact_volume = (new.quantity - old.quantity) * old_price
    exact_price = new.quantity * (new_price - old_price)
    assert abs(one.volume - exact_volume) <= Decimal("0.005")
    # Three roundings to the cent: each cost shown and the volume part.
    assert abs(one.price - exact_price) <= Decimal("0.015")


@given(sides(), quantities)
def test_the_same_price_leaves_no_price_part_beyond_a_cent(old: Side, quantity: Decimal) -> None:
    new = Side(quantity, quantize_money(quantity * old.cost / old.quantity))
    assert abs(split(old, new).price) <= Decimal("0.01")


@given(sides(), prices)
def test_the_same_quantity_is_all_price(old: Side, price: Decimal) -> None:
    new = Side(old.quantity, quantize_money(old.quantity * price))
    one = split(old, new)
    assert one.volume == 0
    assert one.price == one.difference


@given(sides())
def test_an_ingredient_on_one_side_only_is_all_volume(side: Side) -> None:
    nothing = Side()
    assert split(nothing, side).volume == side.shown
    assert split(side, nothing).volume == -side.shown
    assert split(side, nothing).price == 0


def test_a_hand_worked_split() -> None:
    # Butter: 500 g at $8/kg, then 1000 g at $10.40/kg.
    one = split(Side(Decimal(500), Decimal("4.00")), Side(Decimal(1000), Decimal("10.40")))
    assert (one.difference, one.volume, one.price) == (
        Decimal("6.40"), Decimal("4.00"), Decimal("2.40"),
    )  # fmt: skip


DAY = date(2026, 12, 20)


@st.composite
def points(draw: st.DrawFn) -> list[PricePoint]:
    count = draw(st.integers(min_value=0, max_value=8))
    return [
        PricePoint(
            lot_id=i + 1,
            ingredient_id=1,
            day=DAY + timedelta(days=draw(st.integers(min_value=-400, max_value=60))),
            cost=draw(st.decimals(min_value="0.01", max_value="50", places=2)),
            quantity=Decimal(1000),
            preferred=draw(st.booleans()),
        )
        for i in range(count)
    ]


@given(points())
def test_the_price_of_a_day_is_the_latest_bought_by_then_preferred_first(
    found: list[PricePoint],
) -> None:
    chosen = price_as_of(found, DAY)
    known = [p for p in found if p.day <= DAY]
    if not known:
        assert chosen is None
        return
    assert chosen is not None
    assert chosen.day <= DAY
    pool = [p for p in known if p.preferred] or known
    assert chosen in pool
    assert all((p.day, p.lot_id) <= (chosen.day, chosen.lot_id) for p in pool)


def test_unit_prices_read_per_kilogram_litre_or_each() -> None:
    assert unit_price(Decimal("8.00"), Decimal(1000), "g") == Decimal("8.0000")
    assert unit_price(Decimal("3.00"), Decimal(500), "ml") == Decimal("6.0000")
    assert unit_price(Decimal("4.20"), Decimal(12), "each") == Decimal("0.3500")
    assert unit_price(Decimal(1), Decimal(0), "g") is None
    assert (price_unit("g"), price_unit("ml"), price_unit("each")) == ("kg", "l", "each")
    assert PricePoint(1, 1, DAY, Decimal("3"), Decimal(7)).price_of(Decimal(1)) == Decimal("0.4286")
    assert per(Decimal("5.30"), 4) == Decimal("1.32")
    assert per(Decimal(1), 0) is None
