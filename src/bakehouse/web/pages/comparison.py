"""Pages: two seasons or events compared, and the price history (docs/product.md §6.21).

The recipient's gift history is on the recipient's own page (``people.py``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import TextLimit
from bakehouse.models import Event, Ingredient, Product
from bakehouse.services.catalog.price_history import NO_STORE, get_price_history
from bakehouse.services.events.comparison import compare
from bakehouse.services.events.seasons import list_seasons
from bakehouse.web.charts import PricePoint, price_chart
from bakehouse.web.deps import DB, render

router = APIRouter(include_in_schema=False)

Choice = Annotated[str | None, Query(max_length=TextLimit.NAME)]
StoreChoice = Annotated[str | None, Query(max_length=TextLimit.SHORT)]


def _choices(session: Session, kind: str) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(slug, label) of every season, or of every event, newest last; and each one's slug
    by id, slug and name (lower case), so a link may name it any way."""
    if kind == "season":
        rows = [(s.id, s.slug, s.name) for s in list_seasons(session)]
    else:
        stmt = select(Event.id, Event.slug, Event.name).order_by(Event.event_date, Event.name)
        rows = [(i, slug, name) for i, slug, name in session.execute(stmt)]
    aliases = {}
    for key, slug, name in rows:
        aliases.update({str(key): slug, slug: slug, name.lower(): slug})
    return [(slug, name) for _, slug, name in rows], aliases


def _one_before(choices: list[tuple[str, str]], after: str | None) -> str | None:
    """The season or event listed just before ``after`` (the last but one without it)."""
    values = [value for value, _ in choices]
    index = values.index(after) if after in values else len(values) - 1
    return values[index - 1] if index >= 1 else None


@router.get("/compare")
def compare_page(
    request: Request,
    db: DB,
    kind: Literal["season", "event"] = "season",
    before: Choice = None,
    after: Choice = None,
) -> Response:
    """Two seasons (or events) side by side; with none chosen, the last two."""
    with db.transaction() as session:
        choices, aliases = _choices(session, kind)
        before = aliases.get((before or "").strip().lower(), before)
        after = aliases.get((after or "").strip().lower(), after)
        if not (after and after.strip()) and choices:
            after = choices[-1][0]
        if not (before and before.strip()):
            before = _one_before(choices, after)
        result = None
        if before and after and before.strip() and after.strip():
            result = compare(session, kind, before, after)
        context: dict[str, Any] = {
            "section": "seasons",
            "kind": kind,
            "choices": choices,
            "before": before,
            "after": after,
            "result": result,
        }
        return render(request, "pages/compare.html", context)


@router.get("/prices")
def price_history_page(
    request: Request,
    db: DB,
    ingredient: Choice = None,
    product: Choice = None,
    store: StoreChoice = None,
) -> Response:
    """Every price paid, filtered; per ingredient a small chart and a per-store table."""
    with db.transaction() as session:
        history = get_price_history(session, ingredient=ingredient, product=product, store=store)
        charts = [
            (
                rows[0].ingredient,
                price_chart(
                    [PricePoint(r.day, r.unit_price, r.store) for r in rows],
                    title=f"{rows[0].ingredient}: price per {rows[0].price_unit} over time",
                    unit=rows[0].price_unit,
                    chart_id=f"price-{ingredient_id}",
                    stores=[*history.store_names, NO_STORE],
                ),
            )
            for ingredient_id, rows in history.series.items()
        ]
        ingredients = session.execute(
            select(Ingredient.id, Ingredient.slug, Ingredient.name).order_by(Ingredient.name)
        )
        products = session.execute(
            select(Product.id, Product.slug, Product.name).order_by(Product.name)
        )
        context = {
            "section": "pantry",
            "history": history,
            "charts": charts,
            "ingredients": list(ingredients),
            "products": list(products),
            "chosen": {
                "ingredient": ingredient or "",
                "product": product or "",
                "store": store or "",
            },
        }
        return render(request, "pages/prices.html", context)
