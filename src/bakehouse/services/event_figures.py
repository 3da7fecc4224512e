"""Per-event figures for progress, costs and the dashboard, loaded set-based.

Whatever the number of events, recipes and packages, :func:`load_event_figures` issues
the same statements: the planning catalog (five), one grouped sum of assignment
quantities per event, package and status, one grouped sum of the event's live
(not reversed) production per recipe, and one price lookup. The maths per event is done
in Python over those rows with :mod:`bakehouse.domain.planning` and
:mod:`bakehouse.domain.costing`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.costing import Estimate, UnitPrice, estimate_lines
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.numbers import ZERO
from bakehouse.domain.planning import CatalogGraph, batches_required, item_units
from bakehouse.models import Assignment, ProductionRecord
from bakehouse.services.catalog_graph import PlanningCatalog, load_planning_catalog
from bakehouse.services.prices import latest_unit_prices


@dataclass(frozen=True)
class PackageCounts:
    """Packages of an event by status, counted in packages (assignment quantities)."""

    total: int
    pending: int
    assembled: int
    delivered: int


@dataclass(frozen=True)
class RecipeProgress:
    """One recipe of an event: planned and baked batches, actual and planned cost.

    ``unpriced`` is true when some ingredient of a required batch was never bought, so
    ``planned_cost`` leaves it out rather than pretending it is free.
    """

    recipe_id: int
    recipe_name: str
    batches_required: int
    batches_produced: int
    is_complete: bool
    actual_cost: Decimal
    planned_cost: Decimal
    unpriced: bool


@dataclass(frozen=True)
class EventFigures:
    packages: PackageCounts
    recipes: tuple[RecipeProgress, ...]


@dataclass(frozen=True)
class CostTotals:
    actual_total: Decimal
    planned_total: Decimal
    #: Some required batch has an ingredient that was never bought (left out of planned).
    unpriced: bool


NO_PACKAGES = PackageCounts(0, 0, 0, 0)
EMPTY_FIGURES = EventFigures(NO_PACKAGES, ())


@dataclass(frozen=True)
class ProducedTotals:
    batches: int
    actual_cost: Decimal


def load_event_figures(
    session: Session, event_ids: Collection[int] | None = None
) -> dict[int, EventFigures]:
    """Figures of the given events (every event when ``None``), keyed by event id.

    Events with neither assignments nor production are absent from the result.
    """
    catalog = load_planning_catalog(session)
    quantities = load_package_quantities(session, event_ids)
    produced = load_production_totals(session, event_ids)
    prices = latest_unit_prices(session)
    batch_costs = _BatchCosts(catalog, prices)
    figures: dict[int, EventFigures] = {}
    for event_id in quantities.keys() | produced.keys():
        figures[event_id] = _event_figures(
            catalog, batch_costs, quantities.get(event_id, {}), produced.get(event_id, {})
        )
    return figures


PackageQuantities = dict[tuple[int, AssignmentStatus], int]


def load_package_quantities(
    session: Session, event_ids: Collection[int] | None = None
) -> dict[int, PackageQuantities]:
    """Σ assignment quantity per event, then per (package, status): one statement."""
    stmt = select(
        Assignment.event_id,
        Assignment.package_id,
        Assignment.status,
        func.sum(Assignment.quantity),
    ).group_by(Assignment.event_id, Assignment.package_id, Assignment.status)
    if event_ids is not None:
        stmt = stmt.where(Assignment.event_id.in_(sorted(event_ids)))
    result: dict[int, PackageQuantities] = defaultdict(dict)
    for event_id, package_id, status, quantity in session.execute(stmt):
        result[event_id][(package_id, AssignmentStatus(status))] = int(quantity)
    return dict(result)


def load_production_totals(
    session: Session, event_ids: Collection[int] | None = None
) -> dict[int, dict[int, ProducedTotals]]:
    """Σ batches and Σ actual cost of live production per event and recipe: one statement."""
    stmt = (
        select(
            ProductionRecord.event_id,
            ProductionRecord.recipe_id,
            func.sum(ProductionRecord.batches),
            func.sum(ProductionRecord.actual_cost),
        )
        .where(ProductionRecord.reversed_at.is_(None))
        .group_by(ProductionRecord.event_id, ProductionRecord.recipe_id)
    )
    if event_ids is not None:
        stmt = stmt.where(ProductionRecord.event_id.in_(sorted(event_ids)))
    result: dict[int, dict[int, ProducedTotals]] = defaultdict(dict)
    for event_id, recipe_id, batches, cost in session.execute(stmt):
        result[event_id][recipe_id] = ProducedTotals(int(batches), cost)
    return dict(result)


def required_batches(graph: CatalogGraph, quantities: PackageQuantities) -> dict[int, int]:
    """Whole batches per recipe for every package of the event, whatever its status."""
    per_package: dict[int, int] = defaultdict(int)
    for (package_id, _status), quantity in quantities.items():
        per_package[package_id] += quantity
    units = item_units(graph, per_package.items())
    return {
        recipe_id: batches
        for recipe_id, batches in batches_required(units, graph.items).items()
        if batches > 0
    }


def count_packages(quantities: PackageQuantities) -> PackageCounts:
    by_status: dict[AssignmentStatus, int] = defaultdict(int)
    for (_package_id, status), quantity in quantities.items():
        by_status[status] += quantity
    return PackageCounts(
        total=sum(by_status.values()),
        pending=by_status[AssignmentStatus.PENDING],
        assembled=by_status[AssignmentStatus.ASSEMBLED],
        delivered=by_status[AssignmentStatus.DELIVERED],
    )


class _BatchCosts:
    """One batch of each recipe at current prices, estimated once per call."""

    def __init__(self, catalog: PlanningCatalog, prices: Mapping[int, UnitPrice]) -> None:
        self._catalog = catalog
        self._prices = prices
        self._cache: dict[int, Estimate] = {}

    def planned(self, recipe_id: int, batches: int) -> Estimate:
        if batches == 0:
            return Estimate(ZERO)
        estimate = self._cache.get(recipe_id)
        if estimate is None:
            estimate = estimate_lines(self._catalog.recipes[recipe_id].batch_lines, self._prices)
            self._cache[recipe_id] = estimate
        return estimate.times(batches)


def _event_figures(
    catalog: PlanningCatalog,
    batch_costs: _BatchCosts,
    quantities: PackageQuantities,
    produced: Mapping[int, ProducedTotals],
) -> EventFigures:
    required = required_batches(catalog.graph, quantities)
    recipes = []
    for recipe_id in required.keys() | produced.keys():
        need = required.get(recipe_id, 0)
        done = produced.get(recipe_id, ProducedTotals(0, ZERO))
        planned = batch_costs.planned(recipe_id, need)
        recipes.append(
            RecipeProgress(
                recipe_id=recipe_id,
                recipe_name=catalog.recipes[recipe_id].name,
                batches_required=need,
                batches_produced=done.batches,
                is_complete=done.batches >= need,
                actual_cost=done.actual_cost,
                planned_cost=planned.total,
                unpriced=not planned.is_complete,
            )
        )
    recipes.sort(key=lambda r: (r.recipe_name.lower(), r.recipe_id))
    return EventFigures(count_packages(quantities), tuple(recipes))


def cost_totals(figures: EventFigures) -> CostTotals:
    return CostTotals(
        actual_total=sum((r.actual_cost for r in figures.recipes), ZERO),
        planned_total=sum((r.planned_cost for r in figures.recipes), ZERO),
        unpriced=any(r.unpriced for r in figures.recipes),
    )


def event_is_complete(packages: PackageCounts) -> bool:
    """PRODUCT §3: all packages delivered and at least one; no packages is never complete."""
    return packages.total > 0 and packages.delivered == packages.total
