"""The event page's one read: the same answers as the single services, in a fixed number of
statements, with its long lists a window at a time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.demo.season import DemoSeason
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.errors import NotFound
from bakehouse.models import Event, Item, Package
from bakehouse.services.events.events import get_allergen_conflicts, list_assignments
from bakehouse.services.events.overview import (
    MOST_STATEMENTS,
    PLAIN_STATEMENTS,
    EventOverview,
    Window,
    get_event_overview,
)
from bakehouse.services.events.people import list_recipients
from bakehouse.services.events.status import check_pending_packages
from bakehouse.services.packaging.packages import list_packages
from bakehouse.services.production.bakes import (
    list_production,
    record_production,
    reverse_production,
)
from bakehouse.services.production.progress import (
    get_production_progress,
    get_recipe_cost_breakdown,
)
from bakehouse.services.production.sub_progress import SUB_RECIPE_STATEMENTS
from bakehouse.services.recipes.recipes import RecipeLineInput, create_recipe, list_recipes
from tests.factories.catalog import make_ingredient, make_lot
from tests.factories.planning import (
    make_assignment,
    make_bundle,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)
from tests.services.conftest import DEMO_TODAY

TODAY = DEMO_TODAY  # the shared demo season's day (tests/services/conftest.py)


def _event_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Event.id).order_by(Event.id)))


def test_it_answers_as_the_single_services_do_for_every_demo_event(
    demo_session: Session, demo: DemoSeason
) -> None:
    recipes = [(r.id, r.name) for r in list_recipes(demo_session)]
    packages = [(p.id, p.name) for p in list_packages(demo_session)]
    recipients = [(r.id, r.name, tuple(r.allergens)) for r in list_recipients(demo_session)]
    for event_id in _event_ids(demo_session):
        overview = get_event_overview(demo_session, event_id)

        assert overview.event.id == event_id
        assert overview.progress == get_production_progress(demo_session, event_id)
        assert overview.breakdown == get_recipe_cost_breakdown(demo_session, event_id)
        assert overview.history == list_production(demo_session, event_id)
        assert list(overview.conflicts) == get_allergen_conflicts(demo_session, event_id)
        assert [(c.id, c.name) for c in overview.recipe_choices] == recipes
        assert [(c.id, c.name) for c in overview.package_choices] == packages
        assert [(r.id, r.name, r.allergens) for r in overview.recipients.rows] == recipients
        assert overview.recipients.total == len(recipients)
        _assert_rows_match_the_assignments(demo_session, overview)


def _assert_rows_match_the_assignments(session: Session, overview: EventOverview) -> None:
    event_id = overview.event.id
    assignments = list_assignments(session, event_id)
    checks = check_pending_packages(session, event_id)
    assert overview.packages.total == len(assignments)
    assert [row.id for row in overview.packages.rows] == [a.id for a in assignments]
    for row, assignment in zip(overview.packages.rows, assignments, strict=True):
        assert (row.recipient, row.household, row.package) == (
            assignment.recipient.name,
            assignment.recipient.household,
            assignment.package.name,
        )
        assert (row.quantity, row.status, row.delivered_at, row.delivery_note) == (
            assignment.quantity,
            assignment.status,
            assignment.delivered_at,
            assignment.delivery_note,
        )
        assert row.check == checks.get(row.id)


def test_the_demo_has_what_the_comparison_needs(demo_session: Session, demo: DemoSeason) -> None:
    this_year = get_event_overview(demo_session, demo.this_year_event_id)
    statuses = {row.status for row in this_year.packages.rows}
    assert statuses == set(AssignmentStatus)
    assert any(row.check and not row.check.can_assemble for row in this_year.packages.rows)
    assert any(row.check and row.check.can_assemble for row in this_year.packages.rows)
    assert this_year.conflicts
    last_year = get_event_overview(demo_session, demo.last_year_event_id)
    assert any(entry.is_reversed for entry in last_year.history)


def test_an_unknown_event_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound, match="event 999999 was not found"):
        get_event_overview(session, 999_999)


def test_a_window_of_packages_is_that_slice_of_the_whole_list_and_totals_stay_whole(
    demo_session: Session, demo: DemoSeason
) -> None:
    event_id = demo.this_year_event_id
    whole = get_event_overview(demo_session, event_id)
    window = get_event_overview(demo_session, event_id, packages=Window(offset=5, limit=7))

    assert window.packages.rows == whole.packages.rows[5:12]
    assert (window.packages.total, window.packages.offset, window.packages.limit) == (
        whole.packages.total,
        5,
        7,
    )
    assert window.progress == whole.progress
    assert window.breakdown == whole.breakdown
    assert window.conflicts == whole.conflicts


def test_a_window_past_the_end_is_empty_and_still_knows_the_totals(
    demo_session: Session, demo: DemoSeason
) -> None:
    event_id = demo.this_year_event_id
    whole = get_event_overview(demo_session, event_id)
    beyond = get_event_overview(
        demo_session, event_id, packages=Window(10_000, 100), recipients=Window(10_000, 100)
    )
    assert beyond.packages.rows == ()
    assert beyond.packages.total == whole.packages.total
    assert beyond.recipients.rows == ()
    assert beyond.recipients.total == whole.recipients.total


def test_a_window_of_recipients_is_that_slice_of_everyone_by_name(
    demo_session: Session, demo: DemoSeason
) -> None:
    everyone = [r.name for r in list_recipients(demo_session)]
    window = get_event_overview(demo_session, demo.this_year_event_id, recipients=Window(3, 4))
    assert [r.name for r in window.recipients.rows] == everyone[3:7]
    assert window.recipients.total == len(everyone)


def test_an_event_without_packages_or_bakes_is_empty_not_an_error(session: Session) -> None:
    event = make_event(session)
    overview = get_event_overview(session, event.id)
    assert overview.packages.rows == ()
    assert overview.packages.total == 0
    assert overview.progress.recipes == ()
    assert not overview.progress.has_packages
    assert overview.history == ()
    assert overview.conflicts == ()


# --- Statement counts ------------------------------------------------------------------


def _grow(session: Session, event: Event, size: int) -> None:
    """``size`` more recipes, packages, recipients (some avoiding gluten), assignments in
    every status and bakes (one reversed) for ``event``."""
    flour = make_ingredient(session, allergens=["gluten"])
    make_lot(session, flour, quantity=Decimal(10_000_000), cost="100.00")
    items: list[Item] = []
    for _ in range(size):
        recipe = make_recipe(session, lines=[(flour, "100", "g")])
        items.append(make_item(session, recipe, items_per_batch=12))
    packages: list[Package] = []
    for n in range(size):
        bundle = make_bundle(session, contents=[(2, items[n]), (1, items[(n + 1) % size])])
        packages.append(make_package(session, contents=[(1, bundle), (3, items[n])]))
    statuses = list(AssignmentStatus)
    for n in range(size * 3):
        recipient = make_recipient(session, allergens=["gluten"] if n % 4 == 0 else [])
        for k in range(min(2, size)):
            make_assignment(
                session, event, recipient, packages[(n + k) % size], status=statuses[n % 3]
            )
    for item in items:
        record_production(
            session, event_id=event.id, recipe_id=item.recipe_id, batches=50, confirm=["over_plan"]
        )
    extra = record_production(
        session, event_id=event.id, recipe_id=items[0].recipe_id, batches=1, confirm=["over_plan"]
    )
    reverse_production(session, extra.record.id, "recorded twice")


def test_the_overview_issues_the_same_statements_however_big_the_event_grows(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    event = make_event(session)
    counts = []
    for size in (1, 4, 16):
        _grow(session, event, size)
        session.expire_all()  # as a new request would, the event is read again
        with count_statements() as counter:
            overview = get_event_overview(
                session, event.id, packages=Window(0, 20), recipients=Window(0, 30)
            )
        counts.append(counter.count)
        assert overview.conflicts
        assert overview.history

    assert overview.packages.total == 3 * 1 + 6 * 4 + 6 * 16
    assert len(overview.packages.rows) == 20
    assert counts[0] == counts[1] == counts[2]
    assert counts[0] == PLAIN_STATEMENTS
    assert MOST_STATEMENTS == 20


def test_even_a_window_past_the_end_stays_within_the_bound(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    event = make_event(session)
    _grow(session, event, 3)
    session.expire_all()
    with count_statements() as counter:
        get_event_overview(session, event.id, packages=Window(999, 5), recipients=Window(999, 5))
    assert counter.count <= MOST_STATEMENTS


def _nested(session: Session, levels: int, recipes: int) -> Event:
    """An event of ``recipes`` top recipes, each using a chain of sub-recipes ``levels``
    deep (the top counted), with prepared stock of the bottom one on hand and a bake."""
    tag = f"{levels}-{recipes}"
    butter = make_ingredient(session, name=f"Butter {tag}")
    make_lot(session, butter, quantity=Decimal(1_000_000), cost="100.00")
    event = make_event(session, name=f"Nest {tag}", event_date=date(2026, 12, 5))
    recipient = make_recipient(session)
    below = create_recipe(
        session, name=f"Base {tag}", lines=[RecipeLineInput(butter.id, Decimal(10), "g")]
    )
    bottom = below
    for n in range(levels - 2):
        below = create_recipe(
            session, name=f"Mid {tag}-{n}",
            lines=[RecipeLineInput(None, Decimal(1), "batch", sub_recipe_id=below.id)],
        )  # fmt: skip
    tops = []
    for n in range(recipes):
        top = create_recipe(
            session, name=f"Top {tag}-{n}",
            lines=[RecipeLineInput(butter.id, Decimal(5), "g"),
                   RecipeLineInput(None, Decimal("0.5"), "batch", sub_recipe_id=below.id)],
        )  # fmt: skip
        tops.append(top)
        item = make_item(session, top, items_per_batch=1)
        make_assignment(session, event, recipient, make_package(session, contents=[(1, item)]),
                        quantity=2)  # fmt: skip
    record_production(session, event_id=None, recipe_id=bottom.id, batches=2)
    record_production(session, event_id=event.id, recipe_id=tops[0].id, batches=1,
                      confirm=["make_missing"])  # fmt: skip
    return event


def test_with_sub_recipes_the_overview_reads_the_same_statements_whatever_the_nesting(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    plain = make_event(session)
    _grow(session, plain, 2)

    def counted(event: Event) -> int:
        session.expire_all()
        with count_statements() as counter:
            overview = get_event_overview(
                session, event.id, packages=Window(0, 20), recipients=Window(0, 30)
            )
        assert overview.progress == get_production_progress(session, event.id)
        return int(counter.count)

    subs = get_production_progress(session, plain.id).recipes
    assert not any(row.is_sub_recipe for row in subs)

    without = counted(plain)
    shallow = counted(_nested(session, 2, 1))
    deep = counted(_nested(session, 5, 1))
    many = counted(_nested(session, 2, 50))
    assert without == PLAIN_STATEMENTS
    assert shallow == deep == many == PLAIN_STATEMENTS + SUB_RECIPE_STATEMENTS
    assert many < MOST_STATEMENTS
    # Once the catalog has sub-recipes, every event's page reads them, the same number.
    assert counted(plain) == shallow
