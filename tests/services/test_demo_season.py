"""The demo season: built through the services, realistic, consistent and repeatable."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bakehouse.demo.season import DemoSeason, build_demo_season, season_year
from bakehouse.io.importer import database_is_empty
from bakehouse.schemas.base import to_json
from bakehouse.schemas.production import DashboardSummaryRead
from bakehouse.services.events.events import create_event, get_allergen_conflicts
from bakehouse.services.events.planning import get_shopping_list
from bakehouse.services.pantry.ledger import ledger_discrepancies
from bakehouse.services.production.bakes import list_production
from bakehouse.services.production.dashboard import get_dashboard_summary
from bakehouse.services.production.progress import get_production_progress
from bakehouse.services.recipes.recipes import list_recipes
from tests.services.conftest import DEMO_TODAY

#: The demo's day; the tests that only read it share one build (tests/services/conftest.py).
TODAY = DEMO_TODAY


def test_the_demo_is_a_realistic_season(session: Session) -> None:
    assert database_is_empty(session)
    season = build_demo_season(session, today=TODAY)
    assert not database_is_empty(session)
    assert season.events == 4
    assert season.recipients >= 20
    assert season.recipes >= 10
    assert season.purchases >= 30
    assert season.bakes >= 10
    assert season.packages_assembled > 0
    assert season.packages_delivered > 0
    recipes = list_recipes(session)
    assert len(recipes) >= 10
    made_of_subs = {r.id for r in recipes if any(line.sub_recipe_id for line in r.lines)}
    subs = {r.id for r in recipes if r.yield_quantity is not None}
    assert all(len(r.lines) >= 4 for r in recipes if r.id not in made_of_subs | subs)
    # docs/product.md §6.12: a buttercream used by two cookies, and a freezer dough.
    users = {
        sub.name: sorted(
            r.name for r in recipes for line in r.lines if line.sub_recipe_id == sub.id
        )
        for sub in recipes
        if sub.yield_quantity is not None
    }
    assert users == {
        "Gingerbread dough": ["Gingerbread cookies"],
        "Vanilla buttercream": ["Gingerbread cookies", "Shortbread"],
    }
    assert ledger_discrepancies(session) == []


def test_last_christmas_is_done_and_this_one_is_under_way(
    demo_session: Session, demo: DemoSeason
) -> None:
    season = demo
    last = get_production_progress(demo_session, season.last_year_event_id)
    assert last.event_name == "Christmas 2025"
    assert last.is_complete
    assert all(r.is_complete for r in last.recipes)
    # Real cost close to the plan: the same recipes, prices a few per cent apart.
    ratio = last.costs.actual_total / last.costs.planned_total
    assert Decimal("0.8") < ratio < Decimal("1.2")
    assert any(entry.is_reversed for entry in list_production(demo_session, last.event_id))

    this = get_production_progress(demo_session, season.this_year_event_id)
    assert this.event_name == "Christmas 2026"
    assert not this.is_complete
    assert 0 < sum(r.is_complete for r in this.recipes) < len(this.recipes)
    assert this.packages.assembled > 0
    assert this.packages.delivered > 0
    assert this.packages.pending > 0
    assert not this.costs.unpriced


def test_the_dashboard_shows_every_kind_of_event(demo_session: Session) -> None:
    rows = get_dashboard_summary(demo_session, today=TODAY).rows
    assert [r.event_name for r in rows] == [
        "Christmas 2025",
        "Cookie swap 2026",
        "Christmas 2026",
        "New Year open house 2027",
    ]
    assert [r.state.label for r in rows] == [
        "complete",
        "in progress",
        "in progress",
        "no packages planned",
    ]


def test_the_shopping_list_still_has_something_to_buy(demo_session: Session) -> None:
    listing = get_shopping_list(demo_session, upcoming=True, today=TODAY)
    to_buy = [line for line in listing.lines if line.packages_to_buy]
    assert len(to_buy) >= 3
    assert listing.estimated_total > 0
    assert listing.is_complete  # every ingredient has a product and a price


def test_allergen_warnings_are_part_of_the_story(demo_session: Session, demo: DemoSeason) -> None:
    season = demo
    warnings = get_allergen_conflicts(demo_session, season.this_year_event_id)
    assert any(w.recipient == "Grandpa Joe" and "peanuts" in w.allergens for w in warnings)


def dashboard_json(session: Session) -> Any:
    return to_json(DashboardSummaryRead.model_validate(get_dashboard_summary(session, today=TODAY)))


def test_the_same_day_builds_the_same_season(session: Session) -> None:
    first = build_demo_season(session, today=TODAY)
    first_rows = dashboard_json(session)
    session.rollback()
    second = build_demo_season(session, today=TODAY)
    ids = {
        "last_year_event_id": first.last_year_event_id,
        "this_year_event_id": first.this_year_event_id,
    }
    assert replace(second, **ids) == first
    second_rows = dashboard_json(session)
    for row in (*first_rows["rows"], *second_rows["rows"]):
        row.pop("event_id")
    assert second_rows == first_rows


def test_a_database_with_anything_in_it_is_not_empty(session: Session) -> None:
    create_event(session, name="Swap", event_date=TODAY)
    assert not database_is_empty(session)


@pytest.mark.parametrize(
    ("today", "year"),
    [(date(2026, 11, 24), 2026), (date(2027, 1, 3), 2026), (date(2026, 7, 1), 2026)],
)
def test_the_season_heads_for_the_coming_december(today: date, year: int) -> None:
    assert season_year(today) == year
