from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from bakehouse.errors import Conflict, InUse, InvalidInput, NotFound
from bakehouse.models import Recipient
from bakehouse.services.events.people import (
    create_recipient,
    delete_recipient,
    get_recipient,
    list_recipients,
    update_recipient,
)
from tests.factories.planning import make_assignment, make_event, make_package, make_recipient


def test_creates_a_recipient_with_normalized_allergens(session: Session) -> None:
    recipient = create_recipient(
        session,
        name=" Aunt  May ",
        household="The Parkers",
        address="20 Ingram St",
        notes="Leave at the door",
        allergens=["Tree nuts", "dairy", "milk"],
    )
    assert (recipient.name, recipient.slug, recipient.household) == (
        "Aunt May",
        "aunt-may",
        "The Parkers",
    )
    assert recipient.allergens == ["milk", "tree_nuts"]


def test_refuses_an_unknown_allergen_and_a_taken_name(session: Session) -> None:
    make_recipient(session, name="Ben")
    with pytest.raises(InvalidInput) as unknown:
        create_recipient(session, name="Cleo", allergens=["kryptonite"])
    assert unknown.value.field == "allergens"
    with pytest.raises(Conflict):
        create_recipient(session, name="ben")


def test_updates_only_what_is_given(session: Session) -> None:
    recipient = make_recipient(session, name="Dana", household="Home", allergens=["eggs"])
    update_recipient(session, recipient.id, address="1 Main St", allergens=["peanut"])
    assert (recipient.household, recipient.address, recipient.allergens) == (
        "Home",
        "1 Main St",
        ["peanuts"],
    )
    update_recipient(session, recipient.id, name="Dana S", household="Flat 2", notes="vegan")
    assert (recipient.slug, recipient.household, recipient.notes) == ("dana-s", "Flat 2", "vegan")
    with pytest.raises(NotFound):
        update_recipient(session, 999_999, notes="x")


def test_refuses_an_overlong_household(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        create_recipient(session, name="Eve", household="x" * 201)
    assert refused.value.field == "household"


def test_finds_and_lists_recipients(session: Session) -> None:
    zed = make_recipient(session, name="Zed Zimmer")
    amy = make_recipient(session, name="Amy Adams")
    assert get_recipient(session, "zed-zimmer") is zed
    assert get_recipient(session, zed.id) is zed
    names = [r.name for r in list_recipients(session) if r in (zed, amy)]
    assert names == ["Amy Adams", "Zed Zimmer"]
    with pytest.raises(NotFound):
        get_recipient(session, "nobody")


def test_deletes_a_recipient_only_when_not_assigned(session: Session) -> None:
    free = make_recipient(session)
    busy = make_recipient(session, name="Fay")
    make_assignment(session, make_event(session, name="Christmas"), busy, make_package(session))
    delete_recipient(session, free.id)
    assert session.get(Recipient, free.id) is None
    with pytest.raises(InUse) as in_use:
        delete_recipient(session, busy.id)
    assert in_use.value.used_by == ["event 'Christmas'"]
