"""List prices, shopping-list ticks and recording what was bought (docs/product.md §6.17)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.errors import InvalidInput, NotFound
from bakehouse.models import Event, Ingredient, Lot, Product, Purchase, ShoppingTick
from bakehouse.services.catalog import create_product, update_product
from bakehouse.services.catalog.prices import latest_unit_prices
from bakehouse.services.events.seasons import create_season
from bakehouse.services.pantry.counted import Count, take_stock
from bakehouse.services.pantry.shopping import (
    BoughtLine,
    get_shopping_view,
    list_aisles,
    list_for_key,
    record_bought,
    set_aisles,
    set_tick,
)
from bakehouse.services.production.figures import cost_totals, load_event_figures
from tests.factories.catalog import make_ingredient, make_product, make_purchase
from tests.factories.planning import (
    make_assignment,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)

TODAY = date(2026, 12, 1)
SEEN = date(2026, 11, 28)


@dataclass
class Kitchen:
    flour: Ingredient
    sugar: Ingredient
    butter: Ingredient
    flour_bag: Product
    sugar_bag: Product
    butter_block: Product
    event: Event


def _kitchen(session: Session, name: str = "Cookies") -> Kitchen:
    """One recipe of 1500 g flour, 600 g sugar and 450 g butter a batch; one event needs
    two batches: 3000 g flour (two 2 kg bags), 1200 g sugar (one 2 kg bag), 900 g butter
    (two 500 g blocks)."""
    flour = make_ingredient(session, name=f"Flour {name}", category="baking")
    sugar = make_ingredient(session, name=f"Sugar {name}", category="baking")
    butter = make_ingredient(session, name=f"Butter {name}", category="dairy")
    flour_bag = make_product(session, flour, package_size=Decimal(2000), is_preferred=True,
                             list_price=Decimal("3.50"), list_price_on=SEEN)  # fmt: skip
    sugar_bag = make_product(session, sugar, package_size=Decimal(2000),
                             list_price=Decimal("2.80"), list_price_on=SEEN)  # fmt: skip
    butter_block = make_product(session, butter, package_size=Decimal(500),
                                list_price=Decimal("4.25"), list_price_on=SEEN)  # fmt: skip
    recipe = make_recipe(
        session, name=f"Recipe {name}",
        lines=[(flour, "1500", "g"), (sugar, "600", "g"), (butter, "450", "g")],
    )  # fmt: skip
    cookie = make_item(session, recipe, items_per_batch=10, name=f"Cookie {name}")
    tin = make_package(session, contents=[(10, cookie)], name=f"Tin {name}")
    event = make_event(session, name=f"Party {name}", event_date=date(2026, 12, 20))
    make_assignment(session, event, make_recipient(session), tin, quantity=2)
    return Kitchen(flour, sugar, butter, flour_bag, sugar_bag, butter_block, event)


def test_list_prices_price_the_plan_and_the_bill_as_estimates(session: Session) -> None:
    k = _kitchen(session)
    season = create_season(session, name="Winter", starts_on="2026-12-01", ends_on="2027-01-31")
    shopping = list_for_key(session, f"season:{season.id}", today=TODAY)
    assert shopping.event_ids == (k.event.id,)
    lines = {line.ingredient_id: line for line in shopping.lines}
    # By hand: 2 × 3.50 + 1 × 2.80 + 2 × 4.25 = 18.30.
    assert [lines[i.id].estimated_cost for i in (k.flour, k.sugar, k.butter)] == [
        Decimal("7.00"), Decimal("2.80"), Decimal("8.50")
    ]  # fmt: skip
    assert shopping.estimated_total == Decimal("18.30")
    assert all(line.price_is_estimate for line in shopping.lines)
    assert shopping.unpriced == ()
    assert set(shopping.estimated) == {k.flour.name, k.sugar.name, k.butter.name}
    # Planned cost: 2 batches × (1500 × 3.50/2000 + 600 × 2.80/2000 + 450 × 4.25/500).
    [recipe] = load_event_figures(session, [k.event.id])[k.event.id].recipes
    planned = 2 * (Decimal("2.625") + Decimal("0.84") + Decimal("3.825"))
    assert recipe.planned_cost == planned
    assert (recipe.unpriced, recipe.estimated) == (False, True)
    assert cost_totals(load_event_figures(session, [k.event.id])[k.event.id]).estimated

    # A purchase newer than the list price: that line uses it and is no estimate.
    make_purchase(session, k.flour_bag, total_price="8.00", packages=2,
                  purchased_on=date(2026, 11, 30))  # fmt: skip
    after = list_for_key(session, f"season:{season.id}", today=TODAY)
    flour = next(line for line in after.lines if line.ingredient_id == k.flour.id)
    assert (flour.package_price, flour.price_is_estimate) == (Decimal("4.00"), False)
    assert latest_unit_prices(session, [k.flour.id])[k.flour.id].estimate is False
    # A list price seen after that purchase is newer again: an estimate.
    update_product(session, k.flour_bag.id, list_price="3.90", list_price_on="2026-12-01")
    again = latest_unit_prices(session, [k.flour.id])[k.flour.id]
    assert (again.cost, again.estimate) == (Decimal("3.9000"), True)


def test_no_price_at_all_stays_unpriced_never_zero(session: Session) -> None:
    k = _kitchen(session)
    update_product(session, k.butter_block.id, list_price=None)
    shopping = list_for_key(session, f"event:{k.event.id}", today=TODAY)
    butter = next(line for line in shopping.lines if line.ingredient_id == k.butter.id)
    assert (butter.estimated_cost, butter.cost_note) == (None, "no price")
    assert shopping.unpriced == (k.butter.name,)
    assert k.butter.id not in latest_unit_prices(session, [k.butter.id])


def test_found_stock_is_priced_at_the_list_price_when_never_bought(session: Session) -> None:
    """The one pricing seam (docs/product.md §6.14): found stock takes the list price."""
    k = _kitchen(session)
    taken = take_stock(session, [Count(k.sugar.id, "1000")], reason="count", counted_on=TODAY)
    [line] = taken.lines
    assert (line.value, line.unpriced) == (Decimal("1.40"), False)


def test_a_list_price_is_checked_and_cleared(session: Session) -> None:
    k = _kitchen(session)
    with pytest.raises(InvalidInput) as error:
        update_product(session, k.sugar_bag.id, list_price="-1")
    assert error.value.field == "list_price"
    product = create_product(
        session, ingredient_id=k.sugar.id, name="Big sugar", package_size="5000",
        package_unit="g", list_price="6.10", list_price_store="Corner shop",
    )  # fmt: skip
    assert (product.list_price, product.list_price_store) == (Decimal("6.10"), "Corner shop")
    assert product.list_price_on == date.today()
    update_product(session, product.id, list_price="")
    assert (product.list_price, product.list_price_on, product.list_price_store) == (
        None, None, None
    )  # fmt: skip


def test_ticks_are_shared_and_say_when_the_line_changed(session: Session) -> None:
    k = _kitchen(session)
    key = f"event:{k.event.id}"
    set_tick(session, key, k.flour.id, by="ann", today=TODAY)
    set_tick(session, key, k.sugar.id, shortfall="1200", by="bob", today=TODAY)
    set_tick(session, key, k.sugar.id, shortfall="9", by="bob", today=TODAY)  # kept as first
    view = get_shopping_view(session, k.event.id, today=TODAY)
    assert set(view.ticks) == {k.flour.id, k.sugar.id}
    assert {t.ticked_by for t in view.ticks.values()} == {"ann", "bob"}
    assert not any(t.changed for t in view.ticks.values())
    # The plan grows: the flour line asks for more, the tick stays and says so.
    make_assignment(session, k.event, make_recipient(session),
                    make_package(session, contents=[]), quantity=1)  # fmt: skip
    take_stock(session, [Count(k.flour.id, "1000")], reason="found a bag", counted_on=TODAY)
    view = get_shopping_view(session, k.event.id, today=TODAY)
    assert view.ticks[k.flour.id].changed
    assert not view.ticks[k.sugar.id].changed
    set_tick(session, key, k.flour.id, ticked=False, today=TODAY)
    assert set(get_shopping_view(session, k.event.id, today=TODAY).ticks) == {k.sugar.id}


def test_recording_the_ticked_lines_buys_them_once(session: Session) -> None:
    k = _kitchen(session)
    key = f"event:{k.event.id}"
    for ingredient in (k.flour, k.butter):
        set_tick(session, key, ingredient.id, today=TODAY)
    bought = record_bought(
        session, key,
        [BoughtLine(k.flour.id), BoughtLine(k.butter.id, packages="2", total_price="8.00",
                                             best_before="2027-01-05")],
        store="Market", today=TODAY,
    )  # fmt: skip
    by_product = {p.product_id: p for p in bought.purchases}
    assert set(by_product) == {k.flour_bag.id, k.butter_block.id}
    flour = by_product[k.flour_bag.id]
    assert (flour.packages, flour.total_price, flour.supplier) == (
        Decimal(2), Decimal("7.00"), "Market"
    )  # fmt: skip
    assert by_product[k.butter_block.id].lot.best_before == date(2027, 1, 5)
    # The list recomputes: flour and butter covered, their ticks gone; sugar still to buy.
    view = get_shopping_view(session, k.event.id, today=TODAY)
    assert view.ticks == {}
    short = {line.ingredient_id for line in view.shopping.lines if line.shortfall > 0}
    assert short == {k.sugar.id}
    # A second submit finds nothing ticked and records nothing.
    with pytest.raises(InvalidInput) as error:
        record_bought(session, key, today=TODAY)
    assert error.value.field == "lines"
    assert session.scalar(select(func.count()).select_from(Purchase)) == 2


def test_recording_is_all_or_nothing_and_names_the_line(session: Session) -> None:
    k = _kitchen(session)
    key = f"event:{k.event.id}"
    set_tick(session, key, k.flour.id, today=TODAY)
    set_tick(session, key, k.sugar.id, today=TODAY)
    with pytest.raises(InvalidInput) as error:
        record_bought(session, key, [BoughtLine(k.flour.id),
                                     BoughtLine(k.sugar.id, product_id=k.flour_bag.id)],
                      today=TODAY)  # fmt: skip
    assert error.value.field == "lines.1.product"
    assert k.sugar.name in str(error.value)
    with pytest.raises(InvalidInput, match="not ticked"):
        record_bought(session, key, [BoughtLine(k.butter.id)], today=TODAY)
    with pytest.raises(InvalidInput, match="twice"):
        record_bought(session, key, [BoughtLine(k.flour.id), BoughtLine(k.flour.id)],
                      today=TODAY)  # fmt: skip
    with pytest.raises(InvalidInput) as error:
        record_bought(session, key, [BoughtLine(k.flour.id, packages="0")], today=TODAY)
    assert error.value.field == "lines.0.packages"


def test_an_unpriced_ticked_line_asks_for_the_price_paid(session: Session) -> None:
    k = _kitchen(session)
    update_product(session, k.butter_block.id, list_price=None)
    key = f"event:{k.event.id}"
    set_tick(session, key, k.butter.id, today=TODAY)
    with pytest.raises(InvalidInput) as error:
        record_bought(session, key, today=TODAY)
    assert error.value.field == "lines.0.total_price"
    [purchase] = record_bought(
        session, key, [BoughtLine(k.butter.id, total_price="9.10")], today=TODAY
    ).purchases
    assert purchase.total_price == Decimal("9.10")


def test_a_season_list_keeps_its_own_ticks_and_records_them(session: Session) -> None:
    k = _kitchen(session)
    season = create_season(session, name="Winter", starts_on="2026-12-01", ends_on="2027-01-31")
    key = f"season:{season.id}"
    view = get_shopping_view(session, scope_choice=str(season.id), today=TODAY)
    assert view.shopping.scope_key == key
    set_tick(session, key, k.sugar.id, today=TODAY)
    assert set(get_shopping_view(session, scope_choice=str(season.id), today=TODAY).ticks) == {
        k.sugar.id
    }
    assert get_shopping_view(session, k.event.id, today=TODAY).ticks == {}  # another scope
    [purchase] = record_bought(session, key, today=TODAY).purchases
    assert purchase.product_id == k.sugar_bag.id
    assert session.scalar(select(func.count()).select_from(ShoppingTick)) == 0


def test_ticks_clear_when_the_scope_is_past(session: Session) -> None:
    k = _kitchen(session)
    old = make_event(session, name="Last year", event_date=date(2025, 12, 20))
    set_tick(session, f"event:{old.id}", k.flour.id, shortfall="1", today=date(2025, 12, 1))
    set_tick(session, f"event:{k.event.id}", k.flour.id, today=TODAY)
    keys = set(session.scalars(select(ShoppingTick.scope_key)))
    assert keys == {f"event:{k.event.id}"}


def test_bad_keys_and_unknown_things_are_refused(session: Session) -> None:
    k = _kitchen(session)
    with pytest.raises(InvalidInput) as error:
        set_tick(session, "tuesday", k.flour.id, today=TODAY)
    assert error.value.field == "scope"
    with pytest.raises(NotFound):
        set_tick(session, "upcoming", 999_999, today=TODAY)
    with pytest.raises(NotFound):
        list_for_key(session, "event:999999", today=TODAY)
    with pytest.raises(InvalidInput, match="not on this shopping list"):
        set_tick(session, "upcoming", make_ingredient(session).id, today=TODAY)
    with pytest.raises(InvalidInput):
        set_tick(session, "upcoming", k.flour.id, shortfall="-2", today=TODAY)
    with pytest.raises(InvalidInput):
        record_bought(session, "upcoming", today=TODAY)


def test_lines_are_grouped_by_aisle_in_the_bakers_order(session: Session) -> None:
    k = _kitchen(session)
    view = get_shopping_view(session, k.event.id, today=TODAY)
    assert [g.aisle for g in view.aisles] == ["baking", "dairy"]
    assert set_aisles(session, ["Dairy", " ", "baking"]) == ["dairy", "baking"]
    assert list_aisles(session) == ["dairy", "baking"]
    view = get_shopping_view(session, k.event.id, today=TODAY)
    assert [g.aisle for g in view.aisles] == ["dairy", "baking"]
    with pytest.raises(InvalidInput):
        set_aisles(session, ["dairy", "Dairy"])


def test_the_shopping_view_takes_two_statements_more_than_the_list(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    small = _kitchen(session, "Small")
    large = _kitchen(session, "Large")
    for _ in range(20):
        make_assignment(session, large.event, make_recipient(session),
                        make_package(session, contents=[]), quantity=1)  # fmt: skip
    for ingredient in (large.flour, large.sugar, large.butter):
        set_tick(session, f"event:{large.event.id}", ingredient.id, today=TODAY)
    counts = []
    for event in (small.event, large.event):
        session.expire_all()
        with count_statements() as counted:
            get_shopping_view(session, event.id, today=TODAY)
        counts.append(counted.count)
    assert counts[0] == counts[1] <= 14
    assert session.scalar(select(func.count()).select_from(Lot)) == 0
