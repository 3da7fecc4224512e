"""One event as its working page shows it, read in a fixed number of statements.

The event page needs the event's progress, its costs, one page of its packages with why
each pending one cannot be assembled yet, its bakes, its allergen warnings and the
choices of its forms. Asked one service at a time that is forty statements, the
planning catalog and the production sums each read three or four times. Here each is
read once (:data:`MOST_STATEMENTS` at most, whatever the number of recipes, packages,
recipients and bakes, and whatever the nesting of sub-recipes) and the figures are worked
out from those rows with the same code the single services use, so the page and those
services cannot disagree.

Long lists come a window at a time: the event's packages (twenty thousand at a big
event) and the recipients to choose from; the totals are always the whole event's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.models import Assignment, Event, Package, Recipient
from bakehouse.services.catalog.graph import PlanningCatalog, load_planning_catalog
from bakehouse.services.core.naming import get_by_id
from bakehouse.services.events.contents import CONTENTS_KEY
from bakehouse.services.events.events import AllergenWarning, allergen_conflicts
from bakehouse.services.events.pricing import load_event_prices
from bakehouse.services.events.status import AssemblyCheck, assembly_checks
from bakehouse.services.production.bakes import ProductionEntry, list_production
from bakehouse.services.production.figures import (
    PackageQuantities,
    ProducedTotals,
    event_figures,
    load_production_totals,
)
from bakehouse.services.production.progress import (
    ProductionProgress,
    RecipeCostBreakdown,
    cost_breakdown_of,
    progress_of,
)
from bakehouse.services.production.sub_progress import (
    SUB_RECIPE_STATEMENTS,
    load_sub_recipe_rows,
    with_sub_recipe_rows,
)

#: The statements :func:`get_event_overview` issues without sub-recipes: fourteen.
PLAIN_STATEMENTS = 14
#: The statements it issues at most: fourteen, five more once any recipe uses a
#: sub-recipe (the prepared stock's allocation, docs/product.md §6.12, the same for any
#: depth and number of recipes), and one more to count the recipients when their window
#: starts past the last one.
MOST_STATEMENTS = PLAIN_STATEMENTS + SUB_RECIPE_STATEMENTS + 1

Row = TypeVar("Row")


@dataclass(frozen=True)
class Window:
    """Which rows of a long list to read: ``limit`` rows from ``offset`` (all when None)."""

    offset: int = 0
    limit: int | None = None


@dataclass(frozen=True)
class Rows(Generic[Row]):
    """One window of a long list, and how many rows the whole list has."""

    rows: tuple[Row, ...]
    total: int
    offset: int
    limit: int | None


@dataclass(frozen=True)
class EventDetails:
    id: int
    name: str
    event_date: date
    notes: str


@dataclass(frozen=True)
class PackageRow:
    """One assignment: who gets how many of which package, and where it stands."""

    id: int
    recipient_id: int
    recipient: str
    household: str
    package_id: int
    package: str
    quantity: int
    status: AssignmentStatus
    delivered_at: datetime | None
    delivery_note: str
    #: For a pending package: whether production covers it, and if not what is missing.
    check: AssemblyCheck | None


@dataclass(frozen=True)
class RecipientChoice:
    id: int
    name: str
    allergens: tuple[str, ...]


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


@dataclass(frozen=True)
class EventOverview:
    """Everything the event page shows of one event."""

    event: EventDetails
    progress: ProductionProgress
    breakdown: RecipeCostBreakdown
    #: The window of the event's packages asked for, by recipient then package.
    packages: Rows[PackageRow]
    #: Every bake of the event, oldest first, reversed ones included.
    history: tuple[ProductionEntry, ...]
    #: Every package of the event holding an allergen its recipient avoids.
    conflicts: tuple[AllergenWarning, ...]
    #: The window of recipients asked for, by name, to give packages to.
    recipients: Rows[RecipientChoice]
    package_choices: tuple[Choice, ...]
    #: Every recipe, by name, to record a bake of.
    recipe_choices: tuple[Choice, ...]


def get_event_overview(
    session: Session,
    event_id: int,
    *,
    packages: Window | None = None,
    recipients: Window | None = None,
    today: date | None = None,
) -> EventOverview:
    """The event with its progress, costs, the ``packages`` window of its assignments
    (each pending one checked as ``can_assemble_package`` would), bakes, allergen
    warnings, and the recipes, packages and ``recipients`` window to choose from.

    Without a window the whole list is read. Raises :class:`NotFound` for an unknown event.
    """
    event = get_by_id(session, Event, "event", event_id)
    catalog = load_planning_catalog(session)
    quantities, assignments = _package_totals(session, event.id)
    produced = load_production_totals(session, [event.id]).get(event.id, {})
    figures = with_sub_recipe_rows(
        event_figures(
            catalog,
            load_event_prices(
                session,
                [event.id],
                today=today,
                only_today=event.locked_at is None and event.event_date >= (today or date.today()),
            ).of(event.id),
            quantities,
            produced,
        ),
        load_sub_recipe_rows(session, catalog, [event.id]).get(event.id, ()),
    )
    return EventOverview(
        event=EventDetails(event.id, event.name, event.event_date, event.notes),
        progress=progress_of(event, figures),
        breakdown=cost_breakdown_of(event, figures),
        packages=_package_rows(
            session, catalog, event.id, quantities, produced, assignments, packages or Window()
        ),
        history=list_production(session, event.id),
        conflicts=tuple(allergen_conflicts(session, catalog, event.id)),
        recipients=_recipient_choices(session, recipients or Window()),
        package_choices=tuple(
            Choice(i, name)
            for i, name in session.execute(
                select(Package.id, Package.name)
                .where(Package.archived_at.is_(None))
                .order_by(Package.name)
            )
        ),
        recipe_choices=tuple(
            Choice(r.recipe_id, r.name)
            for r in catalog.recipes.values()
            if r.recipe_id not in catalog.archived_recipes
        ),
    )


def _package_totals(session: Session, event_id: int) -> tuple[PackageQuantities, int]:
    """Σ quantity per (package, status), and the number of assignments: one statement."""
    quantities: PackageQuantities = {}
    assignments = 0
    for package_id, status, quantity, count in session.execute(
        select(
            CONTENTS_KEY,
            Assignment.status,
            func.sum(Assignment.quantity),
            func.count(),
        )
        .where(Assignment.event_id == event_id)
        .group_by(CONTENTS_KEY, Assignment.status)
    ):
        quantities[(package_id, AssignmentStatus(status))] = int(quantity)
        assignments += int(count)
    return quantities, assignments


def _package_rows(
    session: Session,
    catalog: PlanningCatalog,
    event_id: int,
    quantities: PackageQuantities,
    produced: Mapping[int, ProducedTotals],
    total: int,
    window: Window,
) -> Rows[PackageRow]:
    stmt = (
        select(
            Assignment.id,
            Recipient.id,
            Recipient.name,
            Recipient.household,
            Package.id,
            Package.name,
            Assignment.quantity,
            Assignment.status,
            Assignment.delivered_at,
            Assignment.delivery_note,
        )
        .join(Recipient, Recipient.id == Assignment.recipient_id)
        .join(Package, Package.id == Assignment.package_id)
        .where(Assignment.event_id == event_id)
        .order_by(Recipient.name, Package.name, Assignment.id)
        .offset(window.offset)
        .limit(window.limit)
    )
    found = session.execute(stmt).all()
    pending = [(row[0], row[4], row[6]) for row in found if row[7] == AssignmentStatus.PENDING]
    names = {recipe_id: recipe.name for recipe_id, recipe in catalog.recipes.items()}
    checks = assembly_checks(catalog.graph, quantities, produced, names, pending)
    rows = tuple(
        PackageRow(
            id=assignment_id,
            recipient_id=recipient_id,
            recipient=recipient,
            household=household,
            package_id=package_id,
            package=package,
            quantity=quantity,
            status=AssignmentStatus(status),
            delivered_at=delivered_at,
            delivery_note=delivery_note,
            check=checks.get(assignment_id),
        )
        for (
            assignment_id,
            recipient_id,
            recipient,
            household,
            package_id,
            package,
            quantity,
            status,
            delivered_at,
            delivery_note,
        ) in found
    )
    return Rows(rows, total, window.offset, window.limit)


def _recipient_choices(session: Session, window: Window) -> Rows[RecipientChoice]:
    """One window of recipients by name, each row carrying how many there are: one
    statement (two when the window starts past the last recipient)."""
    # Archived recipients are not offered (docs/product.md §6.20).
    active = Recipient.archived_at.is_(None)
    everyone = select(func.count()).select_from(Recipient).where(active).scalar_subquery()
    found = session.execute(
        select(Recipient.id, Recipient.name, Recipient.allergens, everyone)
        .where(active)
        .order_by(Recipient.name)
        .offset(window.offset)
        .limit(window.limit)
    ).all()
    if found:
        total = int(found[0][3])
    else:
        total = session.scalar(select(func.count()).select_from(Recipient).where(active)) or 0
    rows = tuple(RecipientChoice(i, name, tuple(allergens)) for i, name, allergens, _ in found)
    return Rows(rows, total, window.offset, window.limit)
