"""Season over season, price history and a recipient's gifts (docs/product.md §6.21),
checked against figures worked by hand (tests/factories/comparison.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bakehouse.errors import InvalidInput, NotFound
from bakehouse.models import RecipeLine
from bakehouse.services.catalog.price_history import NO_STORE, get_price_history
from bakehouse.services.events.comparison import compare
from bakehouse.services.events.history import event_costs, recipient_gifts
from bakehouse.services.events.seasons import create_season
from bakehouse.services.pantry.stock import add_opening_stock
from tests.factories.catalog import make_ingredient
from tests.factories.comparison import buy, make_two_christmases
from tests.factories.planning import make_assignment, make_event, make_recipient

D = Decimal


def test_two_cloned_seasons_compare_to_the_cent_as_worked_by_hand(session: Session) -> None:
    make_two_christmases(session)
    result = compare(session, "season", "Holiday 2025", "holiday-2026")
    before, after = result.before, result.after
    assert (before.label, before.events, before.packages, before.recipients) == (
        "Holiday 2025", ("Christmas 2025",), 4, 4,
    )  # fmt: skip
    assert (after.events, after.packages, after.recipients) == (("Christmas 2026",), 7, 6)
    # 2 batches: butter 500 g × $8/kg = 4.00, flour 600 g × $1.50/kg = 0.90,
    # sugar 200 g × $1.99/kg = 0.398 → 0.40. 4 batches: 10.40, 1.80, 0.996 → 1.00.
    rows = {r.ingredient: r for r in result.ingredients}
    assert [(n, r.before_cost, r.after_cost) for n, r in rows.items()] == [
        ("Butter", D("4.00"), D("10.40")),
        ("Flour", D("0.90"), D("1.80")),
        ("Sugar", D("0.40"), D("1.00")),
    ]
    assert (before.total, after.total) == (D("5.30"), D("13.20"))
    # Δcost = Δquantity × old price + new quantity × Δprice
    assert [(r.split.volume, r.split.price) for r in rows.values()] == [
        (D("4.00"), D("2.40")),  # 500 g × $8/kg; 1000 g × $2.40/kg
        (D("0.90"), D("0.00")),  # same sack of flour both years
        (D("0.40"), D("0.20")),  # 200 g × $1.99/kg = 0.398; 1.00 − 0.40 − 0.40
    ]
    assert (result.total.difference, result.total.volume, result.total.price) == (
        D("7.90"), D("5.30"), D("2.60"),
    )  # fmt: skip
    assert result.total.volume + result.total.price == after.total - before.total
    assert (rows["Butter"].before_price, rows["Butter"].after_price) == (D("8"), D("10.4"))
    assert rows["Butter"].price_unit == "kg"
    # The purchases behind each price: the one of each event's date, not January 2027's.
    assert [(p.day, p.store, p.total_price) for p in rows["Butter"].after_purchases] == [
        (date(2026, 11, 10), "Big Mart", D("10.40"))
    ]
    assert [p.store for p in rows["Butter"].before_purchases] == ["Corner Shop"]
    assert [p.day for p in rows["Flour"].after_purchases] == [date(2024, 11, 1)]
    # Per package and per recipient, to the cent (5.30 ÷ 4 = 1.325 → 1.32, half to even).
    assert (before.per_package, before.per_recipient) == (D("1.32"), D("1.32"))
    assert (after.per_package, after.per_recipient) == (D("1.89"), D("2.20"))
    (shortbread,) = result.recipes
    assert (shortbread.before_batches, shortbread.after_batches) == (2, 4)
    assert (shortbread.before_cost, shortbread.after_cost) == (D("5.30"), D("13.20"))
    assert [(p.package, p.before, p.after) for p in result.packages] == [("Shortbread tin", 4, 7)]
    # A tin is half a batch: (250 g × $8/kg + 300 g × $1.50/kg + 100 g × $1.99/kg) ÷ 2
    # = (2.00 + 0.45 + 0.199) ÷ 2 = 1.3245 → $1.32; in 2026 (2.60 + 0.45 + 0.249) ÷ 2 → $1.65.
    tin = result.packages[0]
    assert (tin.before_cost, tin.after_cost) == (D("1.32"), D("1.65"))
    assert result.recipients_added == ("Fay", "Gus")
    assert result.recipients_dropped == ()
    assert not shortbread.incomplete
    assert result.not_compared == ()


def test_two_events_compare_like_two_seasons(session: Session) -> None:
    made = make_two_christmases(session)
    result = compare(session, "event", made.christmas_2025.id, "Christmas 2026")
    assert (result.kind, result.before.label, result.after.label) == (
        "event", "Christmas 2025", "Christmas 2026",
    )  # fmt: skip
    assert (result.before.total, result.after.total) == (D("5.30"), D("13.20"))
    assert result.total.difference == D("7.90")


def test_an_ingredient_without_a_price_on_its_date_is_named_not_counted_as_zero(
    session: Session,
) -> None:
    made = make_two_christmases(session)
    # Vanilla was first bought after Christmas 2025: it is not compared, never $0.
    vanilla = make_ingredient(session, name="Vanilla", measure="volume")
    add_opening_stock(session, ingredient_id=vanilla.id, quantity="100", unit="ml",
                      cost="5.00", received_on=date(2026, 6, 1))  # fmt: skip
    session.add(RecipeLine(recipe_id=made.shortbread.id, ingredient_id=vanilla.id,
                           quantity=D("5"), unit="ml", position=9))  # fmt: skip
    session.flush()
    result = compare(session, "season", "Holiday 2025", "Holiday 2026")
    (left_out,) = result.not_compared
    assert (left_out.ingredient, left_out.unpriced_on) == ("Vanilla", ("before",))
    assert (left_out.before_quantity, left_out.after_quantity) == (D("10"), D("20"))
    assert "Vanilla" not in {r.ingredient for r in result.ingredients}
    assert (result.before.total, result.after.total) == (D("5.30"), D("13.20"))
    assert result.recipes[0].incomplete


def test_unknown_seasons_events_and_kinds_are_refused(session: Session) -> None:
    make_two_christmases(session)
    with pytest.raises(NotFound):
        compare(session, "season", "Holiday 2025", "Holiday 1999")
    with pytest.raises(NotFound):
        compare(session, "event", "Christmas 2025", "Easter")
    with pytest.raises(InvalidInput, match="compare seasons or events"):
        compare(session, "year", "2025", "2026")


def test_an_empty_season_compares_with_nothing_given(session: Session) -> None:
    make_two_christmases(session)
    create_season(session, name="Spring 2026", starts_on="2026-03-01", ends_on="2026-05-31")
    result = compare(session, "season", "Spring 2026", "Holiday 2026")
    assert (result.before.packages, result.before.total, result.before.per_package) == (
        0, D("0.00"), None,
    )  # fmt: skip
    butter = next(r for r in result.ingredients if r.ingredient == "Butter")
    # New on the after side: all of it is volume.
    assert (butter.split.volume, butter.split.price) == (D("10.40"), D("0.00"))
    assert result.total.difference == D("13.20") == result.total.volume


def test_event_costs_leave_out_unknown_events(session: Session) -> None:
    made = make_two_christmases(session)
    assert event_costs(session, []) == {}
    assert event_costs(session, [999_999]) == {}
    empty = make_event(session, name="Nobody yet", event_date=date(2026, 12, 1))
    costs = event_costs(session, [empty.id, made.christmas_2024.id])
    assert costs[empty.id].lines == ()
    assert costs[empty.id].packages == 0
    assert costs[made.christmas_2024.id].recipes[0].batches == 1


def test_the_price_history_shows_both_stores_and_compares_them(session: Session) -> None:
    make_two_christmases(session)
    history = get_price_history(session, ingredient="Butter")
    assert history.ingredient == "Butter"
    assert [(p.day, p.store, p.unit_price) for p in history.purchases] == [
        (date(2027, 1, 5), "Big Mart", D("12.0000")),
        (date(2026, 11, 10), "Big Mart", D("10.4000")),
        (date(2025, 11, 10), "Corner Shop", D("8.0000")),
    ]
    assert [p.day for p in next(iter(history.series.values()))] == [
        date(2025, 11, 10), date(2026, 11, 10), date(2027, 1, 5),
    ]  # fmt: skip
    stores = [(s.store, s.purchases, s.latest, s.lowest, s.average) for s in history.stores]
    assert stores == [
        ("Corner Shop", 1, D("8.0000"), D("8.0000"), D("8.0000")),
        ("Big Mart", 2, D("12.0000"), D("10.4000"), D("11.2000")),
    ]
    assert history.store_names == ("Big Mart", "Corner Shop")
    big_mart = get_price_history(session, store="big mart")
    assert {p.ingredient for p in big_mart.purchases} == {"Butter", "Sugar"}
    sack = get_price_history(session, product="Flour sack")
    assert [(p.product, p.unit_price) for p in sack.purchases] == [("Flour sack", D("1.5000"))]
    assert get_price_history(session, store=NO_STORE).purchases == ()
    with pytest.raises(NotFound):
        get_price_history(session, ingredient="Saffron")


def test_opening_stock_with_a_cost_is_a_price_without_a_store(session: Session) -> None:
    honey = make_ingredient(session, name="Honey")
    add_opening_stock(session, ingredient_id=honey.id, quantity="500", unit="g",
                      cost="4.00", received_on=date(2026, 1, 2))  # fmt: skip
    (paid,) = get_price_history(session, store=NO_STORE).purchases
    assert (paid.product, paid.store, paid.unit_price) == ("opening stock", NO_STORE, D("8.0000"))


def test_a_recipients_three_years_of_gifts_with_allergens_noted(session: Session) -> None:
    made = make_two_christmases(session)
    years = recipient_gifts(session, "Aunt Carol")
    assert [y.year for y in years] == [2026, 2025, 2024]
    for year in years:
        (gift,) = year.gifts
        assert gift.package == "Shortbread tin"
        assert gift.quantity == 1
        assert [(c.item, c.units) for c in gift.contents] == [("Shortbread finger", 12)]
        assert gift.allergens == ("gluten", "milk")
        assert gift.avoided == ("milk",)  # Carol avoids milk: noted on every year
    assert years[0].gifts[0].event == "Christmas 2026"
    fay = recipient_gifts(session, "Gus")
    assert [(y.year, y.gifts[0].quantity, y.gifts[0].contents[0].units) for y in fay] == [
        (2026, 2, 24)
    ]
    assert fay[0].gifts[0].avoided == ()
    assert recipient_gifts(session, made.carol.id)[2].gifts[0].event == "Christmas 2024"
    assert recipient_gifts(session, make_recipient(session, name="New").id) == []
    with pytest.raises(NotFound):
        recipient_gifts(session, "Nobody")


def test_statement_counts_do_not_grow_with_events_or_years(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    made = make_two_christmases(session)

    def counts() -> tuple[int, int, int, int]:
        found = []
        for read in (
            lambda: compare(session, "season", "Holiday 2025", "Holiday 2026"),
            lambda: compare(session, "event", "Christmas 2025", "Christmas 2026"),
            lambda: recipient_gifts(session, "Aunt Carol"),
            lambda: get_price_history(
                session, ingredient="Butter", product="Butter block", store="Big Mart"
            ),
        ):
            with count_statements() as counter:
                read()
            found.append(counter.count)
        return found[0], found[1], found[2], found[3]

    # Two lookups and the events of each season, then event_costs' eight statements.
    assert counts() == (13, 11, 7, 4)
    # More events, recipients, purchases and years read in as many statements.
    for year in (2025, 2026):
        extra = make_event(session, name=f"Boxing Day {year}", event_date=date(year, 12, 26))
        make_assignment(session, extra, made.carol, made.tin, quantity=3)
    buy(session, made.butter_block, "9.00", date(2026, 12, 1), "Corner Shop")
    assert counts() == (13, 11, 7, 4)


def test_who_was_dropped_and_which_packages_went_back_in_time(session: Session) -> None:
    make_two_christmases(session)
    result = compare(session, "season", "Holiday 2026", "Holiday 2024")
    assert result.recipients_added == ()
    assert result.recipients_dropped == ("Bob", "Dee", "Eli", "Fay", "Gus")
    assert [(p.before, p.after) for p in result.packages] == [(7, 1)]
    assert result.packages[0].after_cost is None  # no butter price by Christmas 2024
    # 4 batches → 1 batch, all at 2024's prices but butter, first bought in 2025.
    assert [n.ingredient for n in result.not_compared] == ["Butter"]
    assert result.not_compared[0].unpriced_on == ("after",)
