"""JSON API for bakes (record, reverse, write off, history), losses and moves of good items,
package status, progress, costs, dashboard."""

from __future__ import annotations

from fastapi import APIRouter

from bakehouse.schemas.production import (
    AssemblyCheckRead,
    BakeRefusedRead,
    DashboardRead,
    DashboardRowRead,
    DashboardTotalsRead,
    OutcomeRead,
    ProductionEntryRead,
    ProductionProgressRead,
    ProductionResultRead,
    RecipeCostBreakdownRead,
    ReversedRead,
    StatusRead,
)
from bakehouse.services.events.seasons import resolve_dashboard_scope
from bakehouse.services.events.status import (
    can_assemble_package,
    correct_package_status,
    update_package_status,
)
from bakehouse.services.production.bakes import (
    list_production,
    record_production,
    reverse_production,
)
from bakehouse.services.production.dashboard import get_dashboard_summary
from bakehouse.services.production.outcomes import (
    list_outcomes,
    move_items,
    record_loss,
    write_off_bake,
)
from bakehouse.services.production.progress import (
    get_production_progress,
    get_recipe_cost_breakdown,
)
from bakehouse.web.api.schemas_fields import PathId, SeasonChoice
from bakehouse.web.api.schemas_production import (
    BakeCreate,
    LossCreate,
    MoveCreate,
    ReverseRequest,
    StatusChangeRequest,
    StatusCorrectionRequest,
    WriteOffRequest,
)
from bakehouse.web.api.strict_json import StrictJsonRoute
from bakehouse.web.deps import DB
from bakehouse.web.pagination import Page, Paging, paginate

router = APIRouter(tags=["production"], route_class=StrictJsonRoute)


@router.post(
    "/bakes",
    response_model=ProductionResultRead,
    status_code=201,
    responses={
        409: {
            "model": BakeRefusedRead,
            "description": "Nothing was written. ``confirmation_needed``: the bake needs "
            "confirmations not given in ``confirm``, each listed with its code, message and "
            "figures (a shortage is ``cover_shortage``, stock past its best-before "
            "``use_expired``)",
        }
    },
)
def record_bake(db: DB, body: BakeCreate) -> ProductionResultRead:
    """Bake batches of a recipe for an event, drawing the pantry oldest lot first.

    All or nothing: a shortage is the confirmation ``cover_shortage`` (its figures: what
    is missing of each ingredient); accepted, what is missing is booked as unrecorded
    stock priced by its latest purchase (else unpriced, the bake's cost then incomplete)
    and drawn. Stock past its best-before on the bake's day is drawn only after every
    good lot, and only with ``use_expired`` (docs/product.md §6.14). More than the plan
    needs is refused with 409
    ``confirmation_needed`` listing the confirmations (code, message, figures) unless the
    request's ``confirm`` accepts them (``["over_plan"]``, docs/product.md §6.11); then
    it succeeds with a warning. Short prepared stock of a sub-recipe is the confirmation
    ``make_missing`` (its figures: the batches to make of each); accepted, those batches are
    baked first as their own bakes and the surplus stays prepared. A sub-recipe's bake
    makes prepared stock and may name no event (docs/product.md §6.12). ``good`` gives
    good items per item (default: all expected); fewer is a loss for ``loss_reason``
    (docs/product.md §6.13). A sub-recipe's bake makes no items: ``good`` or
    ``loss_reason`` on it is refused (422).
    """
    with db.transaction() as session:
        result = record_production(
            session,
            event_id=body.event_id,
            recipe_id=body.recipe_id,
            batches=body.batches,
            notes=body.notes,
            produced_at=body.produced_at,
            confirm=body.confirm,
            yield_made=body.yield_made,
            good={g.item_id: g.good for g in body.good},
            loss_reason=body.loss_reason,
        )
        return ProductionResultRead.model_validate(result)


@router.post("/bakes/{bake_id}/reverse", response_model=ReversedRead)
def reverse_bake(db: DB, bake_id: PathId, body: ReverseRequest) -> ReversedRead:
    """Put a bake's draws back into their lots; the bake stays in history, reversed."""
    with db.transaction() as session:
        return ReversedRead.model_validate(reverse_production(session, bake_id, body.reason))


@router.post("/bakes/{bake_id}/write-off", response_model=list[OutcomeRead])
def write_off(db: DB, bake_id: PathId, body: WriteOffRequest) -> list[OutcomeRead]:
    """A ruined bake: every good item it left at its event is lost (reason ``ruined``), at
    exactly what is left of its cost; its ingredients stay used (not a reversal,
    docs/product.md §6.13)."""
    with db.transaction() as session:
        return [OutcomeRead.model_validate(o) for o in write_off_bake(session, bake_id, body.note)]


@router.post("/events/{event_id}/losses", response_model=list[OutcomeRead], status_code=201)
def record_item_loss(db: DB, event_id: PathId, body: LossCreate) -> list[OutcomeRead]:
    """Good items of the event lost after the bake, one loss per bake they came from (newest
    first, unless ``bake_id`` names one), each at its share of that bake's cost; 409 when
    packages already assembled or delivered rely on them."""
    with db.transaction() as session:
        losses = record_loss(
            session, event_id=event_id, item_id=body.item_id, quantity=body.quantity,
            reason=body.reason, note=body.note, bake_id=body.bake_id,
        )  # fmt: skip
        return [OutcomeRead.model_validate(loss) for loss in losses]


@router.post("/events/{event_id}/moves", response_model=list[OutcomeRead], status_code=201)
def move_event_items(db: DB, event_id: PathId, body: MoveCreate) -> list[OutcomeRead]:
    """Move good items (leftovers) to another event, one move per bake they came from
    (newest first, unless ``bake_id`` names one), each with its share of that bake's cost
    and its bake date; 409 when the source's assembled packages rely on them."""
    with db.transaction() as session:
        moves = move_items(
            session, from_event_id=event_id, to_event_id=body.to_event_id,
            item_id=body.item_id, quantity=body.quantity, note=body.note, bake_id=body.bake_id,
        )  # fmt: skip
        return [OutcomeRead.model_validate(move) for move in moves]


@router.get("/events/{event_id}/outcomes", response_model=Page[OutcomeRead])
def event_outcomes(db: DB, event_id: PathId, paging: Paging) -> dict[str, object]:
    """Every loss and move of the event's good items (moves to it included), oldest first."""
    with db.transaction() as session:
        rows = list_outcomes(session, event_id)
        return paginate([OutcomeRead.model_validate(r) for r in rows], paging)


@router.get("/events/{event_id}/bakes", response_model=Page[ProductionEntryRead])
def production_history(db: DB, event_id: PathId, paging: Paging) -> dict[str, object]:
    """Every bake of the event, oldest first, reversed ones included."""
    with db.transaction() as session:
        rows = list_production(session, event_id)
        return paginate([ProductionEntryRead.model_validate(r) for r in rows], paging)


@router.post("/assignments/{assignment_id}/status", response_model=StatusRead)
def change_status(db: DB, assignment_id: PathId, body: StatusChangeRequest) -> StatusRead:
    """Move a package one step: pending → assembled (needs production) → delivered."""
    with db.transaction() as session:
        assignment = update_package_status(session, assignment_id, body.status, body.delivered_to)
        return StatusRead.model_validate(assignment)


@router.post("/assignments/{assignment_id}/correction", response_model=StatusRead)
def correct_status(db: DB, assignment_id: PathId, body: StatusCorrectionRequest) -> StatusRead:
    """Set a package to any other status (going back included), recorded with the reason."""
    with db.transaction() as session:
        assignment = correct_package_status(session, assignment_id, body.status, body.note)
        return StatusRead.model_validate(assignment)


@router.get("/assignments/{assignment_id}/can-assemble", response_model=AssemblyCheckRead)
def can_assemble(db: DB, assignment_id: PathId) -> AssemblyCheckRead:
    """Whether production covers this package on top of those already assembled."""
    with db.transaction() as session:
        return AssemblyCheckRead.model_validate(can_assemble_package(session, assignment_id))


@router.get("/dashboard", response_model=DashboardRead)
def dashboard(
    db: DB, paging: Paging, include_completed: bool = True, season: SeasonChoice = None
) -> DashboardRead:
    """One row per event in the scope (by date, then name) and the totals of exactly
    those rows; ``scope`` says what they cover (docs/product.md §6.15)."""
    with db.transaction() as session:
        scope = resolve_dashboard_scope(session, season)
        summary = get_dashboard_summary(session, include_completed=include_completed, scope=scope)
        rows = [DashboardRowRead.model_validate(r) for r in summary.rows]
        return DashboardRead(
            **paginate(rows, paging),
            totals=DashboardTotalsRead.model_validate(summary.totals),
            scope=summary.scope,
            scope_key=summary.scope_key,
        )


@router.get("/events/{event_id}/progress", response_model=ProductionProgressRead)
def event_progress(db: DB, event_id: PathId) -> ProductionProgressRead:
    """Batches baked vs required per recipe, packages by status, costs (docs/product.md §3)."""
    with db.transaction() as session:
        return ProductionProgressRead.model_validate(get_production_progress(session, event_id))


@router.get("/events/{event_id}/costs", response_model=RecipeCostBreakdownRead)
def event_costs(db: DB, event_id: PathId) -> RecipeCostBreakdownRead:
    """Actual vs planned cost per recipe with variance and variance %."""
    with db.transaction() as session:
        return RecipeCostBreakdownRead.model_validate(get_recipe_cost_breakdown(session, event_id))
