"""Request bodies of the catalog API: ingredients and products.

What the API answers is in :mod:`bakehouse.schemas.catalog`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from bakehouse.domain.inputs import DENSITY, MAX_ALLERGENS, QUANTITY, TextLimit
from bakehouse.domain.inputs.limits import MAX_SPECIFIC_NAMES, MAX_SUB_INGREDIENTS
from bakehouse.domain.kinds import DrawOrder
from bakehouse.units.conversion import Measure
from bakehouse.web.api.schemas_fields import (
    AllergenCode,
    Category,
    InputModel,
    Money,
    Name,
    NoControlCharacters,
    Notes,
    Quantity,
    RecordId,
    ShortText,
    UnitName,
    exact,
    number_schema,
)

Density = Annotated[
    Decimal,
    exact(DENSITY),
    Field(gt=Decimal(0)),
    number_schema(DENSITY, 'grams per millilitre, e.g. "0.53"', gt=Decimal(0)),
]
GramsPerEach = Annotated[
    Decimal,
    exact(QUANTITY),
    Field(gt=Decimal(0)),
    number_schema(QUANTITY, 'grams one piece weighs, e.g. "50"', gt=Decimal(0)),
]
Gtin = Annotated[
    str, StringConstraints(max_length=TextLimit.GTIN, pattern=r"^[0-9 -]*$", strict=True)
]

SubIngredient = Annotated[
    str,
    StringConstraints(min_length=1, max_length=TextLimit.SUB_INGREDIENT),
    NoControlCharacters,
]

#: Fields an update may set to null (clearing them); the others are skipped when null.
_CLEARABLE = frozenset(
    {"density", "grams_per_each", "gtin", "supplier", "list_price", "list_price_store"}
)
#: A list price's day (docs/product.md §6.17).
ListPriceDay = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2999, 12, 31))]


def _changes(model: InputModel) -> dict[str, Any]:
    sent = model.model_dump(exclude_unset=True)
    return {k: v for k, v in sent.items() if v is not None or k in _CLEARABLE}


#: Specific allergen names (docs/product.md §6.8): at most 14 allergens, 20 names each.
AllergenNames = Annotated[
    dict[AllergenCode, Annotated[list[SubIngredient], Field(max_length=MAX_SPECIFIC_NAMES)]],
    Field(max_length=MAX_ALLERGENS),
]
SubIngredients = Annotated[list[SubIngredient], Field(max_length=MAX_SUB_INGREDIENTS)]
_NAMES = (
    'specific allergen names for labels by allergen, e.g. {"tree_nuts": ["almonds"]}; '
    "a name adds its allergen"
)
_SUBS = 'what the ingredient is made of, as its packet lists it, e.g. ["sugar", "cocoa butter"]'


class IngredientCreate(InputModel):
    name: Name
    measure: Measure = Field(description="mass (stocked in g), volume (ml) or count (each)")
    category: Category = "other"
    density: Density | None = None
    grams_per_each: GramsPerEach | None = None
    allergens: list[AllergenCode] = Field(default_factory=list, max_length=MAX_ALLERGENS)
    notes: Notes = ""
    draw_order: DrawOrder = Field(
        default=DrawOrder.FIFO,
        description="fifo: oldest lot first; fefo: earliest best-before first",
    )
    allergen_names: AllergenNames = Field(default_factory=dict, description=_NAMES)
    sub_ingredients: SubIngredients = Field(default_factory=list, description=_SUBS)


class IngredientUpdate(InputModel):
    """Only the fields sent change; null clears density or grams per each."""

    name: Name | None = None
    measure: Measure | None = None
    category: Category | None = None
    density: Density | None = None
    grams_per_each: GramsPerEach | None = None
    allergens: list[AllergenCode] | None = Field(default=None, max_length=MAX_ALLERGENS)
    notes: Notes | None = None
    draw_order: DrawOrder | None = None
    allergen_names: AllergenNames | None = Field(default=None, description=_NAMES)
    sub_ingredients: SubIngredients | None = Field(default=None, description=_SUBS)

    def changes(self) -> dict[str, Any]:
        return _changes(self)


class ProductCreate(InputModel):
    ingredient_id: RecordId
    name: Name
    brand: ShortText = ""
    package_size: Quantity
    package_unit: UnitName = Field(description="any unit the ingredient converts from, e.g. lb")
    gtin: Gtin | None = None
    supplier: ShortText | None = None
    is_preferred: bool = False
    notes: Notes = ""
    #: The shelf price of one package: an estimate until bought (docs/product.md §6.17).
    list_price: Money | None = None
    list_price_on: ListPriceDay | None = Field(default=None, description="default: today")
    list_price_store: ShortText | None = None


class ProductUpdate(InputModel):
    """Only the fields sent change; null clears gtin or supplier."""

    name: Name | None = None
    brand: ShortText | None = None
    package_size: Quantity | None = None
    package_unit: UnitName | None = None
    gtin: Gtin | None = None
    supplier: ShortText | None = None
    is_preferred: bool | None = None
    notes: Notes | None = None
    #: null clears the list price (and its day and store).
    list_price: Money | None = None
    list_price_on: ListPriceDay | None = None
    list_price_store: ShortText | None = None

    def changes(self) -> dict[str, Any]:
        return _changes(self)
