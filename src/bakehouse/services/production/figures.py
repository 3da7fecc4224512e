"""Per-event figures for progress, costs and the dashboard, loaded set-based.

Whatever the number of events, recipes and packages, :func:`load_event_figures` issues
the same statements: the planning catalog (five), one grouped sum of assignment
quantities per event, package and status, one grouped sum of the event's live
(not reversed) production per recipe with its items' losses and moves
(docs/product.md §6.13), and one price lookup. The maths per event is done
in Python over those rows with :mod:`bakehouse.domain.planning` and
:mod:`bakehouse.domain.costing`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import String, func, literal, select, union_all
from sqlalchemy.orm import Session

from bakehouse.domain.costing import Estimate, UnitPrice, estimate_lines
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.numbers import ZERO, to_cents
from bakehouse.domain.outcomes import (
    ItemChanges,
    ItemCount,
    ItemShare,
    LossReason,
    OutcomeKind,
    batches_still_to_bake,
    is_covered,
    items_made,
)
from bakehouse.domain.planning import CatalogGraph, ItemYield, PackageBatches, item_units
from bakehouse.domain.subrecipes import batch_costs
from bakehouse.models import Assignment, Item, ItemOutcome, ProductionRecord
from bakehouse.services.catalog.graph import PlanningCatalog, load_planning_catalog
from bakehouse.services.catalog.prices import latest_unit_prices
from bakehouse.services.events.contents import CONTENTS_KEY
from bakehouse.services.events.pricing import (
    EventPrices,
    PriceBasis,
    PriceBook,
    load_event_prices,
)


@dataclass(frozen=True)
class PackageCounts:
    """Packages of an event by status, counted in packages (assignment quantities)."""

    total: int
    pending: int
    assembled: int
    delivered: int


@dataclass(frozen=True)
class ItemProgress:
    """One item of a recipe at an event: needed and good items made (docs/product.md
    §6.13), and what was lost, moved in and moved out."""

    item_id: int
    item_name: str
    items_per_batch: int
    items_required: int
    items_made: int
    items_lost: int
    items_moved_in: int
    items_moved_out: int


@dataclass(frozen=True)
class LossCost:
    """What the event lost of a recipe for one reason: items and their cost."""

    reason: LossReason
    items: int
    cost: Decimal


@dataclass(frozen=True)
class RecipeProgress:
    """One recipe of an event: planned and baked batches, actual and planned cost.

    ``unpriced`` is true when some ingredient of a required batch was never bought, so
    ``planned_cost`` leaves it out rather than pretending it is free. ``is_complete`` and
    ``batches_still_to_bake`` count good items (docs/product.md §6.13); ``actual_cost``
    includes what was lost and what was moved in, less what was moved out.
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
    batches_still_to_bake: int = 0
    items: tuple[ItemProgress, ...] = ()
    lost_cost: Decimal = ZERO
    losses: tuple[LossCost, ...] = ()
    #: Planned cost of one batch, and of the batches still to bake (§6.15).
    planned_one_batch: Decimal = ZERO
    still_to_bake_cost: Decimal = ZERO
    #: The same batches at today's prices, for a plan priced otherwise (locked, or a past
    #: event's as of its date; docs/product.md §6.20); ``None`` when priced today.
    repriced_cost: Decimal | None = None
    #: Some ingredient of the plan is priced from a list price: an estimate (§6.17).
    estimated: bool = False


@dataclass(frozen=True)
class EventFigures:
    packages: PackageCounts
    recipes: tuple[RecipeProgress, ...]
    #: Where the planned costs' prices come from (docs/product.md §6.2, §6.20).
    price_basis: PriceBasis = PriceBasis.CURRENT
    prices_as_of: date | None = None


@dataclass(frozen=True)
class CostTotals:
    actual_total: Decimal
    planned_total: Decimal
    #: Some required batch has an ingredient that was never bought (left out of planned).
    unpriced: bool
    #: Some ingredient of the plan is priced from a list price (docs/product.md §6.17).
    estimated: bool = False


class RecipeTotals(NamedTuple):
    """An event's recipes totalled: how many are complete, of how many, planned cost."""

    complete: int
    total: int
    planned_cost: Decimal
    #: Some required batch has an ingredient that was never bought (left out of planned).
    unpriced: bool
    #: Planned cost of the batches still to bake: forecast = actual + this (§6.15).
    still_to_bake_cost: Decimal = ZERO


NO_PACKAGES = PackageCounts(0, 0, 0, 0)
EMPTY_FIGURES = EventFigures(NO_PACKAGES, ())


@dataclass(frozen=True)
class ProducedTotals:
    """An event's live production of a recipe: batches, and its actual cost (bakes, plus
    items moved in, less items moved out); what became of its items, by item id; its
    losses' cost by reason."""

    batches: int
    actual_cost: Decimal
    changes: Mapping[int, ItemChanges] = field(default_factory=dict)
    losses: Mapping[LossReason, tuple[int, Decimal]] = field(default_factory=dict)

    @property
    def lost_cost(self) -> Decimal:
        return sum((cost for _items, cost in self.losses.values()), ZERO)


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
    prices: Mapping[int, UnitPrice] | EventPrices,
    quantities: PackageQuantities,
    produced: Mapping[int, ProducedTotals],
) -> EventFigures:
    """One event's figures from rows the caller already loaded (no statements).

    With :class:`EventPrices` (a locked or past event), planned costs use its prices and
    each recipe also shows its batches re-priced at today's prices (§6.20).
    """
    return calculator_for(catalog, prices).figures(quantities, produced)


def calculator_for(
    catalog: PlanningCatalog, prices: Mapping[int, UnitPrice] | EventPrices
) -> FigureCalculator:
    """A calculator at plain ``prices``, or at an event's prices with today's beside."""
    if not isinstance(prices, EventPrices):
        return FigureCalculator(catalog, prices)
    if prices.basis is PriceBasis.CURRENT:
        return FigureCalculator(catalog, prices.prices)
    today = FigureCalculator(catalog, prices.current)
    return FigureCalculator(
        catalog, prices.prices, repriced=today, basis=prices.basis, as_of=prices.as_of
    )


class EventCalculators:
    """One calculator per way of pricing: every event priced today shares one; a locked
    event or a past one (priced as of its date) has its own (docs/product.md §6.20)."""

    __slots__ = ("_book", "_by_event", "_catalog", "today")

    def __init__(self, catalog: PlanningCatalog, book: PriceBook) -> None:
        self._catalog = catalog
        self._book = book
        self._by_event: dict[int, FigureCalculator] = {}
        self.today = FigureCalculator(catalog, book.current)

    def of(self, event_id: int) -> FigureCalculator:
        mark = self._book.marked.get(event_id)
        if mark is None or (mark[3] and not mark[1]):  # today's prices, or the same
            return self.today
        calculator = self._by_event.get(event_id)
        if calculator is None:
            calculator = FigureCalculator(self._catalog, self._book.of(event_id).prices)
            self._by_event[event_id] = calculator
        return calculator


def summary_calculator(session: Session, *, today: date | None = None) -> EventCalculators:
    """Calculators over the whole planning catalog at each event's prices: seven
    statements (the catalog's five, today's prices, every past or locked event's prices
    in one; docs/product.md §6.20)."""
    return EventCalculators(load_planning_catalog(session), load_event_prices(session, today=today))


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
    # Keyed by contents: assembled and delivered packages by their snapshot (§6.20).
    stmt = select(
        Assignment.event_id,
        CONTENTS_KEY,
        Assignment.status,
        func.sum(Assignment.quantity),
    ).group_by(Assignment.event_id, CONTENTS_KEY, Assignment.status)
    if event_ids is not None:
        stmt = stmt.where(Assignment.event_id.in_(sorted(event_ids)))
    result: dict[int, PackageQuantities] = defaultdict(dict)
    for event_id, package_id, status, quantity in session.execute(stmt):
        result[event_id][(package_id, AssignmentStatus(status))] = int(quantity)
    return dict(result)


def load_production_totals(
    session: Session, event_ids: Collection[int] | None = None
) -> dict[int, dict[int, ProducedTotals]]:
    """Σ batches and Σ actual cost of live production per event and recipe, with the
    losses and moves of its items (docs/product.md §6.13): one statement."""
    bakes = select(
        ProductionRecord.event_id,
        ProductionRecord.recipe_id,
        literal(0).label("item_id"),
        literal("bake", String).label("kind"),
        literal("", String).label("reason"),
        func.sum(ProductionRecord.batches).label("amount"),
        func.sum(ProductionRecord.actual_cost).label("cost"),
    ).where(
        ProductionRecord.reversed_at.is_(None),
        ProductionRecord.event_id.is_not(None),
        # A sub-recipe bake's cost reaches events through the bakes that draw it (§6.12).
        ProductionRecord.makes_stock.is_(False),
    )
    live = (
        select(ItemOutcome)
        .join(ProductionRecord, ProductionRecord.id == ItemOutcome.production_record_id)
        .join(Item, Item.id == ItemOutcome.item_id)
        .where(ProductionRecord.reversed_at.is_(None))
    )
    leaving = live.with_only_columns(
        ItemOutcome.event_id,
        Item.recipe_id,
        ItemOutcome.item_id,
        ItemOutcome.kind.cast(String),
        func.coalesce(ItemOutcome.reason.cast(String), ""),
        func.sum(ItemOutcome.quantity),
        func.sum(ItemOutcome.cost),
    )
    arriving = live.with_only_columns(
        ItemOutcome.to_event_id,
        Item.recipe_id,
        ItemOutcome.item_id,
        literal("in", String),
        literal("", String),
        func.sum(ItemOutcome.quantity),
        func.sum(ItemOutcome.cost),
    ).where(ItemOutcome.kind == OutcomeKind.MOVE)
    if event_ids is not None:
        wanted = sorted(event_ids)
        bakes = bakes.where(ProductionRecord.event_id.in_(wanted))
        leaving = leaving.where(ItemOutcome.event_id.in_(wanted))
        arriving = arriving.where(ItemOutcome.to_event_id.in_(wanted))
    stmt = union_all(
        bakes.group_by(ProductionRecord.event_id, ProductionRecord.recipe_id),
        leaving.group_by(
            ItemOutcome.event_id,
            Item.recipe_id,
            ItemOutcome.item_id,
            ItemOutcome.kind,
            ItemOutcome.reason,
        ),
        arriving.group_by(ItemOutcome.to_event_id, Item.recipe_id, ItemOutcome.item_id),
    )
    rows: dict[tuple[int, int], _Totals] = defaultdict(_Totals)
    for event_id, recipe_id, item_id, kind, reason, amount, cost in session.execute(stmt):
        rows[(event_id, recipe_id)].add(item_id, kind, reason, int(amount), cost)
    result: dict[int, dict[int, ProducedTotals]] = defaultdict(dict)
    for (event_id, recipe_id), totals in rows.items():
        result[event_id][recipe_id] = totals.produced()
    return dict(result)


class _Totals:
    """One event's rows of one recipe, added up as they come."""

    def __init__(self) -> None:
        self.batches = 0
        self.cost = ZERO
        self.changes: dict[int, ItemChanges] = {}
        self.losses: dict[LossReason, tuple[int, Decimal]] = {}

    def add(self, item_id: int, kind: str, reason: str, amount: int, cost: Decimal) -> None:
        if kind == "bake":
            self.batches += amount
            self.cost += cost
            return
        if kind == OutcomeKind.LOSS:
            change = ItemChanges(lost=amount)
            items, lost_cost = self.losses.get(LossReason(reason), (0, ZERO))
            self.losses[LossReason(reason)] = (items + amount, lost_cost + cost)
        elif kind == OutcomeKind.MOVE:
            change = ItemChanges(moved_out=amount)
            self.cost -= cost
        else:
            change = ItemChanges(moved_in=amount)
            self.cost += cost
        self.changes[item_id] = self.changes.get(item_id, ItemChanges()) + change

    def produced(self) -> ProducedTotals:
        losses = dict(sorted(self.losses.items()))
        return ProducedTotals(self.batches, self.cost, self.changes, losses)


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
        "_one_batch",
        "_per_recipe",
        "_planned",
        "_prices",
        "_recipe_items",
        "_repriced",
        "_shares",
        "as_of",
        "basis",
    )

    def __init__(
        self,
        catalog: PlanningCatalog,
        prices: Mapping[int, UnitPrice],
        *,
        repriced: FigureCalculator | None = None,
        basis: PriceBasis = PriceBasis.CURRENT,
        as_of: date | None = None,
    ) -> None:
        self._catalog = catalog
        self._prices = prices
        #: The same catalog at today's prices, for a plan priced otherwise (§6.20).
        self._repriced = repriced
        self.basis = basis
        self.as_of = as_of
        self._batches = PackageBatches(catalog.graph)
        #: Per recipe: its batch denominator, and its planned cost and unpriced flag by
        #: batches (memoised): one look-up per recipe of an event in recipe_totals.
        self._per_recipe: dict[int, tuple[int, dict[int, tuple[Decimal, bool]]]] = {
            recipe_id: (denominator, {})
            for recipe_id, denominator in self._batches.denominators.items()
        }
        self._shares: dict[int, tuple[tuple[int, int], ...]] = {}
        # One batch of each recipe, sub-recipes rolled up (docs/product.md §6.12).
        self._one_batch: dict[int, Estimate] = (
            batch_costs(catalog.nodes, prices) if catalog.sub_recipes else {}
        )
        self._planned: dict[tuple[int, int], Estimate] = {}
        self._recipe_items: dict[int, tuple[ItemYield, ...]] | None = None

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
        pairs = [(package_id, quantity) for (package_id, _status), quantity in quantities.items()]
        required = self._batches.batches(pairs)
        units = item_units(self._catalog.graph, pairs)
        recipes = []
        for recipe_id in required.keys() | produced.keys():
            need = required.get(recipe_id, 0)
            done = produced.get(recipe_id, NOTHING_PRODUCED)
            planned = self.planned(recipe_id, need)
            counts = self.item_counts(recipe_id, units, done)
            still = batches_still_to_bake(counts)
            recipes.append(
                RecipeProgress(
                    recipe_id=recipe_id,
                    recipe_name=self._catalog.recipes[recipe_id].name,
                    batches_required=need,
                    batches_produced=done.batches,
                    is_complete=is_covered(counts),
                    actual_cost=done.actual_cost,
                    planned_cost=planned.total,
                    unpriced=bool(planned.unpriced_ingredient_ids),
                    batches_still_to_bake=still,
                    items=tuple(self._item_progress(c, done) for c in counts),
                    lost_cost=done.lost_cost,
                    losses=tuple(
                        LossCost(reason, items, cost)
                        for reason, (items, cost) in done.losses.items()
                    ),
                    planned_one_batch=self.planned(recipe_id, 1).total,
                    still_to_bake_cost=self.planned(recipe_id, still).total,
                    repriced_cost=(
                        None
                        if self._repriced is None
                        else self._repriced.planned(recipe_id, need).total
                    ),
                    estimated=planned.is_estimate,
                )
            )
        recipes.sort(key=lambda r: (r.recipe_name.lower(), r.recipe_id))
        return EventFigures(count_packages(quantities), tuple(recipes), self.basis, self.as_of)

    def recipe_items(self, recipe_id: int) -> tuple[ItemYield, ...]:
        """The items a recipe yields, by id."""
        if self._recipe_items is None:
            grouped: dict[int, list[ItemYield]] = defaultdict(list)
            for item in sorted(self._catalog.graph.items.values(), key=lambda i: i.item_id):
                grouped[item.recipe_id].append(item)
            self._recipe_items = {r: tuple(items) for r, items in grouped.items()}
        return self._recipe_items.get(recipe_id, ())

    def item_counts(
        self, recipe_id: int, units: Mapping[int, int], done: ProducedTotals
    ) -> tuple[ItemCount, ...]:
        shares = [
            ItemShare(item.item_id, item.items_per_batch, units.get(item.item_id, 0))
            for item in self.recipe_items(recipe_id)
        ]
        return items_made(shares, done.batches, done.changes)

    def _item_progress(self, count: ItemCount, done: ProducedTotals) -> ItemProgress:
        change = done.changes.get(count.item_id, ItemChanges())
        return ItemProgress(
            item_id=count.item_id,
            item_name=self._catalog.graph.items[count.item_id].name,
            items_per_batch=count.items_per_batch,
            items_required=count.needed,
            items_made=count.made_whole,
            items_lost=change.lost,
            items_moved_in=change.moved_in,
            items_moved_out=change.moved_out,
        )

    def recipe_totals(
        self,
        package_quantities: Iterable[tuple[int, int]],
        produced: Mapping[int, int],
        changes: Mapping[int, Mapping[int, ItemChanges]] | None = None,
    ) -> RecipeTotals:
        """What :meth:`figures` gives, totalled over the recipes (kept in step by a test):
        from (package, quantity) pairs of any status and batches produced per recipe.

        The dashboard calls this once per event of the season, so it is written tight:
        integer numerators per recipe, then one memoised planned cost per recipe. Items
        are counted only for recipes whose items were lost or moved (``changes``, by
        recipe): without that, good items cover the need exactly when the batches do
        (docs/product.md §6.13).
        """
        if changes:
            package_quantities = list(package_quantities)
        units: dict[int, int] | None = None
        shares = self._shares
        numerators: dict[int, int] = {}
        so_far = numerators.get
        for package_id, quantity in package_quantities:
            package_shares = shares.get(package_id)
            if package_shares is None:
                package_shares = shares[package_id] = self._batches.shares(package_id)
            for recipe_id, numerator in package_shares:
                numerators[recipe_id] = so_far(recipe_id, 0) + numerator * quantity
        per_recipe = self._per_recipe
        baked = produced.get
        complete = 0
        planned_total = still_total = ZERO
        unpriced = False
        for recipe_id, numerator in numerators.items():
            denominator, costs = per_recipe[recipe_id]
            need = -(-numerator // denominator)
            made = baked(recipe_id, 0)
            if changes and recipe_id in changes:
                if units is None:
                    units = item_units(self._catalog.graph, package_quantities)
                done = ProducedTotals(made, ZERO, changes[recipe_id])
                covered = is_covered(self.item_counts(recipe_id, units, done))
            else:
                covered = made >= need
            complete += covered
            # Memoised as shown: to the cent per recipe, so an event's planned cost is
            # the sum of its recipes' on the costs page (docs/product.md §6.15).
            cost = costs.get(need)
            if cost is None:
                planned = self.planned(recipe_id, need)
                cost = costs[need] = (to_cents(planned.total), not planned.is_complete)
            planned_total += cost[0]
            if cost[1]:
                unpriced = True
            if not covered:  # docs/product.md §6.15: the batches still to bake, as planned
                left = max(need - made, 1)
                still = costs.get(left)
                if still is None:
                    planned = self.planned(recipe_id, left)
                    still = costs[left] = (to_cents(planned.total), not planned.is_complete)
                still_total += still[0]
        # A recipe baked but no longer needed is complete (0 batches required).
        extra = len(produced.keys() - numerators.keys()) if produced else 0
        required = len(numerators)
        return RecipeTotals(
            complete + extra, required + extra, planned_total, unpriced, still_total
        )


def cost_totals(figures: EventFigures) -> CostTotals:
    return CostTotals(
        actual_total=sum((r.actual_cost for r in figures.recipes), ZERO),
        planned_total=sum((r.planned_cost for r in figures.recipes), ZERO),
        unpriced=any(r.unpriced for r in figures.recipes),
        estimated=any(r.estimated for r in figures.recipes),
    )
