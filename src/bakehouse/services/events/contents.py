"""What an assignment holds: frozen once assembled, today's package while pending.

docs/product.md §6.20: when an assignment is assembled, its package's resolved contents
(items and units through every bundle) are frozen in a :class:`ContentSnapshot`.
Planning, the assembly check, the packing list, labels and history read the snapshot for
assembled and delivered assignments and today's package for pending ones, so editing a
bundle or a package never rewrites what was given.

Two ways in, one rule:

- :func:`resolved_contents` — per assignment, the items and units it holds (the one
  reader other features call: packing list, labels, history, season comparisons).
- :data:`CONTENTS_KEY` — the same rule as a SQL expression for the grouped sums of
  planning, progress and the dashboard: the assignment's package id, or minus its
  snapshot id once frozen. The catalog graph (:func:`load_catalog_graph`) holds every
  snapshot under that negative key, so ``graph.expand_package(key)`` is always right.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from bakehouse.domain.planning import CatalogGraph, contents_key
from bakehouse.models import Assignment, ContentSnapshot, ContentSnapshotLine, Recipe
from bakehouse.services.catalog.graph import load_catalog_graph

__all__ = [
    "CONTENTS_KEY",
    "AssignmentContents",
    "ContentUnits",
    "freeze_contents",
    "resolved_contents",
    "thaw_contents",
]

#: An assignment's contents key in SQL (see :func:`bakehouse.domain.planning.contents_key`).
CONTENTS_KEY = case(
    (Assignment.snapshot_id.is_not(None), -Assignment.snapshot_id),
    else_=Assignment.package_id,
)


@dataclass(frozen=True)
class ContentUnits:
    """``units`` of an item in one of the assignment's package."""

    item_id: int
    item: str
    recipe_id: int
    recipe: str
    units: int


@dataclass(frozen=True)
class AssignmentContents:
    """What one assignment's package holds, per package (multiply by ``quantity``)."""

    assignment_id: int
    package_id: int
    quantity: int
    #: True when read from the snapshot taken at assembly (assembled or delivered).
    frozen: bool
    items: tuple[ContentUnits, ...]


def resolved_contents(
    session: Session, assignment_ids: Collection[int], *, graph: CatalogGraph | None = None
) -> dict[int, AssignmentContents]:
    """The contents of each assignment: its snapshot when assembled or delivered, today's
    package (bundles expanded) when pending (docs/product.md §6.20).

    Items by recipe then item name. Five statements whatever the number of assignments
    (the assignments, the catalog graph's three, recipe names), two when the caller passes
    the ``graph`` it has already loaded (:func:`load_catalog_graph`, snapshots included);
    none for no ids. Unknown ids are absent.
    """
    if not assignment_ids:
        return {}
    rows = session.execute(
        select(Assignment.id, Assignment.package_id, Assignment.snapshot_id, Assignment.quantity)
        .where(Assignment.id.in_(sorted(assignment_ids)))
        .order_by(Assignment.id)
    ).all()
    if graph is None:
        graph = load_catalog_graph(session)
    names: dict[int, str] = dict(session.execute(select(Recipe.id, Recipe.name)).all())
    result: dict[int, AssignmentContents] = {}
    for assignment_id, package_id, snapshot_id, quantity in rows:
        units = graph.expand_package(contents_key(package_id, snapshot_id))
        items = sorted(
            (
                ContentUnits(
                    item_id,
                    graph.items[item_id].name,
                    graph.items[item_id].recipe_id,
                    names[graph.items[item_id].recipe_id],
                    count,
                )
                for item_id, count in units.items()
            ),
            key=lambda c: (c.recipe.lower(), c.item.lower(), c.item_id),
        )
        result[assignment_id] = AssignmentContents(
            assignment_id, package_id, quantity, snapshot_id is not None, tuple(items)
        )
    return result


def freeze_contents(session: Session, graph: CatalogGraph, assignment: Assignment) -> None:
    """Give an assignment leaving pending the snapshot of its package as it is now.

    Reuses the package's latest snapshot when its contents are the same (equal contents
    share one snapshot). Keeps a snapshot already taken (assembled → delivered, or a
    correction between them).
    """
    if assignment.snapshot_id is not None:
        return
    units = graph.expand_package(assignment.package_id)
    latest = session.scalar(
        select(ContentSnapshot.id)
        .where(ContentSnapshot.package_id == assignment.package_id)
        .order_by(ContentSnapshot.id.desc())
        .limit(1)
    )
    if latest is not None and graph.expand_package(contents_key(0, latest)) == units:
        assignment.snapshot_id = latest
        return
    snapshot = ContentSnapshot(
        package_id=assignment.package_id,
        lines=[
            ContentSnapshotLine(item_id=item_id, units=count)
            for item_id, count in sorted(units.items())
            if count > 0
        ],
    )
    session.add(snapshot)
    session.flush()
    assignment.snapshot_id = snapshot.id


def thaw_contents(assignment: Assignment) -> None:
    """An assignment corrected back to pending follows its package again."""
    assignment.snapshot_id = None
