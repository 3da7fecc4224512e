"""API models of bakes, package status, progress, costs and the dashboard.

Field names are exactly those of the typed service results (docs/product.md §3); each read model
is filled from the result's attributes.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.web.api.schemas_fields import (
    Batches,
    Exact,
    LineNote,
    Name,
    Notes,
    RecordId,
)


class Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class BakeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event_id: RecordId
    recipe_id: RecordId
    batches: Batches = Field(description="whole batches baked")
    notes: Notes | None = None
    produced_at: datetime | None = None


class ReverseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Name = Field(examples=["recorded twice"])


class StatusChangeRequest(BaseModel):
    """The next step only: pending → assembled → delivered."""

    model_config = ConfigDict(extra="forbid")

    status: AssignmentStatus
    delivered_to: LineNote | None = Field(default=None, examples=["Left with neighbour"])


class StatusCorrectionRequest(BaseModel):
    """Any other status, going back included, with the reason: a recorded correction."""

    model_config = ConfigDict(extra="forbid")

    status: AssignmentStatus
    note: LineNote = Field(examples=["Marked delivered by mistake"])


class ProductionEntryRead(Read):
    record_id: int
    event_id: int
    recipe_id: int
    recipe_name: str
    batches: int
    actual_cost: Exact
    produced_at: datetime
    notes: str
    is_reversed: bool
    reversed_at: datetime | None
    reversal_reason: str


class LotDrawRead(Read):
    lot_id: int
    quantity: Exact
    cost: Exact


class IngredientDrawRead(Read):
    ingredient_id: int
    ingredient: str
    unit: str
    quantity: Exact
    cost: Exact
    lots: list[LotDrawRead]


class ProductionResultRead(Read):
    record: ProductionEntryRead
    actual_cost: Exact
    draws: list[IngredientDrawRead]
    batches_required: int
    batches_produced_before: int
    over_plan: bool
    warnings: list[str]


class ReversedRead(Read):
    id: int
    event_id: int
    recipe_id: int
    batches: int
    actual_cost: Exact
    reversed_at: datetime | None
    reversal_reason: str


class MissingProductionRead(Read):
    recipe_id: int
    recipe: str
    required: int
    produced: int
    missing: int


class AssemblyCheckRead(Read):
    assignment_id: int
    can_assemble: bool
    missing: list[MissingProductionRead]


class StatusRead(Read):
    id: int
    event_id: int
    recipient_id: int
    package_id: int
    quantity: int
    status: AssignmentStatus
    assembled_at: datetime | None
    delivered_at: datetime | None
    delivery_note: str


class RecipeProgressRead(Read):
    recipe_id: int
    recipe_name: str
    batches_required: int
    batches_produced: int
    is_complete: bool
    actual_cost: Exact
    planned_cost: Exact
    unpriced: bool


class PackageCountsRead(Read):
    total: int
    pending: int
    assembled: int
    delivered: int


class CostTotalsRead(Read):
    actual_total: Exact
    planned_total: Exact
    unpriced: bool


class ProductionProgressRead(Read):
    event_id: int
    event_name: str
    event_date: date
    recipes: list[RecipeProgressRead]
    packages: PackageCountsRead
    costs: CostTotalsRead
    is_complete: bool
    has_packages: bool


class RecipeCostRead(Read):
    recipe_id: int
    recipe_name: str
    batches_required: int
    batches_produced: int
    actual_cost: Exact
    planned_cost: Exact
    unpriced: bool
    variance: Exact
    variance_percent: Exact


class RecipeCostBreakdownRead(Read):
    event_id: int
    event_name: str
    event_date: date
    rows: list[RecipeCostRead]
    actual_total: Exact
    planned_total: Exact
    unpriced: bool
    variance: Exact
    variance_percent: Exact


class DashboardRowRead(Read):
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
    state: str
    days_until: int


class DashboardTotalsRead(Read):
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


class DashboardRead(BaseModel):
    """A page of dashboard rows (events by date, then name) and the totals of all of them."""

    items: list[DashboardRowRead]
    total: int
    limit: int
    offset: int
    totals: DashboardTotalsRead
