"""The same bad input gets the same answer at every web door: API bodies and query
strings, page forms and URLs, the sign-in form (SQLite and PostgreSQL, where a NUL byte
used to end in a server error)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.models import Lot, ProductionRecord, Purchase, Recipient
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_product
from tests.factories.season import CookieSeason, make_cookie_season
from tests.web.error_shape import assert_error
from tests.web.page_text import page_text


@pytest.fixture
def bag(db: Session) -> int:
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS)
    product = make_product(db, flour, name="Bag", package_size="1", package_unit="kg")
    db.commit()
    return product.id


def count(db: Session, model: type) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize("query", ["/api/ingredients?q=su%00gar", "/api/ingredients?category=%07"])
def test_a_control_character_in_an_api_query_string_is_a_422(
    client: TestClient, query: str
) -> None:
    assert_error(client.get(query), 422, "invalid_input", says="control character")


def test_a_nul_in_a_page_search_is_shown_as_a_mistake_not_a_server_error(
    client: TestClient,
) -> None:
    response = client.get("/catalog?q=su%00gar")

    assert response.status_code == 422
    assert "q contains an invisible control character (U+0000)" in page_text(response.text)


def test_a_nul_in_a_sign_in_username_is_refused_cleanly(client: TestClient) -> None:
    response = client.post("/login", data={"username": "ad\x00min", "password": "x"})

    assert response.status_code == 422
    assert "username contains an invisible control character" in page_text(response.text)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [("/api/recipients", {"name": "Ann\x07"}, "name"),
     ("/api/recipients", {"name": "Ann", "notes": "ring\x00twice"}, "notes"),
     ("/api/recipients", {"name": "Ann", "household": "\x1b[31m"}, "household"),
     ("/api/ingredients", {"name": "Flour", "measure": "mass", "category": "\x7f"}, "category")],
)  # fmt: skip
def test_control_characters_in_an_api_body_are_refused_on_their_field(
    client: TestClient, db: Session, path: str, body: dict[str, str], field: str
) -> None:
    assert_error(client.post(path, json=body), 422, "invalid_input", field=field)
    assert count(db, Recipient) == 0


def test_reversal_reasons_and_status_notes_follow_the_same_rule(
    client: TestClient, db: Session
) -> None:
    season = make_cookie_season(db, recipients=["Alice"])
    db.commit()
    bake = {"event_id": season.event.id, "recipe_id": season.recipe.id, "batches": 1}
    record = client.post("/api/bakes", json=bake).json()["record"]["id"]
    assignment = season.assignments[0].id

    reverse = client.post(f"/api/bakes/{record}/reverse", json={"reason": "oops\x00"})
    correct = client.post(
        f"/api/assignments/{assignment}/correction", json={"status": "delivered", "note": "\x07"}
    )

    assert_error(reverse, 422, "invalid_input", field="reason")
    assert_error(correct, 422, "invalid_input", field="note")


def test_a_control_character_in_a_form_is_shown_next_to_its_field(
    client: TestClient, db: Session
) -> None:
    response = client.post("/recipients", data={"name": "Ann\x07", "notes": ""})

    assert response.status_code == 422
    assert 'id="e-name"' in response.text
    assert "invisible control character (U+0007)" in page_text(response.text)
    assert count(db, Recipient) == 0


#: (field, value sent as JSON, the status, the lot cost or the message's piece)
API_NUMBERS = [
    ("total_price", "1_000", 422, "no grouping separators"),
    ("total_price", "١٢", 422, "digits 0-9"),
    ("total_price", "１２", 422, "digits 0-9"),
    ("total_price", "12\u00a0", 422, "without spaces"),
    ("total_price", 1e-7, 422, "without an exponent"),
    ("total_price", "0.0000001", 422, "at most 4 decimal places"),
    ("total_price", "$12", 422, 'like "2.5"'),
    ("total_price", 0.1, 201, "0.1"),
    ("total_price", "18.99", 201, "18.99"),
    ("packages", "2 1/4", 201, "2.25"),
    ("packages", "1/3", 201, "0.333333"),
    ("total_price", "1/3", 422, "never rounded; did you mean 0.3333?"),
    ("packages", "1/3000000", 422, "fraction too small to keep"),
    ("packages", True, 422, "must be a number"),
]


@pytest.mark.parametrize(("field", "value", "status", "expected"), API_NUMBERS)
def test_the_api_reads_numbers_by_the_exact_grammar(
    client: TestClient, db: Session, bag: int, field: str, value: object, status: int, expected: str
) -> None:
    body = {"product_id": bag, "purchased_on": "2024-06-01", "packages": "1", "total_price": "6"}
    response = client.post("/api/purchases", json=body | {field: value})

    if status == 201:
        assert response.status_code == 201, response.text
        assert Decimal(response.json()[field]) == Decimal(expected)
    else:
        assert_error(response, 422, "invalid_input", field=field, says=expected)
        assert count(db, Purchase) == 0


#: (field, value typed into the purchase form, the status, the stored value or message)
FORM_NUMBERS = [
    ("total_price", "$1,234.50", 303, "1234.50"),
    ("total_price", "1,234", 303, "1234"),
    ("packages", "2 1/4", 303, "2.25"),
    ("packages", "½", 303, "0.5"),
    ("packages", "1-2", 422, "looks like a range (1-2); give one number"),
    ("total_price", "1e-7", 422, "without an exponent"),
    ("total_price", "0.00001", 422, "at most 4 decimal places"),
    ("total_price", "1,5", 422, "did you mean 15 or 1.5?"),
    ("packages", "１２", 422, "digits 0-9"),
]


@pytest.mark.parametrize(("field", "value", "status", "expected"), FORM_NUMBERS)
def test_forms_read_numbers_as_people_type_them(
    client: TestClient, db: Session, bag: int, field: str, value: str, status: int, expected: str
) -> None:
    form = {"product_id": str(bag), "purchased_on": "2024-06-01", "packages": "1"}
    response = client.post(
        "/pantry/purchases", data=form | {"total_price": "6"} | {field: value},
        follow_redirects=False,
    )  # fmt: skip

    assert response.status_code == status, page_text(response.text)
    if status == 303:
        purchase = db.scalars(select(Purchase)).one()
        assert getattr(purchase, field) == Decimal(expected)
    else:
        assert f'id="e-{field}"' in response.text
        assert expected in page_text(response.text)
        assert count(db, Lot) == 0


def test_a_key_given_twice_in_a_request_body_is_refused_with_its_path(
    client: TestClient, db: Session
) -> None:
    season: CookieSeason = make_cookie_season(db, recipients=["Alice"])
    db.commit()
    body = (
        f'{{"event_id": {season.event.id}, "recipe_id": {season.recipe.id}, '
        '"batches": 1, "batches": 50}'
    )

    response = client.post("/api/bakes", content=body, headers={"content-type": "application/json"})

    error = assert_error(response, 422, "validation_failed", says='the key "batches"')
    assert error["details"]["problems"] == [
        {"location": "$", "message": 'has the key "batches" more than once'}
    ]
    assert count(db, ProductionRecord) == 0


def test_a_body_nested_five_thousand_deep_is_a_422_not_a_recursion_error(
    client: TestClient,
) -> None:
    body = '{"name": ' + "[" * 5000 + "]" * 5000 + "}"

    response = client.post(
        "/api/recipients", content=body, headers={"content-type": "application/json"}
    )

    assert_error(response, 422, "validation_failed", says="levels deep")
