"""The catalog: ingredients and the products (buyable packages) of each.

One import path for both halves, which live in :mod:`bakehouse.services.catalog.ingredients` and
:mod:`bakehouse.services.catalog.products`. Every function takes the caller's Session, may flush,
never commits, and raises domain errors (:class:`InvalidInput` naming the field,
:class:`Conflict`, :class:`InUse`, :class:`NotFound`).
"""

from __future__ import annotations

from bakehouse.services.catalog.ingredients import (
    create_ingredient,
    delete_ingredient,
    get_ingredient,
    list_ingredients,
    update_ingredient,
)
from bakehouse.services.catalog.products import (
    create_product,
    delete_product,
    get_product,
    list_products,
    package_quantity,
    update_product,
)

__all__ = [
    "create_ingredient",
    "create_product",
    "delete_ingredient",
    "delete_product",
    "get_ingredient",
    "get_product",
    "list_ingredients",
    "list_products",
    "package_quantity",
    "update_ingredient",
    "update_product",
]
