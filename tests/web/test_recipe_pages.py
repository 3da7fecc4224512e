"""Recipe, bundle and package pages: lists with costs, the line editors (a bad line shows
its message next to it and nothing is saved), items, renames and deletes."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.models import Bundle, Item, Package, Recipe
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_lot
from tests.factories.planning import (
    make_assignment,
    make_bundle,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)
from tests.web.page_text import page_text, section
from tests.web.snapshot import fresh


def test_lists_recipes_with_cost_per_batch_and_per_item(client: TestClient, db: Session) -> None:
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS)
    vanilla = make_ingredient(db, name="Vanilla", measure=Measure.VOLUME)
    make_lot(db, flour, quantity="1000", cost="4.80")
    shortbread = make_recipe(db, name="Shortbread", lines=[(flour, "500", "g")])
    make_item(db, shortbread, name="Shortbread finger", items_per_batch=24)
    make_recipe(db, name="Vanilla wafers", lines=[(vanilla, "1", "tsp")])
    db.commit()
    listing = section(client.get("/recipes").text, "recipes-heading")
    assert "Shortbread finger · 24 per batch" in listing
    assert "$2.40" in listing
    assert "$0.10" in listing
    assert "Vanilla wafers" in listing
    assert "no items yet" in listing
    assert "— unpriced" in listing  # never bought: not $0


def test_creates_a_recipe_then_a_bad_name_is_refused_next_to_the_field(
    client: TestClient, db: Session
) -> None:
    created = client.post("/recipes", data={"name": "Gingerbread", "instructions": "Roll thin."})
    assert created.status_code == 200
    assert created.url.path.startswith("/recipes/")
    assert "Gingerbread" in page_text(created.text)
    again = client.post("/recipes", data={"name": "gingerbread"})
    assert again.status_code == 422
    assert 'id="e-name"' in again.text
    assert "already exists" in again.text
    assert len(fresh(db).scalars(select(Recipe)).all()) == 1


def test_the_recipe_page_shows_costs_unpriced_and_what_the_pantry_lacks(
    client: TestClient, db: Session
) -> None:
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS)
    vanilla = make_ingredient(db, name="Vanilla", measure=Measure.VOLUME)
    make_lot(db, flour, quantity="400", cost="1.00")
    recipe = make_recipe(db, name="Wafers", lines=[(flour, "500", "g"), (vanilla, "1", "tsp")])
    make_item(db, recipe, name="Wafer", items_per_batch=50)
    db.commit()
    text = page_text(client.get(f"/recipes/{recipe.id}").text)
    assert "Per batch $1.25 + unpriced" in text
    assert "Per Wafer $0.02 + unpriced" in text  # $0.025 to the cent, half to even
    assert "Unpriced: Vanilla" in text
    assert "Flour: needs 500 g, 400 g on hand" in text
    assert "From the pantry now short" in text


def test_saves_the_lines_editor_adding_changing_and_removing_lines(
    client: TestClient, db: Session
) -> None:
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS, density=Decimal("0.5"))
    butter = make_ingredient(db, name="Butter", measure=Measure.MASS, density=Decimal("0.96"))
    sugar = make_ingredient(db, name="Sugar", measure=Measure.MASS)
    recipe = make_recipe(db, name="Shortbread", lines=[(flour, "250", "g"), (butter, "1", "cup")])
    db.commit()
    form = client.get(f"/recipes/{recipe.id}").text
    assert 'name="line-0-quantity" value="250"' in form
    response = client.post(
        f"/recipes/{recipe.id}/lines",
        data={
            "line-0-ingredient": str(flour.id),
            "line-0-quantity": "2",
            "line-0-unit": "cups",
            "line-1-ingredient": str(butter.id),
            "line-1-quantity": "1",
            "line-1-unit": "cup",
            "line-1-remove": "1",
            "line-2-ingredient": str(sugar.id),
            "line-2-quantity": "100",
            "line-2-unit": "g",
            "line-2-note": "caster",
            "line-3-ingredient": "",
            "line-3-quantity": "",
            "line-3-unit": "",
        },
    )
    assert response.status_code == 200
    assert "Changes saved." in page_text(response.text)
    lines = fresh(db).get_one(Recipe, recipe.id).lines
    assert [(line.ingredient.name, line.quantity, line.unit, line.note) for line in lines] == [
        ("Flour", Decimal(2), "cup", ""),
        ("Sugar", Decimal(100), "g", "caster"),
    ]


def test_an_inconvertible_unit_is_shown_next_to_its_line_and_nothing_is_saved(
    client: TestClient, db: Session
) -> None:
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS)
    eggs = make_ingredient(db, name="Eggs", measure=Measure.COUNT)
    recipe = make_recipe(db, name="Sponge", lines=[(flour, "100", "g")])
    db.commit()
    response = client.post(
        f"/recipes/{recipe.id}/lines",
        data={
            "line-0-ingredient": str(flour.id),
            "line-0-quantity": "200",
            "line-0-unit": "g",
            "line-4-ingredient": str(eggs.id),
            "line-4-quantity": "1",
            "line-4-unit": "cup",
        },
    )
    assert response.status_code == 422
    assert 'id="e-line-4-unit"' in response.text
    assert "set a density and grams per each for Eggs" in page_text(response.text)
    assert 'name="line-0-quantity" value="200"' in response.text  # what was typed is kept
    assert "Nothing was saved" in page_text(response.text)
    assert fresh(db).get_one(Recipe, recipe.id).lines[0].quantity == Decimal(100)


def test_row_problems_are_each_shown_next_to_their_row(client: TestClient, db: Session) -> None:
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS)
    recipe = make_recipe(db, name="Sponge")
    db.commit()
    response = client.post(
        f"/recipes/{recipe.id}/lines",
        data={
            "line-0-ingredient": str(flour.id),
            "line-0-quantity": "-1",
            "line-0-unit": "g",
            "line-1-ingredient": "",
            "line-1-quantity": "3",
            "line-1-unit": "g",
            "line-2-ingredient": str(flour.id),
            "line-2-quantity": "lots",
            "line-2-unit": "",
        },
    )
    assert response.status_code == 422
    errors = {
        key: key in response.text
        for key in (
            'id="e-line-0-quantity"',
            'id="e-line-1-ingredient"',
            'id="e-line-2-quantity"',
            'id="e-line-2-unit"',
        )
    }
    assert all(errors.values()), errors
    text = page_text(response.text)
    assert "choose an ingredient" in text
    assert "must be a number like 2.5" in text
    assert "enter a unit, like g or cup" in text
    assert fresh(db).get_one(Recipe, recipe.id).lines == []


def test_adds_an_item_and_shows_a_bad_count_next_to_the_field(
    client: TestClient, db: Session
) -> None:
    recipe = make_recipe(db, name="Brownies")
    db.commit()
    bad = client.post(
        f"/recipes/{recipe.id}/items", data={"name": "Square", "items_per_batch": "x"}
    )
    assert bad.status_code == 422
    assert 'id="e-items_per_batch"' in bad.text
    assert "must be a whole number like 12" in bad.text
    assert 'value="Square"' in bad.text
    good = client.post(
        f"/recipes/{recipe.id}/items", data={"name": "Square", "items_per_batch": "16"}
    )
    assert "Square" in section(good.text, "items-heading")
    item = fresh(db).scalars(select(Item)).one()
    assert item.items_per_batch == 16


def test_edits_and_deletes_an_item_and_a_recipe(client: TestClient, db: Session) -> None:
    recipe = make_recipe(db, name="Brownies", instructions="Bake.")
    square = make_item(db, recipe, name="Square", items_per_batch=16)
    held = make_item(db, recipe, name="Big square", items_per_batch=8)
    make_package(db, name="Tin", contents=[(2, held)])
    db.commit()
    assert 'value="16"' in client.get(f"/items/{square.id}").text
    client.post(f"/items/{square.id}", data={"name": "Small square", "items_per_batch": "20"})
    assert fresh(db).get_one(Item, square.id).name == "Small square"
    assert "Deleted." in page_text(client.post(f"/items/{square.id}/delete").text)
    refused = client.post(f"/items/{held.id}/delete")
    assert refused.status_code == 422
    assert "package 'Tin'" in page_text(refused.text)
    assert "Bake." in client.get(f"/recipes/{recipe.id}/edit").text
    renamed = client.post(f"/recipes/{recipe.id}/edit", data={"name": "Fudge brownies"})
    assert "Fudge brownies" in page_text(renamed.text)
    blank = client.post(f"/recipes/{recipe.id}/edit", data={"name": ""})
    assert blank.status_code == 422
    assert 'id="e-name"' in blank.text
    refused_recipe = client.post(f"/recipes/{recipe.id}/delete")
    assert refused_recipe.status_code == 422
    assert "Tin" in page_text(refused_recipe.text)
    assert 'value="Fudge brownies"' in refused_recipe.text


def test_the_bundle_editor_refuses_a_loop_showing_its_path(client: TestClient, db: Session) -> None:
    cookie = make_item(db, make_recipe(db, name="Cookies"), name="Cookie")
    tin = make_bundle(db, name="Tin", contents=[(6, cookie)])
    box = make_bundle(db, name="Box", contents=[(1, tin)])
    db.commit()
    page = client.get(f"/bundles/{tin.id}").text
    assert f'value="item:{cookie.id}" selected' in page
    assert f'value="bundle:{tin.id}"' not in page  # a bundle is not offered inside itself
    response = client.post(
        f"/bundles/{tin.id}/lines",
        data={
            "line-0-content": f"item:{cookie.id}",
            "line-0-quantity": "6",
            "line-1-content": f"bundle:{box.id}",
            "line-1-quantity": "1",
        },
    )
    assert response.status_code == 422
    assert "bundles cannot contain themselves: Tin → Box → Tin" in page_text(response.text)
    assert len(fresh(db).get_one(Bundle, tin.id).lines) == 1


def test_the_contents_editor_saves_rows_and_marks_bad_ones(client: TestClient, db: Session) -> None:
    cookie = make_item(db, make_recipe(db, name="Cookies"), name="Cookie")
    tin = make_bundle(db, name="Tin")
    db.commit()
    bad = client.post(
        f"/bundles/{tin.id}/lines",
        data={
            "line-0-content": "",
            "line-0-quantity": "2",
            "line-1-content": f"item:{cookie.id}",
            "line-1-quantity": "0",
        },
    )
    assert bad.status_code == 422
    assert 'id="e-line-0-content"' in bad.text
    assert 'id="e-line-1-quantity"' in bad.text
    good = client.post(
        f"/bundles/{tin.id}/lines",
        data={"line-0-content": f"item:{cookie.id}", "line-0-quantity": "12"},
    )
    assert "Changes saved." in page_text(good.text)
    assert [(line.quantity, line.item_id) for line in fresh(db).get_one(Bundle, tin.id).lines] == [
        (12, cookie.id)
    ]


def test_the_package_page_shows_contents_allergens_and_estimated_cost(
    client: TestClient, db: Session
) -> None:
    walnuts = make_ingredient(db, name="Walnuts", measure=Measure.MASS, allergens=["tree_nuts"])
    make_lot(db, walnuts, quantity="100", cost="3.00")
    recipe = make_recipe(db, name="Brownies", lines=[(walnuts, "50", "g")])
    square = make_item(db, recipe, name="Brownie square", items_per_batch=10)
    tin = make_bundle(db, name="Tin", contents=[(5, square)])
    package = make_package(db, name="Gift box", contents=[(2, tin)])
    db.commit()
    text = page_text(client.get(f"/packages/{package.id}").text)
    assert "Estimated cost $1.50" in text
    assert "Pieces 10" in text
    assert "Tree nuts" in text
    assert "Brownie square Brownies 10" in text
    listing = page_text(client.get("/packages").text)
    assert "Gift box 2 × bundle Tin Tree nuts $1.50" in listing


def test_creates_renames_and_deletes_bundles_and_packages(client: TestClient, db: Session) -> None:
    created = client.post("/packages", data={"name": "Family box", "notes": "big ribbon"})
    assert created.status_code == 200
    assert "Family box" in page_text(created.text)
    package = fresh(db).scalars(select(Package)).one()
    taken = client.post("/bundles", data={"name": ""})
    assert taken.status_code == 422
    assert 'id="e-name"' in taken.text
    renamed = client.post(f"/packages/{package.id}/edit", data={"name": "Family tin"})
    assert "Family tin" in page_text(renamed.text)
    assert "big ribbon" not in fresh(db).get_one(Package, package.id).notes
    make_assignment(
        db, make_event(db), make_recipient(db, name="Rosa"), fresh(db).get_one(Package, package.id)
    )
    db.commit()
    refused = client.post(f"/packages/{package.id}/delete")
    assert refused.status_code == 422
    assert "Rosa" in page_text(refused.text)
    assert 'value="Family tin"' in refused.text
    spare = client.post("/bundles", data={"name": "Spare"})
    bundle_id = int(spare.url.path.rsplit("/", 1)[1])
    assert "Deleted." in page_text(client.post(f"/bundles/{bundle_id}/delete").text)


def test_unknown_recipes_items_bundles_and_packages_are_not_found_pages(
    client: TestClient,
) -> None:
    for path in (
        "/recipes/999999",
        "/recipes/999999/edit",
        "/items/999999",
        "/bundles/999999",
        "/packages/999999/edit",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "was not found" in page_text(response.text)


def test_a_sub_recipe_through_the_pages_yield_line_rolled_up_cost_and_used_in(
    client: TestClient, db: Session
) -> None:
    """docs/product.md §6.12: the editor offers recipes beside ingredients; a recipe with a
    yield is used by the cup; the parent's cost holds its share; the sub-recipe says where
    it is used."""
    butter = make_ingredient(db, name="Butter", measure=Measure.MASS)
    make_lot(db, butter, quantity="4000", cost="60.00")
    cream = make_recipe(db, name="Buttercream", lines=[(butter, "400", "g")])
    cookie = make_recipe(db, name="Cookie", lines=[(butter, "100", "g")])
    db.commit()
    saved = client.post(
        f"/recipes/{cream.id}/edit",
        data={"name": "Buttercream", "yield_quantity": "4", "yield_unit": "cups",
              "shelf_life_days": "5"},
    )  # fmt: skip
    assert saved.status_code == 200, saved.text
    editor = client.get(f"/recipes/{cookie.id}").text
    assert f'value="recipe-{cream.id}"' in editor
    assert "Buttercream (cup)" in editor
    lines = client.post(
        f"/recipes/{cookie.id}/lines",
        data={"line-0-ingredient": str(butter.id), "line-0-quantity": "100", "line-0-unit": "g",
              "line-1-ingredient": f"recipe-{cream.id}", "line-1-quantity": "½",
              "line-1-unit": "cup"},
    )  # fmt: skip
    assert lines.status_code == 200, lines.text
    text = page_text(lines.text)
    assert "Per batch $2.25" in text  # $1.50 butter + ⅛ of a $6.00 batch
    assert "1/8 of a batch" in text
    cream_page = page_text(client.get(f"/recipes/{cream.id}").text)
    assert "A sub-recipe used in Cookie" in cream_page
    assert "One batch makes 4 cup" in cream_page
    assert "Keeps 5 days" in cream_page
    wrong = client.post(
        f"/recipes/{cookie.id}/lines",
        data={"line-0-ingredient": f"recipe-{cream.id}", "line-0-quantity": "1",
              "line-0-unit": "each"},
    )  # fmt: skip
    assert wrong.status_code == 422
    assert 'id="e-line-0-unit"' in wrong.text or "line-0-unit" in wrong.text
    loop = client.post(
        f"/recipes/{cream.id}/lines",
        data={"line-0-ingredient": f"recipe-{cookie.id}", "line-0-quantity": "1",
              "line-0-unit": "batch"},
    )  # fmt: skip
    assert loop.status_code == 422
    assert "Buttercream → Cookie → Buttercream" in page_text(loop.text)


def test_the_lines_editor_adds_rows_and_moves_one_up_without_saving(
    client: TestClient, db: Session
) -> None:
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS, density=Decimal("0.5"))
    sugar = make_ingredient(db, name="Sugar", measure=Measure.MASS, density=Decimal("0.85"))
    recipe = make_recipe(db, name="Shortbread", lines=[(flour, "250", "g")])
    db.commit()
    typed = {
        "line-0-ingredient": str(flour.id), "line-0-quantity": "2 1/4", "line-0-unit": "cup",
        "line-1-ingredient": str(sugar.id), "line-1-quantity": "½", "line-1-unit": "cup",
        "line-2-ingredient": "", "line-2-quantity": "", "line-2-unit": "",
    }  # fmt: skip
    more = client.post(f"/recipes/{recipe.id}/lines/rows", data={**typed, "more": "1"})
    assert more.status_code == 200
    assert more.text.count('name="line-') // 4 >= 5  # 2 typed + 1 blank + 3 more
    assert 'name="line-5-quantity" value=""' in more.text
    assert 'name="line-0-quantity" value="2 1/4"' in more.text  # kept as typed
    moved = client.post(f"/recipes/{recipe.id}/lines/rows", data={**typed, "move": "up-1"})
    assert 'name="line-0-quantity" value="½"' in moved.text
    assert 'name="line-1-quantity" value="2 1/4"' in moved.text
    assert [line.quantity for line in fresh(db).get_one(Recipe, recipe.id).lines] == [Decimal(250)]
    saved = client.post(
        f"/recipes/{recipe.id}/lines",
        data={
            "line-0-ingredient": str(sugar.id), "line-0-quantity": "½", "line-0-unit": "cup",
            "line-1-ingredient": str(flour.id), "line-1-quantity": "2 1/4", "line-1-unit": "cup",
        },
    )  # fmt: skip
    assert saved.status_code == 200
    lines = fresh(db).get_one(Recipe, recipe.id).lines
    assert [(line.ingredient.name, line.quantity) for line in lines] == [
        ("Sugar", Decimal("0.5")),
        ("Flour", Decimal("2.25")),
    ]
