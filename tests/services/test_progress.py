"""One event's progress and its cost breakdown (docs/product.md §2.4, §3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bakehouse.domain.costing import variance
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.errors import NotFound
from bakehouse.schemas.base import to_json
from bakehouse.schemas.production import ProductionProgressRead
from bakehouse.services.events.status import update_package_status
from bakehouse.services.production.bakes import record_production, reverse_production
from bakehouse.services.production.progress import (
    get_production_progress,
    get_recipe_cost_breakdown,
)
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
from tests.factories.season import CookieSeason, bake, make_cookie_season


@pytest.fixture
def season(session: Session) -> CookieSeason:
    return make_cookie_season(session)


def test_before_any_bake_the_plan_shows_what_is_needed_and_its_planned_cost(
    session: Session, season: CookieSeason
) -> None:
    progress = get_production_progress(session, season.event.id)

    assert (progress.event_id, progress.event_name, progress.event_date) == (
        season.event.id,
        "Christmas 2024",
        date(2024, 12, 25),
    )
    [recipe] = progress.recipes
    assert (recipe.recipe_id, recipe.recipe_name) == (season.recipe.id, "Test Cookies")
    assert (recipe.batches_required, recipe.batches_produced, recipe.is_complete) == (1, 0, False)
    assert recipe.planned_cost == Decimal("1.50")
    assert recipe.actual_cost == Decimal("0.00")
    assert recipe.unpriced is False
    assert progress.packages.pending == 1
    assert progress.packages.total == 1
    assert progress.costs.actual_total == Decimal("0")
    assert progress.costs.planned_total == Decimal("1.50")
    assert progress.is_complete is False
    assert progress.has_packages is True


def test_before_any_bake_there_is_no_variance_and_the_forecast_is_the_plan(
    session: Session, season: CookieSeason
) -> None:
    """Not −$1.50 / −100 %: nothing baked is nothing saved (docs/product.md §6.15)."""
    breakdown = get_recipe_cost_breakdown(session, season.event.id)

    [row] = breakdown.rows
    assert (row.variance, row.variance_percent, row.variance_state) == (None, None, "not started")
    assert (row.still_to_bake_cost, row.forecast_cost) == (Decimal("1.50"), Decimal("1.50"))
    assert (breakdown.variance, breakdown.variance_percent) == (None, None)
    assert breakdown.forecast_total == Decimal("1.50")


def test_after_one_batch_the_recipe_is_complete_and_under_plan(
    session: Session, season: CookieSeason
) -> None:
    bake(session, season)

    progress = get_production_progress(session, season.event.id)
    breakdown = get_recipe_cost_breakdown(session, season.event.id)

    [recipe] = progress.recipes
    assert (recipe.batches_produced, recipe.is_complete) == (1, True)
    assert recipe.actual_cost == Decimal("1.10")
    assert progress.costs.actual_total == Decimal("1.10")
    [row] = breakdown.rows
    assert (row.batches_required, row.batches_produced) == (1, 1)
    assert (row.actual_cost, row.planned_cost) == (Decimal("1.10"), Decimal("1.50"))
    assert row.variance == Decimal("-0.40")
    assert row.variance_percent == Decimal("-26.67")


@pytest.mark.parametrize(
    ("actual", "planned", "amount", "percent"),
    [
        ("45", "50", "-5.00", "-10.0"),
        ("0", "0", "0", "0.0"),
        ("3.20", "0", "3.20", "100.0"),
    ],
    ids=["under", "nothing-planned-nothing-spent", "nothing-planned-something-spent"],
)
def test_variance_follows_the_product_rule(
    actual: str, planned: str, amount: str, percent: str
) -> None:
    result = variance(Decimal(actual), Decimal(planned))

    assert result.amount == Decimal(amount)
    assert result.percent == Decimal(percent)


def test_a_bake_of_a_recipe_the_plan_does_not_need_is_counted(
    session: Session, season: CookieSeason
) -> None:
    fudge = make_recipe(session, name="Fudge", lines=[(season.sugar, "2", "cup")])

    record_production(
        session, event_id=season.event.id, recipe_id=fudge.id, batches=1, confirm=["over_plan"]
    )

    progress = get_production_progress(session, season.event.id)
    by_name = {r.recipe_name: r for r in progress.recipes}
    assert list(by_name) == ["Fudge", "Test Cookies"]
    extra = by_name["Fudge"]
    assert (extra.batches_required, extra.batches_produced, extra.is_complete) == (0, 1, True)
    assert extra.actual_cost == Decimal("0.60")
    assert extra.planned_cost == 0
    assert progress.costs.actual_total == Decimal("0.60")
    [fudge_row] = [
        r
        for r in get_recipe_cost_breakdown(session, season.event.id).rows
        if r.recipe_id == fudge.id
    ]
    # Its one batch cost what one batch is planned to cost; the forecast shows the $0.60
    # the plan never had (docs/product.md §6.15).
    assert (fudge_row.variance, fudge_row.variance_percent) == (Decimal("0.00"), Decimal(0))
    assert (fudge_row.planned_cost, fudge_row.forecast_cost) == (Decimal("0.00"), Decimal("0.60"))


def test_reversed_bakes_no_longer_count(session: Session, season: CookieSeason) -> None:
    bake_id = bake(session, season, 2).record.id
    reverse_production(session, bake_id, "burnt")

    [recipe] = get_production_progress(session, season.event.id).recipes

    assert (recipe.batches_produced, recipe.actual_cost) == (0, 0)


def test_packages_are_counted_in_packages_by_status(session: Session, season: CookieSeason) -> None:
    make_assignment(session, season.event, make_recipient(session), season.package, quantity=3)
    bake(session, season, 2)
    update_package_status(session, season.assignment.id, AssignmentStatus.ASSEMBLED)

    packages = get_production_progress(session, season.event.id).packages

    assert (packages.total, packages.pending, packages.assembled, packages.delivered) == (
        4,
        3,
        1,
        0,
    )


def test_an_event_without_packages_is_never_complete(session: Session) -> None:
    empty = make_event(session, name="Quiet year")

    progress = get_production_progress(session, empty.id)

    assert progress.recipes == ()
    assert progress.packages.total == 0
    assert progress.has_packages is False
    assert progress.is_complete is False


def test_an_ingredient_never_bought_leaves_the_planned_cost_unpriced(
    session: Session, season: CookieSeason
) -> None:
    saffron = make_ingredient(session, name="Saffron")
    fancy = make_recipe(
        session, name="Saffron buns", lines=[(season.flour, "1", "cup"), (saffron, "1", "g")]
    )
    bun = make_item(session, fancy, items_per_batch=12)
    package = make_package(session, contents=[(6, bun)])
    make_assignment(session, season.event, season.recipient, package)

    progress = get_production_progress(session, season.event.id)

    buns = next(r for r in progress.recipes if r.recipe_name == "Saffron buns")
    assert buns.unpriced is True
    assert buns.planned_cost == Decimal("0.60")  # the flour alone
    assert progress.costs.unpriced is True
    assert get_recipe_cost_breakdown(session, season.event.id).unpriced is True


def test_nested_bundles_add_up_to_whole_batches(session: Session, season: CookieSeason) -> None:
    tin = make_bundle(session, contents=[(2, season.bundle)])  # 24 cookies
    hamper = make_package(session, contents=[(1, tin), (6, season.cookie)])  # 30
    make_assignment(session, season.event, make_recipient(session), hamper)

    [recipe] = get_production_progress(session, season.event.id).recipes

    assert recipe.batches_required == 2  # ceil((12 + 30) / 24)
    assert recipe.planned_cost == Decimal("3.00")


def test_unknown_event_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        get_production_progress(session, 999_999)
    with pytest.raises(NotFound):
        get_recipe_cost_breakdown(session, 999_999)


def test_progress_serialises_with_the_contract_field_names(
    session: Session, season: CookieSeason
) -> None:
    progress = get_production_progress(session, season.event.id)
    data = to_json(ProductionProgressRead.model_validate(progress))

    assert set(data) >= {
        "event_id",
        "event_name",
        "event_date",
        "recipes",
        "packages",
        "costs",
        "is_complete",
    }
    assert set(data["recipes"][0]) >= {
        "recipe_id",
        "recipe_name",
        "batches_required",
        "batches_produced",
        "is_complete",
        "actual_cost",
        "planned_cost",
    }
    assert set(data["packages"]) == {"total", "pending", "assembled", "delivered"}
    assert set(data["costs"]) >= {"actual_total", "planned_total"}


def _event_of_size(session: Session, recipes: int, recipients: int) -> int:
    event = make_event(session)
    contents = []
    for _ in range(recipes):
        ingredient = make_ingredient(session)
        make_lot(session, ingredient, quantity="100000", cost="100")
        recipe = make_recipe(session, lines=[(ingredient, "100", "g")])
        contents.append((6, make_item(session, recipe)))
    package = make_package(session, contents=[(1, make_bundle(session, contents=contents))])
    for n in range(recipients):
        assignment = make_assignment(session, event, make_recipient(session), package)
        if n == 0:
            for _, item in contents:
                record_production(
                    session,
                    event_id=event.id,
                    recipe_id=item.recipe_id,
                    batches=1,
                    confirm=["over_plan"],
                )
            update_package_status(session, assignment.id, AssignmentStatus.ASSEMBLED)
    return event.id


@pytest.mark.parametrize("service", [get_production_progress, get_recipe_cost_breakdown])
def test_progress_and_breakdown_issue_the_same_statements_for_small_and_large_events(
    session: Session, count_statements: Callable[[], Any], service: Callable[..., Any]
) -> None:
    small = _event_of_size(session, recipes=1, recipients=1)
    large = _event_of_size(session, recipes=8, recipients=20)

    with count_statements() as for_small:
        service(session, small)
    with count_statements() as for_large:
        service(session, large)

    assert for_small.count == for_large.count
    assert for_large.count < 10
