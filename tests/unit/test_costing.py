"""Cost maths, pure: pricing lines at unit prices, and planned-vs-actual variance."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bakehouse.domain.costing import Estimate, LineNeed, UnitPrice, estimate_lines, variance

FLOUR, SUGAR, VANILLA = 1, 2, 3

PRICES = {
    FLOUR: UnitPrice(cost=Decimal("18.99"), quantity=Decimal("11339.80925")),  # 25 lb bag
    SUGAR: UnitPrice(cost=Decimal("3.00"), quantity=Decimal("1000")),
}


def test_a_unit_price_prices_a_quantity_to_a_hundredth_of_a_cent() -> None:
    assert PRICES[SUGAR].price_of(Decimal("250")) == Decimal("0.7500")
    assert PRICES[FLOUR].price_of(Decimal("500")) == Decimal("0.8373")


def test_estimate_adds_up_the_priced_lines() -> None:
    lines = [LineNeed(SUGAR, Decimal("200")), LineNeed(SUGAR, Decimal("100"))]
    estimate = estimate_lines(lines, PRICES)
    assert estimate == Estimate(Decimal("0.9000"))
    assert estimate.is_complete


def test_a_line_never_bought_is_unpriced_not_free() -> None:
    lines = [LineNeed(SUGAR, Decimal("100")), LineNeed(VANILLA, Decimal("5"))]
    estimate = estimate_lines(lines, PRICES)
    assert estimate.total == Decimal("0.3000")
    assert estimate.unpriced_ingredient_ids == (VANILLA,)
    assert not estimate.is_complete


def test_estimates_add_and_scale_keeping_what_is_unpriced() -> None:
    one = Estimate(Decimal("1.25"), (VANILLA,))
    two = Estimate(Decimal("0.50"), (FLOUR, VANILLA))
    assert one + two == Estimate(Decimal("1.75"), (FLOUR, VANILLA))
    assert one.times(3) == Estimate(Decimal("3.7500"), (VANILLA,))


def test_an_estimate_names_its_unpriced_ingredients_and_keeps_them_when_shared_out() -> None:
    batch = Estimate(Decimal("2.00"), (FLOUR, VANILLA)).named({FLOUR: "Flour", VANILLA: "Vanilla"})
    assert batch.unpriced_ingredients == ("Flour", "Vanilla")
    assert batch.per(24) == Estimate(Decimal("0.0833"), (FLOUR, VANILLA), ("Flour", "Vanilla"))
    sugar = Estimate(Decimal("1.00"), (SUGAR,), ("Sugar",))
    assert (batch + sugar).unpriced_ingredients == ("Flour", "Sugar", "Vanilla")


@pytest.mark.parametrize(
    ("actual", "planned", "amount", "percent"),
    [
        ("12.00", "10.00", "2.00", "20.00"),
        ("8.00", "10.00", "-2.00", "-20.00"),
        ("1.00", "3.00", "-2.00", "-66.67"),
        ("10.00", "10.00", "0.00", "0.00"),
        ("0", "0", "0", "0.00"),
        ("4.50", "0", "4.50", "100.00"),
    ],
)
def test_variance_is_actual_minus_planned_and_its_percentage(
    actual: str, planned: str, amount: str, percent: str
) -> None:
    result = variance(Decimal(actual), Decimal(planned))
    assert result.amount == Decimal(amount)
    assert str(result.percent) == percent
