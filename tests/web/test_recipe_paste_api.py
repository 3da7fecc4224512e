"""The recipes API reads a pasted list for review, adds reviewed lines in one transaction
and answers a recipe card (docs/product.md §6.9, §6.18)."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.models import Ingredient, RecipeLine
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient
from tests.factories.planning import make_item, make_recipe
from tests.web.snapshot import fresh


def test_the_review_accepts_exact_names_and_offers_close_ones(
    client: TestClient, db: Session
) -> None:
    butter = make_ingredient(db, name="Butter", measure=Measure.MASS, density=Decimal("0.959"))
    recipe = make_recipe(db, name="Blondies")
    db.commit()
    text = "For the base:\n1 cup butter, melted\n½ cup peanut butter\n1 tsp cocoa butter\n2-3 eggs"
    answer = client.post(f"/api/recipes/{recipe.id}/paste/review", json={"text": text})
    assert answer.status_code == 200
    lines = answer.json()["lines"]
    assert lines[0] == {**lines[0], "heading": "For the base", "line": 1}
    assert lines[1]["status"] == "exact"
    assert lines[1]["ingredient_id"] == butter.id
    assert (lines[1]["quantity"], lines[1]["unit"], lines[1]["note"]) == ("1", "cup", "melted")
    assert lines[2]["status"] == "confirm"
    assert lines[2]["ingredient_id"] is None
    assert lines[2]["suggestions"][0]["name"] == "Butter"
    assert lines[2]["starter"]["name"] == "Peanut butter"
    assert lines[2]["starter"]["allergens"] == ["peanuts"]
    assert lines[2]["quantity"] == "0.5"
    assert lines[3]["status"] == "confirm"
    assert lines[4]["problem"]["field"] == "quantity"
    assert "looks like a range (2-3)" in lines[4]["problem"]["message"]
    assert fresh(db).scalars(select(RecipeLine)).all() == []


def test_adds_confirmed_and_new_lines_or_nothing(client: TestClient, db: Session) -> None:
    butter = make_ingredient(db, name="Butter", measure=Measure.MASS, density=Decimal("0.959"))
    recipe = make_recipe(db, name="Blondies")
    db.commit()
    new = {"name": "Peanut butter", "measure": "mass", "density": "1.08",
           "allergens": ["peanuts"]}  # fmt: skip
    chips = {"name": "Chips", "measure": "mass"}  # no density: cups cannot be weighed
    bad = client.post(
        f"/api/recipes/{recipe.id}/paste",
        json={"lines": [
            {"quantity": "1", "unit": "cup", "ingredient_id": butter.id},
            {"quantity": "1/2", "unit": "cup", "new_ingredient": new},
            {"quantity": "2", "unit": "cup", "new_ingredient": chips},
        ]},
    )  # fmt: skip
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "lines[2].unit"
    assert (
        fresh(db).scalars(select(Ingredient).where(Ingredient.name == "Peanut butter")).all() == []
    )
    good = client.post(
        f"/api/recipes/{recipe.id}/paste",
        json={"lines": [
            {"quantity": "1", "unit": "cup", "ingredient_id": butter.id, "note": "melted"},
            {"quantity": "1/2", "unit": "cup", "new_ingredient": new},
        ]},
    )  # fmt: skip
    assert good.status_code == 200
    assert [(line["ingredient"], line["quantity"]) for line in good.json()["lines"]] == [
        ("Butter", "1"),
        ("Peanut butter", "0.5"),
    ]


def test_a_line_needs_an_ingredient_or_a_new_one_not_both(client: TestClient, db: Session) -> None:
    butter = make_ingredient(db, name="Butter", measure=Measure.MASS)
    recipe = make_recipe(db, name="Blondies")
    db.commit()
    both = {"quantity": "1", "unit": "g", "ingredient_id": butter.id,
            "new_ingredient": {"name": "X", "measure": "mass"}}  # fmt: skip
    answer = client.post(f"/api/recipes/{recipe.id}/paste", json={"lines": [both]})
    assert answer.status_code == 422
    assert "give either ingredient_id or new_ingredient" in answer.text


def test_the_card_scales_to_whole_batches(client: TestClient, db: Session) -> None:
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS, density=Decimal("0.5"))
    recipe = make_recipe(db, name="Scones", lines=[(flour, "1.5", "cup")])
    make_item(db, recipe, name="Scone", items_per_batch=8)
    db.commit()
    card = client.get(f"/api/recipes/{recipe.id}/card", params={"batches": 3}).json()
    assert card["lines"][0] == {"name": "Flour", "quantity": "4.5", "amount": "4 ½",
                                "unit": "cup", "note": "", "is_recipe": False}  # fmt: skip
    assert card["makes"] == [{"name": "Scone", "count": 24}]
    half = client.get(f"/api/recipes/{recipe.id}/card", params={"batches": "1.5"})
    assert half.status_code == 422
