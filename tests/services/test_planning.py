from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import MovementKind
from bakehouse.domain.seasons import ALL
from bakehouse.errors import InvalidInput, NotFound
from bakehouse.models import Event, Ingredient, Item, Product, ProductionRecord, Recipe
from bakehouse.models.types import utcnow
from bakehouse.services.events.planning import (
    IngredientNeed,
    ItemNeed,
    ItemUnits,
    get_event_needs,
    get_ingredient_needs,
    get_item_needs,
    get_recipe_needs,
    get_shopping_list,
)
from bakehouse.services.pantry.ledger import append_movement
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_lot, make_product, make_purchase
from tests.factories.planning import (
    make_assignment,
    make_bundle,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)

#: 3 × 2 cup of flour at 0.507 g/ml (239.900232 g a batch) + 2 × 250 g.
FLOUR_GRAMS = Decimal("1219.700696")
FIVE_POUNDS = Decimal("2267.96185")


@dataclass
class Season:
    flour: Ingredient
    bag: Product
    chocolate_chip: Recipe
    snickerdoodle: Recipe
    chip_cookie: Item
    snickerdoodle_cookie: Item
    event: Event


def _cookie_season(session: Session, *, recipients: int = 3, name: str = "Christmas") -> Season:
    """docs/product.md §2.3's example: a Cookie tin (6 chip + a Mini box of 4 chip and 6
    snickerdoodles), assigned twice to each recipient."""
    flour = make_ingredient(session, name=f"Flour {name}", density=Decimal("0.507"))
    chocolate_chip = make_recipe(
        session, name=f"Chocolate chip {name}", lines=[(flour, "2", "cup")]
    )
    snickerdoodle = make_recipe(session, name=f"Snickerdoodle {name}", lines=[(flour, "250", "g")])
    chip = make_item(session, chocolate_chip, name=f"Chip cookie {name}", items_per_batch=24)
    snick = make_item(session, snickerdoodle, name=f"Snickerdoodle {name}", items_per_batch=30)
    mini = make_bundle(session, name=f"Mini box {name}", contents=[(4, chip), (6, snick)])
    tin = make_bundle(session, name=f"Cookie tin {name}", contents=[(6, chip), (1, mini)])
    package = make_package(session, name=f"Tin gift {name}", contents=[(1, tin)])
    event = make_event(session, name=name, event_date=date(2026, 12, 24))
    for _ in range(recipients):
        make_assignment(session, event, make_recipient(session), package, quantity=2)
    bag = make_product(
        session,
        flour,
        name="5 lb bag",
        package_size=Decimal(5),
        package_unit="lb",
        is_preferred=True,
    )
    return Season(flour, bag, chocolate_chip, snickerdoodle, chip, snick, event)


def _bought_and_used_up(session: Session, product: Product, price: str, on: date) -> None:
    """A purchase that prices ``product``; its lot is used up, so on hand does not change."""
    lot = make_purchase(session, product, total_price=price, purchased_on=on)
    append_movement(
        session,
        lot,
        kind=MovementKind.ADJUSTMENT,
        quantity=-lot.quantity_remaining,
        value=-lot.value_remaining,
    )
    session.flush()


def _one_kilo_on_hand_and_a_bag_price(session: Session, season: Season) -> None:
    """1 kg in the pantry; the 5 lb bag was last bought at 4.50."""
    make_lot(session, season.flour, quantity="1000", cost="1.20")
    _bought_and_used_up(session, season.bag, "4.50", date(2026, 11, 1))


def test_nested_bundles_give_60_chip_cookies_and_36_snickerdoodles(session: Session) -> None:
    season = _cookie_season(session)
    assert get_item_needs(session, season.event.id) == [
        ItemNeed(
            season.chip_cookie.id,
            season.chip_cookie.name,
            season.chocolate_chip.id,
            season.chocolate_chip.name,
            60,
        ),
        ItemNeed(
            season.snickerdoodle_cookie.id,
            season.snickerdoodle_cookie.name,
            season.snickerdoodle.id,
            season.snickerdoodle.name,
            36,
        ),
    ]


def test_60_and_36_cookies_at_24_and_30_a_batch_are_3_and_2_batches(session: Session) -> None:
    season = _cookie_season(session)
    needs = get_recipe_needs(session, season.event.id)
    assert [(n.recipe_id, n.batches) for n in needs] == [
        (season.chocolate_chip.id, 3),
        (season.snickerdoodle.id, 2),
    ]
    assert needs[0].items == (ItemUnits(season.chip_cookie.id, season.chip_cookie.name, 60),)


def test_batches_sum_exact_fractions_over_a_recipes_items(session: Session) -> None:
    recipe = make_recipe(session, name="Sugar cookies")
    large = make_item(session, recipe, name="Large sugar cookie", items_per_batch=12)
    small = make_item(session, recipe, name="Small sugar cookie", items_per_batch=36)
    package = make_package(session, contents=[(1, large), (1, small)])
    event = make_event(session)
    make_assignment(session, event, make_recipient(session), package, quantity=18)
    [need] = get_recipe_needs(session, event.id)
    assert need.batches == 2
    assert [(i.item, i.units) for i in need.items] == [
        ("Large sugar cookie", 18),
        ("Small sugar cookie", 18),
    ]


def test_flour_in_cups_and_grams_sums_in_grams(session: Session) -> None:
    season = _cookie_season(session)
    assert get_ingredient_needs(session, season.event.id) == [
        IngredientNeed(season.flour.id, season.flour.name, "g", FLOUR_GRAMS)
    ]


def test_an_event_without_assignments_needs_nothing(session: Session) -> None:
    event = make_event(session)
    needs = get_event_needs(session, event.id)
    assert (needs.items, needs.recipes, needs.ingredients) == ((), (), ())
    with pytest.raises(NotFound):
        get_event_needs(session, 999_999)


def test_shopping_list_for_the_acceptance_flour(session: Session) -> None:
    season = _cookie_season(session)
    _one_kilo_on_hand_and_a_bag_price(session, season)
    shopping = get_shopping_list(session, season.event.id)
    [line] = shopping.lines
    assert (line.needed, line.on_hand) == (FLOUR_GRAMS, Decimal("1000"))
    assert line.shortfall == FLOUR_GRAMS - 1000
    assert (line.product_id, line.package_size) == (season.bag.id, FIVE_POUNDS)
    assert "5 lb bag" in (line.product or "")
    assert (line.packages_to_buy, line.package_price, line.estimated_cost) == (
        1,
        Decimal("4.50"),
        Decimal("4.50"),
    )
    assert line.leftover_after_plan == 1000 + FIVE_POUNDS - FLOUR_GRAMS
    assert line.cost_note is None
    assert shopping.estimated_total == Decimal("4.50")
    assert (shopping.unpriced, shopping.unbuyable, shopping.is_complete) == ((), (), True)
    assert shopping.scope == "Christmas (2026-12-24)"
    assert shopping.event_ids == (season.event.id,)


def test_the_preferred_product_wins_over_a_cheaper_one(session: Session) -> None:
    season = _cookie_season(session)
    _one_kilo_on_hand_and_a_bag_price(session, season)
    sack = make_product(
        session, season.flour, name="Sack", package_size=Decimal(10), package_unit="kg"
    )
    _bought_and_used_up(session, sack, "5.00", date(2026, 11, 2))
    [line] = get_shopping_list(session, season.event.id).lines
    assert line.product_id == season.bag.id


def test_without_a_preferred_product_the_cheapest_per_unit_is_bought(session: Session) -> None:
    sugar = make_ingredient(session)
    recipe = make_recipe(session, lines=[(sugar, "3", "kg")])
    event = _event_needing(session, recipe, batches=1)
    small = make_product(session, sugar, name="1 kg", package_size=Decimal(1), package_unit="kg")
    large = make_product(session, sugar, name="2 kg", package_size=Decimal(2), package_unit="kg")
    make_product(session, sugar, name="Never bought", package_size=Decimal(5), package_unit="kg")
    _bought_and_used_up(session, small, "2.00", date(2026, 1, 1))
    _bought_and_used_up(session, large, "3.00", date(2026, 1, 1))
    [line] = get_shopping_list(session, event.id).lines
    assert (line.product_id, line.packages_to_buy, line.estimated_cost) == (
        large.id,
        2,
        Decimal("6.00"),
    )
    assert line.leftover_after_plan == Decimal(1000)


def test_a_product_never_bought_is_priced_at_the_ingredients_latest_unit_price(
    session: Session,
) -> None:
    sugar = make_ingredient(session)
    make_lot(session, sugar, quantity="100", cost="0.50")  # opening stock: 0.005 a gram
    recipe = make_recipe(session, lines=[(sugar, "600", "g")])
    event = _event_needing(session, recipe, batches=1)
    bag = make_product(session, sugar, name="Bag", package_size=Decimal(1), package_unit="kg")
    [line] = get_shopping_list(session, event.id).lines
    assert (line.product_id, line.shortfall, line.packages_to_buy) == (bag.id, 500, 1)
    assert (line.package_price, line.estimated_cost) == (Decimal("5.00"), Decimal("5.00"))


def test_an_ingredient_never_bought_is_reported_unpriced(session: Session) -> None:
    vanilla = make_ingredient(session, name="Vanilla", measure=Measure.VOLUME)
    make_product(session, vanilla, name="Bottle", package_size=Decimal(59), package_unit="ml")
    flour = make_ingredient(session, name="Plain flour")
    make_lot(session, flour, quantity="5000", cost="5.00")
    make_product(session, flour, name="Sack")
    recipe = make_recipe(session, lines=[(vanilla, "1", "tsp"), (flour, "100", "g")])
    event = _event_needing(session, recipe, batches=1)
    shopping = get_shopping_list(session, event.id)
    by_name = {line.ingredient: line for line in shopping.lines}
    assert (by_name["Vanilla"].packages_to_buy, by_name["Vanilla"].estimated_cost) == (1, None)
    assert by_name["Vanilla"].cost_note == "no price"
    # Enough flour on hand: nothing to buy, nothing to pay, nothing missing.
    assert (by_name["Plain flour"].packages_to_buy, by_name["Plain flour"].estimated_cost) == (
        0,
        Decimal(0),
    )
    assert by_name["Plain flour"].leftover_after_plan == Decimal(4900)
    assert shopping.unpriced == ("Vanilla",)
    assert shopping.estimated_total == 0
    assert not shopping.is_complete


def test_an_ingredient_with_no_product_is_reported_unbuyable(session: Session) -> None:
    eggs = make_ingredient(session, name="Eggs", measure=Measure.COUNT)
    make_lot(session, eggs, quantity="2", cost="0.60")
    butter = make_ingredient(session, name="Butter")
    make_lot(session, butter, quantity="1000", cost="8.00")
    recipe = make_recipe(session, lines=[(eggs, "3", "each"), (butter, "100", "g")])
    event = _event_needing(session, recipe, batches=1)
    shopping = get_shopping_list(session, event.id)
    by_name = {line.ingredient: line for line in shopping.lines}
    eggs_line = by_name["Eggs"]
    assert (eggs_line.unit, eggs_line.shortfall, eggs_line.leftover_after_plan) == ("each", 1, 0)
    assert (eggs_line.product, eggs_line.packages_to_buy, eggs_line.estimated_cost) == (
        None,
        None,
        None,
    )
    assert eggs_line.cost_note == "no product"
    assert by_name["Butter"].cost_note is None  # enough on hand: no product needed
    assert by_name["Butter"].leftover_after_plan == 900
    assert shopping.unbuyable == ("Eggs",)


def test_a_product_sized_in_a_unit_the_ingredient_cannot_use_is_skipped(session: Session) -> None:
    eggs = make_ingredient(session, name="Eggs", measure=Measure.COUNT)
    make_product(
        session, eggs, name="Carton by weight", package_size=Decimal(600), package_unit="g"
    )
    recipe = make_recipe(session, lines=[(eggs, "1", "dozen")])
    event = _event_needing(session, recipe, batches=1)
    [line] = get_shopping_list(session, event.id).lines
    assert (line.needed, line.cost_note) == (Decimal(12), "no product")


def test_batches_already_baked_are_not_bought_for_again(session: Session) -> None:
    season = _cookie_season(session)
    session.add_all(
        [
            ProductionRecord(
                event=season.event,
                recipe=season.chocolate_chip,
                batches=2,
                actual_cost=Decimal("1.00"),
            ),
            ProductionRecord(
                event=season.event,
                recipe=season.snickerdoodle,
                batches=2,
                actual_cost=Decimal("1.00"),
                reversed_at=utcnow(),
            ),
        ]
    )
    session.flush()
    [line] = get_shopping_list(session, season.event.id).lines
    # One chocolate chip batch (239.900232 g) and both snickerdoodle batches (500 g) to go.
    assert line.needed == Decimal("739.900232")


def test_shopping_for_all_upcoming_events_sums_their_needs(session: Session) -> None:
    first = _cookie_season(session, name="Advent")
    second = _cookie_season(session, name="Yule", recipients=1)
    past = _cookie_season(session, name="Last year")
    past.event.event_date = date(2025, 12, 24)
    second.event.event_date = date(2026, 12, 31)
    session.flush()
    shopping = get_shopping_list(session, upcoming=True, today=date(2026, 12, 1))
    assert shopping.event_ids == (first.event.id, second.event.id)
    assert shopping.scope == "all upcoming events (from 2026-12-01): Advent, Yule"
    assert [line.ingredient for line in shopping.lines] == [first.flour.name, second.flour.name]
    # Yule: 20 chip cookies (1 batch) and 12 snickerdoodles (1 batch).
    assert shopping.lines[1].needed == Decimal("489.900232")


def test_no_upcoming_events_make_an_empty_list(session: Session) -> None:
    shopping = get_shopping_list(session, upcoming=True, today=date(2999, 1, 1))
    assert (shopping.lines, shopping.event_ids, shopping.estimated_total) == ((), (), 0)
    assert shopping.scope == "all upcoming events (from 2999-01-01): no events"


@pytest.mark.parametrize(
    "kwargs", [{"event_id": 1, "upcoming": True}, {"upcoming": True, "scope": ALL}]
)
def test_shopping_takes_at_most_one_of_an_event_a_scope_or_upcoming(
    session: Session, kwargs: dict[str, Any]
) -> None:
    with pytest.raises(InvalidInput):
        get_shopping_list(session, **kwargs)


def test_unknown_event_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        get_shopping_list(session, 999_999)
    with pytest.raises(NotFound):
        get_recipe_needs(session, 999_999)


@pytest.mark.parametrize(
    "plan",
    [
        lambda s, e: get_item_needs(s, e),
        lambda s, e: get_recipe_needs(s, e),
        lambda s, e: get_ingredient_needs(s, e),
        lambda s, e: get_shopping_list(s, e),
    ],
    ids=["items", "recipes", "ingredients", "shopping"],
)
def test_planning_takes_as_many_statements_for_a_large_event_as_a_small_one(
    session: Session,
    count_statements: Callable[[], Any],
    plan: Callable[[Session, int], object],
) -> None:
    small = _cookie_season(session, name="Small", recipients=1)
    large = _cookie_season(session, name="Large", recipients=40)
    extra = make_package(
        session, contents=[(3, small.chip_cookie), (2, large.snickerdoodle_cookie)]
    )
    for _ in range(25):
        make_assignment(session, large.event, make_recipient(session), extra)
    for season in (small, large):
        _one_kilo_on_hand_and_a_bag_price(session, season)
    session.expire_all()
    with count_statements() as small_count:
        plan(session, small.event.id)
    session.expire_all()
    with count_statements() as large_count:
        plan(session, large.event.id)
    assert small_count.count == large_count.count
    assert large_count.count <= 12


def _event_needing(session: Session, recipe: Recipe, *, batches: int) -> Event:
    item = make_item(session, recipe, items_per_batch=10)
    package = make_package(session, contents=[(10, item)])
    event = make_event(session)
    make_assignment(session, event, make_recipient(session), package, quantity=batches)
    return event
