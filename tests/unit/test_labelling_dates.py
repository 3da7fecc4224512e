"""Baked-on and best-by dates on labels; items taken oldest bake first (docs/product.md §6.8)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bakehouse.domain.labelling import (
    BakedBatch,
    BlockRole,
    Demand,
    Freshness,
    LabelContent,
    LabelSettings,
    allocate_oldest_first,
    best_by,
    build_label,
    label_dates,
)
from tests.labels.holiday_tin import HOLIDAY_TIN

TWO_WEEKS = Freshness(shelf_life_days=14)
OLD = BakedBatch("Almond crescents", date(2026, 12, 1), 4, TWO_WEEKS)
FRESH = BakedBatch("Chocolate chip cookies", date(2026, 12, 10), 4, TWO_WEEKS)


def dates_text(label: LabelContent) -> str:
    block = label.block(BlockRole.DATES)
    assert block is not None
    return block.text


def test_an_old_and_a_fresh_bake_give_the_old_bake_date_and_the_earlier_expiry() -> None:
    # Dec 1 + 14 = Dec 15; Dec 10 + 14 = Dec 24: the tin is good through Dec 15, not Dec 24.
    assert label_dates([FRESH, OLD]).baked_on == date(2026, 12, 1)
    assert label_dates([FRESH, OLD]).best_by == date(2026, 12, 15)


def test_a_fresh_bake_with_a_short_shelf_life_sets_the_best_by() -> None:
    old_sturdy = BakedBatch("Almond crescents", date(2026, 12, 1), 4, Freshness(28))
    fresh_tender = BakedBatch("Frosted sugar cookies", date(2026, 12, 10), 2, Freshness(5))
    dates = label_dates([old_sturdy, fresh_tender])
    assert (dates.baked_on, dates.best_by) == (date(2026, 12, 1), date(2026, 12, 15))


def test_the_label_prints_both_dates_in_the_locale() -> None:
    label = build_label(HOLIDAY_TIN, settings=LabelSettings(), batches=[FRESH, OLD])
    assert dates_text(label) == "Baked on Dec 1, 2026 · Best by Dec 15, 2026"
    british = build_label(HOLIDAY_TIN, settings=LabelSettings(locale="en_GB"), batches=[OLD])
    assert dates_text(british) == "Baked on 1 Dec 2026 · Best by 15 Dec 2026"


def test_items_without_a_shelf_life_do_not_limit_the_best_by() -> None:
    candy = BakedBatch("Toffee", date(2026, 11, 20), 10)
    assert best_by(candy) is None
    assert label_dates([candy, FRESH]).best_by == date(2026, 12, 24)
    assert label_dates([candy]).best_by is None
    label = build_label(HOLIDAY_TIN, settings=LabelSettings(), batches=[candy])
    assert dates_text(label) == "Baked on Nov 20, 2026"


def test_no_bakes_no_dates_and_the_preview_says_what_is_not_baked() -> None:
    label = build_label(
        HOLIDAY_TIN, settings=LabelSettings(), not_baked={"Frosted sugar cookies": 2}
    )
    assert label.block(BlockRole.DATES) is None
    assert "2 Frosted sugar cookies not baked yet: the dates cover the baked ones only" in (
        label.warnings
    )


def test_frozen_days_do_not_count_and_the_rest_runs_from_the_thaw_date() -> None:
    # Baked Nov 1, frozen Nov 3 (2 of 7 days used), thawed Dec 20: good through Dec 25.
    dough = BakedBatch(
        "Gingerbread",
        date(2026, 11, 1),
        6,
        Freshness(shelf_life_days=7, frozen_shelf_life_days=90),
        frozen_on=date(2026, 11, 3),
        thawed_on=date(2026, 12, 20),
    )
    assert best_by(dough) == date(2026, 12, 25)
    still_frozen = BakedBatch(
        "Gingerbread", date(2026, 11, 1), 6, dough.freshness, frozen_on=date(2026, 11, 3)
    )
    assert best_by(still_frozen) == date(2027, 2, 1)  # Nov 3 + 90 days
    thawed_too_late = BakedBatch(
        "Gingerbread",
        date(2026, 11, 1),
        6,
        Freshness(shelf_life_days=7),
        frozen_on=date(2026, 11, 10),
        thawed_on=date(2026, 12, 20),
    )
    assert best_by(thawed_too_late) == date(2026, 12, 20)
    assert best_by(BakedBatch("X", date(2026, 1, 1), 1, frozen_on=date(2026, 1, 2))) is None
    no_life = BakedBatch(
        "X", date(2026, 1, 1), 1, frozen_on=date(2026, 1, 2), thawed_on=date(2026, 1, 9)
    )
    assert best_by(no_life) is None


def test_assignments_take_good_items_oldest_bake_first() -> None:
    # 10 cookies moved in from the cookie swap (baked Nov 28) and 24 baked here on Dec 5.
    moved_in = BakedBatch("Shortbread", date(2026, 11, 28), 10, TWO_WEEKS)
    baked_here = BakedBatch("Shortbread", date(2026, 12, 5), 24, TWO_WEEKS)
    allocation = allocate_oldest_first(
        [
            Demand("ana", "Shortbread", 6),
            Demand("ben", "Shortbread", 6),
            Demand("cy", "Shortbread", 30),
        ],
        [baked_here, moved_in],
    )
    assert [(b.baked_on.day, b.count) for b in allocation.batches["ana"]] == [(28, 6)]
    assert [(b.baked_on.day, b.count) for b in allocation.batches["ben"]] == [(28, 4), (5, 2)]
    assert [(b.baked_on.day, b.count) for b in allocation.batches["cy"]] == [(5, 22)]
    assert allocation.not_baked == {"cy": {"Shortbread": 8}}
    assert label_dates(allocation.batches["ben"]).baked_on == date(2026, 11, 28)


@given(
    st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=6),
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=28), st.integers(min_value=0, max_value=20)),
        max_size=6,
    ),
)
def test_allocation_hands_out_each_item_once(
    demands: list[int], bakes: list[tuple[int, int]]
) -> None:
    supply = [BakedBatch("Cookie", date(2026, 12, day), n) for day, n in bakes]
    allocation = allocate_oldest_first(
        [Demand(index, "Cookie", n) for index, n in enumerate(demands)], supply
    )
    given_out = sum(b.count for batches in allocation.batches.values() for b in batches)
    missing = sum(sum(m.values()) for m in allocation.not_baked.values())
    assert given_out == min(sum(demands), sum(n for _, n in bakes))
    assert given_out + missing == sum(demands)
    days = [b.baked_on for index in range(len(demands)) for b in allocation.batches[index]]
    assert days == sorted(days)
