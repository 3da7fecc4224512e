"""Sub-recipe maths (docs/product.md §6.12): the issue's buttercream numbers, nesting checks,
rolled-up cost, explosion, allocation of prepared stock and the leaf ingredients to buy,
with Hypothesis properties over random nestings."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakehouse.domain.costing import Estimate, LineNeed, UnitPrice
from bakehouse.domain.fifo import LotBalance, plan_draws, prepared_order_key
from bakehouse.domain.planning import find_cycle
from bakehouse.domain.subrecipes import (
    EventToBake,
    RecipeNode,
    SubUse,
    Yield,
    batch_costs,
    explode,
    flattened_lines,
    leaf_needs,
    levels_below,
    levels_through,
    share_of_batch,
    still_to_make,
    topological_order,
)
from bakehouse.errors import InvalidInput

BUTTER, SUGAR, CREAM = 1, 2, 3
COOKIE, BUTTERCREAM = 10, 20
CUP4 = Yield(Decimal(4), "cup")


def cookie_world() -> dict[int, RecipeNode]:
    share = share_of_batch(Decimal("0.5"), "cup", "Buttercream", CUP4)
    return {
        COOKIE: RecipeNode(
            COOKIE, "Cookie", (LineNeed(SUGAR, Decimal(100)),), (SubUse(BUTTERCREAM, share),)
        ),
        BUTTERCREAM: RecipeNode(BUTTERCREAM, "Buttercream", (LineNeed(BUTTER, Decimal(400)),)),
    }


def test_half_a_cup_of_a_four_cup_buttercream_is_an_eighth_of_a_batch() -> None:
    assert share_of_batch(Decimal("0.5"), "cup", "Buttercream", CUP4) == Fraction(1, 8)
    assert share_of_batch(Decimal("0.5"), "batch", "Glaze", None) == Fraction(1, 2)
    # 8 tbsp is half a cup.
    assert share_of_batch(Decimal(8), "tbsp", "Buttercream", CUP4) == Fraction(1, 8)


def test_a_measured_line_of_a_recipe_without_yield_is_refused_in_words() -> None:
    with pytest.raises(InvalidInput, match="no yield"):
        share_of_batch(Decimal(1), "cup", "Glaze", None)


def test_a_cookie_batch_costs_75_cents_of_a_6_dollar_buttercream() -> None:
    prices = {BUTTER: UnitPrice(Decimal("6.00"), Decimal(400)), SUGAR: UnitPrice(ZERO2, ONE)}
    costs = batch_costs(cookie_world(), prices)
    assert costs[BUTTERCREAM].total == Decimal("6.00")
    assert costs[COOKIE].total == Decimal("0.75")


ZERO2 = Decimal("0.00")
ONE = Decimal(1)


def test_an_unpriced_leaf_makes_every_parent_incomplete_and_is_named() -> None:
    prices = {SUGAR: UnitPrice(Decimal(1), Decimal(100))}
    costs = batch_costs(cookie_world(), prices)
    assert not costs[COOKIE].is_complete
    assert costs[COOKIE].unpriced_ingredient_ids == (BUTTER,)
    assert costs[COOKIE].named({BUTTER: "Butter"}).unpriced_ingredients == ("Butter",)
    assert costs[COOKIE].total == Decimal("1.00")  # the sugar only, never the butter as $0


def test_ten_cookie_batches_require_two_buttercream_batches() -> None:
    assert explode(cookie_world(), {COOKIE: 10}) == {COOKIE: 10, BUTTERCREAM: 2}


@pytest.mark.parametrize(("prepared_cups", "to_make"), [(0, 2), (2, 1), (5, 0)])
def test_still_to_make_counts_prepared_buttercream(prepared_cups: int, to_make: int) -> None:
    on_hand = {BUTTERCREAM: Fraction(prepared_cups, 4)}
    plans = still_to_make(cookie_world(), [EventToBake(1, {COOKIE: 10})], on_hand)
    made = plans[1][BUTTERCREAM].still_to_make if BUTTERCREAM in plans[1] else 0
    assert made == to_make


def test_prepared_stock_serves_the_earlier_event_first() -> None:
    # Each event's cookies draw 3 cup (6 batches × ½ cup); 5 cup are prepared.
    events = [EventToBake(1, {COOKIE: 6}), EventToBake(2, {COOKIE: 6})]
    plans = still_to_make(cookie_world(), events, {BUTTERCREAM: Fraction(5, 4)})
    assert plans[1][BUTTERCREAM].still_to_make == 0
    assert plans[2][BUTTERCREAM].still_to_make == 1
    assert plans[2][BUTTERCREAM].allocated == Fraction(2, 4)


def three_levels() -> dict[int, RecipeNode]:
    """Bars use a filling and caramel directly; the filling uses caramel too (caramel at two
    depths); the caramel is counted in batches."""
    return {
        1: RecipeNode(1, "Bars", (LineNeed(SUGAR, Decimal(10)),),
                      (SubUse(2, Fraction(1, 2)), SubUse(3, Fraction(1, 4)))),
        2: RecipeNode(2, "Filling", (LineNeed(CREAM, Decimal(100)),), (SubUse(3, Fraction(1, 2)),)),
        3: RecipeNode(3, "Caramel", (LineNeed(SUGAR, Decimal(200)),)),
    }  # fmt: skip


def test_three_levels_and_caramel_at_two_depths_round_once_per_recipe() -> None:
    nodes = three_levels()
    assert topological_order(nodes) == [1, 2, 3]
    # 3 bars → filling ceil(1.5) = 2 → caramel ceil(3 × ¼ + 2 × ½) = ceil(1.75) = 2.
    assert explode(nodes, {1: 3}) == {1: 3, 2: 2, 3: 2}
    plans = still_to_make(nodes, [EventToBake(1, {1: 3})], {})
    assert (plans[1][2].still_to_make, plans[1][3].still_to_make) == (2, 2)
    # The shopping list buys each recipe's own lines for what is still to bake or make.
    assert leaf_needs(nodes, {1: 3, 2: 2, 3: 2}) == {SUGAR: Decimal(430), CREAM: Decimal(200)}
    # What one bar batch truly holds: ¼ + ½ × ½ = ½ caramel batch.
    assert flattened_lines(nodes, 1) == {SUGAR: 110, CREAM: 50}


def test_a_loop_is_found_with_its_path() -> None:
    children = {1: [2], 2: [3]}
    assert find_cycle(children, 3, 1) == [3, 1, 2, 3]
    assert find_cycle(children, 1, 1) == [1, 1]
    assert find_cycle(children, 1, 3) is None


def test_levels_count_the_recipes_in_the_longest_chain() -> None:
    children = {1: [2], 2: [3], 3: [4]}
    assert levels_below(children, 1) == 4
    assert levels_through(children, 4, [5]) == 5
    assert levels_through(children, 4, []) == 4


def test_prepared_stock_is_drawn_by_best_before_then_fifo() -> None:
    def lot(id_: int, received: int, best: int | None) -> LotBalance:
        return LotBalance(id_, date(2026, 12, received), Decimal(1), Decimal(1), Decimal(1),
                          Decimal(1), date(2026, 12, best) if best else None)  # fmt: skip

    lots = [lot(1, 1, None), lot(2, 2, 20), lot(3, 3, 10), lot(4, 1, 20)]
    draws = plan_draws(lots, Decimal(4), prepared_order_key)
    assert draws is not None
    assert [d.lot_id for d in draws] == [3, 4, 2, 1]


# --- Properties over random nestings ---------------------------------------------------


@st.composite
def nestings(draw: st.DrawFn) -> dict[int, RecipeNode]:
    """Up to 6 recipes; recipe i may use recipes with a greater id (so no loop)."""
    count = draw(st.integers(1, 6))
    nodes = {}
    for rid in range(1, count + 1):
        lines = tuple(
            LineNeed(i, Decimal(draw(st.integers(1, 500))))
            for i in draw(st.sets(st.integers(1, 4), max_size=3))
        )
        subs = tuple(
            SubUse(s, Fraction(draw(st.integers(1, 12)), draw(st.sampled_from([1, 2, 3, 4, 8]))))
            for s in (draw(st.sets(st.integers(rid + 1, count), max_size=2)) if rid < count else ())
        )
        nodes[rid] = RecipeNode(rid, f"R{rid}", lines, subs)
    return nodes


@given(nestings(), st.integers(0, 30))
def test_explosion_rounds_up_once_per_recipe(nodes: dict[int, RecipeNode], top: int) -> None:
    batches = explode(nodes, {1: top})
    drawn: dict[int, Fraction] = defaultdict(Fraction)
    for rid in topological_order(nodes):
        for use in nodes[rid].subs:
            drawn[use.sub_recipe_id] += batches.get(rid, 0) * use.share
    for rid in nodes:
        if rid != 1:
            assert batches.get(rid, 0) == math.ceil(drawn[rid])


@given(nestings(), st.integers(0, 30), st.lists(st.integers(0, 40), min_size=6, max_size=6))
def test_prepared_stock_never_raises_what_is_to_make_and_is_allocated_once(
    nodes: dict[int, RecipeNode], top: int, stock: list[int]
) -> None:
    on_hand = {rid: Fraction(stock[rid - 1], 4) for rid in nodes}
    events = [EventToBake(1, {1: top}), EventToBake(2, {1: top // 2})]
    without = still_to_make(nodes, events, {})
    with_stock = still_to_make(nodes, events, on_hand)
    for rid in nodes:
        allocated = sum((p[rid].allocated for p in with_stock.values() if rid in p), Fraction())
        assert allocated <= on_hand[rid]
    # Nothing prepared: still to make is the explosion of what is to bake.
    assert {r: p.still_to_make for r, p in without[1].items() if p.still_to_make} == {
        r: n for r, n in explode(nodes, {1: top}).items() if r != 1
    }
    if all(q == 0 for q in stock):
        assert with_stock == without


@given(nestings(), st.integers(1, 20))
def test_what_is_bought_covers_what_the_batches_truly_hold(
    nodes: dict[int, RecipeNode], top: int
) -> None:
    bought = leaf_needs(nodes, explode(nodes, {1: top}))
    for ingredient_id, exact in flattened_lines(nodes, 1).items():
        assert Fraction(bought.get(ingredient_id, Decimal(0))) >= exact * top


@given(nestings(), st.integers(1, 500))
def test_a_batch_costs_its_lines_plus_its_shares_of_sub_batches(
    nodes: dict[int, RecipeNode], price: int
) -> None:
    prices = {i: UnitPrice(Decimal(price), Decimal(1000)) for i in (1, 2, 3, 4)}
    costs = batch_costs(nodes, prices)
    for rid in nodes:
        exact = sum(Fraction(price, 1000) * q for q in flattened_lines(nodes, rid).values())
        # Each level rounds to 4 places once per line and share.
        assert abs(Fraction(costs[rid].total) - exact) <= Fraction(1, 1000)
        assert costs[rid].is_complete
    unpriced = batch_costs(nodes, {})
    for rid in nodes:
        assert unpriced[rid].unpriced_ingredient_ids == tuple(sorted(flattened_lines(nodes, rid)))
        assert isinstance(unpriced[rid], Estimate)
