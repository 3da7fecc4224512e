"""Planning maths, pure: from packages to items to batches.

docs/product.md §2.3: units of each item = Σ assignment quantity × package contents (bundles
expanded recursively); batches of a recipe = ceiling of Σ over its items of
units ÷ items per batch (exact fractions, so 1.5 + 0.5 is 2 batches).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from bakehouse.errors import CycleDetected


@dataclass(frozen=True)
class ContentLine:
    """One line of a bundle or package: ``quantity`` of an item or of a bundle."""

    quantity: int
    item_id: int | None = None
    bundle_id: int | None = None


@dataclass(frozen=True)
class ItemYield:
    item_id: int
    recipe_id: int
    items_per_batch: int
    name: str = ""


@dataclass
class CatalogGraph:
    """Bundles, packages and items, loaded once; expansions are memoised."""

    bundles: Mapping[int, Sequence[ContentLine]]
    packages: Mapping[int, Sequence[ContentLine]]
    items: Mapping[int, ItemYield]
    _bundle_cache: dict[int, dict[int, int]] = field(default_factory=dict, repr=False)
    _package_cache: dict[int, dict[int, int]] = field(default_factory=dict, repr=False)

    def expand_bundle(self, bundle_id: int, _path: tuple[int, ...] = ()) -> dict[int, int]:
        """Units of each item in one bundle, nested bundles included."""
        cached = self._bundle_cache.get(bundle_id)
        if cached is not None:
            return cached
        if bundle_id in _path:
            raise CycleDetected([str(b) for b in (*_path, bundle_id)])
        units = self._expand(self.bundles.get(bundle_id, ()), (*_path, bundle_id))
        self._bundle_cache[bundle_id] = units
        return units

    def expand_package(self, package_id: int) -> dict[int, int]:
        """Units of each item in one package."""
        cached = self._package_cache.get(package_id)
        if cached is None:
            cached = self._expand(self.packages.get(package_id, ()), ())
            self._package_cache[package_id] = cached
        return cached

    def _expand(self, lines: Iterable[ContentLine], path: tuple[int, ...]) -> dict[int, int]:
        units: dict[int, int] = defaultdict(int)
        for line in lines:
            if line.item_id is not None:
                units[line.item_id] += line.quantity
            elif line.bundle_id is not None:
                for item_id, count in self.expand_bundle(line.bundle_id, path).items():
                    units[item_id] += count * line.quantity
        return dict(units)


def contents_key(package_id: int, snapshot_id: int | None) -> int:
    """The key of an assignment's contents in :class:`CatalogGraph` ``packages``: its
    package's id while pending, minus its snapshot's id once assembled or delivered
    (docs/product.md §6.20: what was assembled stays as assembled)."""
    return package_id if snapshot_id is None else -snapshot_id


def item_units(
    graph: CatalogGraph, package_quantities: Iterable[tuple[int, int]]
) -> dict[int, int]:
    """Σ quantity × package contents over ``(package_id, quantity)`` pairs."""
    totals: dict[int, int] = defaultdict(int)
    for package_id, quantity in package_quantities:
        for item_id, count in graph.expand_package(package_id).items():
            totals[item_id] += count * quantity
    return dict(totals)


def recipe_fractions(
    units_by_item: Mapping[int, int], items: Mapping[int, ItemYield]
) -> dict[int, Fraction]:
    """Exact (fractional) batches per recipe."""
    batches: dict[int, Fraction] = defaultdict(Fraction)
    for item_id, units in units_by_item.items():
        item = items[item_id]
        batches[item.recipe_id] += Fraction(units, item.items_per_batch)
    return dict(batches)


def batches_required(
    units_by_item: Mapping[int, int], items: Mapping[int, ItemYield]
) -> dict[int, int]:
    """Whole batches per recipe: the ceiling of the exact sum over its items."""
    return {
        recipe_id: math.ceil(fraction)
        for recipe_id, fraction in recipe_fractions(units_by_item, items).items()
    }


def find_cycle(
    children: Mapping[int, Iterable[int]], parent_id: int, child_id: int
) -> list[int] | None:
    """If putting ``child_id`` inside ``parent_id`` would loop, the looping path of ids
    (``[parent, child, …, parent]``): bundles inside bundles, recipes inside recipes."""
    if parent_id == child_id:
        return [parent_id, child_id]
    stack: list[tuple[int, list[int]]] = [(child_id, [parent_id, child_id])]
    seen: set[int] = set()
    while stack:
        current, path = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for nxt in children.get(current, ()):
            if nxt == parent_id:
                return [*path, parent_id]
            stack.append((nxt, [*path, nxt]))
    return None


@dataclass(frozen=True)
class AssemblyShortfall:
    recipe_id: int
    required: int
    produced: int
    #: Batches still to bake to cover the package (more than required − produced when
    #: good items were lost or moved away).
    missing: int = field(default=0, compare=False)
    #: Items of the recipe lost or moved away (net of moves in) that the package needed.
    lost: int = field(default=0, compare=False)


def assembly_shortfalls(
    claimed_units: Mapping[int, int],
    candidate_units: Mapping[int, int],
    produced_batches: Mapping[int, int],
    items: Mapping[int, ItemYield],
    good_batches: Mapping[int, Fraction] | None = None,
    lost_items: Mapping[int, int] | None = None,
) -> list[AssemblyShortfall]:
    """Recipes short if a package with ``candidate_units`` joins those already claimed.

    docs/product.md §2.5: a package can only be assembled from what production covers on top of
    the packages already assembled or delivered. docs/product.md §6.13: what production
    covers is its good items, ``good_batches`` per recipe (the batches' worth left after
    losses and moves; ``produced_batches`` when not given).
    """
    combined: dict[int, int] = defaultdict(int, claimed_units)
    for item_id, count in candidate_units.items():
        combined[item_id] += count
    candidate_recipes = {items[i].recipe_id for i in candidate_units if candidate_units[i] > 0}
    needed = recipe_fractions(combined, items)
    shortfalls = []
    for recipe_id in sorted(candidate_recipes):
        produced = produced_batches.get(recipe_id, 0)
        good = Fraction(produced) if good_batches is None else good_batches.get(recipe_id, 0)
        if needed[recipe_id] > good:
            shortfalls.append(
                AssemblyShortfall(
                    recipe_id,
                    math.ceil(needed[recipe_id]),
                    produced,
                    math.ceil(needed[recipe_id] - good),
                    (lost_items or {}).get(recipe_id, 0),
                )
            )
    return shortfalls


class PackageBatches:
    """Whole batches per recipe from package quantities, in integer maths.

    The same result as ``batches_required(item_units(graph, pairs), graph.items)``, but
    each package's contribution is worked out once (as whole numerators over a common
    denominator per recipe: the lcm of its items' yields), so totalling a thousand events
    is a few integer sums each instead of fraction arithmetic.
    """

    def __init__(self, graph: CatalogGraph) -> None:
        self._graph = graph
        self._denominators: dict[int, int] = defaultdict(lambda: 1)
        for item in graph.items.values():
            current = self._denominators[item.recipe_id]
            self._denominators[item.recipe_id] = math.lcm(current, item.items_per_batch)
        self._numerators: dict[int, dict[int, int]] = {}
        self._shares: dict[int, tuple[tuple[int, int], ...]] = {}

    def per_package(self, package_id: int) -> dict[int, int]:
        """Numerators per recipe for one of the package."""
        cached = self._numerators.get(package_id)
        if cached is None:
            numerators: dict[int, int] = defaultdict(int)
            for item_id, units in self._graph.expand_package(package_id).items():
                item = self._graph.items[item_id]
                share = self._denominators[item.recipe_id] // item.items_per_batch
                numerators[item.recipe_id] += units * share
            cached = self._numerators[package_id] = dict(numerators)
        return cached

    @property
    def denominators(self) -> Mapping[int, int]:
        """Per recipe, the common denominator of its numerators (batches = ⌈Σ ÷ this⌉)."""
        return self._denominators

    def shares(self, package_id: int) -> tuple[tuple[int, int], ...]:
        """(recipe, numerator) pairs of one of the package; only recipes it needs (> 0)."""
        cached = self._shares.get(package_id)
        if cached is None:
            cached = self._shares[package_id] = tuple(
                (recipe_id, numerator)
                for recipe_id, numerator in self.per_package(package_id).items()
                if numerator > 0
            )
        return cached

    def batches(self, package_quantities: Iterable[tuple[int, int]]) -> dict[int, int]:
        """Whole batches per recipe (recipes needing none left out)."""
        totals: dict[int, int] = defaultdict(int)
        for package_id, quantity in package_quantities:
            for recipe_id, numerator in self.per_package(package_id).items():
                totals[recipe_id] += numerator * quantity
        return {
            recipe_id: -(-numerator // self._denominators[recipe_id])
            for recipe_id, numerator in totals.items()
            if numerator > 0
        }
