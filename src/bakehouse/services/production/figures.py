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
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.costing import Estimate, UnitPrice, estimate_lines
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.numbers import ZERO
from bakehouse.domain.planning import CatalogGraph, PackageBatches
from bakehouse.domain.subrecipes import batch_costs
from bakehouse.models import Assignment, ProductionRecord
from bakehouse.services.catalog.graph import PlanningCatalog, load_planning_catalog
from bakehouse.services.catalog.prices import latest_unit_prices


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
    #: A sub-recipe's row (docs/product.md §6.12): batches required, made for the event
    #: (``batches_produced``) and still to make; no costs; not in recipes complete/total.
    is_sub_recipe: bool = False
    still_to_make: int | None = None


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


class RecipeTotals(NamedTuple):
    """An event's recipes totalled: how many are complete, of how many, planned cost."""

    complete: int
    total: int
    planned_cost: Decimal
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
    quantities = load_package_quantities(session, event_ids)
    calculator, produced = _prepare(session, event_ids)
    return {
        event_id: calculator.figures(quantities.get(event_id, {}), produced.get(event_id, {}))
        for event_id in quantities.keys() | produced.keys()
    }


def event_figures(
    catalog: PlanningCatalog,
    prices: Mapping[int, UnitPrice],
    quantities: PackageQuantities,
    produced: Mapping[int, ProducedTotals],
) -> EventFigures:
    """One event's figures from rows the caller already loaded (no statements)."""
    return FigureCalculator(catalog, prices).figures(quantities, produced)


def summary_calculator(session: Session) -> FigureCalculator:
    """A calculator over the whole planning catalog at current prices: six statements."""
    return FigureCalculator(load_planning_catalog(session), latest_unit_prices(session))


def _prepare(
    session: Session, event_ids: Collection[int] | None
) -> tuple[FigureCalculator, dict[int, dict[int, ProducedTotals]]]:
    """The catalog, production totals and prices: seven statements."""
    catalog = load_planning_catalog(session)
    produced = load_production_totals(session, event_ids)
    return FigureCalculator(catalog, latest_unit_prices(session)), produced


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
        .where(
            ProductionRecord.reversed_at.is_(None),
            ProductionRecord.event_id.is_not(None),
            # A sub-recipe bake's cost reaches events through the bakes that draw it (§6.12).
            ProductionRecord.makes_stock.is_(False),
        )
        .group_by(ProductionRecord.event_id, ProductionRecord.recipe_id)
    )
    if event_ids is not None:
        stmt = stmt.where(ProductionRecord.event_id.in_(sorted(event_ids)))
    result: dict[int, dict[int, ProducedTotals]] = defaultdict(dict)
    for event_id, recipe_id, batches, cost in session.execute(stmt):
        if event_id is not None:
            result[event_id][recipe_id] = ProducedTotals(int(batches), cost)
    return dict(result)


def required_batches(graph: CatalogGraph, quantities: PackageQuantities) -> dict[int, int]:
    """Whole batches per recipe for every package of the event, whatever its status."""
    return PackageBatches(graph).batches(
        (package_id, quantity) for (package_id, _status), quantity in quantities.items()
    )


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


NOTHING_PRODUCED = ProducedTotals(0, ZERO)


class FigureCalculator:
    """Per-event maths over the loaded rows, with what repeats across events memoised:
    each package's batch numerators, and the planned cost of n batches of a recipe."""

    __slots__ = (
        "_batches",
        "_catalog",
        "_denominators",
        "_one_batch",
        "_planned",
        "_planned_costs",
        "_prices",
        "_shares",
    )

    def __init__(self, catalog: PlanningCatalog, prices: Mapping[int, UnitPrice]) -> None:
        self._catalog = catalog
        self._prices = prices
        self._batches = PackageBatches(catalog.graph)
        self._denominators = dict(self._batches.denominators)
        self._shares: dict[int, tuple[tuple[int, int], ...]] = {}
        # One batch of each recipe, sub-recipes rolled up (docs/product.md §6.12).
        self._one_batch: dict[int, Estimate] = (
            batch_costs(catalog.nodes, prices) if catalog.sub_recipes else {}
        )
        self._planned: dict[tuple[int, int], Estimate] = {}
        self._planned_costs: dict[tuple[int, int], tuple[Decimal, bool]] = {}

    def planned(self, recipe_id: int, batches: int) -> Estimate:
        key = (recipe_id, batches)
        estimate = self._planned.get(key)
        if estimate is None:
            if batches == 0:
                estimate = Estimate(ZERO)
            else:
                one = self._one_batch.get(recipe_id)
                if one is None:
                    lines = self._catalog.recipes[recipe_id].batch_lines
                    one = self._one_batch[recipe_id] = estimate_lines(lines, self._prices)
                estimate = one.times(batches)
            self._planned[key] = estimate
        return estimate

    def figures(
        self, quantities: PackageQuantities, produced: Mapping[int, ProducedTotals]
    ) -> EventFigures:
        required = self._batches.batches(
            (package_id, quantity) for (package_id, _status), quantity in quantities.items()
        )
        recipes = []
        for recipe_id in required.keys() | produced.keys():
            need = required.get(recipe_id, 0)
            done = produced.get(recipe_id, NOTHING_PRODUCED)
            planned = self.planned(recipe_id, need)
            recipes.append(
                RecipeProgress(
                    recipe_id=recipe_id,
                    recipe_name=self._catalog.recipes[recipe_id].name,
                    batches_required=need,
                    batches_produced=done.batches,
                    is_complete=done.batches >= need,
                    actual_cost=done.actual_cost,
                    planned_cost=planned.total,
                    unpriced=bool(planned.unpriced_ingredient_ids),
                )
            )
        recipes.sort(key=lambda r: (r.recipe_name.lower(), r.recipe_id))
        return EventFigures(count_packages(quantities), tuple(recipes))

    def recipe_totals(
        self, package_quantities: Iterable[tuple[int, int]], produced: Mapping[int, int]
    ) -> RecipeTotals:
        """What :meth:`figures` gives, totalled over the recipes (kept in step by a test):
        from (package, quantity) pairs of any status and batches produced per recipe.

        The dashboard calls this once per event of the season, so it is written tight:
        integer numerators per recipe, then one memoised planned cost per recipe.
        """
        shares = self._shares
        numerators: dict[int, int] = {}
        so_far = numerators.get
        for package_id, quantity in package_quantities:
            package_shares = shares.get(package_id)
            if package_shares is None:
                package_shares = shares[package_id] = self._batches.shares(package_id)
            for recipe_id, numerator in package_shares:
                numerators[recipe_id] = so_far(recipe_id, 0) + numerator * quantity
        denominators = self._denominators
        costs = self._planned_costs
        baked = produced.get
        complete = 0
        planned_total = ZERO
        unpriced = False
        for recipe_id, numerator in numerators.items():
            need = -(-numerator // denominators[recipe_id])
            if baked(recipe_id, 0) >= need:
                complete += 1
            cost = costs.get((recipe_id, need))
            if cost is None:
                planned = self.planned(recipe_id, need)
                cost = costs[recipe_id, need] = (planned.total, not planned.is_complete)
            planned_total += cost[0]
            if cost[1]:
                unpriced = True
        # A recipe baked but no longer needed is complete (0 batches required).
        extra = len(produced.keys() - numerators.keys()) if produced else 0
        required = len(numerators)
        return RecipeTotals(complete + extra, required + extra, planned_total, unpriced)


def cost_totals(figures: EventFigures) -> CostTotals:
    return CostTotals(
        actual_total=sum((r.actual_cost for r in figures.recipes), ZERO),
        planned_total=sum((r.planned_cost for r in figures.recipes), ZERO),
        unpriced=any(r.unpriced for r in figures.recipes),
    )
