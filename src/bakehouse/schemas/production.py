"""Read models of bakes, package status, progress, costs and the dashboard.

Field names are exactly those of the typed service results (docs/product.md §3); each
read model is filled from the result's attributes.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from bakehouse.domain.confirmations import ConfirmationCode
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.outcomes import LossReason, OutcomeKind
from bakehouse.domain.progress import EventState
from bakehouse.schemas.base import Exact, ReadModel


class ProductionEntryRead(ReadModel):
    """A bake; a sub-recipe's (``makes_stock``) may name no event, and ``parent_id`` is
    the bake it was made for when made "now" for it (docs/product.md §6.12)."""

    id: int
    event_id: int | None
    recipe_id: int
    recipe_name: str
    batches: int
    actual_cost: Exact
    produced_at: datetime
    notes: str
    is_reversed: bool
    reversed_at: datetime | None
    reversal_reason: str
    makes_stock: bool = False
    parent_id: int | None = None


class LotDrawRead(ReadModel):
    lot_id: int
    quantity: Exact
    cost: Exact


class IngredientDrawRead(ReadModel):
    """What a bake drew of one ingredient, or of one sub-recipe's prepared stock (then
    ``ingredient_id`` is the sub-recipe's id and ``unit`` its stock unit)."""

    ingredient_id: int
    ingredient: str
    unit: str
    quantity: Exact
    cost: Exact
    lots: list[LotDrawRead]


class BakeItemRead(ReadModel):
    """One item of a bake: expected, good, lost and the loss's cost (docs/product.md §6.13)."""

    item_id: int
    item_name: str
    expected: int
    good: int
    lost: int
    lost_cost: Exact


class UnrecordedStockRead(ReadModel):
    """Stock a confirmed short bake booked as unrecorded (docs/product.md §6.14);
    ``value`` null: unpriced."""

    lot_id: int
    ingredient_id: int
    ingredient: str
    unit: str
    quantity: Exact
    value: Exact | None


class ProductionResultRead(ReadModel):
    record: ProductionEntryRead
    actual_cost: Exact
    draws: list[IngredientDrawRead]
    batches_required: int
    batches_produced_before: int
    over_plan: bool
    warnings: list[str]
    items: list[BakeItemRead]
    #: The bake drew stock with no price: ``actual_cost`` leaves it out (§6.14).
    cost_incomplete: bool = False
    unrecorded: list[UnrecordedStockRead] = []


class OutcomeRead(ReadModel):
    """A loss or a move of good items, with its share of its bake's cost and the bake's
    date (docs/product.md §6.13)."""

    id: int
    kind: OutcomeKind
    bake_id: int
    bake_produced_at: datetime
    event_id: int
    to_event_id: int | None
    item_id: int
    item_name: str
    quantity: int
    reason: LossReason | None
    cost: Exact
    at_bake: bool
    note: str
    occurred_at: datetime


class ConfirmationRead(ReadModel):
    """One confirmation a bake needs (docs/product.md §6.11)."""

    code: ConfirmationCode
    message: str
    #: For ``over_plan``: ``planned``, ``made`` (before this bake), ``baking``, ``over_by``.
    figures: dict[str, int]


class ConfirmationDetailsRead(BaseModel):
    confirmations: list[ConfirmationRead]


class ShortageRead(BaseModel):
    ingredient_id: int
    ingredient: str
    unit: str
    needed: str
    available: str
    missing: str


class ShortageDetailsRead(BaseModel):
    shortages: list[ShortageRead]


class BakeProblemRead(BaseModel):
    code: str = Field(examples=["confirmation_needed", "insufficient_stock"])
    message: str
    field: str | None = Field(examples=["confirm"])
    details: ConfirmationDetailsRead | ShortageDetailsRead


class BakeRefusedRead(BaseModel):
    """The 409 of a bake, nothing written: ``confirmation_needed`` lists every confirmation
    (repeat with their codes in ``confirm``), ``insufficient_stock`` every short ingredient."""

    error: BakeProblemRead


class ReversedRead(ReadModel):
    id: int
    event_id: int | None
    recipe_id: int
    batches: int
    actual_cost: Exact
    reversed_at: datetime | None
    reversal_reason: str


class MissingProductionRead(ReadModel):
    recipe_id: int
    recipe: str
    required: int
    produced: int
    missing: int
    #: Items lost or moved away that block the package (docs/product.md §6.13).
    lost: int


class AssemblyCheckRead(ReadModel):
    assignment_id: int
    can_assemble: bool
    missing: list[MissingProductionRead]


class StatusRead(ReadModel):
    id: int
    event_id: int
    recipient_id: int
    package_id: int
    quantity: int
    status: AssignmentStatus
    assembled_at: datetime | None
    delivered_at: datetime | None
    delivery_note: str


class ItemProgressRead(ReadModel):
    """One item of a recipe at an event, in good items (docs/product.md §6.13)."""

    item_id: int
    item_name: str
    items_per_batch: int
    items_required: int
    items_made: int
    items_lost: int
    items_moved_in: int
    items_moved_out: int


class LossCostRead(ReadModel):
    reason: LossReason
    items: int
    cost: Exact


class RecipeProgressRead(ReadModel):
    recipe_id: int
    recipe_name: str
    batches_required: int
    batches_produced: int
    is_complete: bool
    actual_cost: Exact
    planned_cost: Exact
    unpriced: bool
    batches_still_to_bake: int
    items: list[ItemProgressRead]
    lost_cost: Exact
    losses: list[LossCostRead]
    #: A sub-recipe's row: batches made for the event and still to make, no costs
    #: (docs/product.md §6.12).
    is_sub_recipe: bool = False
    still_to_make: int | None = None


class PackageCountsRead(ReadModel):
    total: int
    pending: int
    assembled: int
    delivered: int


class CostTotalsRead(ReadModel):
    actual_total: Exact
    planned_total: Exact
    unpriced: bool


class ProductionProgressRead(ReadModel):
    event_id: int
    event_name: str
    event_date: date
    recipes: list[RecipeProgressRead]
    packages: PackageCountsRead
    costs: CostTotalsRead
    is_complete: bool
    has_packages: bool
    state: EventState


class RecipeCostRowRead(ReadModel):
    """One recipe of an event's cost breakdown: actual vs planned, with the variance."""

    recipe_id: int
    recipe_name: str
    batches_required: int
    batches_produced: int
    actual_cost: Exact
    planned_cost: Exact
    unpriced: bool
    #: null while nothing is baked ("not started"; docs/product.md §6.15).
    variance: Exact | None
    variance_percent: Exact | None
    lost_cost: Exact
    losses: list[LossCostRead]
    still_to_bake_cost: Exact
    forecast_cost: Exact
    planned_baked_cost: Exact
    variance_state: str
    #: The same batches at today's prices when the plan is locked or past (§6.20).
    repriced_cost: Exact | None = None


class RecipeCostBreakdownRead(ReadModel):
    event_id: int
    event_name: str
    event_date: date
    rows: list[RecipeCostRowRead]
    actual_total: Exact
    planned_total: Exact
    unpriced: bool
    variance: Exact | None
    variance_percent: Exact | None
    still_to_bake_total: Exact
    forecast_total: Exact
    planned_baked_total: Exact
    variance_state: str
    budget: Exact | None
    budget_left: Exact | None
    over_budget: Exact | None
    #: "current", "as_of_date" (a past event, priced as of its date) or "locked", and the
    #: plan re-priced at today's prices beside (docs/product.md §6.2, §6.20).
    price_basis: str = "current"
    prices_as_of: date | None = None
    repriced_total: Exact | None = None


class DashboardRowRead(ReadModel):
    event_id: int
    event_name: str
    event_date: date
    recipes_complete: int
    recipes_total: int
    packages_pending: int
    packages_assembled: int
    packages_delivered: int
    packages_total: int
    actual_cost: Exact
    planned_cost: Exact
    unpriced: bool
    is_complete: bool
    has_packages: bool
    state: EventState
    days_until: int
    forecast_cost: Exact
    budget: Exact | None


class DashboardTotalsRead(ReadModel):
    events: int
    events_complete: int
    recipes_complete: int
    recipes_total: int
    packages_pending: int
    packages_assembled: int
    packages_delivered: int
    packages_total: int
    actual_cost: Exact
    planned_cost: Exact
    unpriced: bool
    forecast_cost: Exact


class DashboardSummaryRead(ReadModel):
    """Every event's row (by date, then name) and the totals of all of them."""

    rows: list[DashboardRowRead]
    totals: DashboardTotalsRead
    #: What the rows and totals cover, in words (docs/product.md §6.15).
    scope: str
    scope_key: str


class DashboardRead(BaseModel):
    """A page of dashboard rows (events by date, then name) and the totals of all of them."""

    items: list[DashboardRowRead]
    total: int
    limit: int
    offset: int
    totals: DashboardTotalsRead
    #: What the rows and totals cover, in words (docs/product.md §6.15).
    scope: str
    scope_key: str
