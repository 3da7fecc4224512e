"""How much of each leaf ingredient is in an item, a bundle or a package (docs/product.md §6.8).

Every item is ``1 ÷ items_per_batch`` of a batch of its recipe; sub-recipe lines contribute
their share of a sub batch, recursively; amounts are summed per ingredient across items and
bundles, exactly (``Fraction``), then turned into grams through the ingredient's density or
grams per each. An amount that cannot be turned into grams is *unknown*.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from bakehouse.domain.labelling.contents import (
    BundleFacts,
    IngredientFacts,
    IngredientLine,
    ItemFacts,
    RecipeFacts,
    item_counts,
)
from bakehouse.domain.numbers import QUANTITY_PLACES
from bakehouse.units.conversion import Measure

_PLACES = Decimal(1).scaleb(-QUANTITY_PLACES)


@dataclass(frozen=True)
class IngredientWeight:
    """One leaf ingredient of the contents: grams (6 places), or None when unknown."""

    ingredient: IngredientFacts
    grams: Decimal | None


@dataclass(frozen=True)
class Weighing:
    """The leaf ingredients in statement order: heaviest first (ties by name); an ingredient
    of unknown weight sits where 1 g per ml puts it (volume) or last (counted), and makes the
    order ``approximate``."""

    ingredients: tuple[IngredientWeight, ...]
    approximate: bool
    warnings: tuple[str, ...]


def weigh_ingredients(contents: ItemFacts | BundleFacts) -> Weighing:
    """Weigh every leaf ingredient of ``contents``, through bundles and sub-recipes."""
    amounts: dict[str, tuple[IngredientFacts, Fraction]] = {}
    for item, count in item_counts(contents).values():
        _add_recipe(item.recipe, Fraction(count, item.items_per_batch), amounts)
    weights = [(ingredient, _grams(ingredient, amount)) for ingredient, amount in amounts.values()]
    weights.sort(key=lambda pair: _order_key(pair[0], amounts[pair[0].name][1], pair[1]))
    unknown = [ingredient for ingredient, grams in weights if grams is None]
    return Weighing(
        ingredients=tuple(
            IngredientWeight(ingredient, None if grams is None else to_decimal(grams))
            for ingredient, grams in weights
        ),
        approximate=bool(unknown),
        warnings=tuple(unknown_weight_warning(ingredient) for ingredient in unknown),
    )


def item_weight(item: ItemFacts) -> Fraction | None:
    """Grams in one item: its weighed weight when set, else its share of the recipe's
    ingredient mass; None when some ingredient's weight is unknown."""
    if item.net_weight_g is not None:
        return Fraction(item.net_weight_g)
    amounts: dict[str, tuple[IngredientFacts, Fraction]] = {}
    _add_recipe(item.recipe, Fraction(1, item.items_per_batch), amounts)
    total = Fraction(0)
    for ingredient, amount in amounts.values():
        grams = _grams(ingredient, amount)
        if grams is None:
            return None
        total += grams
    return total


def unknown_weight_warning(ingredient: IngredientFacts) -> str:
    missing = "density" if ingredient.measure is Measure.VOLUME else "grams per each"
    return (
        f"the weight of {ingredient.name} is not known: set its {missing} "
        "for an exact ingredient order"
    )


def to_decimal(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(_PLACES, rounding=ROUND_HALF_EVEN)


def _add_recipe(
    recipe: RecipeFacts, batches: Fraction, amounts: dict[str, tuple[IngredientFacts, Fraction]]
) -> None:
    for line in recipe.lines:
        if isinstance(line, IngredientLine):
            name = line.ingredient.name
            _, before = amounts.get(name, (line.ingredient, Fraction(0)))
            amounts[name] = (line.ingredient, before + batches * Fraction(line.quantity))
        else:
            _add_recipe(line.recipe, batches * Fraction(line.batches), amounts)


def _grams(ingredient: IngredientFacts, amount: Fraction) -> Fraction | None:
    if ingredient.measure is Measure.MASS:
        return amount
    if ingredient.measure is Measure.VOLUME:
        return None if ingredient.density is None else amount * Fraction(ingredient.density)
    if ingredient.grams_per_each is None:
        return None
    return amount * Fraction(ingredient.grams_per_each)


def _order_key(
    ingredient: IngredientFacts, amount: Fraction, grams: Fraction | None
) -> tuple[int, Fraction, str, str]:
    if grams is None and ingredient.measure is Measure.VOLUME:
        grams = amount  # 1 g per ml: most kitchen liquids are close to water
    if grams is None:
        return (1, Fraction(0), ingredient.name.casefold(), ingredient.name)
    return (0, -grams, ingredient.name.casefold(), ingredient.name)
