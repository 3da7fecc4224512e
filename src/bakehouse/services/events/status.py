"""A package's way to its recipient: pending → assembled → delivered (docs/product.md §2.5).

Assembling is allocation-aware: a package can only claim cookies that the event's
production covers on top of the packages already assembled or delivered. On PostgreSQL
every change locks the event row (``FOR NO KEY UPDATE``, so bakes for the event are not
blocked) and then the assignment row, so two simultaneous changes resolve to one valid
transition and two simultaneous assemblies cannot claim the same cookies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import TextLimit
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.outcomes import good_batches
from bakehouse.domain.planning import (
    AssemblyShortfall,
    CatalogGraph,
    assembly_shortfalls,
    contents_key,
    item_units,
)
from bakehouse.errors import (
    IncompleteProduction,
    InvalidInput,
    InvalidStatusTransition,
    MissingProduction,
    NotFound,
)
from bakehouse.models import Assignment, Event, Recipe, StatusChange
from bakehouse.models.types import utcnow
from bakehouse.services.catalog.graph import load_catalog_graph
from bakehouse.services.core.checks import choice_input, line_input
from bakehouse.services.events.contents import CONTENTS_KEY, freeze_contents, thaw_contents
from bakehouse.services.production.figures import (
    PackageQuantities,
    ProducedTotals,
    load_production_totals,
)

NEXT_STATUS = {
    AssignmentStatus.PENDING: AssignmentStatus.ASSEMBLED,
    AssignmentStatus.ASSEMBLED: AssignmentStatus.DELIVERED,
}
CLAIMING = (AssignmentStatus.ASSEMBLED, AssignmentStatus.DELIVERED)


@dataclass(frozen=True)
class AssemblyCheck:
    assignment_id: int
    can_assemble: bool
    #: Each recipe short for this package, with batches required, produced and missing.
    missing: tuple[MissingProduction, ...]


def can_assemble_package(session: Session, assignment_id: int) -> AssemblyCheck:
    """Whether production covers this package on top of those already assembled/delivered.

    Raises :class:`NotFound` for an unknown assignment.
    """
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound("assignment", assignment_id)
    return _assembly_check(session, assignment)


def update_package_status(
    session: Session,
    assignment_id: int,
    new_status: AssignmentStatus | str,
    delivered_to: str | None = None,
    *,
    note: str | None = None,
) -> Assignment:
    """Move a package one step on, recording when (and, on delivery, the note).

    ``delivered_to`` ("Left with neighbour") is kept as the delivery note. Raises
    :class:`InvalidStatusTransition` for anything but the next step,
    :class:`IncompleteProduction` when assembling what production does not cover,
    :class:`InvalidInput` for an unknown status or a delivery note on another step, and
    :class:`NotFound`.
    """
    target = parse_status(new_status)
    assignment = _lock(session, assignment_id)
    current = AssignmentStatus(assignment.status)
    if NEXT_STATUS.get(current) != target:
        raise InvalidStatusTransition(current.value, target.value)
    delivery_note = line_input(delivered_to, field="delivered_to", max_length=TextLimit.NOTE)
    note = line_input(note, field="note", max_length=TextLimit.NOTE)
    if delivery_note and target != AssignmentStatus.DELIVERED:
        raise InvalidInput("a delivery note goes with delivered only", field="delivered_to")
    if target == AssignmentStatus.ASSEMBLED:
        _require_production(session, assignment)
    _apply(assignment, target, delivery_note)
    _freeze_or_thaw(session, assignment)
    _record(session, assignment, current, target, note or delivery_note, correction=False)
    return assignment


def correct_package_status(
    session: Session, assignment_id: int, new_status: AssignmentStatus | str, note: str
) -> Assignment:
    """Set a package's status to any other one (going back included), as a recorded correction.

    The note (why) is required. Leaving pending still needs production to cover the
    package. Raises :class:`InvalidInput`, :class:`InvalidStatusTransition` (same status),
    :class:`IncompleteProduction` and :class:`NotFound`.
    """
    target = parse_status(new_status)
    why = line_input(note, field="note", max_length=TextLimit.NOTE)
    if not why:
        raise InvalidInput("say why the status is corrected", field="note")
    assignment = _lock(session, assignment_id)
    current = AssignmentStatus(assignment.status)
    if current == target:
        raise InvalidStatusTransition(current.value, target.value)
    if current == AssignmentStatus.PENDING:
        _require_production(session, assignment)
    _apply(assignment, target, assignment.delivery_note)
    _freeze_or_thaw(session, assignment)
    _record(session, assignment, current, target, why, correction=True)
    return assignment


def parse_status(value: AssignmentStatus | str) -> AssignmentStatus:
    return choice_input(AssignmentStatus, value, field="status")


def _lock(session: Session, assignment_id: int) -> Assignment:
    """The assignment, re-read under lock (its event first, then itself; PostgreSQL only)."""
    event_id = session.scalar(select(Assignment.event_id).where(Assignment.id == assignment_id))
    if event_id is None:
        raise NotFound("assignment", assignment_id)
    session.execute(
        select(Event.id).where(Event.id == event_id).with_for_update(key_share=True)
    ).one()
    return session.scalars(
        select(Assignment)
        .where(Assignment.id == assignment_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).one()


def _require_production(session: Session, assignment: Assignment) -> None:
    check = _assembly_check(session, assignment)
    if not check.can_assemble:
        raise IncompleteProduction(assignment.id, check.missing)


def check_pending_packages(session: Session, event_id: int) -> dict[int, AssemblyCheck]:
    """Each pending package of an event, checked as :func:`can_assemble_package` would.

    Returns the checks by assignment id, in a fixed number of statements whatever the
    number of packages (the event page shows one per pending package).
    """
    graph = load_catalog_graph(session)
    rows = session.execute(
        select(Assignment.id, CONTENTS_KEY, Assignment.quantity, Assignment.status)
        .where(Assignment.event_id == event_id)
        .order_by(Assignment.id)
    ).all()
    quantities: PackageQuantities = defaultdict(int)
    for _id, package_id, quantity, status in rows:
        quantities[(package_id, AssignmentStatus(status))] += quantity
    names: dict[int, str] = dict(session.execute(select(Recipe.id, Recipe.name)).all())
    pending = [(i, p, q) for i, p, q, status in rows if status == AssignmentStatus.PENDING]
    produced = load_production_totals(session, [event_id]).get(event_id, {})
    return assembly_checks(graph, quantities, produced, names, pending)


def assembly_checks(
    graph: CatalogGraph,
    quantities: PackageQuantities,
    produced: Mapping[int, ProducedTotals],
    names: Mapping[int, str],
    pending: Iterable[tuple[int, int, int]],
) -> dict[int, AssemblyCheck]:
    """Checks of the ``pending`` packages — (assignment id, package id, quantity) — of an
    event whose packages sum to ``quantities`` and whose live bakes to ``produced`` per
    recipe (no statements). Each is checked alone against the packages already assembled
    or delivered, as :func:`can_assemble_package` would."""
    batches, good, lost = _good_production(graph, produced)
    claimed = item_units(
        graph, [(p, q) for (p, status), q in quantities.items() if status in CLAIMING]
    )
    # Equal pending packages get equal answers.
    answers: dict[tuple[int, int], tuple[MissingProduction, ...]] = {}
    checks: dict[int, AssemblyCheck] = {}
    for assignment_id, package_id, quantity in pending:
        key = (package_id, quantity)
        if key not in answers:
            candidate = item_units(graph, [key])
            answers[key] = _missing(
                assembly_shortfalls(claimed, candidate, batches, graph.items, good, lost), names
            )
        checks[assignment_id] = AssemblyCheck(assignment_id, not answers[key], answers[key])
    return checks


def _assembly_check(session: Session, assignment: Assignment) -> AssemblyCheck:
    graph = load_catalog_graph(session)
    claimed = session.execute(
        select(CONTENTS_KEY, func.sum(Assignment.quantity))
        .where(
            Assignment.event_id == assignment.event_id,
            Assignment.status.in_(CLAIMING),
            Assignment.id != assignment.id,
        )
        .group_by(CONTENTS_KEY)
    ).all()
    claimed_units = item_units(graph, [(package_id, int(q)) for package_id, q in claimed])
    key = contents_key(assignment.package_id, assignment.snapshot_id)
    candidate = item_units(graph, [(key, assignment.quantity)])
    produced = load_production_totals(session, [assignment.event_id]).get(assignment.event_id, {})
    batches, good, lost = _good_production(graph, produced)
    shortfalls = assembly_shortfalls(claimed_units, candidate, batches, graph.items, good, lost)
    names: dict[int, str] = {}
    if shortfalls:
        wanted = [s.recipe_id for s in shortfalls]
        query = select(Recipe.id, Recipe.name).where(Recipe.id.in_(wanted))
        names = dict(session.execute(query).all())
    missing = _missing(shortfalls, names)
    return AssemblyCheck(assignment.id, not missing, missing)


def _good_production(
    graph: CatalogGraph, produced: Mapping[int, ProducedTotals]
) -> tuple[dict[int, int], dict[int, Fraction], dict[int, int]]:
    """Per recipe: live batches, the batches' worth of good items (docs/product.md §6.13)
    and the items lost or moved away, net of moves in."""
    per_batch = {i.item_id: i.items_per_batch for i in graph.items.values()}
    batches = {r: totals.batches for r, totals in produced.items()}
    good = {
        r: good_batches(totals.batches, totals.changes, per_batch) for r, totals in produced.items()
    }
    lost = {r: -sum(c.net for c in totals.changes.values()) for r, totals in produced.items()}
    return batches, good, {r: n for r, n in lost.items() if n > 0}


def _missing(
    shortfalls: list[AssemblyShortfall], names: Mapping[int, str]
) -> tuple[MissingProduction, ...]:
    return tuple(
        MissingProduction(
            s.recipe_id, names[s.recipe_id], s.required, s.produced, s.missing, s.lost
        )
        for s in shortfalls
    )


def _apply(assignment: Assignment, target: AssignmentStatus, delivery_note: str) -> None:
    now = utcnow()
    if target == AssignmentStatus.PENDING:
        assignment.assembled_at = None
    elif assignment.assembled_at is None:
        assignment.assembled_at = now
    if target == AssignmentStatus.DELIVERED:
        assignment.delivered_at = assignment.delivered_at or now
        assignment.delivery_note = delivery_note
    else:
        assignment.delivered_at = None
        assignment.delivery_note = ""
    assignment.status = target


def _freeze_or_thaw(session: Session, assignment: Assignment) -> None:
    """Assembled and delivered keep the contents they were assembled with; pending follows
    its package (docs/product.md §6.20). A correction between assembled and delivered
    keeps the snapshot."""
    if assignment.status == AssignmentStatus.PENDING:
        thaw_contents(assignment)
    elif assignment.snapshot_id is None:
        freeze_contents(session, load_catalog_graph(session), assignment)


def _record(
    session: Session,
    assignment: Assignment,
    current: AssignmentStatus,
    target: AssignmentStatus,
    note: str,
    *,
    correction: bool,
) -> None:
    session.add(
        StatusChange(
            assignment_id=assignment.id,
            from_status=current,
            to_status=target,
            is_correction=correction,
            note=note,
        )
    )
    session.flush()
