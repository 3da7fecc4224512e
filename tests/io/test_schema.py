"""The published JSON Schema is the one the models generate, and the importer uses it."""

from __future__ import annotations

import json
from importlib import resources

from jsonschema import Draft202012Validator

from bakehouse.io.document import build_schema, schema_text
from bakehouse.io.shape import published_schema


def test_the_checked_in_schema_is_up_to_date() -> None:
    checked_in = resources.files("bakehouse.io").joinpath("schema.json").read_text("utf-8")

    assert checked_in == schema_text(), "run: python scripts/generate_schema.py"


def test_the_importer_validates_against_the_published_schema() -> None:
    assert published_schema() == build_schema()
    Draft202012Validator.check_schema(published_schema())


def test_the_schema_describes_a_version_eight_bakehouse_file_that_reads_one_to_seven() -> None:
    schema = json.loads(schema_text())

    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["format"]["const"] == "bakehouse"
    # Version 2 adds sub-recipes and prepared stock, version 3 the outcomes of bakes,
    # version 4 lot origins and draw orders (docs/product.md §6.14), version 5 seasons,
    # budgets and settings (§6.15), version 6 list prices, ticks and aisles (§6.17),
    # version 7 the bake calendar's inputs (§6.10), version 8 ingredients' specific allergen
    # names and sub-ingredients and items' baked weights (§6.8), version 9 snapshots, plan
    # locks and archive flags (§6.20); a version 1 to 8 file is still valid.
    assert schema["properties"]["version"]["enum"] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert {"hands_on_minutes", "freezable"} <= set(schema["$defs"]["RecipeEntry"]["properties"])
    assert "calendar_days" in schema["properties"]
    ingredient = schema["$defs"]["IngredientEntry"]["properties"]
    assert {"allergen_names", "sub_ingredients"} <= set(ingredient)
    assert {"contents"} <= set(schema["$defs"]["AssignmentEntry"]["properties"])
    assert {"locked_at", "archived_at"} <= set(schema["$defs"]["EventEntry"]["properties"])
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["format", "version"]
    lot = schema["$defs"]["LotEntry"]["properties"]
    assert {"origin", "priced"} <= set(lot)
    assert lot["cost"]["type"] == "string"
    assert "pattern" in lot["initial_quantity"]
