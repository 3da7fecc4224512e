"""Where an event stands, from its package counts (docs/product.md §3).

The one place the three states are decided and named: the dashboard, the event pages, the
API and the CLI all show :attr:`EventState.label` and expose :attr:`EventState.value`.
"""

from __future__ import annotations

from enum import StrEnum


class EventState(StrEnum):
    #: No packages assigned yet: never "complete".
    NO_PACKAGES_PLANNED = "no_packages_planned"
    #: Some package is not delivered yet.
    IN_PROGRESS = "in_progress"
    #: At least one package, and every package delivered.
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        """What a person reads: "no packages planned", "in progress", "complete"."""
        return self.value.replace("_", " ")

    @property
    def badge(self) -> str:
        """The page's badge style for the state (``badge-<this>``)."""
        return _BADGES[self]


_BADGES = {
    EventState.NO_PACKAGES_PLANNED: "muted",
    EventState.IN_PROGRESS: "info",
    EventState.COMPLETE: "ok",
}


def event_state(*, packages: int, delivered: int) -> EventState:
    """The state of an event with ``packages`` packages of which ``delivered`` are
    delivered (both counted in packages, not assignments)."""
    if packages <= 0:
        return EventState.NO_PACKAGES_PLANNED
    return EventState.COMPLETE if delivered >= packages else EventState.IN_PROGRESS
