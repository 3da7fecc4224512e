"""Events and who gets which package at them (assignments), with allergen warnings.

An event's date in the past or more than a year ahead needs confirming when the caller
asks for the check (docs/product.md §6.16); deleting an event takes its pending
assignments with it and is refused once it has history (bakes, assembled or delivered
packages, losses or moves).

Assigning a package that holds an allergen the recipient avoids is allowed (the baker
decides) but always comes back with a warning naming the recipient, the package and the
allergens.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session, joinedload

from bakehouse.domain.allergens import allergen_label
from bakehouse.domain.confirmations import (
    DATE_CONFIRMATIONS,
    confirmation_codes,
    still_needed,
    unusual_date,
)
from bakehouse.domain.inputs import MAX_CHOSEN
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.wording import agrees, joined
from bakehouse.errors import ConfirmationNeeded, Conflict, InUse, InvalidInput, NotFound
from bakehouse.models import (
    Assignment,
    Event,
    ItemOutcome,
    Package,
    ProductionRecord,
    Recipient,
    StatusChange,
)
from bakehouse.services.catalog.graph import PlanningCatalog, load_planning_catalog
from bakehouse.services.core.archive import shown
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
        avoid = agrees([self.recipient], "avoids", "avoid")
        return f"{self.package} contains {labels}, which {self.recipient} {avoid}"


@dataclass(frozen=True)
class AssignmentResult:
    assignment: Assignment
    warnings: tuple[AllergenWarning, ...] = ()


#: What callers that check an event's date pass: the confirmations they accept (codes as
#: typed, checked by :func:`confirmation_codes`); ``None`` skips the check (the data file,
#: the demo, Python callers that decided already).
Confirm = Iterable[str] | None


def create_event(
    session: Session,
    *,
    name: str,
    event_date: date,
    notes: str = "",
    confirm: Confirm = None,
    today: date | None = None,
) -> Event:
    """Create an event. Raises :class:`Conflict` for a taken name, InvalidInput, and
    :class:`ConfirmationNeeded` for an unusual date not confirmed (when ``confirm`` is
    given, docs/product.md §6.16)."""
    cleaned, slug = unique_name(session, Event, "event", name)
    day = _date(event_date)
    check_event_date(cleaned, day, confirm, today)
    event = Event(name=cleaned, slug=slug, event_date=day, notes=clean_notes(notes))
    session.add(event)
    session.flush()
    return event


def check_event_date(name: str, event_date: date, confirm: Confirm, today: date | None) -> None:
    """:class:`ConfirmationNeeded` when ``event_date`` is before ``today`` or more than a
    year after it and ``unusual_date`` is not among ``confirm`` (docs/product.md §6.16).
    Nothing is checked when ``confirm`` is None."""
    if confirm is None:
        return
    accepted = confirmation_codes(confirm, DATE_CONFIRMATIONS)
    asked = unusual_date(event=name, event_date=event_date, today=today or date.today())
    needed = still_needed([asked], accepted)
    if needed:
        raise ConfirmationNeeded(needed, what="this event's date")


def update_event(
    session: Session,
    event_id: int,
    *,
    name: str | None = None,
    event_date: date | None = None,
    notes: str | None = None,
    confirm: Confirm = None,
    today: date | None = None,
) -> Event:
    """Change an event's name, date or notes. Raises NotFound, Conflict, InvalidInput, and
    :class:`ConfirmationNeeded` for a new date that is unusual and not confirmed (only a
    changed date is checked: renaming last year's event needs no confirmation)."""
    event = get_by_id(session, Event, "event", event_id)
    if name is not None:
        rename(session, event, "event", name)
    if event_date is not None:
        day = _date(event_date)
        if day != event.event_date:
            check_event_date(event.name, day, confirm, today)
        event.event_date = day
    if notes is not None:
        event.notes = clean_notes(notes)
    session.flush()
    return event


@dataclass(frozen=True)
class EventDeletion:
    """What deleting an event would remove, or why it cannot (docs/product.md §6.16).

    ``pending`` assignments (``packages`` packages for ``recipients`` people) go with the
    event; ``refusals`` are the reasons it cannot go, each a phrase ("3 bakes recorded").
    """

    event_id: int
    name: str
    pending: int
    packages: int
    recipients: int
    refusals: tuple[str, ...]

    @property
    def allowed(self) -> bool:
        return not self.refusals

    @property
    def goes(self) -> str:
        """What goes with the event, in a sentence."""
        if not self.pending:
            return "nothing else: it has no packages planned"
        return (
            f"{_n(self.pending, 'pending package assignment')} "
            f"({_n(self.packages, 'package')} for {_n(self.recipients, 'recipient')}); "
            "recipients, packages and recipes stay"
        )

    @property
    def why_not(self) -> str:
        return (
            f"it has history that would be lost ({'; '.join(self.refusals)}); "
            "an event with history is kept: archive it to hide it, or rename or re-date it"
        )


def event_deletion(session: Session, event_id: int) -> EventDeletion:
    """What deleting event ``event_id`` would remove, or why it cannot: three statements
    (the event, its assignments by status, its bakes and item outcomes)."""
    event = get_by_id(session, Event, "event", event_id)
    by_status = {
        status: (rows, quantity, recipients)
        for status, rows, quantity, recipients in session.execute(
            select(
                Assignment.status,
                func.count(),
                func.coalesce(func.sum(Assignment.quantity), 0),
                func.count(func.distinct(Assignment.recipient_id)),
            )
            .where(Assignment.event_id == event.id)
            .group_by(Assignment.status)
        )
    }
    bakes, outcomes = session.execute(
        select(
            select(func.count())
            .select_from(ProductionRecord)
            .where(ProductionRecord.event_id == event.id)
            .scalar_subquery(),
            select(func.count())
            .select_from(ItemOutcome)
            .where(or_(ItemOutcome.event_id == event.id, ItemOutcome.to_event_id == event.id))
            .scalar_subquery(),
        )
    ).one()
    refusals = []
    if bakes:
        refusals.append(f"{_n(bakes, 'bake')} recorded for it (reversed ones included)")
    for status in (AssignmentStatus.ASSEMBLED, AssignmentStatus.DELIVERED):
        if status in by_status:
            refusals.append(f"{_n(by_status[status][1], 'package')} {status.value}")
    if outcomes:
        refusals.append(f"{_n(outcomes, 'loss or move', 'losses or moves')} of its items")
    pending, packages, recipients = by_status.get(AssignmentStatus.PENDING, (0, 0, 0))
    return EventDeletion(event.id, event.name, pending, int(packages), recipients, tuple(refusals))


def delete_event(session: Session, event_id: int) -> EventDeletion:
    """Delete an event with its pending assignments (and their status history); refused
    with :class:`InUse` when it has bakes, assembled or delivered packages, losses or
    moves (docs/product.md §6.16). Returns what went."""
    deletion = event_deletion(session, event_id)
    if not deletion.allowed:
        raise InUse("event", deletion.name, deletion.refusals, why=deletion.why_not)
    going = select(Assignment.id).where(Assignment.event_id == event_id)
    session.execute(delete(StatusChange).where(StatusChange.assignment_id.in_(going)))
    session.execute(delete(Assignment).where(Assignment.event_id == event_id))
    session.execute(delete(Event).where(Event.id == event_id))
    session.expire_all()
    return deletion


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def get_event(session: Session, key: int | str) -> Event:
    """The event with this id, slug or name. Raises :class:`NotFound`."""
    return find_by_key(session, Event, "event", key)


def list_events(
    session: Session,
    *,
    upcoming_only: bool = False,
    today: date | None = None,
    include_archived: bool = False,
) -> list[Event]:
    """Events by date then name; with ``upcoming_only`` those on or after ``today``.
    Archived ones only with ``include_archived`` (docs/product.md §6.20)."""
    stmt = (
        select(Event).where(shown(Event, include_archived)).order_by(Event.event_date, Event.name)
    )
    if upcoming_only:
        stmt = stmt.where(Event.event_date >= (today or date.today()))
    return list(session.scalars(stmt))


def clone_event(
    session: Session,
    event_id: int,
    *,
    name: str,
    event_date: date,
    confirm: Confirm = None,
    today: date | None = None,
) -> Event:
    """A new event with the same notes and assignments as ``event_id``, all pending.
    ``confirm`` and ``today`` as for :func:`create_event`."""
    source = get_by_id(session, Event, "event", event_id)
    clone = create_event(
        session, name=name, event_date=event_date, notes=source.notes, confirm=confirm,
        today=today,
    )  # fmt: skip
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
            f"{joined(taken)} already {agrees(taken, 'gets', 'get')} {package.name!r} at "
            f"{event.name!r}; "
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
