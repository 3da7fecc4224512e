"""The production API: bakes, reversal, history, package status, progress, costs, dashboard.

Numbers are those of the acceptance example (tests/factories/season.py): one batch of
Test Cookies costs $1.10, the plan for one Cookie box is 1 batch at $1.50.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.models import Lot, ProductionRecord, StockMovement
from bakehouse.schemas.production import BakeRefusedRead
from tests.factories.season import CookieSeason, make_cookie_season
from tests.web.error_shape import assert_error
from tests.web.page_text import page_text


@pytest.fixture
def season(db: Session) -> CookieSeason:
    arranged = make_cookie_season(db, recipients=["Alice", "Bob", "Carol"])
    db.commit()
    return arranged


def bake(client: TestClient, season: CookieSeason, batches: Any, **extra: Any) -> Any:
    body = {"event_id": season.event.id, "recipe_id": season.recipe.id, "batches": batches}
    return client.post("/api/bakes", json=body | extra)


def set_status(client: TestClient, assignment_id: int, status: str, **extra: Any) -> Any:
    return client.post(f"/api/assignments/{assignment_id}/status", json={"status": status, **extra})


def money(value: str) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def test_records_a_bake_at_its_fifo_cost(client: TestClient, season: CookieSeason) -> None:
    response = bake(client, season, 1, notes="first tray")
    assert response.status_code == 201
    result = response.json()
    assert money(result["actual_cost"]) == Decimal("1.10")
    assert result["record"]["notes"] == "first tray"
    assert result["over_plan"] is False
    assert {d["ingredient"] for d in result["draws"]} == {"Flour", "Sugar"}


def test_a_bake_crossing_into_the_second_flour_lot(
    client: TestClient, season: CookieSeason
) -> None:
    result = bake(client, season, 3, confirm=["over_plan"]).json()
    assert money(result["actual_cost"]) == Decimal("3.50")
    flour = next(d for d in result["draws"] if d["ingredient"] == "Flour")
    assert len(flour["lots"]) == 2


def ledger(db: Session) -> tuple[int, list[tuple[int, Decimal]]]:
    """How many stock movements and bakes there are, and every lot's remaining quantity."""
    db.rollback()  # a fresh look: what the requests committed
    movements = db.scalar(select(func.count()).select_from(StockMovement)) or 0
    bakes = db.scalar(select(func.count()).select_from(ProductionRecord)) or 0
    lots = db.execute(select(Lot.id, Lot.quantity_remaining).order_by(Lot.id)).all()
    return movements + 1000 * bakes, [(i, q) for i, q in lots]


def test_baking_more_than_the_plan_is_refused_until_confirmed(
    client: TestClient, season: CookieSeason, db: Session
) -> None:
    before = ledger(db)
    refused = bake(client, season, 3)
    error = assert_error(refused, 409, "confirmation_needed", field="confirm", says="over_plan")
    BakeRefusedRead.model_validate(refused.json())  # the body the OpenAPI document promises
    assert error["details"] == {
        "confirmations": [
            {
                "code": "over_plan",
                "message": "3 batches of Test Cookies would then be made for Christmas 2024, "
                "1 more than the 2 the plan requires",
                "figures": {"planned": 2, "made": 0, "baking": 3, "over_by": 1},
            }
        ]
    }
    assert ledger(db) == before  # nothing written: no bake, no movement, lots unchanged

    result = bake(client, season, 3, confirm=["over_plan"])  # three boxes of 12 need 2
    assert result.status_code == 201, result.text
    body = result.json()
    assert (body["over_plan"], body["batches_required"]) == (True, 2)
    assert "more than the 2" in body["warnings"][0]
    assert ledger(db) != before


def test_the_api_refuses_with_the_confirmations_the_page_asks_for(
    client: TestClient, season: CookieSeason
) -> None:
    error = bake(client, season, 5).json()["error"]
    page = client.post(
        f"/events/{season.event.id}/bakes", data={"recipe_id": season.recipe.id, "batches": "5"}
    )
    assert page.status_code == 409
    for confirmation in error["details"]["confirmations"]:
        assert f'name="confirm" value="{confirmation["code"]}"' in page.text
        assert confirmation["message"][1:] in page_text(page.text)


@pytest.mark.parametrize("confirm", [["shortage"], "over_plan", [1], ["over_plan", "later"]])
def test_an_unknown_confirmation_is_refused_clearly(
    client: TestClient, season: CookieSeason, db: Session, confirm: Any
) -> None:
    before = ledger(db)
    assert_error(bake(client, season, 3, confirm=confirm), 422, "invalid_input", field="confirm")
    assert ledger(db) == before


def test_an_unknown_confirmation_is_named_with_the_ones_there_are(
    client: TestClient, season: CookieSeason
) -> None:
    error = assert_error(bake(client, season, 3, confirm=["shortage"]), 422, "invalid_input")
    assert error["message"] == (
        "confirm: unknown confirmation 'shortage'; the confirmations are: over_plan, "
        "make_missing, cover_shortage, use_expired"
    )


def test_a_bake_within_the_plan_needs_no_confirmation(
    client: TestClient, season: CookieSeason
) -> None:
    assert bake(client, season, 2).status_code == 201


def test_a_shortage_lists_every_short_ingredient_and_uses_nothing(
    client: TestClient, season: CookieSeason
) -> None:
    error = assert_error(bake(client, season, 100), 409, "confirmation_needed", says="Flour")
    [cover] = [c for c in error["details"]["confirmations"] if c["code"] == "cover_shortage"]
    assert set(cover["figures"]) == {"Flour: missing", "Sugar: missing"}
    assert client.get(f"/api/events/{season.event.id}/bakes").json()["total"] == 0
    assert money(bake(client, season, 1).json()["actual_cost"]) == Decimal("1.10")


def test_what_it_made_is_refused_on_a_bake_that_is_not_a_sub_recipe_s(
    client: TestClient, season: CookieSeason, db: Session
) -> None:
    before = ledger(db)
    response = bake(client, season, 1, yield_made="2")
    assert_error(response, 422, "invalid_input", field="yield_made", says="not a sub-recipe")
    assert ledger(db) == before


@pytest.mark.parametrize("batches", [0, -1, 1.5, "many", None])
def test_batches_must_be_a_positive_whole_number(
    client: TestClient, season: CookieSeason, batches: Any
) -> None:
    assert_error(bake(client, season, batches), 422, "invalid_input", field="batches")


def test_baking_for_an_unknown_event_or_recipe_is_not_found(
    client: TestClient, season: CookieSeason
) -> None:
    unknown_event = {"event_id": 999999, "recipe_id": season.recipe.id, "batches": 1}
    assert_error(client.post("/api/bakes", json=unknown_event), 404, "not_found", says="event")
    unknown_recipe = {"event_id": season.event.id, "recipe_id": 999999, "batches": 1}
    assert_error(client.post("/api/bakes", json=unknown_recipe), 404, "not_found", says="recipe")


def test_reverses_a_bake_and_keeps_it_in_history(client: TestClient, season: CookieSeason) -> None:
    record = bake(client, season, 1).json()["record"]["id"]
    reversed_ = client.post(f"/api/bakes/{record}/reverse", json={"reason": "recorded twice"})
    assert reversed_.status_code == 200
    assert reversed_.json()["reversal_reason"] == "recorded twice"
    history = client.get(f"/api/events/{season.event.id}/bakes").json()["items"]
    assert [(h["id"], h["is_reversed"]) for h in history] == [(record, True)]
    progress = client.get(f"/api/events/{season.event.id}/progress").json()
    assert money(progress["costs"]["actual_total"]) == Decimal("0.00")


def test_reversal_bad_input(client: TestClient, season: CookieSeason) -> None:
    record = bake(client, season, 1).json()["record"]["id"]
    assert_error(
        client.post(f"/api/bakes/{record}/reverse", json={"reason": ""}),
        422,
        "invalid_input",
        field="reason",
    )
    assert_error(
        client.post(f"/api/bakes/{record}/reverse", json={"reason": "   "}),
        422,
        "invalid_input",
        says="why",
    )
    assert_error(
        client.post("/api/bakes/999999/reverse", json={"reason": "oops"}), 404, "not_found"
    )
    client.post(f"/api/bakes/{record}/reverse", json={"reason": "oops"})
    assert_error(
        client.post(f"/api/bakes/{record}/reverse", json={"reason": "again"}),
        409,
        "already_reversed",
    )


def test_history_is_paginated_and_unknown_events_are_not_found(
    client: TestClient, season: CookieSeason
) -> None:
    for _ in range(3):
        bake(client, season, 1, confirm=["over_plan"])
    page = client.get(f"/api/events/{season.event.id}/bakes?limit=2").json()
    assert (page["total"], len(page["items"])) == (3, 2)
    assert_error(client.get("/api/events/999999/bakes"), 404, "not_found")


def test_assembling_needs_production(client: TestClient, season: CookieSeason) -> None:
    first = season.assignments[0].id
    check = client.get(f"/api/assignments/{first}/can-assemble").json()
    assert check["can_assemble"] is False
    assert check["missing"][0]["recipe"] == "Test Cookies"
    error = assert_error(set_status(client, first, "assembled"), 409, "incomplete_production")
    assert error["details"]["missing"][0]["missing"] == 1


def test_one_batch_covers_two_boxes_and_the_third_is_told_what_is_short(
    client: TestClient, season: CookieSeason
) -> None:
    bake(client, season, 1)
    first, second, third = (a.id for a in season.assignments)
    assert set_status(client, first, "assembled").json()["status"] == "assembled"
    assert set_status(client, second, "assembled").status_code == 200
    check = client.get(f"/api/assignments/{third}/can-assemble").json()
    assert check == {
        "assignment_id": third,
        "can_assemble": False,
        "missing": [
            {
                "recipe_id": season.recipe.id,
                "recipe": "Test Cookies",
                "required": 2,
                "produced": 1,
                "missing": 1,
                "lost": 0,
            }
        ],
    }


def test_status_moves_one_step_at_a_time(client: TestClient, season: CookieSeason) -> None:
    first = season.assignments[0].id
    bake(client, season, 2)
    assert_error(
        set_status(client, first, "delivered"),
        409,
        "invalid_status_transition",
        says="pending → assembled → delivered",
    )
    set_status(client, first, "assembled")
    assert_error(set_status(client, first, "pending"), 409, "invalid_status_transition")
    delivered = set_status(client, first, "delivered", delivered_to="Left with neighbour").json()
    assert delivered["status"] == "delivered"
    assert delivered["delivery_note"] == "Left with neighbour"
    assert delivered["delivered_at"] is not None


def test_status_bad_input(client: TestClient, season: CookieSeason) -> None:
    first = season.assignments[0].id
    assert_error(set_status(client, first, "shipped"), 422, "invalid_input", field="status")
    assert_error(set_status(client, 999999, "assembled"), 404, "not_found", says="assignment")
    assert_error(client.get("/api/assignments/999999/can-assemble"), 404, "not_found")
    assert_error(
        client.post(f"/api/assignments/{first}/status", json={}),
        422,
        "invalid_input",
        field="status",
    )


def test_progress_before_and_after_a_bake(client: TestClient, db: Session) -> None:
    season = make_cookie_season(db, recipients=["Alice"])
    db.commit()
    url = f"/api/events/{season.event.id}/progress"
    before = client.get(url).json()
    assert [
        (r["recipe_name"], r["batches_required"], r["batches_produced"]) for r in before["recipes"]
    ] == [("Test Cookies", 1, 0)]
    assert before["packages"] == {"total": 1, "pending": 1, "assembled": 0, "delivered": 0}
    assert money(before["costs"]["planned_total"]) == Decimal("1.50")
    assert before["is_complete"] is False
    bake(client, season, 1)
    after = client.get(url).json()
    assert after["recipes"][0]["is_complete"] is True
    assert money(after["costs"]["actual_total"]) == Decimal("1.10")


def test_cost_breakdown_shows_variance(client: TestClient, db: Session) -> None:
    season = make_cookie_season(db, recipients=["Alice"])
    db.commit()
    url = f"/api/events/{season.event.id}/costs"
    before = client.get(url).json()
    assert (before["variance"], before["variance_percent"]) == (None, None)  # not started
    assert before["variance_state"] == "not started"
    assert money(before["forecast_total"]) == Decimal("1.50")
    bake(client, season, 1)
    row = client.get(url).json()["rows"][0]
    assert money(row["variance"]) == Decimal("-0.40")
    assert Decimal(row["variance_percent"]) == Decimal("-26.67")


def test_progress_and_costs_of_an_unknown_event_are_not_found(client: TestClient) -> None:
    assert_error(client.get("/api/events/999999/progress"), 404, "not_found")
    assert_error(client.get("/api/events/999999/costs"), 404, "not_found")


def test_dashboard_rows_and_season_totals(client: TestClient, season: CookieSeason) -> None:
    empty = client.post(
        "/api/events",
        json={"name": "Swap", "event_date": "2025-01-10", "confirm": ["unusual_date"]},
    ).json()
    dashboard = client.get("/api/dashboard?season=all").json()
    assert dashboard["scope"] == "all events"
    assert [r["event_name"] for r in dashboard["items"]] == ["Christmas 2024", "Swap"]
    swap = dashboard["items"][1]
    assert swap["event_id"] == empty["id"]
    assert swap["state"] == "no_packages_planned"
    assert swap["is_complete"] is False
    assert dashboard["totals"]["packages_pending"] == 3
    assert dashboard["total"] == 2
    second = client.get("/api/dashboard?season=all&limit=1&offset=1").json()
    assert second["items"][0]["event_name"] == "Swap"


def test_dashboard_can_leave_out_completed_events(client: TestClient, db: Session) -> None:
    season = make_cookie_season(db, recipients=["Alice"])
    db.commit()
    only = season.assignments[0].id
    bake(client, season, 1)
    set_status(client, only, "assembled")
    set_status(client, only, "delivered")
    everything = client.get("/api/dashboard?season=all").json()["items"]
    assert everything[0]["is_complete"] is True
    assert everything[0]["state"] == "complete"
    assert client.get("/api/dashboard?season=all&include_completed=false").json()["items"] == []
    assert_error(client.get("/api/dashboard?include_completed=maybe"), 422, "invalid_input")


def test_every_route_is_in_the_openapi_document(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/bakes",
        "/api/bakes/{bake_id}/reverse",
        "/api/events/{event_id}/bakes",
        "/api/assignments/{assignment_id}/status",
        "/api/assignments/{assignment_id}/can-assemble",
        "/api/dashboard",
        "/api/events/{event_id}/progress",
        "/api/events/{event_id}/costs",
    ):
        assert path in paths
        for operation in paths[path].values():
            assert "200" in operation["responses"] or "201" in operation["responses"]


def test_ids_beyond_any_record_are_refused_before_the_database(
    client: TestClient, season: CookieSeason
) -> None:
    huge = 2**40
    body = {"event_id": huge, "recipe_id": season.recipe.id, "batches": 1}
    assert_error(client.post("/api/bakes", json=body), 422, "invalid_input", field="event_id")
    assert_error(set_status(client, huge, "assembled"), 422, "invalid_input", field="assignment_id")


def test_a_correction_sets_a_delivered_package_back_with_the_reason(
    client: TestClient, season: CookieSeason
) -> None:
    first = season.assignments[0].id
    bake(client, season, 1)
    set_status(client, first, "assembled")
    set_status(client, first, "delivered", delivered_to="Porch")
    url = f"/api/assignments/{first}/correction"

    corrected = client.post(url, json={"status": "assembled", "note": "wrong house"})

    assert corrected.status_code == 200
    assert corrected.json()["status"] == "assembled"
    assert corrected.json()["delivered_at"] is None
    assert_error(client.post(url, json={"status": "assembled", "note": "again"}), 409,
                 "invalid_status_transition")  # fmt: skip
    assert_error(client.post(url, json={"status": "pending"}), 422, "invalid_input", field="note")
    assert_error(
        client.post("/api/assignments/999999/correction", json={"status": "pending", "note": "x"}),
        404,
        "not_found",
    )
