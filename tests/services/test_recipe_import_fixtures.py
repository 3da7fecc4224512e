"""Every fixture written for the import — six pages (JSON-LD, a JSON-LD graph, microdata,
several recipes on one page, a broken JSON-LD block beside a good one, script and markup
inside fields), a Mealie, a Tandoor and a Paprika export in their apps' layouts — imports
to the expected recipes, items per batch, lines and matches against one small catalog
(docs/product.md §6.22, §6.9: only exact names are used; "unsalted butter" is not Butter).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from bakehouse.io.recipe_sources import read_recipe_bytes
from bakehouse.services.recipes.importing import review_import
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient
from tests.io.recipe_sources.builders import gzip_of, zip_of
from tests.io.recipe_sources.conftest import fixture_bytes

U, C, X = "use", "create", "unplaced"


def _source(name: str) -> bytes:
    if name == "mealie.zip":
        return zip_of([("recipes/g/g.json", fixture_bytes("mealie-bulk/gingersnaps.json"))])
    if name == "export.zip":  # Tandoor: a zip of per-recipe zips
        inner = zip_of([("recipe.json", fixture_bytes("tandoor/linzer-cookies.json"))])
        return zip_of([("Linzer_Cookies.zip", inner)])
    if name == "cookies.paprikarecipes":  # Paprika: a zip of gzipped JSON
        spritz = gzip_of(fixture_bytes("paprika/spritz-cookies.json"))
        return zip_of([("Spritz Cookies.paprikarecipe", spritz)])
    return fixture_bytes(name)


EXPECTED = {
    "broken-jsonld.html": [
        ("Lemon Crinkle Cookies", 30, [X, U, X, U], []),
    ],
    "jsonld-graph.html": [
        ("Brown Butter Sugar Cookies", 24, [X, U, C, X, U, U, X, C],
         ["Brown Butter Sugar Cookies: glaze"]),
    ],
    "markup-in-fields.html": [
        ("Salted Vanilla Caramels", 64, [C, X, U, X], []),
    ],
    "microdata.html": [
        ("Cranberry Orange Bread", 2, [U, U, C, X, X], []),
    ],
    "several-recipes.html": [
        ("Shortbread Stars", 36, [X, U, U], []),
        ("Gingerbread People", 18, [X, C, C], []),
        ("Peppermint Bark", None, [X, X, X], []),
    ],
    "lemon-drizzle.html": [
        ("Lemon drizzle squares", 12, [X, U, U, U, C], ["Lemon drizzle squares: glaze"]),
    ],
    "mealie.zip": [
        ("Chewy Gingersnaps", 36, [U, C, U, C, X], ["Chewy Gingersnaps: rolling"]),
    ],
    "export.zip": [
        ("Linzer Cookies", 30, [U, U, X, X, X, X, X],
         ["Linzer Cookies: Dough", "Linzer Cookies: Filling", "Linzer Cookies: To finish"]),
    ],
    "cookies.paprikarecipes": [
        ("Spritz Cookies", 72, [U, U, U, C, U, X], ["Spritz Cookies: Decorating"]),
    ],
}  # fmt: skip


@pytest.mark.parametrize("name", EXPECTED)
def test_each_fixture_imports_to_its_recipes_lines_and_matches(session: Session, name: str) -> None:
    for ingredient, density in (
        ("All-purpose flour", "0.53"), ("Butter", "0.96"), ("Sugar", "0.85"),
        ("Powdered sugar", "0.56"),
    ):  # fmt: skip
        make_ingredient(session, name=ingredient, measure=Measure.MASS, density=Decimal(density))
    make_ingredient(session, name="Eggs", measure=Measure.COUNT, grams_per_each=Decimal(50))

    review = review_import(session, read_recipe_bytes(_source(name), name=name))

    found = [
        (
            plan.name,
            plan.items_per_batch,
            [line.action for line in plan.lines],
            [s.sub_recipe_name for s in plan.sections if s.sub_recipe_name],
        )
        for plan in review.recipes
    ]
    assert found == EXPECTED[name]
    for plan in review.recipes:
        for line in plan.lines:
            assert (line.action == X) == bool(line.reason), line
    if name == "broken-jsonld.html":
        assert review.skipped  # the broken block is named, the good one read
