"""Planning maths, pure: packages → items → batches, bundles nested, cycles refused."""

from __future__ import annotations

from fractions import Fraction

import pytest

from bakehouse.domain.planning import (
    AssemblyShortfall,
    CatalogGraph,
    ContentLine,
    ItemYield,
    assembly_shortfalls,
    batches_required,
    find_cycle,
    item_units,
    recipe_fractions,
)
from bakehouse.errors import CycleDetected

CHOC_CHIP, SNICKERDOODLE, LARGE, SMALL = 1, 2, 3, 4  # items
COOKIES_A, COOKIES_B, SUGAR_COOKIES = 10, 20, 30  # recipes
TIN, BIG_TIN = 100, 200  # bundles
GIFT_BOX, SAMPLER = 1000, 2000  # packages

ITEMS = {
    CHOC_CHIP: ItemYield(CHOC_CHIP, COOKIES_A, items_per_batch=24),
    SNICKERDOODLE: ItemYield(SNICKERDOODLE, COOKIES_B, items_per_batch=24),
    LARGE: ItemYield(LARGE, SUGAR_COOKIES, items_per_batch=12),
    SMALL: ItemYield(SMALL, SUGAR_COOKIES, items_per_batch=36),
}


def graph() -> CatalogGraph:
    return CatalogGraph(
        bundles={
            # Cookie tin: 6 chocolate chip + 6 snickerdoodles
            TIN: [ContentLine(6, item_id=CHOC_CHIP), ContentLine(6, item_id=SNICKERDOODLE)],
            # Big tin: two tins and 3 more chocolate chip
            BIG_TIN: [ContentLine(2, bundle_id=TIN), ContentLine(3, item_id=CHOC_CHIP)],
        },
        packages={
            GIFT_BOX: [ContentLine(1, bundle_id=TIN)],
            SAMPLER: [ContentLine(1, bundle_id=BIG_TIN), ContentLine(2, item_id=LARGE)],
        },
        items=ITEMS,
    )


def test_sixty_and_thirty_six_cookies_need_three_and_two_batches() -> None:
    assert batches_required({CHOC_CHIP: 60, SNICKERDOODLE: 36}, ITEMS) == {
        COOKIES_A: 3,
        COOKIES_B: 2,
    }


def test_items_of_one_recipe_add_up_exactly_before_rounding() -> None:
    # 18 large (12 a batch) + 18 small (36 a batch) = 1.5 + 0.5 = 2 batches, not 3.
    assert recipe_fractions({LARGE: 18, SMALL: 18}, ITEMS) == {SUGAR_COOKIES: Fraction(2)}
    assert batches_required({LARGE: 18, SMALL: 18}, ITEMS) == {SUGAR_COOKIES: 2}


def test_nested_bundles_expand_to_item_units() -> None:
    assert graph().expand_bundle(BIG_TIN) == {CHOC_CHIP: 15, SNICKERDOODLE: 12}
    assert graph().expand_package(SAMPLER) == {CHOC_CHIP: 15, SNICKERDOODLE: 12, LARGE: 2}


def test_item_units_multiply_each_package_by_its_quantity() -> None:
    units = item_units(graph(), [(GIFT_BOX, 4), (SAMPLER, 2), (GIFT_BOX, 1)])
    assert units == {CHOC_CHIP: 60, SNICKERDOODLE: 54, LARGE: 4}
    assert batches_required(units, ITEMS) == {COOKIES_A: 3, COOKIES_B: 3, SUGAR_COOKIES: 1}


def test_an_empty_package_needs_nothing() -> None:
    assert item_units(graph(), [(12345, 3)]) == {}


def test_a_bundle_that_contains_itself_is_reported_with_its_path() -> None:
    looping = CatalogGraph(
        bundles={
            TIN: [ContentLine(1, bundle_id=BIG_TIN)],
            BIG_TIN: [ContentLine(1, bundle_id=TIN)],
        },
        packages={},
        items=ITEMS,
    )
    with pytest.raises(CycleDetected) as raised:
        looping.expand_bundle(TIN)
    assert raised.value.path == ["100", "200", "100"]


def test_finds_the_cycle_adding_a_bundle_would_make() -> None:
    children = {TIN: [], BIG_TIN: [TIN], 300: [BIG_TIN]}
    assert find_cycle(children, TIN, 300) == [TIN, 300, BIG_TIN, TIN]
    assert find_cycle(children, TIN, TIN) == [TIN, TIN]
    assert find_cycle(children, 300, TIN) is None


def test_assembly_counts_packages_already_claimed() -> None:
    claimed = {CHOC_CHIP: 24}  # one batch of chocolate chip already promised
    candidate = graph().expand_package(GIFT_BOX)  # 6 choc chip + 6 snickerdoodle
    produced = {COOKIES_A: 1, COOKIES_B: 1}
    assert assembly_shortfalls(claimed, candidate, produced, ITEMS) == [
        AssemblyShortfall(COOKIES_A, required=2, produced=1)
    ]
    assert assembly_shortfalls({}, candidate, produced, ITEMS) == []
