"""How far along one event is, and what it costs against the plan (docs/product.md §3).

Both services issue the same few statements whatever the size of the event (see
:mod:`bakehouse.services.production.figures`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from bakehouse.domain.costing import VarianceState, recipe_forecast, total_forecast
from bakehouse.domain.numbers import ZERO, to_cents
from bakehouse.domain.progress import EventState, event_state
from bakehouse.domain.seasons import budget_standing
from bakehouse.errors import NotFound
from bakehouse.models import Event
from bakehouse.services.catalog.graph import load_planning_catalog
from bakehouse.services.events.pricing import PriceBasis, load_event_prices
from bakehouse.services.production.dashboard import (
    DashboardRow,
    DashboardSummary,
    DashboardTotals,
    get_dashboard_summary,
)
from bakehouse.services.production.figures import (
    CostTotals,
    EventFigures,
    LossCost,
    PackageCounts,
    RecipeProgress,
    cost_totals,
    event_figures,
    load_package_quantities,
    load_production_totals,
)
from bakehouse.services.production.sub_progress import (
    load_sub_recipe_rows,
    with_sub_recipe_rows,
)

__all__ = [
    "CostTotals",
    "DashboardRow",
    "DashboardSummary",
    "DashboardTotals",
    "PackageCounts",
    "ProductionProgress",
    "RecipeCost",
    "RecipeCostBreakdown",
    "RecipeProgress",
    "cost_breakdown_of",
    "get_dashboard_summary",
    "get_production_progress",
    "get_recipe_cost_breakdown",
    "progress_of",
]


@dataclass(frozen=True)
class ProductionProgress:
    event_id: int
    event_name: str
    event_date: date
    recipes: tuple[RecipeProgress, ...]
    packages: PackageCounts
    costs: CostTotals
    #: Every package delivered, and there is at least one.
    is_complete: bool
    has_packages: bool
    #: No packages planned, in progress or complete (``domain/progress.py``).
    state: EventState


@dataclass(frozen=True)
class RecipeCost:
    recipe_id: int
    recipe_name: str
    batches_required: int
    batches_produced: int
    actual_cost: Decimal
    planned_cost: Decimal
    unpriced: bool
    #: actual − planned cost of the batches baked; None while nothing is baked (§6.15).
    variance: Decimal | None
    variance_percent: Decimal | None
    #: What was lost of the recipe, by reason (docs/product.md §6.13); in ``actual_cost``.
    lost_cost: Decimal = ZERO
    losses: tuple[LossCost, ...] = ()
    #: Planned cost of the batches still to bake; forecast = actual + it (§6.15).
    still_to_bake_cost: Decimal = ZERO
    forecast_cost: Decimal = ZERO
    planned_baked_cost: Decimal = ZERO
    variance_state: VarianceState = VarianceState.NOT_STARTED
    #: The same batches at today's prices, when the plan is priced otherwise (§6.20).
    repriced_cost: Decimal | None = None


@dataclass(frozen=True)
class RecipeCostBreakdown:
    event_id: int
    event_name: str
    event_date: date
    rows: tuple[RecipeCost, ...]
    actual_total: Decimal
    planned_total: Decimal
    unpriced: bool
    variance: Decimal | None
    variance_percent: Decimal | None
    still_to_bake_total: Decimal = ZERO
    forecast_total: Decimal = ZERO
    planned_baked_total: Decimal = ZERO
    variance_state: VarianceState = VarianceState.NOT_STARTED
    #: The owner's budget for the event, and where the forecast stands against it.
    budget: Decimal | None = None
    budget_left: Decimal | None = None
    over_budget: Decimal | None = None
    #: Where planned prices come from: today's, the event's date (past, not locked) or
    #: the lock; and the plan re-priced at today's prices beside (docs/product.md §6.20).
    price_basis: PriceBasis = PriceBasis.CURRENT
    prices_as_of: date | None = None
    repriced_total: Decimal | None = None


def get_production_progress(
    session: Session, event_id: int, *, today: date | None = None
) -> ProductionProgress:
    """Recipes baked vs required, packages by status and costs of one event.

    Its sub-recipe rows share the prepared stock on hand among the events on or after
    ``today`` (default: the date today) and this one (docs/product.md §6.12). Raises
    :class:`NotFound` for an unknown event.
    """
    return progress_of(*_load(session, event_id, today))


def get_recipe_cost_breakdown(
    session: Session, event_id: int, *, today: date | None = None
) -> RecipeCostBreakdown:
    """Actual vs planned cost per recipe of one event, with variance and variance %.

    Raises :class:`NotFound` for an unknown event.
    """
    return cost_breakdown_of(*_load(session, event_id, today))


def progress_of(event: Event, figures: EventFigures) -> ProductionProgress:
    """The progress of ``event`` from its figures (no statements)."""
    packages = figures.packages
    state = event_state(packages=packages.total, delivered=packages.delivered)
    return ProductionProgress(
        event_id=event.id,
        event_name=event.name,
        event_date=event.event_date,
        recipes=figures.recipes,
        packages=packages,
        costs=cost_totals(figures),
        is_complete=state is EventState.COMPLETE,
        has_packages=packages.total > 0,
        state=state,
    )


def cost_breakdown_of(event: Event, figures: EventFigures) -> RecipeCostBreakdown:
    """The cost breakdown of ``event`` from its figures (no statements): per recipe
    planned, actual, forecast and variance, each rounded once to the cent, and totals
    that are the sums of the figures shown (docs/product.md §6.15)."""
    rows, parts = [], []
    for recipe in figures.recipes:
        if recipe.is_sub_recipe:
            continue  # its cost is in the parents' (docs/product.md §6.12)
        shown = recipe_forecast(
            planned=recipe.planned_cost,
            actual=recipe.actual_cost,
            planned_one_batch=recipe.planned_one_batch,
            batches_produced=recipe.batches_produced,
            still_to_bake=recipe.still_to_bake_cost,
            complete=recipe.is_complete,
        )
        parts.append(shown)
        rows.append(
            RecipeCost(
                recipe_id=recipe.recipe_id,
                recipe_name=recipe.recipe_name,
                batches_required=recipe.batches_required,
                batches_produced=recipe.batches_produced,
                actual_cost=shown.actual,
                planned_cost=shown.planned,
                unpriced=recipe.unpriced,
                variance=shown.variance,
                variance_percent=shown.variance_percent,
                lost_cost=to_cents(recipe.lost_cost),
                losses=recipe.losses,
                still_to_bake_cost=shown.still_to_bake,
                forecast_cost=shown.forecast,
                planned_baked_cost=shown.planned_baked,
                variance_state=shown.state,
                repriced_cost=(
                    None if recipe.repriced_cost is None else to_cents(recipe.repriced_cost)
                ),
            )
        )
    total = total_forecast(parts)
    standing = budget_standing(event.budget, total.forecast)
    return RecipeCostBreakdown(
        event_id=event.id,
        event_name=event.name,
        event_date=event.event_date,
        rows=tuple(rows),
        actual_total=total.actual,
        planned_total=total.planned,
        unpriced=any(r.unpriced for r in rows),
        variance=total.variance,
        variance_percent=total.variance_percent,
        still_to_bake_total=total.still_to_bake,
        forecast_total=total.forecast,
        planned_baked_total=total.planned_baked,
        variance_state=total.state,
        budget=event.budget,
        budget_left=standing.amount if standing and standing.kind == "left" else None,
        over_budget=standing.amount if standing and standing.kind == "over" else None,
        price_basis=figures.price_basis,
        prices_as_of=figures.prices_as_of,
        repriced_total=(
            None
            if figures.price_basis is PriceBasis.CURRENT
            else sum((r.repriced_cost or ZERO for r in rows), ZERO)
        ),
    )


def _priced_today(event: Event, today: date | None) -> bool:
    """An upcoming event that is not locked is priced at today's prices (§6.20)."""
    return event.locked_at is None and event.event_date >= (today or date.today())


def _load(session: Session, event_id: int, today: date | None = None) -> tuple[Event, EventFigures]:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound("event", event_id)
    catalog = load_planning_catalog(session)
    # A locked event at its frozen prices, a past one as of its date (§6.2, §6.20).
    figures = event_figures(
        catalog,
        load_event_prices(
            session, [event.id], today=today, only_today=_priced_today(event, today)
        ).of(event.id),
        load_package_quantities(session, [event.id]).get(event.id, {}),
        load_production_totals(session, [event.id]).get(event.id, {}),
    )
    # Prepared stock shared among the events from ``today`` and this one (§6.12).
    rows = load_sub_recipe_rows(session, catalog, [event.id], today=today).get(event.id, ())
    return event, with_sub_recipe_rows(figures, rows)
