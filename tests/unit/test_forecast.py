"""Forecast and variance by hand and by property (docs/product.md §6.15): a recipe not
started has no variance (never −100 %), a half-baked one a variance "so far" against the
batches baked, a complete one a final variance; shown figures add up to the cent."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from bakehouse.domain.costing import VarianceState, recipe_forecast, total_forecast
from bakehouse.domain.numbers import to_cents

ONE_BATCH = Decimal("12.4300")  # a batch of shortbread as planned; 2 batches: $24.86


def shortbread(baked: int, actual: str, complete: bool = False) -> object:
    return recipe_forecast(
        planned=ONE_BATCH * 2,
        actual=Decimal(actual),
        planned_one_batch=ONE_BATCH,
        batches_produced=baked,
        still_to_bake=ONE_BATCH * (2 - baked),
        complete=complete,
    )


def test_a_recipe_not_started_has_no_variance_and_forecasts_its_plan() -> None:
    shown = shortbread(0, "0")
    assert (shown.variance, shown.variance_percent, shown.state) == (  # type: ignore[attr-defined]
        None,
        None,
        VarianceState.NOT_STARTED,
    )
    assert shown.forecast == Decimal("24.86")  # type: ignore[attr-defined]


def test_half_baked_the_variance_is_so_far_against_the_batch_baked() -> None:
    shown = shortbread(1, "13.9060")
    # Actual $13.91 (rounded once) − one batch as planned $12.43 = $1.48 over, so far.
    assert shown.actual == Decimal("13.91")  # type: ignore[attr-defined]
    assert shown.variance == Decimal("1.48")  # type: ignore[attr-defined]
    assert shown.variance_percent == Decimal("11.91")  # type: ignore[attr-defined]
    assert shown.state is VarianceState.SO_FAR  # type: ignore[attr-defined]
    assert shown.forecast == Decimal("26.34")  # 13.91 + 12.43 still to bake


def test_complete_the_variance_is_final() -> None:
    shown = shortbread(2, "23.10", complete=True)
    assert (shown.variance, shown.state, shown.forecast) == (  # type: ignore[attr-defined]
        Decimal("-1.76"),
        VarianceState.FINAL,
        Decimal("23.10"),
    )


def test_an_event_adds_up_the_figures_shown_and_its_variance_only_over_started_recipes() -> None:
    parts = [shortbread(0, "0"), shortbread(1, "13.9060"), shortbread(2, "23.10", True)]
    total = total_forecast(parts)  # type: ignore[arg-type]
    assert total.planned == Decimal("74.58")
    assert total.actual == Decimal("37.01")
    assert total.forecast == Decimal("37.01") + Decimal("24.86") + Decimal("12.43")
    assert total.variance == Decimal("1.48") + Decimal("-1.76")
    assert total.state is VarianceState.SO_FAR


money = st.decimals(min_value=0, max_value=10_000, places=4)


@given(
    st.lists(
        st.tuples(money, money, st.integers(0, 20), st.integers(0, 20), st.booleans()),
        min_size=1,
        max_size=8,
    )
)
def test_totals_are_the_sums_of_the_cents_shown_and_never_minus_100_percent_unbaked(
    recipes: list[tuple[Decimal, Decimal, int, int, bool]],
) -> None:
    parts = []
    for one_batch, actual, baked, left, complete in recipes:
        shown = recipe_forecast(
            planned=one_batch * (baked + left),
            actual=actual if baked else Decimal(0),
            planned_one_batch=one_batch,
            batches_produced=baked,
            still_to_bake=one_batch * left,
            complete=complete and left == 0,
        )
        for figure in (shown.planned, shown.actual, shown.forecast, shown.still_to_bake):
            assert figure == to_cents(figure)
        assert shown.forecast == shown.actual + shown.still_to_bake
        if baked == 0:
            assert shown.variance is None
            assert shown.variance_percent is None
        else:
            assert shown.variance == shown.actual - shown.planned_baked
        parts.append(shown)
    total = total_forecast(parts)
    assert total.planned == sum(p.planned for p in parts)
    assert total.actual == sum(p.actual for p in parts)
    assert total.forecast == sum(p.forecast for p in parts)
    assert total.forecast == total.actual + total.still_to_bake
    started = [p.variance for p in parts if p.variance is not None]
    assert total.variance == (sum(started) if started else None)
