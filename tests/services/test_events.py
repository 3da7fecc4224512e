from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.errors import ConfirmationNeeded, Conflict, InUse, InvalidInput, NotFound
from bakehouse.models import (
    Assignment,
    Event,
    Package,
    ProductionRecord,
    Recipient,
    StatusChange,
)
from bakehouse.schemas.base import to_json
from bakehouse.schemas.events import warning_read
from bakehouse.services.events.events import (
    AllergenWarning,
    assign_package,
    assign_package_to_many,
    clone_event,
    create_event,
    delete_assignment,
    delete_event,
    event_deletion,
    get_allergen_conflicts,
    get_event,
    list_assignments,
    list_events,
    update_assignment_quantity,
    update_event,
)
from tests.factories.catalog import make_ingredient
from tests.factories.planning import (
    make_assignment,
    make_bundle,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)


def _walnut_brownie_package(session: Session, name: str = "Brownie box") -> Package:
    walnuts = make_ingredient(session, allergens=["tree_nuts"])
    flour = make_ingredient(session, allergens=["gluten"])
    brownie = make_recipe(session, lines=[(flour, "200", "g"), (walnuts, "100", "g")])
    box = make_bundle(session, contents=[(6, make_item(session, brownie))])
    return make_package(session, name=name, contents=[(1, box)])


def test_creates_updates_and_finds_events(session: Session) -> None:
    event = create_event(session, name="Christmas 2026", event_date=date(2026, 12, 24))
    assert (event.slug, event.event_date) == ("christmas-2026", date(2026, 12, 24))
    update_event(session, event.id, name="Xmas 2026", event_date=date(2026, 12, 23), notes="Eve")
    assert (event.name, event.slug, event.event_date, event.notes) == (
        "Xmas 2026",
        "xmas-2026",
        date(2026, 12, 23),
        "Eve",
    )
    assert get_event(session, "xmas-2026") is event
    with pytest.raises(Conflict):
        create_event(session, name="xmas 2026", event_date=date(2026, 1, 1))
    with pytest.raises(NotFound):
        get_event(session, "Easter")


@pytest.mark.parametrize("bad", [datetime(2026, 12, 24, 10, 0), "2026-12-24"])
def test_refuses_an_event_date_that_is_not_a_date(session: Session, bad: Any) -> None:
    with pytest.raises(InvalidInput) as refused:
        create_event(session, name="Party", event_date=bad)
    assert refused.value.field == "event_date"


def test_lists_events_by_date_and_only_upcoming_ones_on_request(session: Session) -> None:
    past = make_event(session, name="Last year", event_date=date(2025, 12, 24))
    later = make_event(session, name="B later", event_date=date(2026, 12, 24))
    same_day = make_event(session, name="A same day", event_date=date(2026, 12, 24))
    ours = {past, later, same_day}
    assert [e for e in list_events(session) if e in ours] == [past, same_day, later]
    upcoming = list_events(session, upcoming_only=True, today=date(2026, 12, 24))
    assert [e for e in upcoming if e in ours] == [same_day, later]


def test_deleting_an_event_takes_its_pending_assignments_and_their_history(
    session: Session,
) -> None:
    event = make_event(session, name="Swap")
    kept = make_event(session, name="Kept")
    package = make_package(session)
    ann, bob = make_recipient(session, name="Ann"), make_recipient(session, name="Bob")
    make_assignment(session, event, ann, package, quantity=2)
    corrected = make_assignment(session, event, bob, package)
    corrected.history.append(
        StatusChange(from_status="assembled", to_status="pending", is_correction=True)
    )
    theirs = make_assignment(session, kept, ann, package)
    session.flush()
    preview = event_deletion(session, event.id)
    assert (preview.allowed, preview.pending, preview.packages, preview.recipients) == (
        True, 2, 3, 2,
    )  # fmt: skip
    assert preview.goes == (
        "2 pending package assignments (3 packages for 2 recipients); "
        "recipients, packages and recipes stay"
    )
    assert delete_event(session, event.id) == preview
    assert session.get(Event, event.id) is None
    assert session.scalars(select(Assignment.id)).all() == [theirs.id]
    assert session.scalars(select(StatusChange)).all() == []
    assert session.get(Recipient, ann.id) is not None


def test_an_event_with_history_is_not_deleted_and_the_refusal_says_why(
    session: Session,
) -> None:
    event = make_event(session, name="Baked")
    package = make_package(session)
    delivered = make_assignment(session, event, make_recipient(session, name="Ann"), package)
    delivered.status = AssignmentStatus.DELIVERED
    make_assignment(session, event, make_recipient(session, name="Bob"), package)
    session.add(
        ProductionRecord(
            event=event, recipe=make_recipe(session), batches=2, actual_cost=Decimal("3")
        )
    )
    session.flush()
    preview = event_deletion(session, event.id)
    assert not preview.allowed
    assert preview.refusals == (
        "1 bake recorded for it (reversed ones included)",
        "1 package delivered",
    )
    with pytest.raises(InUse) as refused:
        delete_event(session, event.id)
    assert refused.value.message == (
        "cannot delete event 'Baked': it has history that would be lost (1 bake recorded "
        "for it (reversed ones included); 1 package delivered); an event with history is "
        "kept: archive it to hide it, or rename or re-date it"
    )
    assert session.get(Event, event.id) is not None
    assert len(session.scalars(select(Assignment)).all()) == 2


def test_an_empty_event_is_deleted_with_nothing_else(session: Session) -> None:
    empty = make_event(session)
    preview = delete_event(session, empty.id)
    assert preview.goes == "nothing else: it has no packages planned"
    assert session.get(Event, empty.id) is None


def test_the_deletion_preview_reads_three_statements_however_many_assignments(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    event = make_event(session)
    for _ in range(5):
        make_assignment(session, event, make_recipient(session), make_package(session))
    session.flush()
    session.expire_all()
    with count_statements() as counted:
        event_deletion(session, event.id)
    assert counted.count == 3


TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("day", "says"),
    [
        (date(2020, 12, 24), "Party is dated 2020-12-24, in the past (2,168 days ago)"),
        (date(2026, 11, 30), "Party is dated 2026-11-30, in the past (yesterday)"),
        (
            date(2028, 12, 24),
            "Party is dated 2028-12-24, more than a year ahead (754 days from today)",
        ),
    ],
)
def test_an_unusual_event_date_needs_confirming_and_then_is_kept(
    session: Session, day: date, says: str
) -> None:
    with pytest.raises(ConfirmationNeeded) as asked:
        create_event(session, name="Party", event_date=day, confirm=[], today=TODAY)
    assert (
        asked.value.message == f"this event's date needs confirming: {says} (confirm unusual_date)"
    )
    assert asked.value.details()["confirmations"][0]["code"] == "unusual_date"
    assert session.scalars(select(Event).where(Event.name == "Party")).first() is None
    event = create_event(
        session, name="Party", event_date=day, confirm=["unusual_date"], today=TODAY
    )
    assert event.event_date == day


@pytest.mark.parametrize("day", [TODAY, date(2026, 12, 24), date(2027, 12, 1)])
def test_dates_from_today_to_a_year_ahead_need_no_confirmation(session: Session, day: date) -> None:
    assert create_event(session, name="Party", event_date=day, confirm=[], today=TODAY)


def test_only_a_changed_date_is_checked_when_an_event_is_edited(session: Session) -> None:
    last_year = make_event(session, name="Christmas 2025", event_date=date(2025, 12, 24))
    update_event(
        session,
        last_year.id,
        name="Xmas 2025",
        event_date=date(2025, 12, 24),
        confirm=[],
        today=TODAY,
    )
    assert last_year.name == "Xmas 2025"
    with pytest.raises(ConfirmationNeeded):
        update_event(session, last_year.id, event_date=date(2025, 12, 23), confirm=[], today=TODAY)
    assert last_year.event_date == date(2025, 12, 24)


def test_a_clone_dated_in_the_past_needs_confirming(session: Session) -> None:
    source = make_event(session, name="Christmas 2025", event_date=date(2025, 12, 24))
    with pytest.raises(ConfirmationNeeded):
        clone_event(
            session,
            source.id,
            name="Christmas 2020",
            event_date=date(2020, 12, 24),
            confirm=[],
            today=TODAY,
        )
    clone = clone_event(
        session,
        source.id,
        name="Christmas 2026",
        event_date=date(2026, 12, 24),
        confirm=[],
        today=TODAY,
    )
    assert clone.event_date == date(2026, 12, 24)


def test_assigning_walnuts_to_someone_avoiding_tree_nuts_warns(session: Session) -> None:
    package = _walnut_brownie_package(session)
    event = make_event(session)
    recipient = make_recipient(session, name="Nora", allergens=["tree_nuts", "sesame"])
    result = assign_package(
        session, event_id=event.id, recipient_id=recipient.id, package_id=package.id, quantity=2
    )
    assert result.assignment.id is not None
    assert result.assignment.quantity == 2
    assert result.assignment.status == AssignmentStatus.PENDING
    assert result.warnings == (
        AllergenWarning(recipient.id, "Nora", package.id, "Brownie box", ("tree_nuts",)),
    )
    assert result.warnings[0].message == "Brownie box contains tree nuts, which Nora avoids"
    assert to_json(warning_read(result.warnings[0]))["message"] == result.warnings[0].message


def test_assigning_a_safe_package_does_not_warn(session: Session) -> None:
    package = _walnut_brownie_package(session)
    result = assign_package(
        session,
        event_id=make_event(session).id,
        recipient_id=make_recipient(session, allergens=["milk"]).id,
        package_id=package.id,
    )
    assert result.warnings == ()


def test_refuses_the_same_package_twice_for_one_recipient_and_event(session: Session) -> None:
    package, event = make_package(session, name="Tin"), make_event(session, name="Yule")
    recipient = make_recipient(session, name="Otto")
    make_assignment(session, event, recipient, package)
    with pytest.raises(Conflict) as refused:
        assign_package(session, event_id=event.id, recipient_id=recipient.id, package_id=package.id)
    assert "Otto" in refused.value.message


@pytest.mark.parametrize("quantity", [0, -1, True])
def test_refuses_a_quantity_that_is_not_a_positive_whole_number(
    session: Session, quantity: int
) -> None:
    with pytest.raises(InvalidInput):
        assign_package(
            session,
            event_id=make_event(session).id,
            recipient_id=make_recipient(session).id,
            package_id=make_package(session).id,
            quantity=quantity,
        )


def test_refuses_unknown_event_package_or_recipient(session: Session) -> None:
    event, package, recipient = make_event(session), make_package(session), make_recipient(session)
    for kwargs in (
        {"event_id": 999_999, "recipient_id": recipient.id, "package_id": package.id},
        {"event_id": event.id, "recipient_id": 999_999, "package_id": package.id},
        {"event_id": event.id, "recipient_id": recipient.id, "package_id": 999_999},
    ):
        with pytest.raises(NotFound):
            assign_package(session, **kwargs)


def test_assigns_to_many_recipients_with_a_warning_for_each_who_avoids(session: Session) -> None:
    package = _walnut_brownie_package(session)
    event = make_event(session)
    ann = make_recipient(session, name="Ann")
    bob = make_recipient(session, name="Bob", allergens=["tree_nuts"])
    results = assign_package_to_many(
        session, event_id=event.id, package_id=package.id, recipient_ids=[ann.id, bob.id, ann.id]
    )
    assert [r.assignment.recipient for r in results] == [ann, bob]
    assert [len(r.warnings) for r in results] == [0, 1]


def test_assigning_to_many_is_all_or_nothing(session: Session) -> None:
    package, event = make_package(session), make_event(session)
    ann, bob = make_recipient(session, name="Ann"), make_recipient(session, name="Bob")
    make_assignment(session, event, bob, package)
    with pytest.raises(Conflict) as refused:
        assign_package_to_many(
            session, event_id=event.id, package_id=package.id, recipient_ids=[ann.id, bob.id]
        )
    assert "Bob" in refused.value.message
    with pytest.raises(NotFound):
        assign_package_to_many(
            session, event_id=event.id, package_id=package.id, recipient_ids=[ann.id, 999_999]
        )
    with pytest.raises(InvalidInput):
        assign_package_to_many(session, event_id=event.id, package_id=package.id, recipient_ids=[])
    held = session.scalars(select(Assignment.recipient_id).where(Assignment.event_id == event.id))
    assert list(held) == [bob.id]


def test_changes_quantity_and_removes_only_pending_assignments(session: Session) -> None:
    event, package = make_event(session), make_package(session)
    pending = make_assignment(session, event, make_recipient(session), package)
    assembled = make_assignment(
        session, event, make_recipient(session), package, status=AssignmentStatus.ASSEMBLED
    )
    assert update_assignment_quantity(session, pending.id, 3).quantity == 3
    with pytest.raises(Conflict):
        update_assignment_quantity(session, assembled.id, 3)
    with pytest.raises(Conflict) as refused:
        delete_assignment(session, assembled.id)
    assert "assembled" in refused.value.message
    delete_assignment(session, pending.id)
    assert session.get(Assignment, pending.id) is None
    with pytest.raises(NotFound):
        delete_assignment(session, 999_999)


def test_lists_assignments_with_recipient_and_package_in_one_statement(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    event = make_event(session)
    for name in ("Zoe", "Adam", "Mia"):
        make_assignment(session, event, make_recipient(session, name=name), make_package(session))
    session.expire_all()
    with count_statements() as counter:
        assignments = list_assignments(session, event.id)
        names = [(a.recipient.name, a.package.name) for a in assignments]
    assert [n for n, _ in names] == ["Adam", "Mia", "Zoe"]
    assert counter.count == 2  # the event, then assignments joined with both
    with pytest.raises(NotFound):
        list_assignments(session, 999_999)


def test_clones_an_event_with_the_same_assignments_all_pending(session: Session) -> None:
    source = make_event(session, name="Christmas 2025", notes="tins")
    ann, bob = make_recipient(session), make_recipient(session)
    tin, jar = make_package(session), make_package(session)
    make_assignment(session, source, ann, tin, quantity=2, status=AssignmentStatus.DELIVERED)
    make_assignment(session, source, bob, jar)
    clone = clone_event(session, source.id, name="Christmas 2026", event_date=date(2026, 12, 24))
    copied = session.scalars(
        select(Assignment).where(Assignment.event_id == clone.id).order_by(Assignment.id)
    ).all()
    assert [(a.recipient_id, a.package_id, a.quantity, a.status) for a in copied] == [
        (ann.id, tin.id, 2, AssignmentStatus.PENDING),
        (bob.id, jar.id, 1, AssignmentStatus.PENDING),
    ]
    assert (clone.event_date, clone.notes) == (date(2026, 12, 24), "tins")
    with pytest.raises(Conflict):
        clone_event(session, source.id, name="Christmas 2025", event_date=date(2027, 1, 1))


def _event_with_conflicts(session: Session, recipients: int, package: str = "Brownie box") -> Event:
    package = _walnut_brownie_package(session, package)
    safe = make_package(session)
    event = make_event(session)
    for n in range(recipients):
        person: Recipient = make_recipient(session, allergens=["tree_nuts"] if n % 2 else [])
        make_assignment(session, event, person, package)
        make_assignment(session, event, person, safe)
    return event


def test_lists_allergen_conflicts_of_an_event(session: Session) -> None:
    event = _event_with_conflicts(session, 4)
    conflicts = get_allergen_conflicts(session, event.id)
    assert len(conflicts) == 2
    assert {c.package for c in conflicts} == {"Brownie box"}
    assert all(c.allergens == ("tree_nuts",) for c in conflicts)
    with pytest.raises(NotFound):
        get_allergen_conflicts(session, 999_999)


def test_allergen_conflicts_take_as_many_statements_for_a_large_event(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    small = _event_with_conflicts(session, 2)
    large = _event_with_conflicts(session, 30, "Nutty box")
    session.expire_all()
    with count_statements() as small_count:
        get_allergen_conflicts(session, small.id)
    session.expire_all()
    with count_statements() as large_count:
        assert len(get_allergen_conflicts(session, large.id)) == 15
    assert small_count.count == large_count.count


def test_assigning_a_package_reads_only_that_package_however_big_the_catalog(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    """The allergen check reads the package's own contents (one statement), not the
    whole planning catalog: the statements stay the same as the catalog grows."""
    package_id = _walnut_brownie_package(session).id
    event_id = make_event(session).id
    counts = []
    for more in (0, 20):
        for n in range(more):
            _walnut_brownie_package(session, f"Other box {n}")
        person_id = make_recipient(session, allergens=["tree_nuts"]).id
        session.flush()
        session.expunge_all()  # nothing already loaded: every read shows
        with count_statements() as counter:
            result = assign_package(
                session, event_id=event_id, recipient_id=person_id, package_id=package_id
            )
            session.flush()
        counts.append(counter.count)
        assert [w.allergens for w in result.warnings] == [("tree_nuts",)]
    # event, package, recipients, already given, the package's allergens, the INSERT
    assert counts == [6, 6]
