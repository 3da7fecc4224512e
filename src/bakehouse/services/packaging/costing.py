"""What a package holds, its allergens, and what it costs to make at current prices.

A package holds items; each item is a fraction of a batch of its recipe (units ÷ items
per batch, exactly); each batch is priced line by line at the ingredients' latest unit
prices. Ingredients never bought are named as unpriced, never counted as $0.
Everything here loads the planning catalog once, whatever the number of packages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.costing import Estimate, estimate_lines
from bakehouse.domain.numbers import ZERO, quantize_money
from bakehouse.domain.planning import recipe_fractions
from bakehouse.models import Item, Package
from bakehouse.services.catalog.graph import PlanningCatalog, load_planning_catalog
from bakehouse.services.catalog.prices import latest_unit_prices
from bakehouse.services.core.naming import get_by_id
from bakehouse.services.packaging.packages import PackageItem, allergens_by_package, contents_of


@dataclass(frozen=True)
class PackageSummary:
    """A package with its contents (bundles expanded), allergens and estimated cost."""

    package_id: int
    package: str
    items: tuple[PackageItem, ...]
    allergens: tuple[str, ...]
    cost: Estimate


def get_package_cost(session: Session, package_id: int) -> Estimate:
    """Estimated cost of one package at current prices. Raises :class:`NotFound`."""
    get_by_id(session, Package, "package", package_id)
    return get_package_costs(session, [package_id])[package_id]


def get_package_costs(session: Session, package_ids: list[int]) -> dict[int, Estimate]:
    """Estimated cost of each package, in six statements whatever their number."""
    return _costs(session, load_planning_catalog(session), package_ids)


def get_package_summary(session: Session, package_id: int) -> PackageSummary:
    """One package's contents, allergens and cost. Raises :class:`NotFound`."""
    package = get_by_id(session, Package, "package", package_id)
    return _summaries(session, [(package.id, package.name)])[0]


def list_package_summaries(session: Session) -> list[PackageSummary]:
    """Every package's contents, allergens and cost, by name, in eight statements."""
    rows = session.execute(select(Package.id, Package.name).order_by(Package.name)).all()
    return _summaries(session, [(package_id, name) for package_id, name in rows])


def _summaries(session: Session, packages: list[tuple[int, str]]) -> list[PackageSummary]:
    catalog = load_planning_catalog(session)
    ids = [package_id for package_id, _ in packages]
    costs = _costs(session, catalog, ids)
    allergens = allergens_by_package(catalog, ids)
    names = dict(session.execute(select(Item.id, Item.name)).all())
    return [
        PackageSummary(
            package_id,
            name,
            contents_of(catalog, names, package_id),
            tuple(allergens[package_id]),
            costs[package_id],
        )
        for package_id, name in packages
    ]


def _costs(
    session: Session, catalog: PlanningCatalog, package_ids: list[int]
) -> dict[int, Estimate]:
    ingredient_ids = {
        line.ingredient_id for recipe in catalog.recipes.values() for line in recipe.batch_lines
    }
    prices = latest_unit_prices(session, ingredient_ids)
    batch_costs = {
        recipe_id: estimate_lines(recipe.batch_lines, prices)
        for recipe_id, recipe in catalog.recipes.items()
    }
    return {
        package_id: package_cost(catalog, batch_costs, package_id) for package_id in package_ids
    }


def package_cost(
    catalog: PlanningCatalog, batch_costs: Mapping[int, Estimate], package_id: int
) -> Estimate:
    """One package's share of each of its recipes' batch costs (no statements): the
    packages page prices batches today, a comparison as of an event's date."""
    fractions = recipe_fractions(catalog.graph.expand_package(package_id), catalog.graph.items)
    total = ZERO
    unpriced: set[int] = set()
    estimated: set[int] = set()
    for recipe_id, fraction in fractions.items():
        batch = batch_costs[recipe_id]
        total += batch.total * fraction.numerator / fraction.denominator
        unpriced.update(batch.unpriced_ingredient_ids)
        estimated.update(batch.estimated_ingredient_ids)
    ids = tuple(sorted(unpriced, key=lambda i: catalog.ingredients[i].name.lower()))
    names = {i: catalog.ingredients[i].name for i in ids}
    return Estimate(quantize_money(total), ids, (), tuple(sorted(estimated))).named(names)
