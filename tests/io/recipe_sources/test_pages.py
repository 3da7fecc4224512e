"""Web pages: schema.org recipes from JSON-LD and microdata, read to plain text."""

from __future__ import annotations

import pytest

from bakehouse.io.recipe_sources import (
    ImportedSection,
    ImportedTime,
    NotARecipe,
    RecipeYield,
    SkippedPart,
    SourceFormat,
    read_recipe_bytes,
    read_recipe_file,
)
from tests.io.recipe_sources.conftest import FIXTURES


def test_json_ld_in_a_graph_reads_sections_yield_steps_and_times() -> None:
    reading = read_recipe_file(FIXTURES / "jsonld-graph.html")

    (recipe,) = reading.recipes
    assert recipe.name == "Brown Butter Sugar Cookies"
    assert recipe.description == "Chewy sugar cookies with nutty brown butter and a vanilla glaze."
    assert recipe.sections == (
        ImportedSection(
            None,
            (
                "1 cup unsalted butter",
                "2 1/4 cups all-purpose flour",
                "1 tsp baking soda",
                "1 1/4 cups granulated sugar",
                "1 large egg",
            ),
        ),
        ImportedSection(
            "For the glaze", ("1 cup powdered sugar", "2 tbsp milk", "½ tsp vanilla extract")
        ),
    )
    assert recipe.recipe_yield == RecipeYield("24 cookies", 24, "cookies")
    assert recipe.instructions == (
        "Cookies\n"
        "Brown the butter and let it cool for 1 hour.\n"
        "Whisk the flour and baking soda.\n"
        "Beat in the sugar and egg, scoop and bake at 350°F for 12 minutes.\n"
        "\n"
        "Glaze\n"
        "Stir the powdered sugar, milk and vanilla until smooth; drizzle."
    )
    assert (recipe.prep_time, recipe.cook_time, recipe.total_time) == (
        ImportedTime("PT20M", 20),
        ImportedTime("PT12M", 12),
        ImportedTime("PT1H32M", 92),
    )
    assert recipe.source.format is SourceFormat.HTML_JSON_LD
    assert recipe.source.location == "jsonld-graph.html"
    assert recipe.source.url == "https://crumbjournal.example/brown-butter-sugar-cookies/"
    assert reading.skipped == ()


def test_microdata_recipe_is_read_with_extruct() -> None:
    (recipe,) = read_recipe_file(FIXTURES / "microdata.html").recipes

    assert recipe.name == "Cranberry Orange Bread"
    assert recipe.source.format is SourceFormat.HTML_MICRODATA
    assert recipe.sections == (
        ImportedSection(
            None,
            (
                "2 cups all-purpose flour",
                "3/4 cup sugar",
                "1 1/2 tsp baking powder",
                "1 cup fresh cranberries, halved",
                "Zest of 1 orange",
            ),
        ),
    )
    assert recipe.recipe_yield == RecipeYield("2 loaves", 2, "loaves")
    assert recipe.instructions == (
        "Heat the oven to 350°F and grease two loaf pans.\n"
        "Mix, fold in the cranberries and zest, and bake for 55 minutes."
    )
    assert recipe.prep_time == ImportedTime("PT15M", 15)
    assert recipe.cook_time == ImportedTime("PT55M", 55)


def test_several_recipes_on_one_page_are_all_read_in_order() -> None:
    recipes = read_recipe_file(FIXTURES / "several-recipes.html").recipes

    assert [r.name for r in recipes] == [
        "Shortbread Stars",
        "Gingerbread People",
        "Peppermint Bark",
    ]
    stars, people, bark = recipes
    assert stars.lines == ("2 cups flour", "1 cup butter, softened", "1/2 cup powdered sugar")
    assert stars.recipe_yield == RecipeYield("36 stars", 36, "stars")
    assert people.recipe_yield == RecipeYield("18", 18, None)
    assert people.instructions == "Mix the dough.\nChill for 2 hours.\nCut and bake."
    # "about 2 pounds" is not a count: the baker will be asked for the items per batch.
    assert bark.recipe_yield == RecipeYield("about 2 pounds")
    assert bark.lines == (
        "12 oz dark chocolate",
        "12 oz white chocolate",
        "1/2 cup crushed candy canes",
    )


def test_a_broken_json_ld_block_is_skipped_and_the_next_block_is_read() -> None:
    reading = read_recipe_file(FIXTURES / "broken-jsonld.html")

    (recipe,) = reading.recipes
    assert recipe.name == "Lemon Crinkle Cookies"
    assert recipe.recipe_yield == RecipeYield("Makes 30 cookies", 30, "cookies")
    assert recipe.lines[-1] == "1/2 cup powdered sugar, for rolling"
    (skipped,) = reading.skipped
    assert skipped.location == "broken-jsonld.html > JSON-LD block 1"
    assert skipped.reason.startswith("it is not valid JSON")


def test_markup_and_scripts_inside_fields_become_plain_text() -> None:
    (recipe,) = read_recipe_file(FIXTURES / "markup-in-fields.html").recipes

    assert recipe.name == "Salted Vanilla Caramels"
    assert recipe.description == "Soft caramels & flaky salt.\n\nWrap them in wax paper."
    assert recipe.lines == (
        "1 cup heavy cream",
        "1 1/2 cups sugar & a pinch of salt",
        "1/4 cup butter",  # escaped twice ("&lt;b&gt;"): still text, not markup
        "1 tsp flaky sea salt",
    )
    assert recipe.recipe_yield == RecipeYield("64 caramels", 64, "caramels")
    assert recipe.instructions == "Line an 8-inch pan.\nCook to 245°F, stirring.\nPour and cool."
    every_text = " ".join(
        [recipe.name, recipe.description, recipe.instructions, *recipe.lines]
    ).lower()
    for trace in ("<", ">", "alert", "script", "color:red", "onerror", "href"):
        assert trace not in every_text


def test_a_microdata_copy_of_a_json_ld_recipe_is_read_once() -> None:
    page = b"""<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "Recipe", "name": "Toffee",
     "recipeIngredient": ["1 cup butter", "1 cup sugar"], "recipeInstructions": "Boil."}
    </script></head><body>
    <div itemscope itemtype="http://schema.org/Recipe"><h1 itemprop="name">Toffee</h1>
    <span itemprop="recipeIngredient">1 cup butter</span></div></body></html>"""

    reading = read_recipe_bytes(page, name="toffee.html")

    assert [r.source.format for r in reading.recipes] == [SourceFormat.HTML_JSON_LD]
    assert reading.skipped == (
        SkippedPart("toffee.html > microdata recipe 1", "the same recipe as the page's JSON-LD"),
    )


def test_json_ld_wrapped_in_comments_and_typed_loosely_is_read() -> None:
    page = b"""<html><head><script type="Application/LD+JSON; charset=utf-8">
    //<![CDATA[
    {"@type": "https://schema.org/Recipe", "name": "Candied Pecans",
     "recipeIngredient": "2 cups pecans", "recipeInstructions": [["Toss."], ["Roast."]]}
    //]]>
    </script></head></html>"""

    (recipe,) = read_recipe_bytes(page, name="pecans.html").recipes

    assert recipe.lines == ("2 cups pecans",)
    assert recipe.instructions == "Toss.\nRoast."


def test_a_page_without_a_recipe_is_refused_with_the_reasons() -> None:
    page = b"""<!doctype html><html><head><script type="application/ld+json">
    {"@type": "Article", "headline": "Ten cookie tins"}</script>
    <script type="application/ld+json">{"@type": "Recipe", "name": "Empty"}</script>
    <script type="application/ld+json">DEEP</script>
    </head><body>No recipe here.</body></html>""".replace(b"DEEP", b"[" * 40 + b"]" * 40)

    with pytest.raises(NotARecipe) as refused:
        read_recipe_bytes(page, name="article.html")

    assert refused.value.reasons == [
        'article.html > JSON-LD block 2: the schema.org Recipe "Empty" has neither '
        "ingredients nor instructions",
        "article.html > JSON-LD block 3: it nests lists and objects more than 32 levels deep",
        "the page has no schema.org Recipe in JSON-LD or microdata",
    ]
    assert refused.value.code == "not_a_recipe"
    assert refused.value.http_status == 422


def test_microdata_nested_too_deep_or_repeated_too_often_is_skipped() -> None:
    item = b'<div itemscope itemtype="https://schema.org/Thing" itemprop="part">'
    recipe = (
        b'<div itemscope itemtype="https://schema.org/Recipe"><h1 itemprop="name">Toffee</h1>'
        b'<span itemprop="recipeIngredient">1 cup butter</span></div>'
    )
    deep = b"<html><body>" + recipe + item * 200 + b"</div>" * 200 + b"</body></html>"
    wide = b"<html><body>" + recipe + (item + b"</div>") * 2_001 + b"</body></html>"

    for page, reason in ((deep, "it nests items more than 12 deep"),
                         (wide, "it has more than 2,000 items")):  # fmt: skip
        with pytest.raises(NotARecipe) as refused:
            read_recipe_bytes(page, name="crafted.html")
        assert refused.value.reasons[0] == f"crafted.html > microdata: {reason}"
