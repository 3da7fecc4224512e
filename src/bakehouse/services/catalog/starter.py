"""The starter catalog: common baking ingredients shipped as package data.

``bakehouse/data/starter_catalog.json`` lists each ingredient with how it is measured,
its density (g/ml) and where that density comes from, grams per each where it applies,
allergens, and a typical product. Loading it is idempotent: ingredients whose slug is
already in the catalog are skipped, never changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.slugs import slugify
from bakehouse.errors import Conflict
from bakehouse.models import Ingredient
from bakehouse.services.catalog.ingredients import create_ingredient
from bakehouse.services.catalog.products import create_product

STARTER_RESOURCE = "data/starter_catalog.json"


@dataclass(frozen=True)
class StarterLoadReport:
    """Names of the ingredients created and of those skipped (already in the catalog)."""

    created: tuple[str, ...]
    skipped: tuple[str, ...]
    products_created: int = 0


def starter_entries() -> list[dict[str, Any]]:
    """The starter catalog's ingredient entries, as stored in the package data."""
    text = resources.files("bakehouse").joinpath(STARTER_RESOURCE).read_text(encoding="utf-8")
    entries: list[dict[str, Any]] = json.loads(text)["ingredients"]
    return entries


def load_starter_catalog(session: Session) -> StarterLoadReport:
    """Create every starter ingredient (and its typical product) not yet in the catalog.

    Returns a :class:`StarterLoadReport`. Raises the catalog's validation errors if the
    package data were ever invalid (a test loads all of it).
    """
    existing = set(session.scalars(select(Ingredient.slug)))
    created: list[str] = []
    skipped: list[str] = []
    products = 0
    for entry in starter_entries():
        if slugify(entry["name"]) in existing:
            skipped.append(entry["name"])
            continue
        ingredient = create_ingredient(
            session,
            name=entry["name"],
            measure=entry["measure"],
            category=entry["category"],
            density=entry.get("density"),
            grams_per_each=entry.get("grams_per_each"),
            allergens=entry.get("allergens", ()),
            allergen_names=entry.get("allergen_names"),
            notes=f"Density: {entry['density_source']}." if entry.get("density_source") else "",
        )
        created.append(ingredient.name)
        existing.add(ingredient.slug)
        product = entry.get("product")
        if product is not None and _create_typical_product(session, ingredient, product):
            products += 1
    return StarterLoadReport(tuple(created), tuple(skipped), products)


def _create_typical_product(
    session: Session, ingredient: Ingredient, product: dict[str, Any]
) -> bool:
    """Add the entry's typical product; False when the same product already exists."""
    try:
        create_product(
            session,
            ingredient_id=ingredient.id,
            name=product["name"],
            brand=product.get("brand", ""),
            package_size=product["package_size"],
            package_unit=product["package_unit"],
            notes="Typical package from the starter catalog.",
        )
    except Conflict:
        return False
    return True
