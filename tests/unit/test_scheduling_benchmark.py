"""The calendar benchmark's synthetic season plans cleanly and its script runs."""

from __future__ import annotations

import pytest
from benchmarks.schedule import main, season

from bakehouse.domain.scheduling import Reason, build_schedule
from tests.unit.test_scheduling_properties import (
    assert_every_batch_is_inside_its_window,
    assert_no_day_is_planned_past_its_capacity,
)


def test_the_benchmark_season_keeps_every_rule() -> None:
    inputs = season(30)
    schedule = build_schedule(inputs)

    assert_no_day_is_planned_past_its_capacity(inputs, schedule)
    assert_every_batch_is_inside_its_window(inputs, schedule)
    # Only assembly on the days off the season marks (every tenth day) is left over.
    assert {u.reason for u in schedule.unschedulable} == {Reason.NO_TIME_TO_ASSEMBLE}


def test_the_benchmark_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--events", "10", "--repeat", "1"])

    out = capsys.readouterr().out
    assert "Bake calendar: a synthetic 10-event season" in out
    assert "median time (ms)" in out
