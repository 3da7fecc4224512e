"""An event's state from its package counts (docs/product.md §3): one rule, one label."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakehouse.domain.progress import EventState, event_state


@pytest.mark.parametrize(
    ("packages", "delivered", "state", "label", "badge"),
    [
        (0, 0, EventState.NO_PACKAGES_PLANNED, "no packages planned", "muted"),
        (3, 0, EventState.IN_PROGRESS, "in progress", "info"),
        (3, 2, EventState.IN_PROGRESS, "in progress", "info"),
        (3, 3, EventState.COMPLETE, "complete", "ok"),
        (1, 1, EventState.COMPLETE, "complete", "ok"),
    ],
)
def test_the_three_states(
    packages: int, delivered: int, state: EventState, label: str, badge: str
) -> None:
    derived = event_state(packages=packages, delivered=delivered)

    assert derived is state
    assert (derived.label, derived.badge) == (label, badge)


def test_the_values_are_what_the_api_gives() -> None:
    assert [s.value for s in EventState] == ["no_packages_planned", "in_progress", "complete"]


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_complete_means_some_packages_and_all_delivered(packages: int, more: int) -> None:
    delivered = min(packages, more)
    state = event_state(packages=packages, delivered=delivered)

    assert (state is EventState.COMPLETE) == (packages > 0 and delivered == packages)
    assert (state is EventState.NO_PACKAGES_PLANNED) == (packages == 0)
