"""Oven outcomes: good items, losses, write-offs and moves (docs/product.md §6.13).

The acceptance examples of issue 16, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.outcomes import LossReason
from bakehouse.errors import Conflict, IncompleteProduction, InvalidInput
from bakehouse.models import Event, Ingredient, Item, ItemOutcome, Lot, Package, Recipe
from bakehouse.services.events.status import can_assemble_package, update_package_status
from bakehouse.services.production.bakes import record_production, reverse_production
from bakehouse.services.production.outcomes import (
    list_outcomes,
    move_items,
    record_loss,
    write_off_bake,
)
from bakehouse.services.production.progress import (
    get_production_progress,
    get_recipe_cost_breakdown,
)
from tests.factories.catalog import make_ingredient, make_lot
from tests.factories.planning import (
    make_assignment,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)


@dataclass
class Kitchen:
    flour: Ingredient
    lot: Lot
    recipe: Recipe
    cookie: Item
    package: Package
    event: Event


def make_kitchen(session: Session, *, cookies: int = 48, packages: int = 1) -> Kitchen:
    """Flour at $0.01 a gram, 500 g a batch of 24 cookies: a 2-batch bake costs $10.00.
    The event needs ``packages`` packages of ``cookies`` cookies."""
    flour = make_ingredient(session, name="Flour")
    lot = make_lot(session, flour, quantity="10000", cost="100.00")
    recipe = make_recipe(session, name="Cookies", lines=[(flour, "500", "g")])
    cookie = make_item(session, recipe, items_per_batch=24, name="Cookie")
    package = make_package(session, name="Cookie tin", contents=[(cookies, cookie)])
    event = make_event(session, name="Cookie swap")
    for n in range(packages):
        make_assignment(session, event, make_recipient(session, name=f"Friend {n}"), package)
    return Kitchen(flour, lot, recipe, cookie, package, event)


@pytest.fixture
def kitchen(session: Session) -> Kitchen:
    return make_kitchen(session)


def test_40_good_of_48_shows_40_made_one_batch_still_to_bake_and_the_loss_cost(
    session: Session, kitchen: Kitchen
) -> None:
    result = record_production(
        session, event_id=kitchen.event.id, recipe_id=kitchen.recipe.id, batches=2,
        good={kitchen.cookie.id: 40}, loss_reason="burnt",
    )  # fmt: skip

    assert result.actual_cost == Decimal("10.00")
    [item] = result.items
    assert (item.expected, item.good, item.lost) == (48, 40, 8)
    assert item.lost_cost == Decimal("1.6667")
    progress = get_production_progress(session, kitchen.event.id)
    [recipe] = progress.recipes
    assert (recipe.batches_required, recipe.batches_produced) == (2, 2)
    assert recipe.is_complete is False
    assert recipe.batches_still_to_bake == 1
    [cookie] = recipe.items
    assert (cookie.items_required, cookie.items_made, cookie.items_lost) == (48, 40, 8)
    assert recipe.lost_cost == Decimal("1.6667")
    # good + lost = the bake's cost: the loss stays in the event's actual cost.
    assert recipe.actual_cost == Decimal("10.00")
    breakdown = get_recipe_cost_breakdown(session, kitchen.event.id)
    [row] = breakdown.rows
    assert row.actual_cost == Decimal("10.00")
    assert [(loss.reason, loss.items, loss.cost) for loss in row.losses] == [
        (LossReason.BURNT, 8, Decimal("1.6667"))
    ]


def test_the_assembly_check_allocates_the_40_good_cookies(session: Session) -> None:
    kitchen = make_kitchen(session, cookies=20, packages=3)  # 60 cookies: 3 batches
    record_production(
        session, event_id=kitchen.event.id, recipe_id=kitchen.recipe.id, batches=2,
        good={kitchen.cookie.id: 40}, loss_reason="burnt", confirm=[],
    )  # fmt: skip
    first, second, third = _assignments(session, kitchen.event)
    update_package_status(session, first, AssignmentStatus.ASSEMBLED)
    update_package_status(session, second, AssignmentStatus.ASSEMBLED)  # 40 of 40

    check = can_assemble_package(session, third)
    assert check.can_assemble is False
    [missing] = check.missing
    assert (missing.required, missing.produced, missing.missing, missing.lost) == (3, 2, 1, 8)
    with pytest.raises(IncompleteProduction, match="8 item"):
        update_package_status(session, third, AssignmentStatus.ASSEMBLED)


def test_a_loss_blocks_assembly_that_the_batches_alone_would_allow(session: Session) -> None:
    kitchen = make_kitchen(session, cookies=24, packages=2)  # 48 cookies: 2 batches
    record_production(
        session, event_id=kitchen.event.id, recipe_id=kitchen.recipe.id, batches=2,
        good={kitchen.cookie.id: 40}, loss_reason="dropped",
    )  # fmt: skip
    first, second = _assignments(session, kitchen.event)
    update_package_status(session, first, AssignmentStatus.ASSEMBLED)

    with pytest.raises(IncompleteProduction) as refused:
        update_package_status(session, second, AssignmentStatus.ASSEMBLED)
    assert "2 batches required, 2 produced, 1 missing (8 items lost" in str(refused.value)


def test_a_recipe_yielding_two_items_loses_small_ones_only(session: Session) -> None:
    flour = make_ingredient(session, name="Flour")
    make_lot(session, flour, quantity="10000", cost="100.00")
    recipe = make_recipe(session, name="Sugar cookies", lines=[(flour, "500", "g")])
    small = make_item(session, recipe, items_per_batch=24, name="Small sugar cookie")
    big = make_item(session, recipe, items_per_batch=12, name="Big sugar cookie")
    # The plan: 24 small (1 batch) and 12 big (1 batch): 2 batches, split half and half.
    package = make_package(session, name="Mixed tin", contents=[(24, small), (12, big)])
    event = make_event(session, name="Fair")
    make_assignment(session, event, make_recipient(session, name="Bo"), package)

    result = record_production(
        session, event_id=event.id, recipe_id=recipe.id, batches=2,
        good={small.id: 20}, loss_reason="broken",
    )  # fmt: skip

    assert [(i.item_id, i.expected, i.good, i.lost) for i in result.items] == [
        (small.id, 24, 20, 4),
        (big.id, 12, 12, 0),
    ]
    # 4 small of a 2-batch $10.00 bake: 4 ÷ 24 of one batch of two.
    assert result.items[0].lost_cost == Decimal("0.8333")
    [progress] = get_production_progress(session, event.id).recipes
    assert [(i.item_id, i.items_required, i.items_made, i.items_lost) for i in progress.items] == [
        (small.id, 24, 20, 4),
        (big.id, 12, 12, 0),
    ]
    assert progress.is_complete is False
    assert progress.batches_still_to_bake == 1  # ceil(4 ÷ 24)


def test_a_late_loss_counts_and_is_refused_when_assembled_packages_rely_on_it(
    session: Session,
) -> None:
    kitchen = make_kitchen(session, cookies=24, packages=2)
    record_production(session, event_id=kitchen.event.id, recipe_id=kitchen.recipe.id, batches=2)
    first, _second = _assignments(session, kitchen.event)

    [loss] = record_loss(
        session, event_id=kitchen.event.id, item_id=kitchen.cookie.id, quantity=3,
        reason="broken", note="on the way",
    )  # fmt: skip
    assert (loss.quantity, loss.cost, loss.at_bake) == (3, Decimal("0.6250"), False)
    [recipe] = get_production_progress(session, kitchen.event.id).recipes
    assert (recipe.items[0].items_made, recipe.is_complete, recipe.batches_still_to_bake) == (
        45,
        False,
        1,
    )
    update_package_status(session, first, AssignmentStatus.ASSEMBLED)  # 24 of 45
    record_loss(session, event_id=kitchen.event.id, item_id=kitchen.cookie.id, quantity=21,
                reason="tasted")  # fmt: skip  # 24 left, all claimed

    before = _outcome_count(session)
    with pytest.raises(Conflict, match="assembled or delivered rely on them"):
        record_loss(session, event_id=kitchen.event.id, item_id=kitchen.cookie.id, quantity=1,
                    reason="dropped")  # fmt: skip
    assert _outcome_count(session) == before


def test_a_write_off_keeps_the_ingredients_used_a_reversal_puts_them_back(
    session: Session,
) -> None:
    kitchen = make_kitchen(session)
    ruined = record_production(
        session, event_id=kitchen.event.id, recipe_id=kitchen.recipe.id, batches=2
    )
    mistake = record_production(
        session, event_id=kitchen.event.id, recipe_id=kitchen.recipe.id, batches=2,
        confirm=["over_plan"],
    )  # fmt: skip
    after_both = _on_hand(session, kitchen.lot)

    losses = write_off_bake(session, ruined.record.id, note="oven failed")
    assert [(o.quantity, o.reason, o.cost) for o in losses] == [
        (48, LossReason.RUINED, Decimal("10.00"))
    ]
    assert _on_hand(session, kitchen.lot) == after_both  # ingredients stay used
    reverse_production(session, mistake.record.id, "recorded by mistake")
    # The pantry differs exactly by the reversed bake's draws.
    assert _on_hand(session, kitchen.lot) == after_both + Decimal(1000)

    [recipe] = get_production_progress(session, kitchen.event.id).recipes
    assert (recipe.batches_produced, recipe.items[0].items_made) == (2, 0)
    assert recipe.actual_cost == Decimal("10.00")  # the ruined bake stays in actual cost
    assert recipe.batches_still_to_bake == 2
    with pytest.raises(Conflict, match="already written off"):
        write_off_bake(session, ruined.record.id)


def test_moving_12_of_48_moves_a_quarter_of_the_cost_and_keeps_the_bake_date(
    session: Session, kitchen: Kitchen
) -> None:
    baked = record_production(
        session, event_id=kitchen.event.id, recipe_id=kitchen.recipe.id, batches=2
    )
    christmas = make_event(session, name="Christmas")

    [move] = move_items(
        session, from_event_id=kitchen.event.id, to_event_id=christmas.id,
        item_id=kitchen.cookie.id, quantity=12,
    )  # fmt: skip

    assert move.cost == Decimal("2.5000")
    assert move.bake_produced_at == baked.record.produced_at
    source = get_production_progress(session, kitchen.event.id).recipes[0]
    target = get_production_progress(session, christmas.id).recipes[0]
    assert (source.items[0].items_made, source.items[0].items_moved_out) == (36, 12)
    assert (target.items[0].items_made, target.items[0].items_moved_in) == (12, 12)
    # The moved and kept parts add up to the cent.
    assert (source.actual_cost, target.actual_cost) == (Decimal("7.50"), Decimal("2.50"))
    assert source.actual_cost + target.actual_cost == baked.actual_cost
    assert [o.id for o in list_outcomes(session, christmas.id)] == [move.id]
    with pytest.raises(Conflict, match="moved to another event"):
        reverse_production(session, baked.record.id, "oops")


def test_a_move_is_refused_when_the_source_assembled_packages_rely_on_the_items(
    session: Session,
) -> None:
    kitchen = make_kitchen(session, cookies=24, packages=2)
    record_production(session, event_id=kitchen.event.id, recipe_id=kitchen.recipe.id, batches=2)
    first, second = _assignments(session, kitchen.event)
    update_package_status(session, first, AssignmentStatus.ASSEMBLED)
    update_package_status(session, second, AssignmentStatus.ASSEMBLED)
    christmas = make_event(session, name="Christmas")

    with pytest.raises(Conflict, match="rely on them"):
        move_items(session, from_event_id=kitchen.event.id, to_event_id=christmas.id,
                   item_id=kitchen.cookie.id, quantity=1)  # fmt: skip
    assert _outcome_count(session) == 0


@pytest.mark.parametrize(
    ("good", "words"),
    [
        (-1, "at least 0"),
        (481, "more than 10 times the 48"),
        ("forty", "whole number"),
    ],
)
def test_bad_good_items_are_refused_and_change_nothing(
    session: Session, kitchen: Kitchen, good: object, words: str
) -> None:
    before = _on_hand(session, kitchen.lot)
    with pytest.raises(InvalidInput, match=words) as refused:
        record_production(
            session, event_id=kitchen.event.id, recipe_id=kitchen.recipe.id, batches=2,
            good={kitchen.cookie.id: good}, loss_reason="burnt",
        )  # fmt: skip
    assert refused.value.field == "good"
    assert _on_hand(session, kitchen.lot) == before
    assert _outcome_count(session) == 0


def test_fewer_good_items_without_a_reason_are_refused(session: Session, kitchen: Kitchen) -> None:
    with pytest.raises(InvalidInput, match="say why") as refused:
        record_production(
            session, event_id=kitchen.event.id, recipe_id=kitchen.recipe.id, batches=2,
            good={kitchen.cookie.id: 40},
        )  # fmt: skip
    assert refused.value.field == "reason"


def test_moving_more_than_made_is_refused_and_changes_nothing(
    session: Session, kitchen: Kitchen
) -> None:
    record_production(session, event_id=kitchen.event.id, recipe_id=kitchen.recipe.id, batches=2)
    christmas = make_event(session, name="Christmas")
    with pytest.raises(InvalidInput, match="has 48 good Cookie; cannot move 49"):
        move_items(session, from_event_id=kitchen.event.id, to_event_id=christmas.id,
                   item_id=kitchen.cookie.id, quantity=49)  # fmt: skip
    with pytest.raises(InvalidInput, match="another event"):
        move_items(session, from_event_id=kitchen.event.id, to_event_id=kitchen.event.id,
                   item_id=kitchen.cookie.id, quantity=1)  # fmt: skip
    with pytest.raises(InvalidInput, match="no good Cookie"):
        record_loss(session, event_id=christmas.id, item_id=kitchen.cookie.id, quantity=1,
                    reason="burnt")  # fmt: skip
    assert _outcome_count(session) == 0


def test_with_no_losses_every_figure_is_what_it_was(session: Session, kitchen: Kitchen) -> None:
    record_production(session, event_id=kitchen.event.id, recipe_id=kitchen.recipe.id, batches=1)
    [recipe] = get_production_progress(session, kitchen.event.id).recipes
    assert (recipe.batches_required, recipe.batches_produced, recipe.is_complete) == (2, 1, False)
    assert recipe.batches_still_to_bake == 1
    assert recipe.items[0].items_made == 24
    assert recipe.lost_cost == Decimal(0)
    assert recipe.losses == ()


def _assignments(session: Session, event: Event) -> list[int]:
    from bakehouse.models import Assignment

    return list(
        session.scalars(
            select(Assignment.id).where(Assignment.event_id == event.id).order_by(Assignment.id)
        )
    )


def _outcome_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ItemOutcome)) or 0


def _on_hand(session: Session, lot: Lot) -> Decimal:
    session.refresh(lot)
    return lot.quantity_remaining


def test_the_dashboard_counts_good_items_and_moves_in_the_same_statements(
    session: Session, kitchen: Kitchen, count_statements: Callable[[], Any]
) -> None:
    from bakehouse.services.production.dashboard import get_dashboard_summary

    record_production(session, event_id=kitchen.event.id, recipe_id=kitchen.recipe.id, batches=2)
    with count_statements() as before:
        get_dashboard_summary(session)
    with count_statements() as progress_before:
        get_production_progress(session, kitchen.event.id)
    [row] = get_dashboard_summary(session).rows
    assert (row.recipes_complete, row.actual_cost) == (1, Decimal("10.00"))

    christmas = make_event(session, name="Christmas")
    record_loss(session, event_id=kitchen.event.id, item_id=kitchen.cookie.id, quantity=8,
                reason="burnt")  # fmt: skip
    move_items(session, from_event_id=kitchen.event.id, to_event_id=christmas.id,
               item_id=kitchen.cookie.id, quantity=12)  # fmt: skip
    with count_statements() as after:
        summary = get_dashboard_summary(session)
    with count_statements() as progress_after:
        get_production_progress(session, kitchen.event.id)

    [row] = [r for r in summary.rows if r.event_id == kitchen.event.id]
    assert (row.recipes_complete, row.actual_cost) == (0, Decimal("7.50"))
    assert after.count == before.count
    assert progress_after.count == progress_before.count


def test_a_late_loss_larger_than_the_newest_bake_is_split_between_bakes(
    session: Session, kitchen: Kitchen
) -> None:
    first = record_production(
        session, event_id=kitchen.event.id, recipe_id=kitchen.recipe.id, batches=1
    )
    second = record_production(
        session, event_id=kitchen.event.id, recipe_id=kitchen.recipe.id, batches=1
    )

    losses = record_loss(session, event_id=kitchen.event.id, item_id=kitchen.cookie.id,
                         quantity=30, reason="dropped")  # fmt: skip

    assert [(o.bake_id, o.quantity) for o in losses] == [
        (second.record.id, 24),
        (first.record.id, 6),
    ]
    assert [o.cost for o in losses] == [second.actual_cost, Decimal("1.2500")]
