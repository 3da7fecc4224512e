"""A hand-made package for label tests: a Holiday tin of two bundles, one cookie with a
buttercream sub-recipe. The grams in the tests are worked out by hand in the docstrings."""

from __future__ import annotations

from decimal import Decimal

from bakehouse.domain.labelling import (
    Allergen,
    BundleFacts,
    IngredientFacts,
    IngredientLine,
    ItemFacts,
    Part,
    RecipeFacts,
    SubRecipeLine,
)
from bakehouse.units.conversion import Measure

FLOUR = IngredientFacts("Wheat flour", allergens=(Allergen("gluten", "wheat"),))
BUTTER = IngredientFacts("Butter", allergens=(Allergen("milk"),))
SUGAR = IngredientFacts("Sugar")
POWDERED_SUGAR = IngredientFacts("Powdered sugar")
ALMOND_FLOUR = IngredientFacts("Almond flour", allergens=(Allergen("tree_nuts", "almonds"),))
EGGS = IngredientFacts(
    "Eggs", measure=Measure.COUNT, grams_per_each=Decimal(50), allergens=(Allergen("eggs"),)
)
MILK = IngredientFacts(
    "Whole milk", measure=Measure.VOLUME, density=Decimal("1.03"), allergens=(Allergen("milk"),)
)
CHOCOLATE_CHIPS = IngredientFacts(
    "Chocolate chips",
    allergens=(Allergen("soy"),),
    sub_ingredients=("sugar", "chocolate", "cocoa butter", "soy lecithin"),
)
VANILLA = IngredientFacts("Vanilla extract", measure=Measure.VOLUME)  # no density

BUTTERCREAM = RecipeFacts(
    "Buttercream",
    (
        IngredientLine(BUTTER, Decimal(200)),
        IngredientLine(POWDERED_SUGAR, Decimal(400)),
        IngredientLine(MILK, Decimal(40)),
    ),
)
ALMOND_CRESCENTS = ItemFacts(
    "Almond crescents",
    RecipeFacts(
        "Almond crescents",
        (
            IngredientLine(FLOUR, Decimal(240)),
            IngredientLine(BUTTER, Decimal(200)),
            IngredientLine(ALMOND_FLOUR, Decimal(100)),
            IngredientLine(SUGAR, Decimal(60)),
        ),
    ),
    items_per_batch=24,
)
CHOCOLATE_CHIP = ItemFacts(
    "Chocolate chip cookies",
    RecipeFacts(
        "Chocolate chip cookies",
        (
            IngredientLine(FLOUR, Decimal(250)),
            IngredientLine(BUTTER, Decimal(150)),
            IngredientLine(SUGAR, Decimal(100)),
            IngredientLine(CHOCOLATE_CHIPS, Decimal(200)),
            IngredientLine(EGGS, Decimal(2)),
        ),
    ),
    items_per_batch=20,
)
FROSTED_SUGAR = ItemFacts(
    "Frosted sugar cookies",
    RecipeFacts(
        "Frosted sugar cookies",
        (
            IngredientLine(FLOUR, Decimal(300)),
            IngredientLine(BUTTER, Decimal(150)),
            IngredientLine(SUGAR, Decimal(100)),
            IngredientLine(EGGS, Decimal(1)),
            SubRecipeLine(BUTTERCREAM, Decimal("0.5")),
        ),
    ),
    items_per_batch=12,
)
COOKIE_DUO = BundleFacts("Cookie duo", (Part(ALMOND_CRESCENTS, 4), Part(CHOCOLATE_CHIP, 4)))
FROSTED_PAIR = BundleFacts("Frosted pair", (Part(FROSTED_SUGAR, 2),))
HOLIDAY_TIN = BundleFacts("Holiday tin", (Part(COOKIE_DUO, 1), Part(FROSTED_PAIR, 1)))
