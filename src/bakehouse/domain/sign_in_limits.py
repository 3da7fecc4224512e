"""How long a sign-in must wait, from the failures already counted. Pure.

Three limits apply within a 15-minute window (:mod:`bakehouse.services.accounts.sign_in` counts):

- 5 failures per account name *and* address, and 20 per address: further attempts wait
  until the oldest counted failure leaves the window;
- per account, from anywhere: after 10 failures each further attempt waits a delay that
  doubles with every failure (1 s, 2 s, 4 s, …) counted from the newest one, capped at
  15 minutes — so guesses spread over many addresses slow to a trickle, while a browser
  that signed in to the account before (a remembered device) is exempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

LOGIN_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USERNAME_AND_IP = 5
MAX_FAILURES_PER_IP = 20
ACCOUNT_FAILURES_BEFORE_DELAY = 10
ACCOUNT_DELAY_BASE = timedelta(seconds=1)
ACCOUNT_DELAY_CAP = timedelta(minutes=15)
#: The wait when only attempts still being checked make a limit (they settle in moments).
IN_PROGRESS_RETRY_SECONDS = 1


@dataclass(frozen=True)
class Failures:
    """Failures within the window: how many, and the times the rules need."""

    count: int
    #: The failure that must leave the window before the next attempt (the limit-th
    #: newest), for the per-address limits; the newest, for the account's delay.
    deciding_at: datetime | None


def account_delay(failures: int) -> timedelta:
    """The wait after the newest failure once an account has ``failures`` of them.

    Nothing below :data:`ACCOUNT_FAILURES_BEFORE_DELAY`; then 1 s, doubling per further
    failure, never more than :data:`ACCOUNT_DELAY_CAP`.
    """
    beyond = failures - ACCOUNT_FAILURES_BEFORE_DELAY
    if beyond < 0:
        return timedelta(0)
    if beyond >= 20:  # 2**20 s is far past the cap; do not build huge numbers
        return ACCOUNT_DELAY_CAP
    delay: timedelta = ACCOUNT_DELAY_BASE * (2**beyond)
    return min(delay, ACCOUNT_DELAY_CAP)


def seconds_until(moment: datetime, now: datetime) -> int:
    """Whole seconds from ``now`` to ``moment``, rounded up; 0 when it has passed."""
    remaining = (moment - now).total_seconds()
    if remaining <= 0:
        return 0
    return max(1, int(-(-remaining // 1)))


def window_wait(failures: Failures, limit: int, now: datetime) -> int:
    """Seconds to wait under a per-address limit (0: allowed)."""
    if failures.count < limit or failures.deciding_at is None:
        return 0
    return seconds_until(failures.deciding_at + LOGIN_WINDOW, now)


def account_wait(failures: Failures, now: datetime) -> int:
    """Seconds to wait under the per-account delay (0: allowed)."""
    delay = account_delay(failures.count)
    if not delay or failures.deciding_at is None:
        return 0
    return seconds_until(failures.deciding_at + delay, now)
