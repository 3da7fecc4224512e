"""The content, not the name, picks the reader; files that cannot be read say why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bakehouse.errors import InvalidInput, NotFound
from bakehouse.io.recipe_sources import (
    FetchFailed,
    FetchRefused,
    NotARecipe,
    SkippedPart,
    SourceFormat,
    SourceTooLarge,
    TooManyRecipes,
    UnsafeArchive,
    read_recipe_bytes,
    read_recipe_file,
)
from tests.io.recipe_sources.conftest import fixture_bytes


def test_a_file_name_does_not_choose_the_reader(tmp_path: Path) -> None:
    misnamed = tmp_path / "cookies.txt"
    misnamed.write_bytes(fixture_bytes("tandoor/linzer-cookies.json"))

    (recipe,) = read_recipe_file(misnamed).recipes

    assert (recipe.name, recipe.source.format) == ("Linzer Cookies", SourceFormat.TANDOOR)


def test_a_json_file_of_schema_org_recipes_is_read_as_json_ld() -> None:
    document = [
        {"@context": "https://schema.org", "@type": "Recipe", "name": "Rocky Road",
         "recipeIngredient": ["2 cups marshmallows"], "recipeInstructions": "Stir.",
         "url": "https://sweets.example/rocky-road"},
        {"@type": "Recipe", "name": "Fudge", "recipeIngredient": ["1 cup sugar"]},
    ]  # fmt: skip

    recipes = read_recipe_bytes(json.dumps(document).encode(), name="recipes.json").recipes

    assert [(r.name, r.source.format) for r in recipes] == [
        ("Rocky Road", SourceFormat.JSON_LD),
        ("Fudge", SourceFormat.JSON_LD),
    ]
    assert recipes[0].source.url == "https://sweets.example/rocky-road"


def test_a_json_list_keeps_its_recipes_and_lists_what_it_skipped() -> None:
    mealie = json.loads(fixture_bytes("mealie-raw-brownies.json"))
    document = json.dumps([mealie, {"kind": "shopping list"}, "note"]).encode()

    reading = read_recipe_bytes(document, name="mixed.json")

    assert [r.name for r in reading.recipes] == ["Fudgy Cocoa Brownies"]
    assert reading.skipped == (
        SkippedPart(
            "mixed.json [2]",
            "it is not a Mealie, Tandoor or Paprika recipe, nor schema.org JSON-LD",
        ),
        SkippedPart("mixed.json [3]", "it is not a JSON object"),
    )


def test_a_missing_file_is_not_found_and_a_folder_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        read_recipe_file(tmp_path / "gone.html")
    with pytest.raises(InvalidInput, match="cannot read"):
        read_recipe_file(tmp_path)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (NotARecipe("a.zip", ["x"]), "not_a_recipe"),
        (SourceTooLarge("a.zip", "the file", 1024), "source_too_large"),
        (UnsafeArchive("a.zip", "x"), "unsafe_archive"),
        (TooManyRecipes("a.zip", 5), "too_many_recipes"),
        (FetchRefused("http://10.0.0.1/", "x"), "fetch_refused"),
        (FetchFailed("http://x.example/", "x"), "fetch_failed"),
    ],
)
def test_every_source_error_is_bad_input_with_json_ready_details(
    error: InvalidInput, code: str
) -> None:
    assert isinstance(error, InvalidInput)
    assert (error.code, error.http_status, error.exit_code) == (code, 422, 2)
    json.dumps(error.details())
