"""Catalog pages: ingredients (with density help) and the products of each.

Recipes, items, bundles and packages are catalog pages too; they live in
:mod:`bakehouse.web.pages.recipes` and :mod:`bakehouse.web.pages.packaging`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from bakehouse.domain.allergens import allergen_label, format_allergen_names
from bakehouse.schemas.catalog import ProductRead
from bakehouse.services import catalog
from bakehouse.units.conversion import Measure
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.deps import DB, render
from bakehouse.web.forms import FormData, submit_form
from bakehouse.web.listings import INGREDIENTS, PRODUCTS, shows_archived
from bakehouse.web.pages.form_fields import (
    ALLERGEN_CHOICES,
    EmptyForm,
    FormModel,
    OptionalDensity,
    OptionalMoney,
    OptionalQuantity,
    Quantity,
    Text,
    Tick,
    Ticked,
    flash_for,
)

router = APIRouter(include_in_schema=False)
PRODUCTS_PAGE = "pages/catalog_products.html"
LIST = "pages/catalog.html"
INGREDIENT = "pages/catalog_ingredient.html"
NEW_INGREDIENT = "pages/catalog_ingredient_new.html"
PRODUCT = "pages/catalog_product.html"

MEASURE_CHOICES = [
    (Measure.MASS.value, "Weight (stocked in g)"),
    (Measure.VOLUME.value, "Volume (stocked in ml)"),
    (Measure.COUNT.value, "Count (stocked as each)"),
]
UNIT_CHOICES = ["g", "kg", "oz", "lb", "ml", "l", "tsp", "tbsp", "fl oz", "cup", "pint", "quart",
                "gallon", "each", "dozen"]  # fmt: skip
Context = Callable[[Session], dict[str, Any]]


class IngredientForm(FormModel):
    name: Text
    measure: Text
    category: Text = ""
    density: OptionalDensity = None
    grams_per_each: OptionalQuantity = None
    allergens: Ticked = []
    notes: Text = ""
    #: For labels (docs/product.md §6.8): "tree nuts: almonds; gluten: wheat", and
    #: "sugar, cocoa butter, soy lecithin".
    allergen_names: Text = ""
    sub_ingredients: Text = ""


class ProductForm(FormModel):
    name: Text
    brand: Text = ""
    package_size: Quantity
    package_unit: Text
    #: The shelf price of one package: plans use it as an estimate (docs/product.md §6.17).
    list_price: OptionalMoney = None
    list_price_on: Text = ""
    list_price_store: Text = ""
    gtin: Text = ""
    supplier: Text = ""
    is_preferred: Tick = False
    notes: Text = ""


class PreferForm(FormModel):
    is_preferred: Tick = False


def _form_choices() -> dict[str, Any]:
    return {
        "section": "catalog",
        "allergen_choices": ALLERGEN_CHOICES,
        "allergen_label": allergen_label,
        "measure_choices": MEASURE_CHOICES,
        "unit_choices": UNIT_CHOICES,
    }


def _ingredient_context(ingredient_id: int) -> Context:
    def context(session: Session) -> dict[str, Any]:
        ingredient = catalog.get_ingredient(session, ingredient_id)
        products = catalog.list_products(session, ingredient_id=ingredient.id)
        defaults = _values(ingredient, IngredientForm) | {
            "allergen_names": format_allergen_names(ingredient.allergen_names or {}),
            "sub_ingredients": ", ".join(ingredient.sub_ingredients or ()),
        }
        return _form_choices() | {
            "ingredient": ingredient, "products": products, "defaults": defaults
        }  # fmt: skip

    return context


def _product_context(product_id: int) -> Context:
    def context(session: Session) -> dict[str, Any]:
        product = catalog.get_product(session, product_id)
        defaults = _values(product, ProductForm)
        return _form_choices() | {
            "product": product, "ingredient": product.ingredient, "defaults": defaults
        }  # fmt: skip

    return context


def _new_product_context(ingredient_id: int) -> Context:
    def context(session: Session) -> dict[str, Any]:
        ingredient = catalog.get_ingredient(session, ingredient_id)
        defaults = {"package_unit": ingredient.unit}
        return _form_choices() | {"product": None, "ingredient": ingredient, "defaults": defaults}

    return context


def _values(record: Any, form: type[FormModel]) -> dict[str, Any]:
    """A record's fields as the form shows them (decimals without trailing zeros)."""
    values = {name: getattr(record, name) for name in form.model_fields}
    return {k: _shown(v) for k, v in values.items()}


def _shown(value: Any) -> Any:
    if value is None:
        return ""
    return format(value.normalize(), "f") if isinstance(value, Decimal) else value


def _list_context(session: Session, query: Mapping[str, str]) -> dict[str, Any]:
    """Ingredients found, sorted and paged as asked, within a category if one is chosen
    (docs/product.md §6.19)."""
    archived = shows_archived(query)
    everything = catalog.list_ingredients(session, include_archived=archived)
    products = Counter(p.ingredient_id for p in catalog.list_products(session))
    category = " ".join(query.get("category", "").lower().split())
    chosen = [i for i in everything if i.category == category] if category else everything
    return _form_choices() | {
        "listed": INGREDIENTS.apply(chosen, INGREDIENTS.query_from(query)),
        "product_counts": products, "categories": sorted({i.category for i in everything}),
        "category": category, "total": len(everything), "show_archived": archived,
    }  # fmt: skip


@router.get("/catalog")
def catalog_page(request: Request, db: DB, done: str | None = None) -> Response:
    """Ingredients by name (or as sorted); ``q`` finds words, ``category`` keeps one."""
    with db.transaction() as session:
        context = _list_context(session, request.query_params) | {"flash": flash_for(done)}
        return render(request, LIST, context)


@router.get("/catalog/products")
def products_page(request: Request, db: DB) -> Response:
    """Every product of every ingredient, found, sorted and paged as asked (§6.19)."""
    with db.transaction() as session:
        archived = shows_archived(request.query_params)
        products = catalog.list_products(session, include_archived=archived)
        found = [ProductRead.of(p) for p in products]
        listed = PRODUCTS.apply(found, PRODUCTS.query_from(request.query_params))
        marked = {p.id for p in products if p.archived_at is not None}
        page = {"section": "catalog", "listed": listed, "show_archived": archived}
        return render(request, PRODUCTS_PAGE, page | {"archived_ids": marked})


@router.get("/catalog/ingredients/new")
def new_ingredient_page(request: Request) -> Response:
    context = _form_choices() | {"errors": {}, "values": {"measure": "mass"}}
    return render(request, NEW_INGREDIENT, context)


@router.post("/catalog/ingredients")
def create_ingredient(request: Request, db: DB, form: FormData) -> Response:
    def action(session: Session, data: IngredientForm) -> str:
        ingredient = catalog.create_ingredient(session, **data.model_dump())
        return f"/catalog/ingredients/{ingredient.id}?done=created"

    return submit_form(
        request, db, form, IngredientForm, action, NEW_INGREDIENT, lambda _: _form_choices()
    )


@router.get("/catalog/ingredients/{ingredient_id}")
def ingredient_page(
    request: Request, ingredient_id: PathId, db: DB, done: str | None = None
) -> Response:
    with db.transaction() as session:
        context = _ingredient_context(ingredient_id)(session)
        context |= {"errors": {}, "values": {}, "flash": flash_for(done)}
        return render(request, INGREDIENT, context)


@router.post("/catalog/ingredients/{ingredient_id}")
def update_ingredient(request: Request, ingredient_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, data: IngredientForm) -> str:
        catalog.update_ingredient(session, ingredient_id, **data.model_dump())
        return f"/catalog/ingredients/{ingredient_id}?done=saved"

    context = _ingredient_context(ingredient_id)
    return submit_form(request, db, form, IngredientForm, action, INGREDIENT, context)


@router.post("/catalog/ingredients/{ingredient_id}/delete")
def delete_ingredient(request: Request, ingredient_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, _: EmptyForm) -> str:
        catalog.delete_ingredient(session, ingredient_id)
        return "/catalog?done=deleted"

    context = _ingredient_context(ingredient_id)
    return submit_form(request, db, form, EmptyForm, action, INGREDIENT, context)


@router.get("/catalog/ingredients/{ingredient_id}/products/new")
def new_product_page(request: Request, ingredient_id: PathId, db: DB) -> Response:
    with db.transaction() as session:
        context = _new_product_context(ingredient_id)(session)
        return render(request, PRODUCT, context | {"errors": {}, "values": {}})


@router.post("/catalog/ingredients/{ingredient_id}/products")
def create_product(request: Request, ingredient_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, data: ProductForm) -> str:
        catalog.create_product(session, ingredient_id=ingredient_id, **data.model_dump())
        return f"/catalog/ingredients/{ingredient_id}?done=created"

    context = _new_product_context(ingredient_id)
    return submit_form(request, db, form, ProductForm, action, PRODUCT, context)


@router.get("/catalog/products/{product_id}")
def product_page(request: Request, product_id: PathId, db: DB) -> Response:
    with db.transaction() as session:
        context = _product_context(product_id)(session)
        return render(request, PRODUCT, context | {"errors": {}, "values": {}})


@router.post("/catalog/products/{product_id}")
def update_product(request: Request, product_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, data: ProductForm) -> str:
        product = catalog.update_product(session, product_id, **data.model_dump())
        return f"/catalog/ingredients/{product.ingredient_id}?done=saved"

    context = _product_context(product_id)
    return submit_form(request, db, form, ProductForm, action, PRODUCT, context)


@router.post("/catalog/products/{product_id}/prefer")
def prefer_product(request: Request, product_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, data: PreferForm) -> str:
        product = catalog.update_product(session, product_id, is_preferred=data.is_preferred)
        return f"/catalog/ingredients/{product.ingredient_id}?done=saved"

    context = _product_context(product_id)
    return submit_form(request, db, form, PreferForm, action, PRODUCT, context)


@router.post("/catalog/products/{product_id}/delete")
def delete_product(request: Request, product_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, _: EmptyForm) -> str:
        ingredient_id = catalog.get_product(session, product_id).ingredient_id
        catalog.delete_product(session, product_id)
        return f"/catalog/ingredients/{ingredient_id}?done=deleted"

    context = _product_context(product_id)
    return submit_form(request, db, form, EmptyForm, action, PRODUCT, context)
