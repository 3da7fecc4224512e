"""The recipe import API: review, save with fix-ups in one transaction, refusals that change
nothing, and imports for owners — or bakers when the owner allows (docs/product.md §6.22)."""

from __future__ import annotations

import base64
from decimal import Decimal

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.permissions import Role
from bakehouse.models import Ingredient, Item, Recipe, RecipeLine
from bakehouse.services.accounts.api_tokens import create_api_token
from bakehouse.services.core.settings import set_setting
from bakehouse.units.conversion import Measure
from tests.factories.accounts import make_user
from tests.factories.catalog import make_ingredient
from tests.io.recipe_sources.builders import deflated_spaces, zip_of
from tests.io.recipe_sources.conftest import fixture_bytes
from tests.web.snapshot import fresh


def _file(name: str, data: bytes | None = None) -> dict[str, str]:
    content = fixture_bytes(name) if data is None else data
    return {"file_name": name, "content_base64": base64.b64encode(content).decode()}


def _catalog(db: Session) -> dict[str, Ingredient]:
    made = {
        name: make_ingredient(db, name=name, measure=Measure.MASS, density=Decimal(density))
        for name, density in (("Flour", "0.53"), ("Butter", "0.96"), ("Powdered sugar", "0.56"))
    }
    db.commit()
    return made


def _counts(db: Session) -> tuple[int, ...]:
    session = fresh(db)
    return tuple(
        session.scalar(select(func.count()).select_from(table)) or 0
        for table in (Recipe, RecipeLine, Item, Ingredient)
    )


def test_the_review_lists_every_line_its_match_and_what_is_unplaced(
    client: TestClient, db: Session
) -> None:
    catalog = _catalog(db)
    answer = client.post("/api/recipes/import/review", json=_file("several-recipes.html"))
    assert answer.status_code == 200, answer.text
    review = answer.json()
    stars = review["recipes"][0]
    first = stars["sections"][0]["lines"][0]
    assert (first["text"], first["status"], first["ingredient_id"], first["action"]) == (
        "2 cups flour", "exact", catalog["Flour"].id, "use"
    )  # fmt: skip
    assert stars["items_per_batch"] == 36
    assert {(u["recipe_name"], u["field"]) for u in review["unplaced"]} >= {
        ("Peppermint Bark", "items_per_batch")
    }
    assert _counts(db) == (0, 0, 0, 3)


def test_saving_refuses_what_is_unplaced_then_takes_the_fix_ups(
    client: TestClient, db: Session
) -> None:
    catalog = _catalog(db)
    source = _file("several-recipes.html")
    refused = client.post("/api/recipes/import", json=source)
    assert refused.status_code == 422
    fields = {p["location"] for p in refused.json()["error"]["details"]["problems"]}
    assert "recipes[2].items_per_batch" in fields
    assert _counts(db) == (0, 0, 0, 3)

    fixed = {
        **source,
        "recipes": [
            {"index": 1, "include": False},
            {"index": 2, "items_per_batch": 40, "lines": [
                {"index": 0, "line": {"quantity": "12", "unit": "oz",
                                      "new_ingredient": {"name": "Dark chocolate",
                                                         "measure": "mass"}}},
                {"index": 1, "skip": True},
                {"index": 2, "line": {"quantity": "0.5", "unit": "cup",
                                      "ingredient_id": catalog["Powdered sugar"].id}},
            ]},
        ],
    }  # fmt: skip
    saved = client.post("/api/recipes/import", json=fixed)
    assert saved.status_code == 201, saved.text
    result = saved.json()
    assert [r["name"] for r in result["recipes"]] == ["Shortbread Stars", "Peppermint Bark"]
    assert [(i["name"], i["items_per_batch"]) for i in result["items"]] == [
        ("Shortbread Stars", 36), ("Peppermint Bark", 40)
    ]  # fmt: skip
    assert result["ingredients_created"] == 1
    assert [u["text"] for u in result["left_out"]] == ["12 oz white chocolate"]


def test_bad_sources_are_refused_and_change_nothing(client: TestClient, db: Session) -> None:
    _catalog(db)
    before = _counts(db)
    bomb = zip_of([("recipe.json", deflated_spaces(200 * 1024 * 1024))])
    cases = [
        (_file("export.zip", bomb), {"unsafe_archive", "source_too_large"}),
        ({"url": "http://192.168.1.20/recipe"}, {"fetch_refused"}),
        ({"url": "http://[::1]/recipe"}, {"fetch_refused"}),
        ({"url": "file:///etc/passwd"}, {"fetch_refused"}),
        (_file("notes.txt", b"just words, no recipe here"), {"not_a_recipe"}),
    ]
    for body, codes in cases:
        for path in ("/api/recipes/import/review", "/api/recipes/import"):
            answer = client.post(path, json={**body, "accept_unplaced": True}
                                 if path.endswith("import") else body)  # fmt: skip
            assert answer.status_code == 422, (path, body.get("url"), answer.text)
            assert answer.json()["error"]["code"] in codes
    assert _counts(db) == before


def test_bakers_import_only_when_the_owner_allows(server_app: FastAPI, db: Session) -> None:
    make_user(db, Role.BAKER, username="ben")
    make_user(db, Role.VIEWER, username="vera")
    db.commit()
    ben = create_api_token(db, "ben", "script").plain_text
    vera = create_api_token(db, "vera", "script").plain_text
    db.commit()
    client = TestClient(server_app, raise_server_exceptions=False)
    body = _file("several-recipes.html")

    def review(token: str) -> int:
        headers = {"Authorization": f"Bearer {token}"}
        return client.post("/api/recipes/import/review", json=body, headers=headers).status_code

    assert review(ben) == 403
    set_setting(db, "bakers_may_import_recipes", "1")
    db.commit()
    assert review(ben) == 200
    assert review(vera) == 403
    headers = {"Authorization": f"Bearer {ben}"}
    assert client.post("/api/recipes", json={"name": "X"}, headers=headers).status_code == 403
