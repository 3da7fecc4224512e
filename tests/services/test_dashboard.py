"""The season dashboard: one row per event, set-based (docs/product.md §3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.numbers import ZERO, to_cents
from bakehouse.domain.progress import EventState
from bakehouse.errors import BakehouseError
from bakehouse.models import Assignment, ProductionRecord
from bakehouse.schemas.base import to_json
from bakehouse.schemas.production import DashboardSummaryRead
from bakehouse.services.events.status import update_package_status
from bakehouse.services.production import dashboard
from bakehouse.services.production.bakes import record_production, reverse_production
from bakehouse.services.production.dashboard import get_dashboard_summary
from bakehouse.services.production.outcomes import move_items, record_loss, write_off_bake
from bakehouse.services.production.progress import (
    get_production_progress,
    get_recipe_cost_breakdown,
)
from tests.factories.planning import make_assignment, make_event, make_recipe, make_recipient
from tests.factories.season import CookieSeason, bake, lot_state, make_cookie_season
from tests.services.test_outcomes import make_kitchen


@pytest.fixture
def season(session: Session) -> CookieSeason:
    return make_cookie_season(session)


def test_one_row_per_event_sorted_by_date_then_name(session: Session, season: CookieSeason) -> None:
    make_event(session, name="Zebra party", event_date=date(2024, 12, 1))
    make_event(session, name="Advent", event_date=date(2024, 12, 1))
    make_event(session, name="New Year", event_date=date(2025, 1, 1))

    rows = get_dashboard_summary(session).rows

    assert [r.event_name for r in rows] == ["Advent", "Zebra party", "Christmas 2024", "New Year"]


def test_a_row_shows_recipes_packages_and_costs(session: Session, season: CookieSeason) -> None:
    bake(session, season)

    [row] = get_dashboard_summary(session, today=date(2024, 12, 20)).rows

    assert (row.event_id, row.event_name, row.event_date) == (
        season.event.id,
        "Christmas 2024",
        date(2024, 12, 25),
    )
    assert (row.recipes_complete, row.recipes_total) == (1, 1)
    assert (
        row.packages_pending,
        row.packages_assembled,
        row.packages_delivered,
        row.packages_total,
    ) == (1, 0, 0, 1)
    assert (row.actual_cost, row.planned_cost) == (Decimal("1.10"), Decimal("1.50"))
    assert row.unpriced is False
    assert (row.is_complete, row.has_packages, row.state) == (False, True, EventState.IN_PROGRESS)
    assert row.days_until == 5


def test_an_event_with_no_packages_shows_as_no_packages_planned(session: Session) -> None:
    make_event(session, name="Quiet year")

    [row] = get_dashboard_summary(session).rows

    assert row.has_packages is False
    assert row.is_complete is False
    assert row.state is EventState.NO_PACKAGES_PLANNED
    assert (row.recipes_total, row.packages_total, row.actual_cost) == (0, 0, 0)


def test_completed_events_can_be_left_out(session: Session, season: CookieSeason) -> None:
    bake(session, season)
    update_package_status(session, season.assignment.id, AssignmentStatus.ASSEMBLED)
    update_package_status(session, season.assignment.id, AssignmentStatus.DELIVERED)
    make_event(session, name="Next year", event_date=date(2025, 12, 25))

    everything = get_dashboard_summary(session)
    open_only = get_dashboard_summary(session, include_completed=False)

    assert [(r.event_name, r.state) for r in everything.rows] == [
        ("Christmas 2024", EventState.COMPLETE),
        ("Next year", EventState.NO_PACKAGES_PLANNED),
    ]
    assert [r.event_name for r in open_only.rows] == ["Next year"]
    assert (everything.totals.events, everything.totals.events_complete) == (2, 1)
    assert open_only.totals.events == 1


def test_totals_add_up_the_rows(session: Session, season: CookieSeason) -> None:
    other = make_event(session, name="Boxing day", event_date=date(2024, 12, 26))
    make_assignment(session, other, make_recipient(session), season.package, quantity=2)
    bake(session, season)

    totals = get_dashboard_summary(session).totals

    assert (totals.packages_pending, totals.packages_total) == (3, 3)
    assert (totals.recipes_complete, totals.recipes_total) == (1, 2)
    assert totals.actual_cost == Decimal("1.10")
    assert totals.planned_cost == Decimal("3.00")
    assert totals.unpriced is False


def test_reversing_a_bake_restores_lots_and_the_dashboard(
    session: Session, season: CookieSeason
) -> None:
    bake(session, season)
    dashboard_before = get_dashboard_summary(session)
    lots_before = lot_state(season.lots)

    bake_id = bake(session, season, 2).record.id
    assert get_dashboard_summary(session) != dashboard_before
    reverse_production(session, bake_id, "counted twice")

    session.expire_all()
    assert lot_state(season.lots) == lots_before
    assert get_dashboard_summary(session) == dashboard_before


def test_the_dashboard_serialises_with_the_contract_field_names(
    session: Session, season: CookieSeason
) -> None:
    data = to_json(DashboardSummaryRead.model_validate(get_dashboard_summary(session)))

    assert set(data["rows"][0]) >= {
        "event_id",
        "event_name",
        "event_date",
        "recipes_complete",
        "recipes_total",
        "packages_pending",
        "packages_assembled",
        "packages_delivered",
        "packages_total",
        "actual_cost",
        "planned_cost",
        "is_complete",
    }
    assert data["rows"][0]["actual_cost"] == "0"


def _add_events(session: Session, season: CookieSeason, count: int) -> None:
    """Events with packages in every status and a bake each, written straight as rows."""
    recipients = [make_recipient(session) for _ in range(3)]
    statuses = list(AssignmentStatus)
    for n in range(count):
        event = make_event(session, event_date=date(2025, 1, 1 + n % 28))
        for recipient, status in zip(recipients, statuses, strict=True):
            make_assignment(session, event, recipient, season.package, status=status)
        session.add(
            ProductionRecord(
                event_id=event.id, recipe_id=season.recipe.id, batches=2, actual_cost=Decimal("2")
            )
        )
    session.flush()


@pytest.mark.parametrize("include_completed", [True, False])
def test_the_dashboard_issues_the_same_statements_for_1_10_and_100_events(
    session: Session,
    season: CookieSeason,
    count_statements: Callable[[], Any],
    include_completed: bool,
) -> None:
    counts = []
    existing = 0
    for size in (1, 10, 100):
        _add_events(session, season, size - existing)
        existing = size
        with count_statements() as counter:
            summary = get_dashboard_summary(session, include_completed=include_completed)
        counts.append(counter.count)
        assert len(summary.rows) == size + 1  # and the season's own event

    assert counts[0] == counts[1] == counts[2]
    # the catalog (five), today's prices, the past and locked events' prices (their day's
    # and their locks', docs/product.md §6.20), live production per event and recipe,
    # assignments per event and package, the events
    assert counts[0] == 10


@pytest.mark.parametrize("partition", [1, 2, 1000])
def test_every_row_agrees_with_that_events_progress(
    session: Session, season: CookieSeason, partition: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the rows read at a time (an event's rows split across partitions too)."""
    monkeypatch.setattr(dashboard, "PARTITION", partition)
    _add_events(session, season, 3)
    fudge = make_recipe(session, name="Fudge", lines=[(season.sugar, "1", "cup")])
    record_production(
        session, event_id=season.event.id, recipe_id=fudge.id, batches=1, confirm=["over_plan"]
    )
    bake(session, season)

    for row in get_dashboard_summary(session).rows:
        progress = get_production_progress(session, row.event_id)
        assert row.recipes_total == len(progress.recipes)
        assert row.recipes_complete == sum(r.is_complete for r in progress.recipes)
        assert (row.actual_cost, row.planned_cost, row.unpriced) == (
            progress.costs.actual_total,
            progress.costs.planned_total,
            progress.costs.unpriced,
        )
        assert row.packages_total == progress.packages.total
        assert row.is_complete == progress.is_complete


def test_an_events_bakes_of_several_recipes_all_count_whatever_order_the_database_sums_in(
    session: Session, season: CookieSeason
) -> None:
    """PostgreSQL may hand grouped sums back in any order (a hash aggregate): every
    recipe baked for an event still counts, in batches and cost (each event's bakes are
    written interleaved with the others')."""
    recipes = [
        make_recipe(session, name=f"Bar {n}", lines=[(season.sugar, "1", "cup")]) for n in range(3)
    ]
    events = [make_event(session, event_date=date(2025, 2, 1 + n)) for n in range(12)]
    for batches, recipe in enumerate(recipes, start=1):
        for event in events:
            session.add(
                ProductionRecord(
                    event_id=event.id,
                    recipe_id=recipe.id,
                    batches=batches,
                    actual_cost=Decimal("0.0001") * event.id * batches,
                )
            )
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL enable_sort = off"))  # sums by hash, in any order

    rows = {row.event_id: row for row in get_dashboard_summary(session).rows}

    for event in events:
        row = rows[event.id]
        assert (row.recipes_complete, row.recipes_total) == (3, 3)
        # Shown to the cent (docs/product.md §6.15): the exact sum, rounded once.
        assert row.actual_cost == to_cents(Decimal("0.0006") * event.id)
        progress = get_production_progress(session, event.id)
        assert row.actual_cost == to_cents(progress.costs.actual_total)


_steps = st.lists(
    st.tuples(
        st.sampled_from(["bake", "loss", "move", "reverse", "write_off", "assign", "deliver"]),
        st.integers(0, 2),
        st.integers(1, 30),
        st.integers(0, 60),
    ),
    max_size=12,
)


@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=_steps, partition=st.sampled_from([1, 2, 1000]))
def test_every_row_agrees_with_progress_whatever_the_bakes_losses_moves_and_packages(
    session: Session, steps: list[tuple[str, int, int, int]], partition: int
) -> None:
    """The dashboard reads its sums in whatever order the database gives them (no sort),
    a partition at a time: each row still says what the event's own progress says, to the
    cent, whatever was baked, lost, moved, reversed, written off, assigned or delivered,
    and in whatever order (docs/product.md §3, §6.13)."""
    savepoint = session.begin_nested()
    original = dashboard.PARTITION
    dashboard.PARTITION = partition
    try:
        kitchen = make_kitchen(session, packages=1)
        events = [
            kitchen.event,
            make_event(session, name="Christmas", event_date=date(2025, 12, 25)),
            make_event(session, name="New Year", event_date=date(2025, 12, 31)),
        ]
        bakes = [
            record_production(
                session,
                event_id=event.id,
                recipe_id=kitchen.recipe.id,
                batches=2,
                confirm=["over_plan"],
            ).record.id
            for event in events[:2]
        ]  # good items to lose and move from the start
        for action, which, amount, good in steps:
            event = events[which]
            nested = session.begin_nested()
            try:
                if action == "bake":
                    made = record_production(
                        session, event_id=event.id, recipe_id=kitchen.recipe.id,
                        batches=1 + amount % 3, good={kitchen.cookie.id: min(good, 24)},
                        loss_reason="burnt", confirm=["over_plan"],
                    )  # fmt: skip
                    bakes.append(made.record.id)
                elif action == "loss":
                    record_loss(session, event_id=event.id, item_id=kitchen.cookie.id,
                                quantity=amount, reason="dropped")  # fmt: skip
                elif action == "move":
                    move_items(session, from_event_id=event.id,
                               to_event_id=events[(which + 1) % 3].id,
                               item_id=kitchen.cookie.id, quantity=amount)  # fmt: skip
                elif action == "assign":
                    make_assignment(session, event, make_recipient(session), kitchen.package,
                                    quantity=1 + amount % 2)  # fmt: skip
                elif action == "deliver":
                    for assignment_id in session.scalars(
                        select(Assignment.id).where(Assignment.event_id == event.id)
                    ):
                        update_package_status(session, assignment_id, AssignmentStatus.ASSEMBLED)
                        update_package_status(session, assignment_id, AssignmentStatus.DELIVERED)
                elif bakes and action == "reverse":
                    reverse_production(session, bakes[amount % len(bakes)], "by mistake")
                elif bakes:
                    write_off_bake(session, bakes[amount % len(bakes)])
                nested.commit()
            except BakehouseError:
                nested.rollback()
        session.flush()

        summary = get_dashboard_summary(session)
        assert sorted(r.event_id for r in summary.rows) == sorted(e.id for e in events)
        for row in summary.rows:
            progress = get_production_progress(session, row.event_id)
            shown = [r for r in progress.recipes if not r.is_sub_recipe]
            assert (row.recipes_complete, row.recipes_total) == (
                sum(r.is_complete for r in shown),
                len(shown),
            )
            # Planned as the costs page shows it: each recipe's to the cent, added up.
            breakdown = get_recipe_cost_breakdown(session, row.event_id)
            assert (row.actual_cost, row.planned_cost, row.unpriced) == (
                to_cents(progress.costs.actual_total),
                breakdown.planned_total,
                progress.costs.unpriced,
            )
            assert (row.packages_total, row.packages_delivered, row.is_complete) == (
                progress.packages.total,
                progress.packages.delivered,
                progress.is_complete,
            )
        assert summary.totals.actual_cost == sum((r.actual_cost for r in summary.rows), ZERO)
    finally:
        dashboard.PARTITION = original
        savepoint.rollback()
