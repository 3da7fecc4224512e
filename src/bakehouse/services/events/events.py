"""Events and who gets which package at them (assignments), with allergen warnings.

Assigning a package that holds an allergen the recipient avoids is allowed (the baker
decides) but always comes back with a warning naming the recipient, the package and the
allergens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from bakehouse.domain.allergens import allergen_label
from bakehouse.domain.inputs import MAX_CHOSEN
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.errors import Conflict, InUse, InvalidInput, NotFound
from bakehouse.models import Assignment, Event, Package, ProductionRecord, Recipient
from bakehouse.services.catalog.graph import PlanningCatalog, load_planning_catalog
from bakehouse.services.core.checks import count_input
from bakehouse.services.core.naming import (
    clean_notes,
    find_by_key,
    get_by_id,
    rename,
    unique_name,
)
from bakehouse.services.events.people import get_recipient
from bakehouse.services.packaging.packages import (
    allergens_by_package,
    get_package,
    load_package_allergens,
)


@dataclass(frozen=True)
class AllergenWarning:
    """``package`` contains ``allergens`` that ``recipient`` must avoid."""

    recipient_id: int
    recipient: str
    package_id: int
    package: str
    allergens: tuple[str, ...]

    @property
    def message(self) -> str:
        labels = ", ".join(allergen_label(code).lower() for code in self.allergens)
        return f"{self.package} contains {labels}, which {self.recipient} avoids"


@dataclass(frozen=True)
class AssignmentResult:
    assignment: Assignment
    warnings: tuple[AllergenWarning, ...] = ()


def create_event(session: Session, *, name: str, event_date: date, notes: str = "") -> Event:
    """Create an event. Raises :class:`Conflict` for a taken name, InvalidInput."""
    cleaned, slug = unique_name(session, Event, "event", name)
    event = Event(name=cleaned, slug=slug, event_date=_date(event_date), notes=clean_notes(notes))
    session.add(event)
    session.flush()
    return event


def update_event(
    session: Session,
    event_id: int,
    *,
    name: str | None = None,
    event_date: date | None = None,
    notes: str | None = None,
) -> Event:
    """Change an event's name, date or notes. Raises NotFound, Conflict, InvalidInput."""
    event = get_by_id(session, Event, "event", event_id)
    if name is not None:
        rename(session, event, "event", name)
    if event_date is not None:
        event.event_date = _date(event_date)
    if notes is not None:
        event.notes = clean_notes(notes)
    session.flush()
    return event


def delete_event(session: Session, event_id: int) -> None:
    """Delete an event. Raises :class:`InUse` when it has assignments or bakes."""
    event = get_by_id(session, Event, "event", event_id)
    assignments = session.scalar(
        select(func.count()).select_from(Assignment).where(Assignment.event_id == event.id)
    )
    bakes = session.scalar(
        select(func.count())
        .select_from(ProductionRecord)
        .where(ProductionRecord.event_id == event.id)
    )
    users = []
    if assignments:
        users.append(f"{assignments} package assignment(s)")
    if bakes:
        users.append(f"{bakes} production record(s)")
    if users:
        raise InUse("event", event.name, users)
    session.delete(event)
    session.flush()


def get_event(session: Session, key: int | str) -> Event:
    """The event with this id, slug or name. Raises :class:`NotFound`."""
    return find_by_key(session, Event, "event", key)


def list_events(
    session: Session, *, upcoming_only: bool = False, today: date | None = None
) -> list[Event]:
    """Events by date then name; with ``upcoming_only`` those on or after ``today``."""
    stmt = select(Event).order_by(Event.event_date, Event.name)
    if upcoming_only:
        stmt = stmt.where(Event.event_date >= (today or date.today()))
    return list(session.scalars(stmt))


def clone_event(session: Session, event_id: int, *, name: str, event_date: date) -> Event:
    """A new event with the same notes and assignments as ``event_id``, all pending."""
    source = get_by_id(session, Event, "event", event_id)
    clone = create_event(session, name=name, event_date=event_date, notes=source.notes)
    rows = session.execute(
        select(Assignment.recipient_id, Assignment.package_id, Assignment.quantity)
        .where(Assignment.event_id == source.id)
        .order_by(Assignment.id)
    )
    session.add_all(
        Assignment(event_id=clone.id, recipient_id=r, package_id=p, quantity=q) for r, p, q in rows
    )
    session.flush()
    return clone


def assign_package(
    session: Session, *, event_id: int, recipient_id: int, package_id: int, quantity: int = 1
) -> AssignmentResult:
    """Give ``quantity`` of a package to a recipient at an event.

    Returns the assignment and any allergen warnings. Raises NotFound, InvalidInput, and
    :class:`Conflict` when the recipient already has this package at this event.
    """
    return assign_package_to_many(
        session,
        event_id=event_id,
        package_id=package_id,
        recipient_ids=[recipient_id],
        quantity=quantity,
    )[0]


def assign_package_to_many(
    session: Session,
    *,
    event_id: int,
    package_id: int,
    recipient_ids: Sequence[int],
    quantity: int = 1,
) -> list[AssignmentResult]:
    """Assign one package to several recipients at once: all of them or none.

    Raises NotFound for an unknown event, package or recipient, and :class:`Conflict`
    naming every recipient who already has this package at this event.
    """
    event = get_by_id(session, Event, "event", event_id)
    package = get_by_id(session, Package, "package", package_id)
    count_input(quantity, field="quantity")
    wanted = list(dict.fromkeys(recipient_ids))
    if not wanted:
        raise InvalidInput("choose at least one recipient", field="recipient_ids")
    if len(wanted) > MAX_CHOSEN:
        raise InvalidInput(
            f"choose at most {MAX_CHOSEN:,} recipients at once", field="recipient_ids"
        )
    recipients = {
        r.id: r for r in session.scalars(select(Recipient).where(Recipient.id.in_(wanted)))
    }
    missing = [r for r in wanted if r not in recipients]
    if missing:
        raise NotFound("recipient", missing[0])
    taken = sorted(
        session.scalars(
            select(Recipient.name)
            .join(Assignment, Assignment.recipient_id == Recipient.id)
            .where(
                Assignment.event_id == event.id,
                Assignment.package_id == package.id,
                Assignment.recipient_id.in_(wanted),
            )
        )
    )
    if taken:
        raise Conflict(
            f"{', '.join(taken)} already get(s) {package.name!r} at {event.name!r}; "
            "change the quantity instead",
            field="recipient_ids",
        )
    contains = set(load_package_allergens(session, package.id))
    results = []
    for recipient_id in wanted:
        recipient = recipients[recipient_id]
        assignment = Assignment(
            event=event, recipient=recipient, package=package, quantity=quantity
        )
        session.add(assignment)
        clash = tuple(sorted(contains.intersection(recipient.allergens)))
        warnings = (
            (AllergenWarning(recipient.id, recipient.name, package.id, package.name, clash),)
            if clash
            else ()
        )
        results.append(AssignmentResult(assignment, warnings))
    session.flush()
    return results


def update_assignment_quantity(session: Session, assignment_id: int, quantity: int) -> Assignment:
    """Change how many of the package the recipient gets (pending assignments only)."""
    assignment = get_by_id(session, Assignment, "assignment", assignment_id)
    _require_pending(assignment, "change its quantity")
    assignment.quantity = count_input(quantity, field="quantity")
    session.flush()
    return assignment


def delete_assignment(session: Session, assignment_id: int) -> None:
    """Remove an assignment. Raises :class:`Conflict` unless it is still pending."""
    assignment = get_by_id(session, Assignment, "assignment", assignment_id)
    _require_pending(assignment, "remove it")
    session.delete(assignment)
    session.flush()


def get_assignment(
    session: Session, event: int | str, recipient: int | str, package: int | str
) -> Assignment:
    """The assignment of a package to a recipient at an event, each named by its id, slug
    or name (as people type them).

    Raises :class:`NotFound` for an unknown event, recipient or package, or when that
    recipient is not assigned that package at that event.
    """
    found_event = get_event(session, event)
    found_recipient = get_recipient(session, recipient)
    found_package = get_package(session, package)
    assignment = session.scalars(
        select(Assignment).where(
            Assignment.event_id == found_event.id,
            Assignment.recipient_id == found_recipient.id,
            Assignment.package_id == found_package.id,
        )
    ).one_or_none()
    if assignment is None:
        raise NotFound(
            "assignment",
            f"{found_package.name} for {found_recipient.name} at {found_event.name}",
        )
    return assignment


def require_in_event(
    session: Session,
    event_id: int,
    *,
    assignment_id: int | None = None,
    bake_id: int | None = None,
) -> None:
    """NotFound unless the assignment or bake belongs to event ``event_id``.

    For URLs that name an event and something inside it: a child of another event is
    not found there, so nothing of that other event can be changed through this one.
    """
    if assignment_id is not None:
        owner = session.scalar(select(Assignment.event_id).where(Assignment.id == assignment_id))
        if owner != event_id:
            raise NotFound("package assignment", assignment_id)
    if bake_id is not None:
        owner = session.scalar(
            select(ProductionRecord.event_id).where(ProductionRecord.id == bake_id)
        )
        if owner != event_id:
            raise NotFound("bake", bake_id)


def list_assignments(session: Session, event_id: int) -> list[Assignment]:
    """An event's assignments by recipient then package, both loaded (one statement)."""
    get_by_id(session, Event, "event", event_id)
    stmt = (
        select(Assignment)
        .join(Assignment.recipient)
        .join(Assignment.package)
        .options(joinedload(Assignment.recipient), joinedload(Assignment.package))
        .where(Assignment.event_id == event_id)
        .order_by(Recipient.name, Package.name)
    )
    return list(session.scalars(stmt))


def get_allergen_conflicts(session: Session, event_id: int) -> list[AllergenWarning]:
    """Every assignment of the event whose package holds an allergen its recipient avoids."""
    get_by_id(session, Event, "event", event_id)
    return allergen_conflicts(session, load_planning_catalog(session), event_id)


def allergen_conflicts(
    session: Session, catalog: PlanningCatalog, event_id: int
) -> list[AllergenWarning]:
    """:func:`get_allergen_conflicts` over a catalog already loaded: one statement at most,
    reading only the assignments of recipients who avoid something and packages that hold
    something, by recipient then package."""
    every = catalog.graph.packages.keys()
    contains = {
        p: codes for p, codes in allergens_by_package(catalog, sorted(every)).items() if codes
    }
    if not contains:
        return []
    rows = session.execute(
        select(Recipient.id, Recipient.name, Recipient.allergens, Package.id, Package.name)
        .select_from(Assignment)
        .join(Recipient, Recipient.id == Assignment.recipient_id)
        .join(Package, Package.id == Assignment.package_id)
        .where(
            Assignment.event_id == event_id,
            Assignment.package_id.in_(sorted(contains)),
            Assignment.recipient_id.in_(
                select(Recipient.id).where(func.json_array_length(Recipient.allergens) > 0)
            ),
        )
        .order_by(Recipient.name, Package.name)
    )
    warnings = []
    for recipient_id, recipient, avoids, package_id, package in rows:
        clash = tuple(sorted(set(contains[package_id]).intersection(avoids)))
        if clash:
            warnings.append(AllergenWarning(recipient_id, recipient, package_id, package, clash))
    return warnings


def _require_pending(assignment: Assignment, action: str) -> None:
    if assignment.status != AssignmentStatus.PENDING:
        raise Conflict(
            f"this package is already {assignment.status.value}; "
            f"only a pending assignment can {action}"
        )


def _date(value: date) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidInput("event date must be a date (YYYY-MM-DD)", field="event_date")
    return value
