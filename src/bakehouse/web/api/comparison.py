"""JSON API: two seasons or events compared, the price history, a recipient's gifts
(docs/product.md §6.21). Reading only: everyone who may look may read them."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from bakehouse.domain.inputs import TextLimit
from bakehouse.schemas.comparison import ComparisonRead, GiftYearRead, PriceHistoryRead
from bakehouse.services.catalog.price_history import get_price_history
from bakehouse.services.events.comparison import compare
from bakehouse.services.events.history import recipient_gifts
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.api.strict_json import StrictJsonRoute
from bakehouse.web.deps import DB

router = APIRouter(route_class=StrictJsonRoute)

Key = Annotated[str, Query(min_length=1, max_length=TextLimit.NAME, description="id, slug or name")]
Filter = Annotated[str | None, Query(max_length=TextLimit.NAME, description="id, slug or name")]
Store = Annotated[str | None, Query(max_length=TextLimit.SHORT, description="a store's name")]


@router.get("/compare", response_model=ComparisonRead, tags=["seasons"])
def compare_two(
    before: Key, after: Key, db: DB, kind: Literal["season", "event"] = "season"
) -> ComparisonRead:
    """Two seasons (or, with ``kind=event``, two events) side by side: packages,
    recipients, batches and cost per recipe, and per ingredient how much of the
    difference is quantity and how much price, with the purchases behind each price."""
    with db.transaction() as session:
        return ComparisonRead.model_validate(compare(session, kind, before, after))


@router.get("/prices", response_model=PriceHistoryRead, tags=["pantry"])
def price_history(
    db: DB, ingredient: Filter = None, product: Filter = None, store: Store = None
) -> PriceHistoryRead:
    """Every price paid (newest first), filtered by ingredient, product and store, and
    per ingredient and store the latest, lowest and average price."""
    with db.transaction() as session:
        found = get_price_history(session, ingredient=ingredient, product=product, store=store)
        return PriceHistoryRead.model_validate(found)


@router.get(
    "/recipients/{recipient_id}/gifts", response_model=list[GiftYearRead], tags=["recipients"]
)
def gifts(recipient_id: PathId, db: DB) -> list[GiftYearRead]:
    """What a recipient was given, year by year (newest first), with allergens noted."""
    with db.transaction() as session:
        return [GiftYearRead.model_validate(y) for y in recipient_gifts(session, recipient_id)]
