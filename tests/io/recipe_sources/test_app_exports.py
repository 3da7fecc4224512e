"""Exports of other recipe apps: Mealie, Tandoor and Paprika, in the shapes they write."""

from __future__ import annotations

from pathlib import Path

from bakehouse.io.recipe_sources import (
    ImportedSection,
    ImportedTime,
    RecipeYield,
    SkippedPart,
    SourceFormat,
    read_recipe_bytes,
    read_recipe_file,
)
from tests.io.recipe_sources.builders import FAKE_JPEG, FAKE_WEBP, gzip_of, zip_of
from tests.io.recipe_sources.conftest import FIXTURES, fixture_bytes


def test_a_mealie_recipe_json_reads_titles_as_sections_and_the_mealie_2_yield() -> None:
    (recipe,) = read_recipe_file(FIXTURES / "mealie-raw-brownies.json").recipes

    assert recipe.name == "Fudgy Cocoa Brownies"
    assert recipe.sections == (
        ImportedSection(
            "Batter", ("½ cup butter melted", "1 cup sugar", "2 eggs", "⅓ cup cocoa powder")
        ),
        ImportedSection("Topping", ("1 cup chocolate chips", "flaky salt, to finish")),
    )
    assert recipe.recipe_yield == RecipeYield("16 brownies", 16, "brownies")
    assert recipe.instructions == (
        "Heat the oven to 350°F and line an 8-inch pan.\n"
        "Whisk the melted butter, sugar and eggs; fold in the cocoa.\n"
        "\n"
        "Finish\n"
        "Scatter the chips and salt on top and bake for 35 minutes."
    )
    assert recipe.notes == "Storage\nKeeps 5 days in a tin, or freeze for 3 months."
    assert recipe.prep_time == ImportedTime("15 minutes", 15)
    assert recipe.cook_time == ImportedTime("35 minutes", 35)
    assert recipe.total_time == ImportedTime("1 hour 10 minutes", 70)
    assert recipe.source.format is SourceFormat.MEALIE
    assert (recipe.source.app, recipe.source.app_version) == ("Mealie", "2.0 or later")
    assert recipe.source.url == "https://pantrytales.example/fudgy-cocoa-brownies"


def test_a_mealie_bulk_export_zip_reads_each_recipe_and_skips_its_images() -> None:
    export = zip_of(
        [
            ("recipes/chewy-gingersnaps/chewy-gingersnaps.json",
             fixture_bytes("mealie-bulk/gingersnaps.json")),
            ("recipes/chewy-gingersnaps/images/original.webp", FAKE_WEBP),
            ("recipes/chewy-gingersnaps/images/min-original.webp", FAKE_WEBP),
            ("recipes/fudgy-cocoa-brownies/fudgy-cocoa-brownies.json",
             fixture_bytes("mealie-raw-brownies.json")),
        ]
    )  # fmt: skip

    reading = read_recipe_bytes(export, name="mealie_2024.12.01.zip")

    snaps, brownies = reading.recipes
    assert snaps.name == "Chewy Gingersnaps"
    assert snaps.sections == (
        ImportedSection(
            None,
            (
                "2 1/4 cups all-purpose flour",
                "2 tsp ground ginger",
                "3/4 cup butter, softened",
                "1/4 cup molasses",
            ),
        ),
        ImportedSection("For rolling", ("1/3 cup coarse sugar",)),
    )
    assert snaps.recipe_yield == RecipeYield("3 dozen cookies", 36, "cookies")
    assert snaps.source.location == (
        "mealie_2024.12.01.zip > recipes/chewy-gingersnaps/chewy-gingersnaps.json"
    )
    assert snaps.source.app_version is None  # a Mealie 1 export says nothing of servings
    assert brownies.name == "Fudgy Cocoa Brownies"
    assert reading.skipped == tuple(
        SkippedPart(
            f"mealie_2024.12.01.zip > recipes/chewy-gingersnaps/images/{image}",
            "an image (images are not imported)",
        )
        for image in ("original.webp", "min-original.webp")
    )


def tandoor_export() -> bytes:
    """Tandoor's export.zip: one zip per recipe, each with recipe.json and its image."""
    linzer = zip_of(
        [("recipe.json", fixture_bytes("tandoor/linzer-cookies.json")), ("image.jpg", FAKE_JPEG)]
    )
    rum_balls = zip_of([("recipe.json", fixture_bytes("tandoor/rum-balls.json"))])
    return zip_of([("Linzer_Cookies.zip", linzer), ("Rum_Balls.zip", rum_balls)])


def test_a_tandoor_export_reads_the_recipe_zips_inside_it() -> None:
    reading = read_recipe_bytes(tandoor_export(), name="export.zip")

    linzer, rum_balls = reading.recipes
    assert linzer.name == "Linzer Cookies"
    assert linzer.sections == (
        ImportedSection(
            "Dough",
            (
                "200 g butter, softened",
                "100 g sugar",
                "2 egg yolks",
                "280 g flour",
                "100 g ground almonds",
            ),
        ),
        ImportedSection("Filling", ("6 tablespoons raspberry jam, seedless",)),
        ImportedSection("To finish", ("powdered sugar, for dusting",)),
    )
    assert linzer.recipe_yield == RecipeYield("30 cookies", 30, "cookies")
    assert linzer.instructions == (
        "Dough\n"
        "Cream the **butter** and sugar, add the egg yolk, then the flour and almonds.\n"
        "Chill for 1 hour.\n"
        "\n"
        "Filling\n"
        "Cut rounds, bake at 175 °C for 10 minutes, and sandwich with the jam."
    )
    assert linzer.prep_time == ImportedTime("45 minutes", 45)
    assert linzer.total_time == ImportedTime("105 minutes", 105)
    assert linzer.source.location == "export.zip > Linzer_Cookies.zip > recipe.json"
    assert (linzer.source.app, linzer.source.url) == ("Tandoor", "https://backstube.example/linzer")

    assert rum_balls.sections == (
        ImportedSection(
            None,
            ("2.5 cups vanilla wafers, crushed", "0.333 cup dark rum", "2 tbsp cocoa powder"),
        ),
    )
    assert rum_balls.recipe_yield == RecipeYield("1", 1, None)
    assert rum_balls.instructions == (
        "Crush the wafers, mix everything and roll into balls. Rest overnight."
    )
    assert reading.skipped == (
        SkippedPart(
            "export.zip > Linzer_Cookies.zip > image.jpg", "an image (images are not imported)"
        ),
    )


def paprika_export() -> bytes:
    return zip_of(
        [
            ("Spritz Cookies.paprikarecipe", gzip_of(fixture_bytes("paprika/spritz-cookies.json"))),
            ("Dark Fruitcake.paprikarecipe", gzip_of(fixture_bytes("paprika/fruitcake.json"))),
        ]
    )


def test_a_paprika_export_reads_each_gzipped_recipe() -> None:
    spritz, fruitcake = read_recipe_bytes(paprika_export(), name="Export.paprikarecipes").recipes

    assert spritz.name == "Spritz Cookies"
    assert spritz.sections == (
        ImportedSection(
            None,
            (
                "1 cup butter, softened",
                "2/3 cup sugar",
                "1 egg",
                "1/2 tsp almond extract",
                "2 1/2 cups all-purpose flour",
            ),
        ),
        ImportedSection("Decorating", ("colored sugar",)),
    )
    assert spritz.recipe_yield == RecipeYield("6 dozen", 72, None)
    assert spritz.instructions == (
        "1. Heat the oven to 375°F.\n\n"
        "2. Beat the butter and sugar, add the egg and almond extract, then the flour.\n\n"
        "3. Press through a cookie press and bake 8 to 10 minutes."
    )
    assert spritz.notes == "Chill the press, not the dough."
    assert spritz.description == "Buttery pressed cookies."
    assert (spritz.prep_time, spritz.cook_time, spritz.total_time) == (
        ImportedTime("20 mins", 20),
        ImportedTime("10 mins", 10),
        ImportedTime("30 mins", 30),
    )
    assert spritz.source.format is SourceFormat.PAPRIKA
    assert spritz.source.location == "Export.paprikarecipes > Spritz Cookies.paprikarecipe"
    assert spritz.source.url is None

    assert fruitcake.sections == (
        ImportedSection("FRUIT", ("2 cups mixed dried fruit", "1/2 cup brandy")),
        ImportedSection("BATTER", ("1 1/2 cups flour", "1 cup dark brown sugar", "3 eggs")),
    )
    assert fruitcake.recipe_yield == RecipeYield("2 loaves", 2, "loaves")
    assert fruitcake.cook_time == ImportedTime("2 hr 30 min", 150)
    assert fruitcake.source.url == "https://winterkitchen.example/fruitcake"


def test_a_single_paprika_recipe_file_is_one_gzipped_json(tmp_path: Path) -> None:
    path = tmp_path / "Spritz Cookies.paprikarecipe"
    path.write_bytes(gzip_of(fixture_bytes("paprika/spritz-cookies.json")))

    (recipe,) = read_recipe_file(path).recipes

    assert recipe.name == "Spritz Cookies"
    assert recipe.source.location == "Spritz Cookies.paprikarecipe"
