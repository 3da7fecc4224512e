"""Keep the past true (docs/product.md §6.20): what was delivered stays delivered, plan
locks freeze prices, a past event is priced as of its date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.errors import Conflict, InUse, InvalidInput, NotFound
from bakehouse.io.export import export_document
from bakehouse.services.catalog.graph import load_catalog_graph
from bakehouse.services.catalog.ingredients import list_ingredients
from bakehouse.services.catalog.products import list_products
from bakehouse.services.core.archive import ArchiveKind, archive, unarchive
from bakehouse.services.events.contents import resolved_contents
from bakehouse.services.events.events import list_events
from bakehouse.services.events.locks import get_plan_lock, lock_event_plan, unlock_event_plan
from bakehouse.services.events.overview import get_event_overview
from bakehouse.services.events.people import list_recipients
from bakehouse.services.events.planning import get_event_needs
from bakehouse.services.events.pricing import PriceBasis
from bakehouse.services.events.status import (
    can_assemble_package,
    check_pending_packages,
    correct_package_status,
    update_package_status,
)
from bakehouse.services.packaging.packages import (
    ContentInput,
    list_bundles,
    list_packages,
    set_bundle_lines,
)
from bakehouse.services.production.bakes import list_production
from bakehouse.services.production.dashboard import get_dashboard_summary
from bakehouse.services.production.progress import (
    get_production_progress,
    get_recipe_cost_breakdown,
)
from bakehouse.services.recipes.recipes import (
    delete_item,
    delete_recipe,
    list_items,
    list_recipe_choices,
    list_recipes,
)
from tests.factories.catalog import make_lot, make_product
from tests.factories.planning import make_assignment, make_event, make_recipient
from tests.factories.season import CookieSeason, bake, cups, make_cookie_season

LAST_YEAR = date(2025, 12, 24)
THIS_YEAR = date(2026, 12, 24)
TODAY = date(2026, 12, 1)


@pytest.fixture
def season(session: Session) -> CookieSeason:
    """Last Christmas: one box of a dozen tin delivered, baked (one batch)."""
    season = make_cookie_season(session, event_name="Christmas 2025", event_date=LAST_YEAR)
    bake(session, season, 1, confirm=())
    update_package_status(session, season.assignment.id, "assembled")
    update_package_status(session, season.assignment.id, "delivered")
    return season


def test_a_bundle_inside_last_years_delivered_tins_can_change_and_last_year_keeps_its_figures(
    session: Session, season: CookieSeason
) -> None:
    before = get_production_progress(session, season.event.id, today=TODAY)
    needs_before = get_event_needs(session, season.event.id)
    this_year = make_event(session, name="Christmas 2026", event_date=THIS_YEAR)
    make_assignment(session, this_year, make_recipient(session, name="Bea"), season.package)

    # A dozen becomes thirty in the tin: allowed, though last year's tins are delivered.
    set_bundle_lines(session, season.bundle.id, [ContentInput(30, item_id=season.cookie.id)])

    after = get_production_progress(session, season.event.id, today=TODAY)
    assert [r.batches_required for r in after.recipes] == [1]
    assert [r.planned_cost for r in after.recipes] == [r.planned_cost for r in before.recipes]
    assert after.is_complete
    assert before.is_complete
    assert get_event_needs(session, season.event.id) == needs_before
    [item] = get_event_needs(session, season.event.id).items
    assert item.units == 12
    # This year's plan follows the edit: 30 cookies, two batches of 24.
    [now] = get_event_needs(session, this_year.id).recipes
    assert (now.items[0].units, now.batches) == (30, 2)
    contents = resolved_contents(session, [season.assignment.id])[season.assignment.id]
    assert contents.frozen
    assert [(c.item, c.recipe, c.units) for c in contents.items] == [
        ("Test cookie", "Test Cookies", 12)
    ]


def test_the_assembly_check_counts_assembled_packages_by_their_snapshot(
    session: Session,
) -> None:
    season = make_cookie_season(session, recipients=("Ann", "Bo"), event_date=THIS_YEAR)
    bake(session, season, 1, confirm=())  # 24 cookies: two boxes of a dozen
    update_package_status(session, season.assignments[0].id, "assembled")
    # The tin grows to 24: Bo's pending box now needs the whole batch, Ann's keeps 12.
    set_bundle_lines(session, season.bundle.id, [ContentInput(24, item_id=season.cookie.id)])

    check = can_assemble_package(session, season.assignments[1].id)
    assert not check.can_assemble
    assert [(m.required, m.produced) for m in check.missing] == [(2, 1)]
    assert check_pending_packages(session, season.event.id)[season.assignments[1].id] == check
    # Back to pending, Ann's box follows the package again (no snapshot).
    correct_package_status(session, season.assignments[0].id, "pending", "packed the wrong tin")
    assert season.assignments[0].snapshot_id is None
    assert not resolved_contents(session, [season.assignments[0].id])[
        season.assignments[0].id
    ].frozen


def test_equal_contents_share_one_snapshot(session: Session) -> None:
    season = make_cookie_season(session, recipients=("Ann", "Bo"), event_date=THIS_YEAR)
    bake(session, season, 1, confirm=())
    for assignment in season.assignments:
        update_package_status(session, assignment.id, "assembled")
    first, second = season.assignments
    assert first.snapshot_id is not None
    assert first.snapshot_id == second.snapshot_id
    update_package_status(session, first.id, "delivered")
    assert first.status == AssignmentStatus.DELIVERED
    assert first.snapshot_id == second.snapshot_id


def _buy_flour_at_three_times(session: Session, season: CookieSeason, on: date) -> None:
    # 10 cups for $18.00: three times the $6.00 of the newest flour.
    make_lot(session, season.flour, quantity=cups(10), cost="18.00", received_on=on)


def test_a_locked_plan_keeps_its_prices_and_shows_the_repriced_plan_beside(
    session: Session,
) -> None:
    season = make_cookie_season(session, event_name="Christmas 2026", event_date=THIS_YEAR)
    before = get_recipe_cost_breakdown(session, season.event.id, today=TODAY)
    assert before.price_basis is PriceBasis.CURRENT
    assert before.repriced_total is None

    lock = lock_event_plan(session, season.event.id, today=TODAY)
    assert lock.is_locked
    assert [(r.recipe, r.batches, r.planned_cost) for r in lock.recipes] == [
        ("Test Cookies", 1, before.planned_total)
    ]
    assert set(lock.ingredient_ids) == {season.flour.id, season.sugar.id}
    _buy_flour_at_three_times(session, season, date(2026, 11, 30))

    locked = get_recipe_cost_breakdown(session, season.event.id, today=TODAY)
    assert locked.price_basis is PriceBasis.LOCKED
    assert locked.planned_total == before.planned_total == Decimal("1.50")
    # 2 cups of flour at $1.80 a cup, 1 cup of sugar at $0.30: the plan re-priced today.
    assert locked.repriced_total == Decimal("3.90")
    assert [r.repriced_cost for r in locked.rows] == [Decimal("3.90")]
    with pytest.raises(Conflict, match="already locked"):
        lock_event_plan(session, season.event.id, today=TODAY)

    # A status correction does not touch the lock.
    bake(session, season, 1, confirm=())
    update_package_status(session, season.assignment.id, "assembled")
    correct_package_status(session, season.assignment.id, "pending", "wrong box")
    assert get_plan_lock(session, season.event.id).is_locked

    with pytest.raises(InvalidInput, match="say why"):
        unlock_event_plan(session, season.event.id, "  ")
    unlocked = unlock_event_plan(session, season.event.id, "the sugar order changed")
    assert not unlocked.is_locked
    assert unlocked.recipes == ()
    assert [(c.locked, c.reason) for c in unlocked.history] == [
        (True, ""),
        (False, "the sugar order changed"),
    ]
    with pytest.raises(Conflict, match="not locked"):
        unlock_event_plan(session, season.event.id, "again")
    after = get_recipe_cost_breakdown(session, season.event.id, today=TODAY)
    assert (after.price_basis, after.planned_total) == (PriceBasis.CURRENT, Decimal("3.90"))


def test_an_unlocked_past_event_keeps_its_planned_cost_after_a_new_purchase(
    session: Session, season: CookieSeason
) -> None:
    before = get_recipe_cost_breakdown(session, season.event.id, today=TODAY)
    dashboard_before = get_dashboard_summary(session, today=TODAY).rows[0].planned_cost
    assert before.price_basis is PriceBasis.AS_OF_DATE
    assert before.prices_as_of == LAST_YEAR

    _buy_flour_at_three_times(session, season, date(2026, 11, 30))

    after = get_recipe_cost_breakdown(session, season.event.id, today=TODAY)
    assert after.planned_total == before.planned_total == Decimal("1.50")
    assert after.variance == before.variance
    assert after.repriced_total == Decimal("3.90")
    assert get_dashboard_summary(session, today=TODAY).rows[0].planned_cost == dashboard_before
    # The same event, seen on its own day, is priced with what was bought by then.
    on_the_day = get_recipe_cost_breakdown(session, season.event.id, today=LAST_YEAR)
    assert on_the_day.price_basis is PriceBasis.CURRENT
    assert on_the_day.planned_total == Decimal("3.90")


def test_reads_keep_their_statement_counts_with_snapshots_and_locks(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    season = make_cookie_season(session, recipients=("Ann", "Bo", "Cy"), event_date=LAST_YEAR)
    bake(session, season, 2, confirm=())
    update_package_status(session, season.assignments[0].id, "assembled")
    lock_event_plan(session, season.event.id, today=TODAY)
    ids = [a.id for a in season.assignments]

    with count_statements() as counted:
        resolved_contents(session, ids)
    assert counted.count == 5
    with count_statements() as counted:
        get_recipe_cost_breakdown(session, season.event.id, today=TODAY)
    breakdown = counted.count
    session.expire_all()
    with count_statements() as counted:
        get_plan_lock(session, season.event.id)
    assert counted.count == 4
    # More snapshots and more events do not add statements.
    update_package_status(session, season.assignments[1].id, "assembled")
    set_bundle_lines(session, season.bundle.id, [ContentInput(6, item_id=season.cookie.id)])
    update_package_status(session, season.assignments[2].id, "assembled")
    other = make_event(session, name="Easter", event_date=date(2026, 4, 5))
    make_assignment(session, other, season.recipients[0], season.package)
    with count_statements() as counted:
        resolved_contents(session, ids)
    assert counted.count == 5
    graph = load_catalog_graph(session)
    with count_statements() as counted:
        given = resolved_contents(session, ids, graph=graph)
    assert counted.count == 2  # the caller's graph is not read again
    assert given == resolved_contents(session, ids)
    with count_statements() as counted:
        get_recipe_cost_breakdown(session, season.event.id, today=TODAY)
    assert counted.count == breakdown


def test_an_archived_baked_recipe_leaves_the_pickers_keeps_its_history_and_comes_back(
    session: Session, season: CookieSeason
) -> None:
    with pytest.raises(InUse, match="archive the recipe instead"):
        delete_recipe(session, season.recipe.id)

    archived = archive(session, "recipe", "test-cookies")
    assert archived.archived_at is not None
    assert archive(session, ArchiveKind.RECIPE, season.recipe.id) is archived  # no change
    assert season.recipe.id not in {r.id for r in list_recipes(session)}
    assert season.recipe.id not in {rid for rid, _name, _unit in list_recipe_choices(session)}
    overview = get_event_overview(session, season.event.id)
    assert season.recipe.id not in {c.id for c in overview.recipe_choices}
    # History and exports keep it.
    assert [r.name for r in list_recipes(session, include_archived=True)] == ["Test Cookies"]
    assert [b.recipe_name for b in list_production(session, season.event.id)] == ["Test Cookies"]
    assert [r.recipe_name for r in overview.progress.recipes] == ["Test Cookies"]
    exported = export_document(session)
    assert [r["archived_at"] is not None for r in exported["recipes"]] == [True]

    unarchive(session, "recipe", season.recipe.id)
    assert season.recipe.archived_at is None
    assert [r.id for r in list_recipes(session)] == [season.recipe.id]


@pytest.mark.parametrize(
    ("kind", "lister"),
    [
        ("ingredient", lambda s: list_ingredients(s)),
        ("product", lambda s: list_products(s)),
        ("item", lambda s: list_items(s)),
        ("bundle", lambda s: list_bundles(s)),
        ("package", lambda s: list_packages(s)),
        ("recipient", lambda s: list_recipients(s)),
        ("event", lambda s: list_events(s)),
    ],
)
def test_everything_history_uses_can_be_archived_and_brought_back(
    session: Session, season: CookieSeason, kind: str, lister: Callable[[Session], list[Any]]
) -> None:
    product = make_product(session, season.flour)
    record = {
        "ingredient": season.flour,
        "product": product,
        "item": season.cookie,
        "bundle": season.bundle,
        "package": season.package,
        "recipient": season.recipient,
        "event": season.event,
    }[kind]
    assert record.id in {r.id for r in lister(session)}
    archive(session, kind, record.id)
    assert record.id not in {r.id for r in lister(session)}
    unarchive(session, kind, str(record.id))
    assert record.id in {r.id for r in lister(session)}


def test_archiving_names_what_it_cannot_find(session: Session) -> None:
    with pytest.raises(NotFound):
        archive(session, "product", "no-such-thing")
    with pytest.raises(InvalidInput, match="kind"):
        archive(session, "oven", 1)


def test_an_item_a_delivered_package_held_is_archived_not_deleted(
    session: Session, season: CookieSeason
) -> None:
    # The tin no longer holds the cookie, but last year's delivered box did.
    set_bundle_lines(session, season.bundle.id, [])
    with pytest.raises(InUse, match="package 'Cookie box' as assembled"):
        delete_item(session, season.cookie.id)
    archive(session, "item", season.cookie.id)
    assert season.cookie.archived_at is not None
