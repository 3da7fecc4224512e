"""What a label is about, as plain data: ingredients, recipes, items, bundles and packages.

The caller (a service reading the database, or a test) builds these frozen trees; the rules in
this package read nothing else. A package and a bundle are both a :class:`BundleFacts`: a name
and counted parts. Quantities are :class:`~decimal.Decimal`, per batch, in the canonical unit of
the ingredient's measure (g, ml or each — docs/product.md §2.1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from bakehouse.units.conversion import Measure


@dataclass(frozen=True)
class Allergen:
    """One allergen an ingredient carries: a code of the 14 (``domain.allergens``) and, for
    tree nuts, fish, shellfish and cereals, the specific name ("almonds", "cod", "wheat")."""

    code: str
    name: str | None = None


@dataclass(frozen=True)
class IngredientFacts:
    """A leaf ingredient. Names are unique in a catalogue, so the name is the key.

    ``sub_ingredients`` are what the ingredient itself is made of, as printed on its own
    packet ("sugar", "chocolate", "cocoa butter", "soy lecithin").
    """

    name: str
    measure: Measure = Measure.MASS
    density: Decimal | None = None  # grams per millilitre
    grams_per_each: Decimal | None = None
    allergens: tuple[Allergen, ...] = ()
    sub_ingredients: tuple[str, ...] = ()


@dataclass(frozen=True)
class IngredientLine:
    """``quantity`` of an ingredient in one batch, in the canonical unit of its measure."""

    ingredient: IngredientFacts
    quantity: Decimal


@dataclass(frozen=True)
class SubRecipeLine:
    """``batches`` of a sub-recipe in one batch of the parent (½ batch of glaze → 0.5).

    A line measured in the sub-recipe's yield unit is its quantity ÷ the sub-recipe's yield.
    """

    recipe: RecipeFacts
    batches: Decimal


@dataclass(frozen=True)
class RecipeFacts:
    name: str
    lines: tuple[IngredientLine | SubRecipeLine, ...]


@dataclass(frozen=True)
class ItemFacts:
    """One thing a recipe makes: one item is ``1 ÷ items_per_batch`` of a batch.

    ``net_weight_g`` is the weighed weight of one baked item, when the baker has set it; without
    it the item's weight is its share of the recipe's ingredient mass (before baking).
    """

    name: str
    recipe: RecipeFacts
    items_per_batch: int
    net_weight_g: Decimal | None = None


@dataclass(frozen=True)
class Part:
    thing: ItemFacts | BundleFacts
    count: int


@dataclass(frozen=True)
class BundleFacts:
    """A bundle or a package: a name and its parts, each an item or a bundle with a count."""

    name: str
    parts: tuple[Part, ...] = field(default=())


def item_counts(
    contents: ItemFacts | BundleFacts, times: int = 1
) -> dict[str, tuple[ItemFacts, int]]:
    """Every item inside ``contents`` (bundles expanded) with how many, keyed by item name,
    in the order each item first appears."""
    counts: dict[str, tuple[ItemFacts, int]] = {}
    _add_items(contents, times, counts)
    return counts


def _add_items(
    thing: ItemFacts | BundleFacts, times: int, counts: dict[str, tuple[ItemFacts, int]]
) -> None:
    if isinstance(thing, ItemFacts):
        _, before = counts.get(thing.name, (thing, 0))
        counts[thing.name] = (thing, before + times)
        return
    for part in thing.parts:
        _add_items(part.thing, times * part.count, counts)
