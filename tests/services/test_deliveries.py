"""Who still needs their package at an event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.errors import NotFound
from bakehouse.schemas.base import to_json
from bakehouse.schemas.events import DeliveryStopRead
from bakehouse.services.events.deliveries import list_deliveries
from tests.factories.data_file import at, make_full_season


def test_lists_the_packages_not_yet_delivered_grouped_by_household(session: Session) -> None:
    season = make_full_season(session)

    rows = list_deliveries(session, season.christmas.id)

    assert [(r.household, r.recipient, r.package, r.status) for r in rows] == [
        ("Smiths", "Alice Smith", "Family box", AssignmentStatus.PENDING),
        ("Smiths", "Bob Smith", "Family box", AssignmentStatus.ASSEMBLED),
    ]
    pending, assembled = rows
    assert pending.address == "1 Elm Street\nSpringfield"
    assert (pending.assembled_at, pending.ready) == (None, False)
    assert (assembled.assembled_at, assembled.ready) == (at(20), True)


def test_with_delivered_ones_people_without_a_household_come_last(session: Session) -> None:
    season = make_full_season(session)

    rows = list_deliveries(session, season.christmas.id, include_delivered=True)

    assert [r.recipient_slug for r in rows] == ["alice", "bob", "carol"]
    delivered = rows[-1]
    assert (delivered.household, delivered.quantity) == ("", 2)
    assert delivered.delivered_at == at(22, 15)
    assert delivered.delivery_note == "left with neighbour"


def test_rows_serialise_with_the_ready_flag(session: Session) -> None:
    season = make_full_season(session)

    [first, _] = list_deliveries(session, season.christmas.id)

    assert to_json(DeliveryStopRead.model_validate(first)) == {
        "assignment_id": first.assignment_id,
        "recipient": "Alice Smith",
        "recipient_slug": "alice",
        "household": "Smiths",
        "address": "1 Elm Street\nSpringfield",
        "package": "Family box",
        "package_slug": "family-box",
        "quantity": 1,
        "status": "pending",
        "assembled_at": None,
        "delivered_at": None,
        "delivery_note": "",
        "ready": False,
    }


def test_takes_two_statements_whatever_the_number_of_packages(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    season = make_full_season(session)
    session.expunge_all()

    with count_statements() as counter:
        list_deliveries(session, season.christmas.id, include_delivered=True)

    assert counter.count == 2


def test_an_unknown_event_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound, match="event 9999"):
        list_deliveries(session, 9999)
