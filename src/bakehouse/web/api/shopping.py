"""JSON API for shopping from the list: ticks, aisles, and recording what was bought
(docs/product.md §6.17)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import Field, StringConstraints

from bakehouse.domain.inputs.limits import MAX_AISLES, MAX_PAGE_ROWS, TextLimit
from bakehouse.schemas.pantry import PurchaseRead
from bakehouse.schemas.shopping import AislesRead, BoughtRead, TickRead, TickResult, TicksRead
from bakehouse.services.pantry import shopping
from bakehouse.web.acting import acting, actor_name
from bakehouse.web.api.schemas_fields import (
    Category,
    InputModel,
    Money,
    Quantity,
    RecordId,
    ShortText,
)
from bakehouse.web.api.strict_json import StrictJsonRoute
from bakehouse.web.deps import DB

router = APIRouter(tags=["shopping"], route_class=StrictJsonRoute)

ScopeKey = Annotated[
    str,
    StringConstraints(
        max_length=TextLimit.SCOPE_KEY,
        pattern=r"^(event:[1-9][0-9]{0,11}|season:[1-9][0-9]{0,11}|upcoming)$",
    ),
    Field(description="the list: event:N, season:N or upcoming"),
]
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2999, 12, 31))]


class TickWrite(InputModel):
    scope: ScopeKey
    ingredient_id: RecordId
    ticked: bool = True
    shortfall: Quantity | None = Field(
        default=None, description="what the line showed when ticked; default: the list's now"
    )


class BoughtLineWrite(InputModel):
    ingredient_id: RecordId
    product_id: RecordId | None = None
    packages: Quantity | None = None
    total_price: Money | None = None
    best_before: Day | None = None


class BoughtWrite(InputModel):
    scope: ScopeKey
    #: Default: every ticked line as the list proposes it.
    lines: list[BoughtLineWrite] | None = Field(default=None, max_length=MAX_PAGE_ROWS)
    purchased_on: Day | None = None
    store: ShortText | None = None


class AislesWrite(InputModel):
    aisles: list[Category] = Field(max_length=MAX_AISLES)


@router.get("/shopping-list/ticks", response_model=TicksRead)
def get_ticks(
    db: DB,
    scope: Annotated[
        str, Query(max_length=TextLimit.SCOPE_KEY, description="event:N, season:N or upcoming")
    ],
) -> TicksRead:
    """The ticked lines of one list, shared by the household, each saying whether its
    line changed since it was ticked."""
    with db.transaction() as session:
        view = shopping.view_of(session, shopping.list_for_key(session, scope))
        return TicksRead(
            scope_key=view.shopping.scope_key,
            ticks=[TickRead.model_validate(t) for t in view.ticks.values()],
        )


@router.post("/shopping-list/ticks", response_model=TickResult)
def set_tick(body: TickWrite, db: DB, request: Request) -> TickResult:
    """Tick (``ticked: true``) or untick one line of a list; ticking twice keeps the first
    tick, so a tick sent again after a lost answer changes nothing."""
    who = actor_name(acting(request))
    with db.transaction() as session:
        tick = shopping.set_tick(
            session, body.scope, body.ingredient_id, ticked=body.ticked,
            shortfall=body.shortfall, by=who,
        )  # fmt: skip
        return TickResult(
            scope_key=shopping.scope_key_input(body.scope),
            ingredient_id=body.ingredient_id,
            ticked=tick is not None,
        )


@router.post("/shopping-list/purchases", response_model=BoughtRead, status_code=201)
def record_bought(body: BoughtWrite, db: DB) -> BoughtRead:
    """Record the ticked lines as purchases in one transaction and clear their ticks.
    Send an ``Idempotency-Key``: a retry gets the first answer; a second submit finds
    nothing ticked and records nothing."""
    lines = None
    if body.lines is not None:
        lines = [shopping.BoughtLine(**line.model_dump()) for line in body.lines]
    with db.transaction() as session:
        bought = shopping.record_bought(
            session, body.scope, lines, purchased_on=body.purchased_on, store=body.store
        )
        return BoughtRead(
            scope_key=bought.scope_key,
            purchases=[PurchaseRead.of(p) for p in bought.purchases],
        )


@router.get("/shopping-list/aisles", response_model=AislesRead)
def get_aisles(db: DB) -> AislesRead:
    """The categories in the order the shop has them."""
    with db.transaction() as session:
        return AislesRead(aisles=shopping.list_aisles(session))


@router.put("/shopping-list/aisles", response_model=AislesRead)
def set_aisles(body: AislesWrite, db: DB) -> AislesRead:
    """Set the aisles' order: lists group their lines by category in this order."""
    with db.transaction() as session:
        return AislesRead(aisles=shopping.set_aisles(session, body.aisles))
