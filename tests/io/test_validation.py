"""A bad file is refused whole, with every problem located by its JSON path."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bakehouse.errors import InvalidInput, ValidationFailed
from bakehouse.io.export import export_document
from bakehouse.io.importer import (
    ImportMode,
    import_document,
    parse_document_text,
    read_document_file,
    validate_document,
)
from tests.factories.data_file import make_full_season

EXPORTED_AT = datetime(2026, 12, 31, tzinfo=UTC)


@pytest.fixture
def season_document(session: Session) -> dict[str, Any]:
    """The exported season; the session's database still holds it."""
    make_full_season(session)
    return export_document(session, exported_at=EXPORTED_AT)


def problems(session: Session, document: Any, mode: ImportMode = "replace") -> dict[str, str]:
    with pytest.raises(ValidationFailed) as refused:
        import_document(session, document, mode=mode)
    found = {p.location: p.message for p in refused.value.problems}
    assert len(found) == len(refused.value.problems), "a place was reported twice"
    return found


def index_of(entries: list[dict[str, Any]], **match: Any) -> int:
    return next(i for i, e in enumerate(entries) if all(e.get(k) == v for k, v in match.items()))


def test_a_file_with_six_mistakes_is_refused_with_six_located_problems(
    session: Session, season_document: dict[str, Any]
) -> None:
    bad = copy.deepcopy(season_document)
    bad["version"] = 10
    bad["recipes"][0]["lines"][0]["unit"] = "furlong"
    bad["purchases"][1]["packages"] = "-2"
    bad["items"][2]["recipe"] = "brownies"
    bad["recipients"].append({"slug": "alice", "name": "Alice Jones"})
    movements = bad["movements"]  # the egg lot: spoil two eggs before any were bought
    bought = index_of(movements, lot="lot-5", kind="purchase")
    spoiled = index_of(movements, lot="lot-5", kind="adjustment")
    movements[bought], movements[spoiled] = movements[spoiled], movements[bought]

    found = problems(session, bad)

    assert found == {
        "$.version": (
            "this file is version 10; this Bakehouse reads version 1, 2, 3, 4, 5, 6, 7, 8 and 9"
            " files"
        ),
        "$.purchases[1].packages": "must be greater than 0, not -2",
        f"$.movements[{bought}].quantity": (
            "draws lot 'lot-5' below zero: it holds 0 each here and this movement takes 2 each"
        ),
        "$.recipes[0].lines[0].unit": (
            "unknown unit 'furlong'; use one of g, kg, oz, lb, ml, l, tsp, tbsp, fl oz, cup, "
            "pint, quart, gallon, each, dozen"
        ),
        "$.items[2].recipe": "there is no recipe 'brownies' in the file",
        "$.recipients[4].slug": "duplicate slug 'alice': recipients[0] has it too",
    }
    assert export_document(session, exported_at=EXPORTED_AT) == season_document


def test_shape_problems_are_located_and_worded_for_people(
    session: Session, season_document: dict[str, Any]
) -> None:
    bad = copy.deepcopy(season_document)
    bad["format"] = "spreadsheet"
    del bad["lots"][0]["cost"]
    bad["lots"][1]["cost"] = 3.1
    bad["lots"][2]["initial_quantity"] = "1.1234567"
    bad["lots"][3]["best_before"] = "2026-02-30"
    bad["lots"][4]["colour"] = "red"
    bad["movements"][0]["kind"] = "theft"
    bad["assignments"][0]["quantity"] = 0
    bad["assignments"][1]["assembled_at"] = "2026-12-20T10:00:00"
    bad["ingredients"].append({"slug": "Salt!", "name": "Salt", "measure": "mass"})
    bad["recipients"][0]["household"] = "x" * 201
    bad["events"][0]["name"] = ""
    bad["events"][1]["notes"] = "x" * 10_001
    bad["products"][0]["package_size"] = None

    found = problems(session, bad)

    assert found == {
        "$.format": 'not a Bakehouse data file (format must be "bakehouse")',
        "$.ingredients[6].slug": (
            'must be a slug: lower-case letters, digits and hyphens, e.g. "brown-sugar"'
        ),
        "$.products[0].package_size": 'must be a decimal string such as "12.5"',
        "$.lots[0].cost": "is required",
        "$.lots[1].cost": 'must be a decimal string such as "3.1", not a JSON number',
        "$.lots[2].initial_quantity": (
            "must be a decimal string with at most 12 digits before the point and 6 after, "
            'e.g. "250" or "0.5" (or a fraction such as "2 1/4")'
        ),
        "$.lots[3].best_before": (
            "should be a valid date or datetime, day value is outside expected range"
        ),
        "$.lots[4].colour": "is not a field of this file format",
        "$.movements[0].kind": (
            "'theft' is not one of: purchase, opening, prepared, production, adjustment, "
            "reversal, unrecorded, found"
        ),
        "$.recipients[0].household": "must be at most 200 characters",
        "$.events[0].name": "must not be empty",
        "$.events[1].notes": "must be at most 10000 characters",
        "$.assignments[0].quantity": "must be greater than 0",
        "$.assignments[1].assembled_at": 'needs a time zone, e.g. "2026-12-20T10:00:00+00:00"',
    }


def test_a_broken_entry_is_reported_once_and_not_at_every_reference(
    session: Session, season_document: dict[str, Any]
) -> None:
    bad = copy.deepcopy(season_document)
    bad["ingredients"][0]["measure"] = "weight"  # flour: used by products, lots and recipes
    bad["movements"][0]["value"] = "lots"  # the first flour movement: its lot's sums are moot

    assert problems(session, bad) == {
        "$.ingredients[0].measure": "'weight' is not one of: mass, volume, count",
        "$.movements[0].value": (
            'must be an amount as a decimal string with at most 4 decimal places, e.g. "12.99"'
        ),
    }


def test_a_document_that_is_not_an_object_is_refused(session: Session) -> None:
    assert problems(session, ["format", "bakehouse"]) == {"$": "must be an object"}
    assert problems(session, {"format": "bakehouse", "version": 1, "lots": {}}) == {
        "$.lots": "must be a list"
    }


def test_malformed_json_is_located(session: Session) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_document_text('{"format": "bakehouse",}')

    [problem] = refused.value.problems
    assert problem.location == "$"
    assert problem.message.startswith("is not valid JSON: ")
    assert "(line 1, column 24)" in problem.message


def test_an_unknown_mode_is_refused(session: Session) -> None:
    with pytest.raises(InvalidInput, match="unknown import mode 'append'"):
        import_document(session, {}, mode="append")  # type: ignore[arg-type]


def test_catalog_rules_are_enforced(session: Session, season_document: dict[str, Any]) -> None:
    bad = copy.deepcopy(season_document)
    bad["ingredients"][3]["density"] = "0"
    bad["ingredients"][0]["allergens"] = ["gluten", "pollen"]
    bad["ingredients"][2]["name"] = "BUTTER"  # names clash whatever their case
    bad["products"][1]["is_preferred"] = True
    bad["products"][2]["package_unit"] = "cup"  # butter has no density
    bad["products"][3]["ingredient"] = "salt"
    bad["recipes"][1]["lines"][0]["quantity"] = "0"
    bad["recipients"][3]["allergens"] = ["nuts", "glitter"]
    bad["packages"][0]["lines"][0] = {"item": "sugar-cookie", "bundle": "cookie-tin", "quantity": 1}
    bad["packages"][1]["lines"][0] = {"item": "fruit-cake", "quantity": 1}
    bad["events"][1]["name"] = "   "

    found = problems(session, bad)

    assert found == {
        "$.ingredients[0].allergens[1]": (
            "unknown allergen 'pollen'; use one of: gluten, crustaceans, eggs, fish, peanuts, "
            "soy, milk, tree_nuts, celery, mustard, sesame, sulphites, lupin, molluscs"
        ),
        "$.ingredients[2].name": "duplicate name 'BUTTER': ingredients[1] has it too",
        "$.ingredients[3].density": "must be greater than 0, not 0",
        "$.products[1].is_preferred": "'flour' already has a preferred product (products[0])",
        "$.products[2].package_unit": (
            "cannot convert cup to g for Butter: set a density for Butter to use cup"
        ),
        "$.products[3].ingredient": "there is no ingredient 'salt' in the file",
        "$.recipes[1].lines[0].quantity": "must be greater than 0, not 0",
        "$.packages[0].lines[0]": "a line holds exactly one of an item or a bundle",
        "$.packages[1].lines[0].item": "there is no item 'fruit-cake' in the file",
        "$.recipients[3].allergens[1]": (
            "unknown allergen 'glitter'; use one of: gluten, crustaceans, eggs, fish, peanuts, "
            "soy, milk, tree_nuts, celery, mustard, sesame, sulphites, lupin, molluscs"
        ),
        "$.events[1].name": "must not be blank",
    }


def test_bundles_that_contain_themselves_are_refused(
    session: Session, season_document: dict[str, Any]
) -> None:
    bad = copy.deepcopy(season_document)
    tin = index_of(bad["bundles"], slug="cookie-tin")
    deluxe = index_of(bad["bundles"], slug="deluxe-tin")
    bad["bundles"][tin]["lines"].append({"bundle": "deluxe-tin", "quantity": 1})
    bad["bundles"][deluxe]["lines"].append({"bundle": "deluxe-tin", "quantity": 1})

    found = problems(session, bad)

    assert found == {
        f"$.bundles[{deluxe}].lines[0].bundle": (
            "bundles cannot contain themselves: cookie-tin → deluxe-tin → cookie-tin"
        ),
        f"$.bundles[{deluxe}].lines[2].bundle": (
            "bundles cannot contain themselves: deluxe-tin → deluxe-tin"
        ),
    }


def test_an_assignment_status_must_agree_with_its_times_and_history(
    session: Session, season_document: dict[str, Any]
) -> None:
    bad = copy.deepcopy(season_document)
    pending, assembled, delivered, other, duplicate = bad["assignments"]
    pending["delivered_at"] = "2026-12-22T10:00:00+00:00"
    assembled["assembled_at"] = None
    delivered["delivered_at"] = "2026-12-19T10:00:00+00:00"
    delivered["history"][1]["from_status"] = "pending"
    delivered["history"][2]["is_correction"] = False
    delivered["history"][3]["changed_at"] = "2026-12-01T10:00:00+00:00"
    other["status"] = "assembled"
    other["assembled_at"] = "2026-12-20T10:00:00+00:00"
    other["history"] = [
        {
            "from_status": "pending",
            "to_status": "pending",
            "is_correction": True,
            "changed_at": "2026-12-20T10:00:00+00:00",
        },
    ]
    duplicate.update(event=pending["event"], recipient=pending["recipient"])
    duplicate["package"] = pending["package"]

    found = problems(session, bad)

    assert found == {
        "$.assignments[0].delivered_at": "must be empty while a package is pending",
        "$.assignments[1].assembled_at": "is required once a package is assembled",
        "$.assignments[2].delivered_at": "a package cannot be delivered before it was assembled",
        "$.assignments[2].history[1].from_status": (
            "the package was assembled at this point, not pending"
        ),
        "$.assignments[2].history[1].to_status": (
            "a package moves pending → assembled → delivered one step at a time, "
            "not pending → delivered (unless is_correction)"
        ),
        "$.assignments[2].history[2].to_status": (
            "a package moves pending → assembled → delivered one step at a time, "
            "not delivered → assembled (unless is_correction)"
        ),
        "$.assignments[2].history[3].changed_at": "changes must be listed in time order",
        "$.assignments[3].history[0].to_status": "a correction must change the status",
        "$.assignments[3].status": "the history ends at pending but the status is assembled",
        "$.assignments[4]": (
            "'alice' already gets 'family-box' at 'christmas-2026' (assignments[0]); "
            "change its quantity instead"
        ),
    }


def test_the_ledger_must_add_up(session: Session, season_document: dict[str, Any]) -> None:
    bad = copy.deepcopy(season_document)
    movements = bad["movements"]
    reversal = index_of(movements, kind="reversal")
    bad["lots"][0]["quantity_remaining"] = "5"
    bad["lots"][1]["value_remaining"] = "1.00"
    bad["lots"][2]["purchase"] = "purchase-1"
    bad["lots"][3]["purchase"] = "purchase-9"
    bad["lots"][6]["initial_quantity"] = "-118"
    bad["lots"][6]["cost"] = "-8.99"
    bad["lots"][5]["ingredient"] = "eggs"
    movements[reversal]["reverses"] = "movement-99"
    movements[reversal + 1]["reverses"] = "movement-24"
    spoiled = index_of(movements, kind="adjustment")
    movements[spoiled]["reverses"] = "movement-1"
    movements.append(dict(movements[-1], ref="movement-25", quantity="0", value="0"))
    movements.append(dict(movements[-1], ref="movement-26", lot="lot-8", quantity="1"))
    movements.append(dict(movements[-1], ref="movement-26", lot="lot-7", quantity="1"))

    found = problems(session, bad)

    assert found == {
        "$.lots[0].quantity_remaining": "is 5 g but the lot's movements add up to 0 g",
        "$.lots[1].value_remaining": "is 1 but the lot's movements add up to 2.635",
        "$.lots[2].purchase": "purchase 'purchase-1' already created lots[0]",
        "$.lots[3].purchase": "there is no purchase 'purchase-9' in the file",
        "$.lots[5].ingredient": "purchase 'purchase-6' bought 'milk', not 'eggs'",
        "$.lots[6].cost": "must not be negative, not -8.99",
        "$.lots[6].initial_quantity": "must be greater than 0, not -118",
        "$.lots[6].quantity_remaining": (
            "is 108.14216 ml but the lot's movements add up to 109.14216 ml"
        ),
        f"$.movements[{reversal}].reverses": "there is no movement 'movement-99' in the file",
        f"$.movements[{reversal + 1}].reverses": (
            "a reversal must come after the movement it reverses ('movement-24')"
        ),
        f"$.movements[{spoiled}].reverses": (
            "reverses 'movement-1' of lot 'lot-1', but is recorded on lot 'lot-5'"
        ),
        "$.movements[24].quantity": "must not be 0: a movement changes the lot",
        "$.movements[25].lot": "there is no lot 'lot-8' in the file",
        "$.movements[26].ref": "duplicate ref 'movement-26': movements[25] has it too",
    }


def test_validating_alone_writes_nothing(session: Session, season_document: dict[str, Any]) -> None:
    parsed = validate_document(session, season_document, mode="replace")

    assert len(parsed.entries("movements")) == len(season_document["movements"])
    with pytest.raises(ValidationFailed, match="the database already has an ingredient 'flour'"):
        validate_document(session, season_document, mode="merge")
    assert export_document(session, exported_at=EXPORTED_AT) == season_document


def test_a_file_that_cannot_be_read_is_refused_plainly(tmp_path: Path) -> None:
    binary = tmp_path / "photo.json"
    binary.write_bytes(b"\xff\xd8\xff\xe0 not text")

    with pytest.raises(InvalidInput, match=r"cannot read .*missing\.json: No such file"):
        read_document_file(tmp_path / "missing.json")
    with pytest.raises(InvalidInput, match=r"photo\.json is not a UTF-8 text file"):
        read_document_file(binary)


def test_sub_recipe_mistakes_are_located(session: Session) -> None:
    """Version 2 (docs/product.md §6.12): a loop of recipes, a line in a unit the
    sub-recipe's yield cannot take, a lot of both an ingredient and a recipe, and an
    ordinary bake without its event."""
    from bakehouse.io.export import export_document
    from tests.factories.data_file import add_sub_recipes

    add_sub_recipes(session, make_full_season(session))
    bad = export_document(session)
    session.rollback()
    recipes = bad["recipes"]
    cream = index_of(recipes, slug="buttercream")
    frosted = index_of(recipes, slug="frosted-shortbread")
    recipes[cream]["lines"].append(
        {"recipe": "frosted-shortbread", "quantity": "1", "unit": "batch"}
    )
    recipes[frosted]["lines"][1]["unit"] = "each"
    prepared = next(i for i, lot in enumerate(bad["lots"]) if lot["recipe"])
    bad["lots"][prepared]["ingredient"] = "flour"
    ordinary = index_of(bad["production"], makes_stock=False)
    bad["production"][ordinary]["event"] = None

    found = problems(session, bad)

    assert found["$.recipes"].startswith("recipes cannot use themselves: ")
    assert "buttercream" in found["$.recipes"]
    assert "frosted-shortbread" in found["$.recipes"]
    assert "cannot convert" in found[f"$.recipes[{frosted}].lines[1].unit"]
    assert found[f"$.lots[{prepared}]"] == "give either an ingredient or (prepared stock) a recipe"
    assert found[f"$.production[{ordinary}].event"] == "say which event the bake is for"
