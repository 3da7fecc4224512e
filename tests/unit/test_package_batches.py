"""PackageBatches, the integer fast path, agrees with batches_required everywhere."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bakehouse.domain.planning import (
    CatalogGraph,
    ContentLine,
    ItemYield,
    PackageBatches,
    batches_required,
    item_units,
)

ITEMS = {
    1: ItemYield(1, 10, 24),
    2: ItemYield(2, 10, 36),  # a second item of the same recipe, another yield
    3: ItemYield(3, 20, 7),
    4: ItemYield(4, 30, 1),
}


def graph_of(package_lines: list[list[tuple[int, int]]], bundle_size: int) -> CatalogGraph:
    bundles = {
        100: [ContentLine(bundle_size, item_id=1), ContentLine(2, item_id=3)],
        200: [ContentLine(2, bundle_id=100), ContentLine(5, item_id=2)],  # nested
    }
    packages = {}
    for n, lines in enumerate(package_lines, start=1):
        packages[n] = [
            ContentLine(quantity, item_id=thing)
            if thing < 100
            else ContentLine(quantity, bundle_id=thing)
            for quantity, thing in lines
        ]
    return CatalogGraph(bundles=bundles, packages=packages, items=ITEMS)


line = st.tuples(st.integers(1, 30), st.sampled_from([1, 2, 3, 4, 100, 200]))
packages = st.lists(st.lists(line, max_size=4), min_size=1, max_size=5)


@given(
    package_lines=packages,
    bundle_size=st.integers(1, 13),
    orders=st.lists(st.tuples(st.integers(0, 4), st.integers(1, 5)), max_size=8),
)
def test_package_batches_equal_the_exact_fraction_ceiling(
    package_lines: list[list[tuple[int, int]]],
    bundle_size: int,
    orders: list[tuple[int, int]],
) -> None:
    graph = graph_of(package_lines, bundle_size)
    pairs = [(index % len(package_lines) + 1, quantity) for index, quantity in orders]

    expected = {
        recipe: batches
        for recipe, batches in batches_required(item_units(graph, pairs), graph.items).items()
        if batches > 0
    }
    assert PackageBatches(graph).batches(pairs) == expected


def test_one_and_a_half_plus_a_half_is_two_batches() -> None:
    graph = CatalogGraph(
        bundles={},
        packages={1: [ContentLine(36, item_id=1)], 2: [ContentLine(18, item_id=2)]},
        items=ITEMS,
    )

    assert PackageBatches(graph).batches([(1, 1), (2, 1)]) == {10: 2}  # 36/24 + 18/36
