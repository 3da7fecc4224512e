"""Recipes typed as plain text: a name, ingredient lines, then instructions."""

from __future__ import annotations

import pytest

from bakehouse.io.recipe_sources import (
    ImportedSection,
    ImportedTime,
    NotARecipe,
    RecipeYield,
    SourceFormat,
    read_recipe_bytes,
    read_recipe_file,
)
from tests.io.recipe_sources.conftest import FIXTURES


def test_a_text_recipe_with_headings_reads_every_part() -> None:
    (recipe,) = read_recipe_file(FIXTURES / "sugar-cookies.txt").recipes

    assert recipe.name == "Cut-Out Sugar Cookies"
    assert recipe.description == "Soft cookies that hold their shape."
    assert recipe.recipe_yield == RecipeYield("Makes 48 cookies", 48, "cookies")
    assert recipe.prep_time == ImportedTime("30 minutes", 30)
    assert recipe.sections == (
        ImportedSection(
            None,
            (
                "3 cups all-purpose flour",
                "1 tsp baking powder",
                "1 cup butter, softened",
                "1 cup sugar",
                "1 egg",
            ),
        ),
        ImportedSection("For the icing", ("2 cups powdered sugar", "3 tbsp milk")),
    )
    assert recipe.instructions == (
        "Cream the butter and sugar; beat in the egg.\n"
        "Mix in the flour and baking powder, chill 1 hour, roll and cut.\n"
        "Bake at 350°F for 8 minutes."
    )
    assert recipe.notes == "Dough keeps 3 days in the fridge."
    assert recipe.source.format is SourceFormat.TEXT


def test_a_text_recipe_without_headings_finds_the_ingredient_paragraph() -> None:
    (recipe,) = read_recipe_file(FIXTURES / "fudge-no-headings.txt").recipes

    assert recipe.name == "Five-Minute Fudge"
    assert recipe.recipe_yield == RecipeYield("Serves 36", 36, "servings")
    assert recipe.lines == (
        "3 cups semisweet chocolate chips",
        "1 can (14 oz) sweetened condensed milk",
        "1/4 cup butter",
        "1 tsp vanilla extract",
    )
    assert recipe.instructions == (
        "Melt the chips, milk and butter together, stirring.\n"
        "Stir in the vanilla, spread in an 8-inch pan and chill 2 hours."
    )


def test_a_pasted_list_broken_by_a_blank_line_before_a_heading_stays_one_list() -> None:
    text = "Nut Brittle\n\n1 cup sugar\n1/2 cup corn syrup\n\nTopping:\n1 cup peanuts\n\nBoil."

    (recipe,) = read_recipe_bytes(text.encode(), name="brittle.txt").recipes

    assert recipe.sections == (
        ImportedSection(None, ("1 cup sugar", "1/2 cup corn syrup")),
        ImportedSection("Topping", ("1 cup peanuts",)),
    )
    assert recipe.instructions == "Boil."


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "the text is empty"),
        ("\n\n  \n", "the text is empty"),
        ("Dear Santa,\n\nI would like a bicycle.\n\nLove, Sam", "no ingredient list was found"),
        ("Ingredients\n1 cup sugar", "the first line should be the recipe's name"),
        ("Toffee\n\nIngredients\n\nInstructions\nBoil.", "no ingredient list was found"),
    ],
)
def test_text_that_is_not_a_recipe_is_refused_saying_why(text: str, reason: str) -> None:
    with pytest.raises(NotARecipe) as refused:
        read_recipe_bytes(text.encode(), name="note.txt")

    assert refused.value.reasons[0].startswith(reason)


def test_binary_and_non_utf8_files_are_refused() -> None:
    with pytest.raises(NotARecipe, match="binary file"):
        read_recipe_bytes(b"Toffee\n\x00\x01\x02", name="toffee.bin")
    with pytest.raises(NotARecipe, match="not UTF-8 text"):
        read_recipe_bytes("Crème brûlée\n\n1 cup crème".encode("latin-1"), name="creme.txt")
