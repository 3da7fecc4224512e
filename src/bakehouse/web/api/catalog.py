"""JSON API for the catalog: ingredients and the products (buyable packages) of each."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from bakehouse.domain.inputs import MAX_ID, TextLimit
from bakehouse.schemas.catalog import IngredientRead, ProductRead
from bakehouse.services import catalog
from bakehouse.web.api.schemas_catalog import (
    IngredientCreate,
    IngredientUpdate,
    ProductCreate,
    ProductUpdate,
)
from bakehouse.web.api.schemas_fields import Deleted, PathId
from bakehouse.web.api.strict_json import StrictJsonRoute
from bakehouse.web.deps import DB
from bakehouse.web.listings import INGREDIENTS, PRODUCTS, IngredientsQuery, ProductsQuery
from bakehouse.web.pagination import Page

router = APIRouter(tags=["catalog"], route_class=StrictJsonRoute)

Search = Annotated[str | None, Query(max_length=TextLimit.SEARCH, description="part of the name")]
CategoryFilter = Annotated[str | None, Query(max_length=TextLimit.CATEGORY)]
IngredientFilter = Annotated[int | None, Query(ge=1, le=MAX_ID)]


@router.get("/ingredients", response_model=Page[IngredientRead])
def list_ingredients(
    db: DB, query: IngredientsQuery, category: CategoryFilter = None
) -> dict[str, object]:
    """Ingredients by name (or category, or newest first), optionally of one category;
    ``q`` finds words in the name, category or notes."""
    with db.transaction() as session:
        found = catalog.list_ingredients(session, category=category)
        rows = [IngredientRead.model_validate(i) for i in found]
    return INGREDIENTS.apply(rows, query).api_page()


@router.post("/ingredients", response_model=IngredientRead, status_code=201)
def create_ingredient(body: IngredientCreate, db: DB) -> IngredientRead:
    with db.transaction() as session:
        ingredient = catalog.create_ingredient(session, **body.model_dump())
        return IngredientRead.model_validate(ingredient)


@router.get("/ingredients/{ingredient_id}", response_model=IngredientRead)
def get_ingredient(ingredient_id: PathId, db: DB) -> IngredientRead:
    with db.transaction() as session:
        return IngredientRead.model_validate(catalog.get_ingredient(session, ingredient_id))


@router.patch("/ingredients/{ingredient_id}", response_model=IngredientRead)
def update_ingredient(ingredient_id: PathId, body: IngredientUpdate, db: DB) -> IngredientRead:
    """Change the fields sent. A change that strands a product or recipe unit is refused."""
    with db.transaction() as session:
        ingredient = catalog.update_ingredient(session, ingredient_id, **body.changes())
        return IngredientRead.model_validate(ingredient)


@router.delete("/ingredients/{ingredient_id}", response_model=Deleted)
def delete_ingredient(ingredient_id: PathId, db: DB) -> Deleted:
    """Delete an unused ingredient; refused (409) with what still uses it."""
    with db.transaction() as session:
        catalog.delete_ingredient(session, ingredient_id)
    return Deleted(kind="ingredient", id=ingredient_id)


@router.get("/products", response_model=Page[ProductRead])
def list_products(
    db: DB, query: ProductsQuery, ingredient_id: IngredientFilter = None
) -> dict[str, object]:
    """Products by ingredient name, preferred first (or by name, brand, newest first),
    optionally of one ingredient; ``q`` finds words in the name, ingredient, brand or GTIN."""
    with db.transaction() as session:
        found = catalog.list_products(session, ingredient_id=ingredient_id)
        rows = [ProductRead.of(p) for p in found]
    return PRODUCTS.apply(rows, query).api_page()


@router.post("/products", response_model=ProductRead, status_code=201)
def create_product(body: ProductCreate, db: DB) -> ProductRead:
    """Add a product; making it preferred clears the ingredient's previous preferred one."""
    with db.transaction() as session:
        return ProductRead.of(catalog.create_product(session, **body.model_dump()))


@router.get("/products/{product_id}", response_model=ProductRead)
def get_product(product_id: PathId, db: DB) -> ProductRead:
    with db.transaction() as session:
        return ProductRead.of(catalog.get_product(session, product_id))


@router.patch("/products/{product_id}", response_model=ProductRead)
def update_product(product_id: PathId, body: ProductUpdate, db: DB) -> ProductRead:
    with db.transaction() as session:
        return ProductRead.of(catalog.update_product(session, product_id, **body.changes()))


@router.delete("/products/{product_id}", response_model=Deleted)
def delete_product(product_id: PathId, db: DB) -> Deleted:
    """Delete a product never bought; refused (409) once purchases use it."""
    with db.transaction() as session:
        catalog.delete_product(session, product_id)
    return Deleted(kind="product", id=product_id)
