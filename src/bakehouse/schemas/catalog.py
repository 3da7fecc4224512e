"""Read models of the catalog: ingredients, products, and what loading the starter added."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from bakehouse.domain.kinds import DrawOrder
from bakehouse.models import Product
from bakehouse.schemas.base import Exact, ReadModel
from bakehouse.services.catalog.products import package_quantity
from bakehouse.units.conversion import Measure


class IngredientRead(ReadModel):
    id: int
    name: str
    slug: str
    category: str
    measure: Measure
    unit: str = Field(description="the canonical unit stock is held in")
    density: Exact | None
    grams_per_each: Exact | None
    allergens: list[str]
    notes: str
    #: fifo (oldest lot first) or fefo (earliest best-before first), docs/product.md §6.14.
    draw_order: DrawOrder = DrawOrder.FIFO
    #: Specific allergen names for labels by allergen code ({"tree_nuts": ["almonds"]}) and
    #: what the ingredient is made of (docs/product.md §6.8).
    allergen_names: dict[str, list[str]] = Field(default_factory=dict)
    sub_ingredients: list[str] = Field(default_factory=list)


class ProductRead(ReadModel):
    """A buyable package of an ingredient; ``package_quantity`` is what one holds in ``unit``."""

    id: int
    ingredient_id: int
    ingredient: str
    label: str
    slug: str
    brand: str
    name: str
    package_size: Exact
    package_unit: str
    package_quantity: Exact = Field(description="one package in the ingredient's unit")
    unit: str = Field(description="the ingredient's canonical unit")
    gtin: str | None
    supplier: str | None
    is_preferred: bool
    notes: str
    #: The shelf price of one package (docs/product.md §6.17); null: none.
    list_price: Exact | None = None
    list_price_on: date | None = None
    list_price_store: str | None = None

    @classmethod
    def of(cls, product: Product) -> ProductRead:
        computed = {"ingredient", "package_quantity", "unit"}
        return cls.model_validate(
            {
                **{f: getattr(product, f) for f in cls.model_fields if f not in computed},
                "ingredient": product.ingredient.name,
                "package_quantity": package_quantity(product),
                "unit": product.ingredient.unit,
            }
        )


class StarterLoadRead(ReadModel):
    """Names of the starter ingredients added and of those already in the catalog."""

    created: list[str]
    skipped: list[str]
    products_created: int
