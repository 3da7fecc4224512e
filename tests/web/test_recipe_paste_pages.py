"""Pasting an ingredient list into a recipe: every line read and matched for review, close
names never taken without the baker's say, new ingredients created and the lines added in
one transaction — or nothing at all (docs/product.md §6.9, §6.18)."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.models import Ingredient, RecipeLine
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient
from tests.factories.planning import make_recipe
from tests.web.page_text import page_text
from tests.web.snapshot import fresh

PASTE = """\
2 1/4 cups all-purpose flour, sifted
1 cup peanut butter
½ tsp baking soda
2 large eggs
"""


def _catalog(db: Session) -> dict[str, Ingredient]:
    made = {
        "flour": make_ingredient(
            db, name="All-purpose flour", measure=Measure.MASS, density=Decimal("0.507")
        ),
        "butter": make_ingredient(
            db, name="Butter", measure=Measure.MASS, density=Decimal("0.959")
        ),
        "powder": make_ingredient(
            db, name="Baking powder", measure=Measure.MASS, density=Decimal("0.9")
        ),
        "eggs": make_ingredient(db, name="Eggs", measure=Measure.COUNT),
    }
    db.commit()
    return made


def test_the_review_takes_exact_names_and_asks_about_close_ones(
    client: TestClient, db: Session
) -> None:
    made = _catalog(db)
    recipe = make_recipe(db, name="Cookies")
    db.commit()
    page = client.post(f"/recipes/{recipe.id}/paste/review", data={"text": PASTE})
    assert page.status_code == 200
    text = page_text(page.text)
    assert "2 1/4 cups all-purpose flour, sifted matched" in text
    assert "1 cup peanut butter confirm" in text
    assert "½ tsp baking soda confirm" in text
    assert "not the same food unless you say so: Butter." in text
    assert "2 large eggs matched" in text
    assert f'<option value="{made["flour"].id}" selected>' in page.text
    assert f'<option value="{made["butter"].id}" selected>' not in page.text
    assert f'<option value="{made["powder"].id}" selected>' not in page.text
    assert 'name="line-0-quantity" value="2.25"' in page.text
    assert 'name="line-2-quantity" value="0.5"' in page.text
    assert fresh(db).scalars(select(RecipeLine)).all() == []


def test_saving_without_confirming_a_close_name_saves_nothing(
    client: TestClient, db: Session
) -> None:
    made = _catalog(db)
    recipe = make_recipe(db, name="Cookies")
    db.commit()
    rows = {
        "text": PASTE,
        "line-0-choice": str(made["flour"].id), "line-0-quantity": "2 1/4", "line-0-unit": "cup",
        "line-1-choice": "", "line-1-quantity": "1", "line-1-unit": "cup",
        "line-2-choice": "", "line-2-quantity": "½", "line-2-unit": "tsp",
        "line-3-choice": str(made["eggs"].id), "line-3-quantity": "2", "line-3-unit": "each",
    }  # fmt: skip
    refused = client.post(f"/recipes/{recipe.id}/paste", data=rows)
    assert refused.status_code == 422
    assert "Nothing was saved" in refused.text
    assert 'id="e-line-1-choice"' in refused.text
    assert "confirm which ingredient this is, or create a new one" in refused.text
    assert fresh(db).scalars(select(RecipeLine)).all() == []


def test_confirms_one_creates_one_and_saves_every_line_at_once(
    client: TestClient, db: Session
) -> None:
    made = _catalog(db)
    flour = made["flour"]
    recipe = make_recipe(db, name="Cookies", lines=[(flour, "10", "g")])
    db.commit()
    rows = {
        "text": PASTE,
        "line-0-choice": str(flour.id), "line-0-quantity": "2 1/4", "line-0-unit": "cup",
        "line-0-note": "sifted",
        "line-1-choice": "new", "line-1-quantity": "1", "line-1-unit": "cup",
        "line-1-new_name": "Peanut butter", "line-1-new_measure": "mass",
        "line-1-new_density": "1.08", "line-1-new_allergens": "peanuts",
        "line-2-choice": str(made["powder"].id), "line-2-quantity": "½", "line-2-unit": "tsp",
        "line-3-choice": "skip", "line-3-quantity": "2", "line-3-unit": "each",
    }  # fmt: skip
    saved = client.post(f"/recipes/{recipe.id}/paste", data=rows)
    assert saved.status_code == 200
    assert saved.url.path == f"/recipes/{recipe.id}"
    session = fresh(db)
    lines = session.scalars(
        select(RecipeLine).where(RecipeLine.recipe_id == recipe.id).order_by(RecipeLine.position)
    ).all()
    assert [(line.ingredient.name, line.quantity, line.unit, line.note) for line in lines] == [
        ("All-purpose flour", Decimal("10"), "g", ""),
        ("All-purpose flour", Decimal("2.25"), "cup", "sifted"),
        ("Peanut butter", Decimal("1"), "cup", ""),
        ("Baking powder", Decimal("0.5"), "tsp", ""),
    ]
    peanut = session.scalars(select(Ingredient).where(Ingredient.name == "Peanut butter")).one()
    assert peanut.allergens == ["peanuts"]


def test_a_new_ingredient_that_cannot_take_its_unit_rolls_everything_back(
    client: TestClient, db: Session
) -> None:
    made = _catalog(db)
    recipe = make_recipe(db, name="Cookies")
    db.commit()
    rows = {
        "text": PASTE,
        "line-0-choice": str(made["flour"].id), "line-0-quantity": "2 1/4", "line-0-unit": "cup",
        "line-1-choice": "new", "line-1-quantity": "1", "line-1-unit": "cup",
        "line-1-new_name": "Peanut butter", "line-1-new_measure": "mass",
        "line-2-choice": "skip", "line-3-choice": "skip",
    }  # fmt: skip
    refused = client.post(f"/recipes/{recipe.id}/paste", data=rows)
    assert refused.status_code == 422
    assert 'id="e-line-1-unit"' in refused.text
    session = fresh(db)
    assert session.scalars(select(RecipeLine)).all() == []
    assert session.scalars(select(Ingredient).where(Ingredient.name == "Peanut butter")).all() == []


def test_a_range_and_a_missing_amount_are_shown_for_the_baker_to_fix(
    client: TestClient, db: Session
) -> None:
    _catalog(db)
    recipe = make_recipe(db, name="Cookies")
    db.commit()
    text = "For the dough:\n2-3 cups all-purpose flour\nsalt to taste\n"
    page = page_text(client.post(f"/recipes/{recipe.id}/paste/review", data={"text": text}).text)
    assert "For the dough" in page
    assert "quantity looks like a range (2-3); give one number, e.g. 1.5" in page
    assert "quantity is missing" in page


def test_an_empty_paste_is_refused_next_to_the_box(client: TestClient, db: Session) -> None:
    recipe = make_recipe(db, name="Cookies")
    db.commit()
    page = client.post(f"/recipes/{recipe.id}/paste/review", data={"text": "  \n"})
    assert page.status_code == 422
    assert 'id="e-text"' in page.text
