"""Catalog pages: the ingredient list with search and filter, the ingredient and product
forms (density help, allergen checkboxes, preferred toggle) and their messages."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.models import Ingredient, Product
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_product, make_purchase
from tests.web.page_text import page_text, section
from tests.web.snapshot import fresh


def count(db: Session, model: type[Ingredient] | type[Product]) -> int:
    fresh(db)
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_lists_ingredients_and_finds_them_by_name_and_category(
    client: TestClient, db: Session
) -> None:
    make_ingredient(db, name="Bread flour", category="flour", density=Decimal("0.507"))
    make_ingredient(db, name="Brown sugar", category="sugar", allergens=[])
    make_ingredient(db, name="Walnuts", category="nuts", allergens=["tree_nuts"])
    db.commit()
    everything = section(client.get("/catalog").text, "ingredients-heading")
    assert "3 ingredients" in everything
    assert "0.507 g/ml" in everything
    assert "Tree nuts" in everything
    searched = section(client.get("/catalog?q=SUGAR").text, "ingredients-heading")
    assert "1 of 3 ingredients" in searched
    assert "Brown sugar" in searched
    assert "Walnuts" not in searched
    filtered = page_text(client.get("/catalog?category=nuts").text)
    assert "Walnuts" in filtered
    assert "Bread flour" not in filtered


def test_the_new_ingredient_form_explains_density_with_an_example(client: TestClient) -> None:
    text = page_text(client.get("/catalog/ingredients/new").text)
    assert "1 cup weighs" in text
    assert "125 ÷ 236.6 ≈ 0.53 g/ml" in text
    assert "1 large egg ≈ 50 g" in text
    assert text.count("Cereals containing gluten") == 1  # the 14 allergens as checkboxes


def test_creates_an_ingredient_with_allergens_ticked(client: TestClient, db: Session) -> None:
    response = client.post(
        "/catalog/ingredients",
        data={
            "name": "Butter",
            "measure": "mass",
            "density": "0.96",
            "allergens": "milk",
            "category": "Dairy",
        },
    )
    assert response.status_code == 200
    assert response.url.path.startswith("/catalog/ingredients/")
    assert "Saved." in page_text(response.text)
    fresh(db)
    butter = db.scalars(select(Ingredient)).one()
    assert (butter.density, butter.allergens, butter.category) == (
        Decimal("0.96"),
        ["milk"],
        "dairy",
    )


def test_a_bad_density_is_shown_next_to_its_field_and_nothing_is_saved(
    client: TestClient, db: Session
) -> None:
    response = client.post(
        "/catalog/ingredients",
        data={"name": "Honey", "measure": "volume", "density": "heavy", "allergens": ["milk"]},
    )
    assert response.status_code == 422
    assert 'id="e-density"' in response.text
    assert "must be a number like 2.5" in page_text(response.text)
    assert 'value="Honey"' in response.text
    assert 'value="milk" checked' in response.text
    assert count(db, Ingredient) == 0


def test_edits_an_ingredient_and_refuses_a_taken_name(client: TestClient, db: Session) -> None:
    sugar = make_ingredient(db, name="Sugar", density=Decimal("0.850000"))
    make_ingredient(db, name="Salt")
    db.commit()
    form = client.get(f"/catalog/ingredients/{sugar.id}").text
    assert 'value="0.85"' in form  # shown without trailing zeros
    refused = client.post(
        f"/catalog/ingredients/{sugar.id}", data={"name": "Salt", "measure": "mass"}
    )
    assert refused.status_code == 422
    assert 'id="e-name"' in refused.text
    assert "already exists" in refused.text
    saved = client.post(
        f"/catalog/ingredients/{sugar.id}",
        data={"name": "Caster sugar", "measure": "mass", "density": ""},
    )
    assert "Changes saved." in page_text(saved.text)
    fresh(db)
    assert (sugar.name, sugar.density) == ("Caster sugar", None)


def test_deletes_an_unused_ingredient_and_explains_why_not_otherwise(
    client: TestClient, db: Session
) -> None:
    spare = make_ingredient(db, name="Spare")
    butter = make_ingredient(db, name="Butter")
    make_product(db, butter, name="Salted butter")
    db.commit()
    assert "Deleted." in page_text(client.post(f"/catalog/ingredients/{spare.id}/delete").text)
    refused = client.post(f"/catalog/ingredients/{butter.id}/delete")
    assert refused.status_code == 422
    assert "used by product Acme Salted butter" in page_text(refused.text)
    assert 'value="Butter"' in refused.text
    assert count(db, Ingredient) == 1


def test_adds_a_product_and_toggles_which_is_preferred(client: TestClient, db: Session) -> None:
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS)
    db.commit()
    new_form = client.get(f"/catalog/ingredients/{flour.id}/products/new").text
    assert 'value="g"' in new_form  # the unit defaults to how the ingredient is stocked
    added = client.post(
        f"/catalog/ingredients/{flour.id}/products",
        data={
            "brand": "Mill",
            "name": "AP flour",
            "package_size": "5",
            "package_unit": "lb",
            "is_preferred": "1",
        },
    )
    assert added.status_code == 200
    products = section(added.text, "products-heading")
    assert "Mill AP flour" in products
    assert "5 lb" in products
    assert "★ preferred" in products
    fresh(db)
    product = db.scalars(select(Product)).one()
    unset = client.post(f"/catalog/products/{product.id}/prefer")
    assert "Make preferred" in section(unset.text, "products-heading")
    fresh(db)
    assert product.is_preferred is False
    client.post(f"/catalog/products/{product.id}/prefer", data={"is_preferred": "1"})
    fresh(db)
    assert product.is_preferred is True


def test_a_package_unit_that_does_not_convert_is_shown_next_to_it(
    client: TestClient, db: Session
) -> None:
    eggs = make_ingredient(db, name="Eggs", measure=Measure.COUNT)
    db.commit()
    response = client.post(
        f"/catalog/ingredients/{eggs.id}/products",
        data={"name": "Eggs", "package_size": "1", "package_unit": "kg"},
    )
    assert response.status_code == 422
    assert 'id="e-package_unit"' in response.text
    assert "set grams per each for Eggs" in page_text(response.text)
    assert count(db, Product) == 0


def test_edits_and_deletes_a_product(client: TestClient, db: Session) -> None:
    flour = make_ingredient(db, name="Flour")
    bag = make_product(db, flour, name="Bag", package_size=Decimal("1000"), package_unit="g")
    bought = make_product(db, flour, name="Bought bag")
    make_purchase(db, bought, total_price="3.00")
    db.commit()
    form = client.get(f"/catalog/products/{bag.id}").text
    assert 'value="1000"' in form
    bad = client.post(
        f"/catalog/products/{bag.id}",
        data={"name": "Bag", "package_size": "0", "package_unit": "g"},
    )
    assert bad.status_code == 422
    assert 'id="e-package_size"' in bad.text
    client.post(
        f"/catalog/products/{bag.id}",
        data={"name": "Big bag", "package_size": "2", "package_unit": "kg"},
    )
    fresh(db)
    assert (bag.name, bag.package_size, bag.package_unit) == ("Big bag", Decimal(2), "kg")
    refused = client.post(f"/catalog/products/{bought.id}/delete")
    assert refused.status_code == 422
    assert "purchase" in page_text(refused.text)
    deleted = client.post(f"/catalog/products/{bag.id}/delete")
    assert "Deleted." in page_text(deleted.text)
    assert count(db, Product) == 1


def test_unknown_ingredients_and_products_are_not_found_pages(client: TestClient) -> None:
    for path in (
        "/catalog/ingredients/999999",
        "/catalog/products/999999",
        "/catalog/ingredients/999999/products/new",
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert "was not found" in page_text(response.text)
