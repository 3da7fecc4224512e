"""Oven outcome maths (docs/product.md §6.13), pure, with Hypothesis."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from bakehouse.domain.outcomes import (
    ItemChanges,
    ItemShare,
    batches_still_to_bake,
    expected_items,
    good_batches,
    is_covered,
    items_made,
    plan_split,
    share_cost,
)

shares = st.lists(
    st.builds(
        ItemShare,
        st.integers(1, 10_000),
        st.integers(1, 200),
        st.integers(0, 5_000),
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda s: s.item_id,
)


def test_8_of_48_cookies_of_a_10_dollar_bake_cost_1_6667() -> None:
    assert share_cost(Decimal("10.00"), 8, 24, 2) == Decimal("1.6667")
    assert share_cost(Decimal("10.00"), 12, 24, 2) == Decimal("2.5000")


def test_a_two_item_recipe_splits_its_batches_as_the_plan_does() -> None:
    split = [ItemShare(1, 24, 36), ItemShare(2, 12, 6)]  # 1.5 + 0.5 batches
    assert expected_items(split, 2) == {1: 36, 2: 6}
    assert expected_items(split, 4) == {1: 72, 2: 12}


def test_a_recipe_the_plan_does_not_need_is_split_evenly() -> None:
    assert expected_items([ItemShare(1, 24, 0), ItemShare(2, 12, 0)], 2) == {1: 24, 2: 12}


@given(shares, st.integers(0, 1_000))
def test_the_split_never_expects_more_than_the_batches_make(
    items: list[ItemShare], batches: int
) -> None:
    assert sum(plan_split(items).values()) == 1
    expected = expected_items(items, batches)
    per_batch = {s.item_id: s.items_per_batch for s in items}
    assert sum(Fraction(n, per_batch[i]) for i, n in expected.items()) <= batches


@given(shares, st.integers(0, 1_000))
def test_with_no_losses_complete_means_the_batches_cover_the_plan(
    items: list[ItemShare], batches: int
) -> None:
    required = math.ceil(sum(Fraction(s.needed, s.items_per_batch) for s in items))
    counts = items_made(items, batches, {})
    assert is_covered(counts) == (batches >= required)
    assert batches_still_to_bake(counts) == max(0, required - batches)


@given(shares, st.integers(0, 1_000), st.data())
def test_losses_and_moves_change_good_items_one_for_one(
    items: list[ItemShare], batches: int, data: st.DataObject
) -> None:
    changes = {
        s.item_id: ItemChanges(
            data.draw(st.integers(0, 50)), data.draw(st.integers(0, 50)),
            data.draw(st.integers(0, 50)),
        )
        for s in items
    }  # fmt: skip
    before = {c.item_id: c.made for c in items_made(items, batches, {})}
    after = items_made(items, batches, changes)
    per_batch = {s.item_id: s.items_per_batch for s in items}
    for count in after:
        assert count.made == before[count.item_id] + changes[count.item_id].net
    assert good_batches(batches, changes, per_batch) == sum(
        (c.made / c.items_per_batch for c in after), Fraction(0)
    )
    assert batches_still_to_bake(after) >= 0


@given(
    st.decimals(Decimal(0), Decimal(10_000), places=4),
    st.integers(1, 100),
    st.integers(1, 200),
    st.data(),
)
def test_a_part_and_the_rest_add_up_to_the_bake_cost(
    cost: Decimal, batches: int, per_batch: int, data: st.DataObject
) -> None:
    made = batches * per_batch
    part = data.draw(st.integers(0, made))
    moved = share_cost(cost, part, per_batch, batches)
    kept = cost - moved
    assert moved + kept == cost
    assert Decimal(0) <= moved <= cost
    assert share_cost(cost, made, per_batch, batches) == cost
    assert abs(moved - cost * part / made) <= Decimal("0.00005")
