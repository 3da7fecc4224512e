"""Merging a file into a database that already holds data."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.errors import ValidationFailed
from bakehouse.io.export import export_document
from bakehouse.io.importer import import_document
from bakehouse.models import Lot, Recipe
from bakehouse.services.pantry.ledger import ledger_discrepancies
from tests.factories.data_file import make_full_season

STAMP = "2026-12-05T10:00:00+00:00"


def document(**sections: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "bakehouse", "version": 1, **sections}


def problems(session: Session, data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as refused:
        import_document(session, data, mode="merge")
    return {p.location: p.message for p in refused.value.problems}


def test_a_merge_adds_to_the_database_and_may_name_what_is_already_there(
    session: Session,
) -> None:
    make_full_season(session)
    before = export_document(session)
    addition = document(
        recipes=[
            {
                "slug": "rice-pudding",
                "name": "Rice pudding",
                "lines": [{"ingredient": "milk", "quantity": "2", "unit": "cup"}],
            }
        ],
        items=[
            {
                "slug": "pudding-cup",
                "name": "Pudding cup",
                "recipe": "rice-pudding",
                "items_per_batch": 6,
            }
        ],
        purchases=[
            {
                "ref": "p",
                "product": "milk-gallon",
                "purchased_on": "2026-12-05",
                "packages": "1",
                "total_price": "3.79",
            }
        ],
        lots=[
            {
                "ref": "l",
                "ingredient": "milk",
                "purchase": "p",
                "received_on": "2026-12-05",
                "initial_quantity": "3785.41",
                "cost": "3.79",
                "quantity_remaining": "3785.41",
                "value_remaining": "3.79",
            }
        ],
        movements=[
            {
                "ref": "m",
                "lot": "l",
                "kind": "purchase",
                "quantity": "3785.41",
                "value": "3.79",
                "occurred_at": STAMP,
            }
        ],
        packages=[
            {
                "slug": "pudding-box",
                "name": "Pudding box",
                "lines": [
                    {"item": "pudding-cup", "quantity": 2},
                    {"bundle": "cookie-tin", "quantity": 1},
                ],
            }
        ],
        assignments=[{"event": "christmas-2026", "recipient": "dan", "package": "pudding-box"}],
    )

    report = import_document(session, addition, mode="merge")

    assert report.mode == "merge"
    assert report.counts["recipes"] == report.counts["lots"] == report.counts["assignments"] == 1
    after = export_document(session)
    assert [r["slug"] for r in after["recipes"]][-1] == "rice-pudding"
    ingredient_lots = [lot for lot in after["lots"] if lot["ingredient"] is not None]
    assert ingredient_lots[-1]["ingredient"] == "milk"
    assert ingredient_lots[-1]["purchase"] == after["purchases"][-1]["ref"]
    assert len(after["movements"]) == len(before["movements"]) + 1
    assert after["assignments"][-1]["event"] == "christmas-2026"
    assert ledger_discrepancies(session) == []
    pudding = session.scalars(select(Recipe).where(Recipe.slug == "rice-pudding")).one()
    assert pudding.lines[0].ingredient.slug == "milk"
    assert session.scalars(select(Lot).order_by(Lot.id.desc())).first() is not None


def test_a_merge_refuses_what_clashes_with_the_database(session: Session) -> None:
    make_full_season(session)
    clash = document(
        ingredients=[
            {"slug": "flour", "name": "Wholemeal flour", "measure": "mass"},
            {"slug": "rye-flour", "name": "Butter", "measure": "mass"},
        ],
        products=[
            {
                "slug": "rye-bag",
                "ingredient": "butter",
                "name": "Butter",
                "package_size": "250",
                "package_unit": "g",
                "is_preferred": True,
            }
        ],
        recipes=[
            {
                "slug": "scones",
                "name": "Scones",
                "lines": [
                    {"ingredient": "butter", "quantity": "1", "unit": "cup"},
                    {"ingredient": "cream", "quantity": "1", "unit": "cup"},
                ],
            }
        ],
        events=[{"slug": "easter", "name": "Christmas 2026", "event_date": "2027-04-01"}],
        assignments=[{"event": "christmas-2026", "recipient": "alice", "package": "family-box"}],
    )

    assert problems(session, clash) == {
        "$.ingredients[0].slug": "the database already has an ingredient 'flour'",
        "$.ingredients[1].name": "the database already has an ingredient named 'Butter'",
        "$.products[0].is_preferred": "'butter' already has a preferred product in the database",
        "$.recipes[0].lines[0].unit": (
            "cannot convert cup to g for Butter: set a density for Butter to use cup"
        ),
        "$.recipes[0].lines[1].ingredient": (
            "there is no ingredient 'cream' in the file or the database"
        ),
        "$.events[0].name": "the database already has an event named 'Christmas 2026'",
        "$.assignments[0]": (
            "'alice' already gets 'family-box' at 'christmas-2026' in the database"
        ),
    }


def test_a_replace_ignores_what_the_database_held(session: Session) -> None:
    make_full_season(session)
    fresh = document(
        ingredients=[{"slug": "flour", "name": "Flour", "measure": "mass"}],
        recipes=[
            {
                "slug": "scones",
                "name": "Scones",
                "lines": [{"ingredient": "butter", "quantity": "1", "unit": "g"}],
            }
        ],
    )

    with pytest.raises(ValidationFailed) as refused:
        import_document(session, fresh, mode="replace")

    assert [(p.location, p.message) for p in refused.value.problems] == [
        ("$.recipes[0].lines[0].ingredient", "there is no ingredient 'butter' in the file")
    ]
    fresh["recipes"][0]["lines"][0]["ingredient"] = "flour"
    import_document(session, fresh, mode="replace")
    exported = export_document(session, exported_at=datetime(2027, 1, 1, tzinfo=UTC))
    assert [i["slug"] for i in exported["ingredients"]] == ["flour"]
    assert exported["lots"] == exported["events"] == []


def test_units_and_allergens_are_stored_in_their_standard_spelling(session: Session) -> None:
    handwritten = document(
        ingredients=[
            {"slug": "cream", "name": "Cream", "measure": "volume", "allergens": ["Dairy"]}
        ],
        products=[
            {
                "slug": "cream-pint",
                "ingredient": "cream",
                "name": "Cream",
                "package_size": "1",
                "package_unit": "Pints",
            }
        ],
        recipes=[
            {
                "slug": "custard",
                "name": "Custard",
                "lines": [{"ingredient": "cream", "quantity": "2", "unit": "cups"}],
            }
        ],
        recipients=[{"slug": "ann", "name": "Ann", "allergens": ["peanut", "wheat"]}],
    )

    import_document(session, handwritten, mode="merge")

    stored = export_document(session)
    assert stored["ingredients"][0]["allergens"] == ["milk"]
    assert stored["products"][0]["package_unit"] == "pint"
    assert stored["recipes"][0]["lines"][0]["unit"] == "cup"
    assert stored["recipients"][0]["allergens"] == ["gluten", "peanuts"]
