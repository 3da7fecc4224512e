"""What an existing database already holds, for a merge import: natural keys and their ids.

Loaded in nine statements (one per named table, one for assignments) whatever the size;
an empty :class:`ExistingKeys` stands for the empty database of a replace import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from bakehouse.domain.seasons import SeasonSpan
from bakehouse.models import (
    Assignment,
    Bundle,
    Event,
    Ingredient,
    Item,
    Package,
    Product,
    Recipe,
    Recipient,
    Season,
)
from bakehouse.units.conversion import ConversionFactors, Measure

#: Document sections of named things, with their model.
NAMED_MODELS: dict[str, Any] = {
    "ingredients": Ingredient,
    "products": Product,
    "recipes": Recipe,
    "items": Item,
    "bundles": Bundle,
    "packages": Package,
    "recipients": Recipient,
    "events": Event,
    "seasons": Season,
}
#: Sections whose names are unique in the database (products' names are not).
UNIQUE_NAME_SECTIONS = frozenset(NAMED_MODELS) - {"products"}


@dataclass
class ExistingKeys:
    #: section → slug → id
    ids: dict[str, dict[str, int]] = field(default_factory=dict)
    #: section → names taken, lower-cased (names are unique whatever their case)
    names: dict[str, set[str]] = field(default_factory=dict)
    factors: dict[str, ConversionFactors] = field(default_factory=dict)
    #: product slug → its ingredient's slug
    product_ingredient: dict[str, str] = field(default_factory=dict)
    #: ingredient slugs that already have a preferred product
    preferred: set[str] = field(default_factory=set)
    #: (event, recipient, package) slugs of assignments already there
    assignments: set[tuple[str, str, str]] = field(default_factory=set)
    #: Seasons already there (a merged file's may not overlap them, §6.15)
    seasons: list[SeasonSpan] = field(default_factory=list)

    def slug_ids(self, section: str) -> dict[str, int]:
        return self.ids.get(section, {})


def load_existing_keys(session: Session) -> ExistingKeys:
    """Slugs, names and ids of every named thing in the database (nine statements)."""
    keys = ExistingKeys()
    for section, model in NAMED_MODELS.items():
        ids: dict[str, int] = {}
        names: set[str] = set()
        if model is Ingredient:
            for ingredient in session.scalars(select(Ingredient)):
                ids[ingredient.slug] = ingredient.id
                names.add(ingredient.name.lower())
                keys.factors[ingredient.slug] = ConversionFactors(
                    name=ingredient.name,
                    measure=Measure(ingredient.measure),
                    density=ingredient.density,
                    grams_per_each=ingredient.grams_per_each,
                )
        elif model is Product:
            rows = session.execute(
                select(Product.id, Product.slug, Ingredient.slug, Product.is_preferred).join(
                    Ingredient, Product.ingredient_id == Ingredient.id
                )
            )
            for product_id, slug, ingredient_slug, is_preferred in rows:
                ids[slug] = product_id
                keys.product_ingredient[slug] = ingredient_slug
                if is_preferred:
                    keys.preferred.add(ingredient_slug)
        else:
            for row_id, slug, name in session.execute(select(model.id, model.slug, model.name)):
                ids[slug] = row_id
                names.add(name.lower())
        keys.ids[section] = ids
        keys.names[section] = names
    keys.assignments = _assignment_keys(session)
    keys.seasons = [
        SeasonSpan(row.id, row.name, row.starts_on, row.ends_on)
        for row in session.execute(select(Season.id, Season.name, Season.starts_on, Season.ends_on))
    ]
    return keys


def _assignment_keys(session: Session) -> set[tuple[str, str, str]]:
    event, recipient, package = aliased(Event), aliased(Recipient), aliased(Package)
    rows = session.execute(
        select(event.slug, recipient.slug, package.slug)
        .select_from(Assignment)
        .join(event, Assignment.event_id == event.id)
        .join(recipient, Assignment.recipient_id == recipient.id)
        .join(package, Assignment.package_id == package.id)
    )
    return {(e, r, p) for e, r, p in rows}
