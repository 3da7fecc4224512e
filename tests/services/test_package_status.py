"""Packages move pending → assembled → delivered, allocation-aware (docs/product.md §2.5)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.errors import IncompleteProduction, InvalidInput, InvalidStatusTransition, NotFound
from bakehouse.models import Assignment
from bakehouse.services.events.status import (
    can_assemble_package,
    check_pending_packages,
    correct_package_status,
    update_package_status,
)
from bakehouse.services.production.bakes import reverse_production
from bakehouse.services.production.progress import get_production_progress
from tests.factories.planning import make_assignment, make_package, make_recipient
from tests.factories.season import CookieSeason, bake, make_cookie_season

ASSEMBLED = AssignmentStatus.ASSEMBLED
DELIVERED = AssignmentStatus.DELIVERED
PENDING = AssignmentStatus.PENDING


@pytest.fixture
def season(session: Session) -> CookieSeason:
    return make_cookie_season(session)


def three_recipients(session: Session, season: CookieSeason) -> list[Assignment]:
    others = [
        make_assignment(session, season.event, make_recipient(session, name=name), season.package)
        for name in ("Bob", "Carol")
    ]
    return [season.assignment, *others]


def test_assembling_needs_production(session: Session, season: CookieSeason) -> None:
    with pytest.raises(IncompleteProduction) as raised:
        update_package_status(session, season.assignment.id, ASSEMBLED)

    assert raised.value.assignment_id == season.assignment.id
    [missing] = raised.value.missing
    assert (missing.recipe, missing.required, missing.produced, missing.missing) == (
        "Test Cookies",
        1,
        0,
        1,
    )
    assert season.assignment.status == PENDING


def test_a_baked_package_is_assembled_with_its_time_recorded(
    session: Session, season: CookieSeason
) -> None:
    bake(session, season)

    assignment = update_package_status(session, season.assignment.id, "assembled")

    assert assignment.status == ASSEMBLED
    assert assignment.assembled_at is not None
    assert assignment.delivered_at is None
    [change] = assignment.history
    assert (change.from_status, change.to_status, change.is_correction) == (
        PENDING,
        ASSEMBLED,
        False,
    )


def test_three_packages_of_a_dozen_share_one_batch_of_24_fairly(
    session: Session, season: CookieSeason
) -> None:
    first, second, third = three_recipients(session, season)
    bake(session, season)

    update_package_status(session, first.id, ASSEMBLED)
    update_package_status(session, second.id, ASSEMBLED)
    check = can_assemble_package(session, third.id)

    assert check.can_assemble is False
    [missing] = check.missing
    assert missing.recipe_id == season.recipe.id
    assert missing.recipe == "Test Cookies"
    assert (missing.required, missing.produced, missing.missing) == (2, 1, 1)
    with pytest.raises(IncompleteProduction, match="Test Cookies: 2 batch"):
        update_package_status(session, third.id, ASSEMBLED)


def test_delivered_packages_keep_their_claim_on_the_cookies(
    session: Session, season: CookieSeason
) -> None:
    first, second, third = three_recipients(session, season)
    bake(session, season)
    for assignment in (first, second):
        update_package_status(session, assignment.id, ASSEMBLED)
        update_package_status(session, assignment.id, DELIVERED)

    assert can_assemble_package(session, third.id).can_assemble is False
    bake(session, season)
    assert can_assemble_package(session, third.id).can_assemble is True


def test_a_pending_package_can_be_checked_before_anything_is_claimed(
    session: Session, season: CookieSeason
) -> None:
    first, *_ = three_recipients(session, season)
    bake(session, season)

    check = can_assemble_package(session, first.id)

    assert check.can_assemble is True
    assert check.missing == ()
    assert check.assignment_id == first.id


def test_a_package_of_several_counts_as_that_many(session: Session, season: CookieSeason) -> None:
    triple = make_assignment(
        session, season.event, make_recipient(session), season.package, quantity=3
    )
    bake(session, season)

    [missing] = can_assemble_package(session, triple.id).missing

    assert (missing.required, missing.produced) == (2, 1)


def test_a_reversed_bake_no_longer_covers_a_package(session: Session, season: CookieSeason) -> None:
    bake_id = bake(session, season).record.id
    reverse_production(session, bake_id, "burnt")

    assert can_assemble_package(session, season.assignment.id).can_assemble is False


def test_an_empty_package_can_always_be_assembled(session: Session, season: CookieSeason) -> None:
    card = make_package(session, name="Just a card")
    assignment = make_assignment(session, season.event, season.recipient, card)

    assert update_package_status(session, assignment.id, ASSEMBLED).status == ASSEMBLED


def test_delivery_records_the_time_and_note(session: Session, season: CookieSeason) -> None:
    bake(session, season)
    update_package_status(session, season.assignment.id, ASSEMBLED)

    assignment = update_package_status(
        session, season.assignment.id, DELIVERED, delivered_to="Left with neighbour"
    )

    assert assignment.status == DELIVERED
    assert assignment.delivered_at is not None
    assert assignment.delivery_note == "Left with neighbour"
    assert assignment.history[-1].note == "Left with neighbour"


def test_delivered_with_a_note_counts_as_delivered_and_completes_the_event(
    session: Session, season: CookieSeason
) -> None:
    bake(session, season)
    update_package_status(session, season.assignment.id, ASSEMBLED)
    update_package_status(
        session, season.assignment.id, DELIVERED, delivered_to="Left with neighbour"
    )

    progress = get_production_progress(session, season.event.id)

    packages = progress.packages
    assert (packages.pending, packages.assembled, packages.delivered) == (0, 0, 1)
    assert progress.is_complete is True


def test_pending_cannot_skip_to_delivered(session: Session, season: CookieSeason) -> None:
    bake(session, season)

    with pytest.raises(InvalidStatusTransition) as raised:
        update_package_status(session, season.assignment.id, DELIVERED)

    assert (raised.value.current, raised.value.target) == ("pending", "delivered")


@pytest.mark.parametrize(
    ("reach", "back"),
    [
        ([ASSEMBLED], PENDING),
        ([ASSEMBLED, DELIVERED], ASSEMBLED),
        ([ASSEMBLED, DELIVERED], PENDING),
        ([ASSEMBLED], ASSEMBLED),
        ([], PENDING),
    ],
    ids=["assembled-pending", "delivered-assembled", "delivered-pending", "same", "stay"],
)
def test_every_backward_or_standing_step_is_refused(
    session: Session,
    season: CookieSeason,
    reach: list[AssignmentStatus],
    back: AssignmentStatus,
) -> None:
    bake(session, season)
    for status in reach:
        update_package_status(session, season.assignment.id, status)

    with pytest.raises(InvalidStatusTransition):
        update_package_status(session, season.assignment.id, back)


def test_delivered_is_the_last_step(session: Session, season: CookieSeason) -> None:
    bake(session, season)
    update_package_status(session, season.assignment.id, ASSEMBLED)
    update_package_status(session, season.assignment.id, DELIVERED)

    with pytest.raises(InvalidStatusTransition):
        update_package_status(session, season.assignment.id, DELIVERED)


def test_unknown_status_and_misplaced_delivery_note_are_invalid(
    session: Session, season: CookieSeason
) -> None:
    bake(session, season)

    with pytest.raises(InvalidInput, match="unknown status"):
        update_package_status(session, season.assignment.id, "eaten")
    with pytest.raises(InvalidInput, match="delivery note"):
        update_package_status(session, season.assignment.id, ASSEMBLED, delivered_to="porch")


def test_unknown_assignment_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        update_package_status(session, 999_999, ASSEMBLED)
    with pytest.raises(NotFound):
        can_assemble_package(session, 999_999)
    with pytest.raises(NotFound):
        correct_package_status(session, 999_999, PENDING, "oops")


def test_a_correction_may_go_back_and_is_recorded(session: Session, season: CookieSeason) -> None:
    bake(session, season)
    update_package_status(session, season.assignment.id, ASSEMBLED)
    update_package_status(session, season.assignment.id, DELIVERED, delivered_to="porch")

    assignment = correct_package_status(
        session, season.assignment.id, ASSEMBLED, "wrong house, picked it back up"
    )

    assert assignment.status == ASSEMBLED
    assert assignment.delivered_at is None
    assert assignment.delivery_note == ""
    assert assignment.assembled_at is not None
    change = assignment.history[-1]
    assert (change.from_status, change.to_status, change.is_correction, change.note) == (
        DELIVERED,
        ASSEMBLED,
        True,
        "wrong house, picked it back up",
    )


def test_a_correction_back_to_pending_releases_the_cookies(
    session: Session, season: CookieSeason
) -> None:
    first, second, third = three_recipients(session, season)
    bake(session, season)
    update_package_status(session, first.id, ASSEMBLED)
    update_package_status(session, second.id, ASSEMBLED)

    corrected = correct_package_status(session, second.id, PENDING, "assembled the wrong box")

    assert corrected.assembled_at is None
    assert can_assemble_package(session, third.id).can_assemble is True


def test_a_correction_forward_still_needs_production(
    session: Session, season: CookieSeason
) -> None:
    with pytest.raises(IncompleteProduction):
        correct_package_status(session, season.assignment.id, DELIVERED, "delivered yesterday")

    bake(session, season)
    assignment = correct_package_status(
        session, season.assignment.id, DELIVERED, "delivered yesterday"
    )

    assert assignment.status == DELIVERED
    assert assignment.assembled_at is not None
    assert assignment.delivered_at is not None


def test_a_correction_needs_a_reason_and_a_different_status(
    session: Session, season: CookieSeason
) -> None:
    with pytest.raises(InvalidInput):
        correct_package_status(session, season.assignment.id, ASSEMBLED, "  ")
    with pytest.raises(InvalidStatusTransition):
        correct_package_status(session, season.assignment.id, PENDING, "no change")


def test_checking_every_pending_package_agrees_with_checking_each(
    session: Session, season: CookieSeason
) -> None:
    first, second, third = three_recipients(session, season)
    bake(session, season)
    update_package_status(session, first.id, ASSEMBLED)

    checks = check_pending_packages(session, season.event.id)

    assert set(checks) == {second.id, third.id}  # the first is assembled already
    for assignment_id, check in checks.items():
        assert check == can_assemble_package(session, assignment_id)


def test_checking_pending_packages_takes_the_same_statements_for_few_or_many(
    session: Session, season: CookieSeason, count_statements: Callable[[], Any]
) -> None:
    with count_statements() as few:
        check_pending_packages(session, season.event.id)
    three_recipients(session, season)
    for n in range(20):
        make_assignment(
            session, season.event, make_recipient(session, name=f"Extra {n}"), season.package
        )
    with count_statements() as many:
        checks = check_pending_packages(session, season.event.id)

    assert len(checks) > 20
    assert many.count == few.count
