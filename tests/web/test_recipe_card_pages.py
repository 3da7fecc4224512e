"""The recipe card: a recipe for N batches, amounts as a baker measures them, printable
(docs/product.md §6.18)."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient
from tests.factories.planning import make_item, make_recipe
from tests.web.page_text import page_text


def _cookies(db: Session) -> int:
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS, density=Decimal("0.5"))
    soda = make_ingredient(db, name="Baking soda", measure=Measure.MASS, density=Decimal("1"))
    eggs = make_ingredient(db, name="Eggs", measure=Measure.COUNT)
    recipe = make_recipe(
        db,
        name="Cookies",
        lines=[(flour, "2.25", "cup"), (soda, "0.333333", "tsp"), (eggs, "2", "each"),
               (flour, "125", "g")],
    )  # fmt: skip
    make_item(db, recipe, name="cookie", items_per_batch=24)
    db.commit()
    return recipe.id


def test_one_batch_reads_as_the_recipe_is_written(client: TestClient, db: Session) -> None:
    recipe_id = _cookies(db)
    text = page_text(client.get(f"/recipes/{recipe_id}/card").text)
    assert "Makes 24 cookie." in text
    assert "2 ¼ cup Flour" in text
    assert "⅓ tsp Baking soda" in text
    assert "2 Eggs" in text
    assert "125 g Flour" in text


def test_three_batches_scale_every_amount_and_the_items(client: TestClient, db: Session) -> None:
    recipe_id = _cookies(db)
    page = client.get(f"/recipes/{recipe_id}/card", params={"batches": "3"})
    assert page.status_code == 200
    text = page_text(page.text)
    assert "Cookies × 3 batches" in text
    assert "Makes 72 cookie." in text
    assert "6 ¾ cup Flour" in text
    assert "1 tsp Baking soda" in text  # 3 × ⅓, stored as 0.333333
    assert "6 Eggs" in text
    assert "375 g Flour" in text


def test_half_a_batch_or_a_range_is_refused_next_to_the_box(
    client: TestClient, db: Session
) -> None:
    recipe_id = _cookies(db)
    for typed, message in (
        ("2.5", "batches must be a whole number like 12"),
        ("2-3", "batches looks like a range (2-3); give one number, e.g. 12"),
        ("100001", "batches must be at most 100,000"),
    ):
        page = client.get(f"/recipes/{recipe_id}/card", params={"batches": typed})
        assert page.status_code == 422
        assert message in page_text(page.text)
        assert 'id="e-batches"' in page.text


def test_the_card_has_a_print_style(client: TestClient, db: Session) -> None:
    recipe_id = _cookies(db)
    page = client.get(f"/recipes/{recipe_id}/card").text
    assert 'media="print"' in page
    assert "data-print" in page
    assert ".recipe-lines" in client.get("/static/print.css").text
