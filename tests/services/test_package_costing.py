"""Estimated cost of a package: fractions of batches priced at current prices."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from bakehouse.errors import NotFound
from bakehouse.services.packaging.costing import (
    get_package_cost,
    get_package_costs,
    get_package_summary,
    list_package_summaries,
)
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_lot
from tests.factories.planning import make_bundle, make_item, make_package, make_recipe


def test_a_package_costs_its_share_of_each_batch(session: Session) -> None:
    flour = make_ingredient(session, name="Flour", measure=Measure.MASS)
    make_lot(session, flour, quantity="1000", cost="2.40")  # $0.0024 per g
    recipe = make_recipe(session, lines=[(flour, "500", "g")])  # $1.20 a batch
    cookie = make_item(session, recipe, items_per_batch=24)
    tin = make_bundle(session, contents=[(6, cookie)])
    package = make_package(session, contents=[(1, tin), (6, cookie)])  # 12 of 24: half a batch

    cost = get_package_cost(session, package.id)

    assert cost.total == Decimal("0.6000")
    assert cost.is_complete


def test_an_ingredient_never_bought_is_named_not_priced_at_zero(session: Session) -> None:
    flour = make_ingredient(session, name="Flour", measure=Measure.MASS)
    vanilla = make_ingredient(session, name="Vanilla", measure=Measure.VOLUME)
    make_lot(session, flour, quantity="1000", cost="2.00")
    recipe = make_recipe(session, lines=[(flour, "100", "g"), (vanilla, "1", "tsp")])
    item = make_item(session, recipe, items_per_batch=10)
    package = make_package(session, contents=[(10, item)])

    cost = get_package_cost(session, package.id)

    assert cost.total == Decimal("0.2000")
    assert cost.unpriced_ingredients == ("Vanilla",)
    assert not cost.is_complete


def test_an_empty_package_costs_nothing_and_several_are_costed_at_once(session: Session) -> None:
    empty = make_package(session)
    flour = make_ingredient(session, measure=Measure.MASS)
    make_lot(session, flour, quantity="100", cost="1.00")
    item = make_item(session, make_recipe(session, lines=[(flour, "50", "g")]), items_per_batch=1)
    full = make_package(session, contents=[(3, item)])

    costs = get_package_costs(session, [empty.id, full.id])

    assert costs[empty.id].total == Decimal(0)
    assert costs[full.id].total == Decimal("1.5000")


def test_an_unknown_package_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        get_package_cost(session, 999_999)


def test_a_summary_lists_contents_allergens_and_cost(session: Session) -> None:
    flour = make_ingredient(session, name="Flour", measure=Measure.MASS, allergens=["gluten"])
    walnuts = make_ingredient(
        session, name="Walnuts", measure=Measure.MASS, allergens=["tree_nuts"]
    )
    make_lot(session, flour, quantity="1000", cost="1.00")
    make_lot(session, walnuts, quantity="100", cost="2.00")
    shortbread = make_recipe(session, name="Shortbread", lines=[(flour, "240", "g")])
    brownies = make_recipe(session, name="Brownies", lines=[(walnuts, "50", "g")])
    finger = make_item(session, shortbread, name="Shortbread finger", items_per_batch=24)
    square = make_item(session, brownies, name="Brownie square", items_per_batch=10)
    box = make_bundle(session, name="Mini box", contents=[(5, square)])
    package = make_package(session, name="Gift tin", contents=[(12, finger), (1, box)])

    summary = get_package_summary(session, package.id)

    assert summary.package == "Gift tin"
    assert [(i.item, i.units) for i in summary.items] == [
        ("Brownie square", 5),
        ("Shortbread finger", 12),
    ]
    assert summary.allergens == ("gluten", "tree_nuts")
    assert summary.cost.total == Decimal("0.6200")  # half a batch of each: 0.12 + 0.50
    assert [s.package for s in list_package_summaries(session)] == ["Gift tin"]


def test_a_summary_of_an_unknown_package_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        get_package_summary(session, 999_999)
