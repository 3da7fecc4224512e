"""The starter catalog: valid package data, loaded once, skipped after."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.allergens import ALLERGENS
from bakehouse.models import Ingredient, Product
from bakehouse.services import catalog
from bakehouse.services.catalog.starter import load_starter_catalog, starter_entries
from bakehouse.units.conversion import Measure, to_canonical

EXPECTED_KINDS = {
    "flour",
    "sugar",
    "fat",
    "dairy",
    "eggs",
    "chocolate",
    "nuts",
    "spice",
    "extract",
    "leavener",
    "dried fruit",
}


def test_the_starter_data_covers_common_baking_with_sourced_densities() -> None:
    entries = starter_entries()
    assert len(entries) >= 40
    assert {e["category"] for e in entries} >= EXPECTED_KINDS
    for entry in entries:
        assert Decimal(entry["density"]) > 0, entry["name"]
        assert len(entry["density_source"]) > 10, entry["name"]
        assert set(entry["allergens"]) <= set(ALLERGENS), entry["name"]
        assert entry["measure"] in {m.value for m in Measure}, entry["name"]
    assert len({e["name"].lower() for e in entries}) == len(entries)


def test_loads_every_starter_ingredient_with_its_product(session: Session) -> None:
    report = load_starter_catalog(session)
    entries = starter_entries()
    assert len(report.created) == len(entries)
    assert report.skipped == ()
    assert report.products_created == sum(1 for e in entries if "product" in e)
    assert session.scalar(select(func.count(Product.id))) == report.products_created

    eggs = catalog.get_ingredient(session, "eggs")
    assert (eggs.measure, eggs.grams_per_each, eggs.allergens) == (
        Measure.COUNT,
        Decimal(50),
        ["eggs"],
    )
    flour = catalog.get_ingredient(session, "all-purpose-flour")
    assert flour.allergens == ["gluten"]
    assert flour.notes.startswith("Density: ")
    # A cup of all-purpose flour weighs about 120 g.
    assert abs(to_canonical(Decimal(1), "cup", flour.factors) - 120) < 1
    # Every product converts to its ingredient (create_product checked it; spot-check one).
    [dozen] = catalog.list_products(session, ingredient_id=eggs.id)
    assert catalog.package_quantity(dozen) == Decimal(12)


def test_loading_again_skips_what_is_there_and_changes_nothing(session: Session) -> None:
    mine = catalog.create_ingredient(session, name="Granulated Sugar", measure="volume")
    first = load_starter_catalog(session)
    assert first.skipped == ("Granulated sugar",)
    second = load_starter_catalog(session)
    assert second.created == ()
    assert len(second.skipped) == len(starter_entries())
    assert second.products_created == 0
    assert session.get(Ingredient, mine.id) is mine
    assert mine.measure == Measure.VOLUME


def test_a_product_already_in_the_catalog_is_not_duplicated(session: Session) -> None:
    other = catalog.create_ingredient(session, name="Plain flour", measure="mass")
    catalog.create_product(
        session,
        ingredient_id=other.id,
        name="All-purpose flour",
        package_size="5",
        package_unit="lb",
    )
    report = load_starter_catalog(session)
    assert report.products_created == sum(1 for e in starter_entries() if "product" in e) - 1
    flour = catalog.get_ingredient(session, "all-purpose-flour")
    assert catalog.list_products(session, ingredient_id=flour.id) == []
