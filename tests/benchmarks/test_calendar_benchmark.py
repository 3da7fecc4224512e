"""The calendar benchmark's season from benchmarks/generate.py is read in a fixed number of
statements and planned within the rules; its script prints its table."""

from __future__ import annotations

from datetime import timedelta

import pytest
from benchmarks.calendar import main, set_calendar_inputs
from benchmarks.generate import FIRST_EVENT, add_sub_recipes, generate_season
from sqlalchemy.orm import Session

from bakehouse.domain.scheduling import build_schedule
from bakehouse.services.production.calendar import get_calendar, load_schedule_input
from tests.unit.test_scheduling_properties import (
    assert_every_batch_is_inside_its_window,
    assert_no_day_is_planned_past_its_capacity,
)


def test_the_generated_season_plans_within_the_rules(session: Session) -> None:
    season = generate_season(session, events=20)
    add_sub_recipes(session, season)
    set_calendar_inputs(session, 20)
    today = FIRST_EVENT + timedelta(days=8)

    inputs = load_schedule_input(session, today=today)[0]
    schedule = build_schedule(inputs)

    assert inputs.deliveries
    assert get_calendar(session, today=today).missing == ()
    assert_no_day_is_planned_past_its_capacity(inputs, schedule)
    assert_every_batch_is_inside_its_window(inputs, schedule)


def test_the_benchmark_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--events", "10", "--repeat", "1"])

    out = capsys.readouterr().out
    assert "Bake calendar from the database (SQLite)" in out
    assert "Statements" in out
