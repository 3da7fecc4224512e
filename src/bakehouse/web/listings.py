"""The lists a person searches, sorts and pages, each defined once for its page and its API
route (docs/product.md §6.19; the helper is :class:`bakehouse.web.pagination.Listing`).

A sort or search reads a row through :func:`field`, which takes the first of the names the
row has, so the page's rows (a recipe's costs, an event's progress) and the API's read
models share one definition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any

from fastapi import Depends

from bakehouse.web.pagination import Listing, ListQuery, Sort


def field(*names: str) -> Callable[[Any], Any]:
    """The row's first attribute among ``names`` (None when it has none of them)."""

    def read(row: Any) -> Any:
        for name in names:
            if hasattr(row, name):
                return getattr(row, name)
        return None

    return read


def texts(*names: str) -> Callable[[Any], Iterable[str | None]]:
    """What a search looks in: the row's text attributes among ``names``."""
    readers = [field(name) for name in names]

    def read(row: Any) -> list[str | None]:
        found = [reader(row) for reader in readers]
        return [" ".join(v) if isinstance(v, list | tuple) else v for v in found]

    return read


_NAME = field("name", "recipe", "event_name")
_NEWEST = field("id", "recipe_id", "event_id")

RECIPES: Listing[Any] = Listing(
    "recipes",
    {"name": Sort("Name", _NAME), "newest": Sort("Newest first", lambda r: -_NEWEST(r))},
    "name",
    texts("name", "recipe", "notes"),
)
INGREDIENTS: Listing[Any] = Listing(
    "ingredients",
    {
        "name": Sort("Name", _NAME),
        "category": Sort("Category", field("category")),
        "newest": Sort("Newest first", lambda r: -_NEWEST(r)),
    },
    "name",
    texts("name", "category", "notes"),
)
PRODUCTS: Listing[Any] = Listing(
    "products",
    {
        "ingredient": Sort("Ingredient, preferred first", None),
        "name": Sort("Product", field("label")),
        "brand": Sort("Brand", field("brand")),
        "newest": Sort("Newest first", lambda r: -_NEWEST(r)),
    },
    "ingredient",
    texts("label", "ingredient", "brand", "gtin"),
)
RECIPIENTS: Listing[Any] = Listing(
    "recipients",
    {
        "name": Sort("Name", _NAME),
        "household": Sort("Household", field("household")),
        "newest": Sort("Newest first", lambda r: -_NEWEST(r)),
    },
    "name",
    texts("name", "household", "address", "notes"),
)
EVENTS: Listing[Any] = Listing(
    "events",
    {"date": Sort("Date", field("event_date")), "name": Sort("Name", _NAME)},
    "date",
    texts("name", "event_name", "notes"),
)
LOTS: Listing[Any] = Listing(
    "lots",
    {
        "pantry": Sort("Next to use first", None),
        "received": Sort("Received", field("received_on")),
        "ingredient": Sort("Ingredient", field("ingredient", "stock_name")),
        "best_before": Sort("Best before", field("best_before")),
        "value": Sort("Value left", field("value_remaining")),
    },
    "pantry",
    texts("ingredient", "stock_name", "product", "notes"),
)


def api_query(listing: Listing[Any]) -> Any:
    """``Annotated[ListQuery, Depends(...)]`` for an API route of ``listing``."""
    return Annotated[ListQuery, Depends(listing.api_query())]


RecipesQuery = api_query(RECIPES)
IngredientsQuery = api_query(INGREDIENTS)
ProductsQuery = api_query(PRODUCTS)
RecipientsQuery = api_query(RECIPIENTS)
EventsQuery = api_query(EVENTS)
LotsQuery = api_query(LOTS)


def shows_archived(query: Mapping[str, str]) -> bool:
    """Whether a list's address asks for archived records too (``?archived=true``,
    docs/product.md §6.20)."""
    return query.get("archived", "").strip().lower() in ("true", "1", "yes", "on")
