"""The per-account delay and the per-address windows, as pure arithmetic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bakehouse.domain.sign_in_limits import (
    ACCOUNT_DELAY_CAP,
    ACCOUNT_FAILURES_BEFORE_DELAY,
    LOGIN_WINDOW,
    Failures,
    account_delay,
    account_wait,
    seconds_until,
    window_wait,
)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_the_delay_starts_after_ten_failures_and_doubles() -> None:
    assert account_delay(ACCOUNT_FAILURES_BEFORE_DELAY - 1) == timedelta(0)
    delays = [account_delay(ACCOUNT_FAILURES_BEFORE_DELAY + n).total_seconds() for n in range(6)]
    assert delays == [1, 2, 4, 8, 16, 32]


def test_the_delay_is_capped_at_fifteen_minutes() -> None:
    assert account_delay(ACCOUNT_FAILURES_BEFORE_DELAY + 10) == ACCOUNT_DELAY_CAP
    assert account_delay(10**9) == ACCOUNT_DELAY_CAP


@given(st.integers(min_value=0, max_value=10_000))
def test_the_delay_never_shrinks_with_more_failures_and_never_passes_the_cap(n: int) -> None:
    assert account_delay(n) <= account_delay(n + 1) <= ACCOUNT_DELAY_CAP


@given(st.integers(min_value=0, max_value=20))
def test_each_failure_beyond_ten_at_most_doubles_the_delay(n: int) -> None:
    failures = ACCOUNT_FAILURES_BEFORE_DELAY + n
    assert account_delay(failures + 1) <= 2 * account_delay(failures)


def test_the_account_wait_counts_from_the_newest_failure() -> None:
    newest = NOW - timedelta(seconds=3)
    assert account_wait(Failures(ACCOUNT_FAILURES_BEFORE_DELAY + 3, newest), NOW) == 5
    assert account_wait(Failures(ACCOUNT_FAILURES_BEFORE_DELAY + 1, newest), NOW) == 0
    assert account_wait(Failures(3, newest), NOW) == 0
    assert account_wait(Failures(ACCOUNT_FAILURES_BEFORE_DELAY, None), NOW) == 0


def test_a_window_limit_waits_for_the_deciding_failure_to_leave_the_window() -> None:
    deciding = NOW - timedelta(minutes=10)
    assert window_wait(Failures(5, deciding), 5, NOW) == 5 * 60
    assert window_wait(Failures(4, None), 5, NOW) == 0
    assert window_wait(Failures(5, NOW - LOGIN_WINDOW), 5, NOW) == 0


def test_seconds_are_rounded_up_so_a_retry_is_never_early() -> None:
    assert seconds_until(NOW + timedelta(milliseconds=10), NOW) == 1
    assert seconds_until(NOW + timedelta(seconds=1, milliseconds=1), NOW) == 2
    assert seconds_until(NOW, NOW) == 0
