"""Pantry pages: lots by ingredient in FIFO order with best-before warnings and stock
value; forms to record a purchase, enter opening stock, adjust a lot and count the pantry
(the count sheet, docs/product.md §6.14)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import groupby
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import field_validator, model_validator
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AdjustmentReason
from bakehouse.domain.locale import current
from bakehouse.errors import InvalidInput, NotFound
from bakehouse.services import catalog, pantry
from bakehouse.services.core.checks import optional_date_input
from bakehouse.services.pantry import LotView, prepared
from bakehouse.services.pantry.counted import Count, take_stock, typed_count
from bakehouse.services.pantry.views import list_counted_lots
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.deps import DB, render
from bakehouse.web.forms import FormData, submit_form
from bakehouse.web.listings import LOTS
from bakehouse.web.pages.form_fields import (
    Chosen,
    FormModel,
    Money,
    Quantity,
    Text,
    flash_for,
)

router = APIRouter(include_in_schema=False)
LOTS_PAGE = "pages/pantry_lots.html"
PANTRY = "pages/pantry.html"
PURCHASE = "pages/pantry_purchase.html"
OPENING = "pages/pantry_opening.html"
ADJUST = "pages/pantry_adjust.html"
COUNT = "pages/pantry_count.html"
#: The count sheet's box for one ingredient: ``count-<ingredient id>``.
COUNT_FIELD = "count-"
#: A lot whose best-before is this close (or past) is flagged.
SOON_DAYS = 14
UNITS = ["g", "kg", "oz", "lb", "ml", "l", "tsp", "tbsp", "fl oz", "cup", "pint", "quart",
         "gallon", "each", "dozen"]  # fmt: skip
REASONS = [(r.value, r.value.capitalize()) for r in AdjustmentReason]
Context = Callable[[Session], dict[str, Any]]


class PurchaseForm(FormModel):
    product_id: Chosen
    purchased_on: Text
    packages: Quantity
    total_price: Money
    supplier: Text = ""
    best_before: Text = ""
    location: Text = ""
    notes: Text = ""


class OpeningForm(FormModel):
    ingredient_id: Chosen
    quantity: Quantity
    unit: Text
    cost: Money
    received_on: Text
    best_before: Text = ""
    location: Text = ""
    notes: Text = ""


class AdjustForm(FormModel):
    direction: Text = "remove"
    quantity: Quantity
    unit: Text = ""
    reason: Text
    note: Text = ""

    @field_validator("direction")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in ("remove", "add"):
            raise ValueError("choose remove or add")
        return value

    def signed(self) -> str:
        return format(-self.quantity if self.direction == "remove" else self.quantity, "f")


class CountForm(FormModel):
    """The count sheet: a reason, the day, and what is on hand now of each ingredient
    counted (boxes left empty are not counted), as typed: "1.5 kg", "2 1/4 cup"."""

    reason: Text = ""
    counted_on: Text = ""
    counts: dict[int, str] = {}

    @model_validator(mode="before")
    @classmethod
    def _boxes(cls, form: Any) -> Any:
        if not isinstance(form, dict):
            return form
        counts = {
            int(key.removeprefix(COUNT_FIELD)): str(value)
            for key, value in form.items()
            if key.startswith(COUNT_FIELD)
            and key.removeprefix(COUNT_FIELD).isdigit()
            and value not in (None, "")
        }
        return {**form, "counts": counts}

    def as_counts(self) -> list[Count]:
        """The counts typed, read by the people's grammar; a bad one names its box."""
        read: list[Count] = []
        for ingredient_id, text in self.counts.items():
            try:
                amount, unit = typed_count(text, current().number_locale)
            except InvalidInput as error:
                raise InvalidInput(error.message, field=f"{COUNT_FIELD}{ingredient_id}") from error
            read.append(Count(ingredient_id, amount, unit))
        return read


def _count_context(session: Session) -> dict[str, Any]:
    stock = pantry.get_on_hand(session, include_empty=True)
    defaults = {"counted_on": date.today().isoformat()}
    return {"section": "pantry", "stock": stock, "defaults": defaults, "field": COUNT_FIELD}


def _pantry_context(session: Session) -> dict[str, Any]:
    lots = pantry.list_lots(session)
    by_ingredient = {k: list(g) for k, g in groupby(lots, key=lambda lot: lot.ingredient_id)}
    warnings = [lot for lot in lots if _is_soon(lot)]
    made = prepared.list_prepared_stock(session)
    return {
        "section": "pantry", "on_hand": pantry.get_on_hand(session), "lots": by_ingredient,
        "value": pantry.stock_value(session), "warnings": warnings, "soon_days": SOON_DAYS,
        "lot_count": len(lots), "prepared": made,
        "counted": list_counted_lots(session),
        "prepared_by_recipe": [(name, list(g)) for name, g in groupby(made, lambda v: v.recipe)],
    }  # fmt: skip


def _is_soon(lot: LotView) -> bool:
    return lot.days_to_best_before is not None and lot.days_to_best_before <= SOON_DAYS


def _purchase_context(session: Session) -> dict[str, Any]:
    products = catalog.list_products(session)
    groups = [(name, list(g)) for name, g in groupby(products, key=lambda p: p.ingredient.name)]
    defaults = {"purchased_on": date.today().isoformat(), "packages": "1"}
    return {"section": "pantry", "product_groups": groups, "defaults": defaults}


def _opening_context(session: Session) -> dict[str, Any]:
    ingredients = catalog.list_ingredients(session)
    defaults = {"received_on": date.today().isoformat()}
    return {"section": "pantry", "ingredients": ingredients, "units": UNITS, "defaults": defaults}


def _adjust_context(lot_id: int) -> Context:
    def context(session: Session) -> dict[str, Any]:
        lot = next(
            (v for v in pantry.list_lots(session, include_empty=True) if v.lot_id == lot_id), None
        )
        if lot is None:  # prepared stock is written off the same way (§6.12)
            found = prepared.list_prepared_stock(session, on_hand_only=False, lot_id=lot_id)
            lot = found[0].as_lot_view() if found else None
        if lot is None:
            raise NotFound("lot", lot_id)
        defaults = {"direction": "remove", "unit": lot.unit, "reason": "spoilage"}
        return {"section": "pantry", "lot": lot, "reasons": REASONS, "units": UNITS,
                "defaults": defaults}  # fmt: skip

    return context


@router.get("/pantry")
def pantry_page(request: Request, db: DB, done: str | None = None) -> Response:
    with db.transaction() as session:
        context = _pantry_context(session) | {"flash": flash_for(done)}
        return render(request, PANTRY, context)


@router.get("/pantry/lots")
def lots_page(request: Request, db: DB) -> Response:
    """Every lot with stock left in one list, found, sorted and paged as asked (§6.19)."""
    with db.transaction() as session:
        listed = LOTS.apply(pantry.list_lots(session), LOTS.query_from(request.query_params))
        context = {"section": "pantry", "listed": listed, "soon_days": SOON_DAYS}
        return render(request, LOTS_PAGE, context)


@router.get("/pantry/purchases/new")
def new_purchase_page(request: Request, db: DB, product: int | None = None) -> Response:
    with db.transaction() as session:
        context = _purchase_context(session)
        values = context["defaults"] | ({"product_id": product} if product else {})
        return render(request, PURCHASE, context | {"errors": {}, "values": values})


@router.post("/pantry/purchases")
def record_purchase(request: Request, db: DB, form: FormData) -> Response:
    def action(session: Session, data: PurchaseForm) -> str:
        purchase = pantry.record_purchase(session, **data.model_dump())
        return f"/pantry?done=recorded#ingredient-{purchase.product.ingredient_id}"

    return submit_form(request, db, form, PurchaseForm, action, PURCHASE, _purchase_context)


@router.get("/pantry/opening/new")
def new_opening_page(request: Request, db: DB, ingredient: int | None = None) -> Response:
    with db.transaction() as session:
        context = _opening_context(session)
        values = context["defaults"] | ({"ingredient_id": ingredient} if ingredient else {})
        return render(request, OPENING, context | {"errors": {}, "values": values})


@router.post("/pantry/opening")
def add_opening_stock(request: Request, db: DB, form: FormData) -> Response:
    def action(session: Session, data: OpeningForm) -> str:
        lot = pantry.add_opening_stock(session, **data.model_dump())
        return f"/pantry?done=recorded#ingredient-{lot.ingredient_id}"

    return submit_form(request, db, form, OpeningForm, action, OPENING, _opening_context)


@router.get("/pantry/count")
def count_page(request: Request, db: DB) -> Response:
    """The count sheet (docs/product.md §6.14): what is on hand now of each ingredient."""
    with db.transaction() as session:
        context = _count_context(session)
        return render(request, COUNT, context | {"errors": {}, "values": {}})


@router.post("/pantry/count")
def take_stock_sheet(request: Request, db: DB, form: FormData) -> Response:
    def action(session: Session, data: CountForm) -> str:
        day = optional_date_input(data.counted_on or None, field="counted_on")
        take_stock(session, data.as_counts(), reason=data.reason, counted_on=day)
        return "/pantry?done=counted"

    return submit_form(request, db, form, CountForm, action, COUNT, _count_context)


@router.get("/pantry/lots/{lot_id}/adjust")
def adjust_page(request: Request, lot_id: PathId, db: DB) -> Response:
    with db.transaction() as session:
        context = _adjust_context(lot_id)(session)
        return render(request, ADJUST, context | {"errors": {}, "values": {}})


@router.post("/pantry/lots/{lot_id}/adjust")
def adjust_lot(request: Request, lot_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, data: AdjustForm) -> str:
        movement = pantry.adjust_stock(
            session, lot_id=lot_id, quantity=data.signed(), unit=data.unit or None,
            reason=data.reason, note=data.note,
        )  # fmt: skip
        return f"/pantry?done=recorded#ingredient-{movement.lot.ingredient_id}"

    return submit_form(request, db, form, AdjustForm, action, ADJUST, _adjust_context(lot_id))
