"""The data file follows the rules of every other door, and its reader survives hostile
files: control characters, keys given twice, deep nesting, endless or exploding input.
A file written by the previous version still imports."""

from __future__ import annotations

import copy
import gzip
import io
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.errors import InvalidInput, ValidationFailed
from bakehouse.io.document import SECTIONS
from bakehouse.io.export import export_document
from bakehouse.io.importer import (
    import_document,
    parse_document_text,
    read_document_bytes,
    read_document_file,
)
from bakehouse.models import RecipeLine, Recipient
from tests.factories.data_file import make_full_season

FIXTURES = Path(__file__).parent / "fixtures"
EXPORTED_AT = datetime(2026, 12, 31, tzinfo=UTC)


@pytest.fixture
def season(session: Session) -> dict[str, Any]:
    make_full_season(session)
    return export_document(session, exported_at=EXPORTED_AT)


def refusal(session: Session, document: Any) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as refused:
        import_document(session, document, mode="replace")
    return {p.location: p.message for p in refused.value.problems}


def test_control_characters_the_api_refuses_are_refused_in_a_file_too(
    session: Session, season: dict[str, Any]
) -> None:
    bad = copy.deepcopy(season)
    bad["recipients"][0]["name"] = "Alice\x07"
    bad["recipients"][1]["notes"] = "leave at the\x00door"
    bad["events"][0]["notes"] = "\x1b[2J"

    assert refusal(session, bad) == {
        "$.recipients[0].name": "contains an invisible control character (U+0007); retype it",
        "$.recipients[1].notes": "contains an invisible control character (U+0000); retype it",
        "$.events[0].notes": "contains an invisible control character (U+001B); retype it",
    }
    assert session.scalar(select(func.count()).select_from(Recipient)) == len(season["recipients"])


def test_numbers_follow_the_exact_grammar_fractions_included(
    session: Session, season: dict[str, Any]
) -> None:
    good = copy.deepcopy(season)
    good["recipes"][0]["lines"][0]["quantity"] = "2 1/4"
    good["recipes"][0]["lines"][1]["quantity"] = "1/3"
    import_document(session, good, mode="replace")
    first, second = session.scalars(select(RecipeLine).order_by(RecipeLine.id)).all()[:2]
    assert first.quantity == Decimal("2.25")
    assert second.quantity == Decimal("0.333333"), "a third is rounded to the places kept"

    bad = copy.deepcopy(season)
    bad["recipes"][0]["lines"][0]["quantity"] = "1/3000000"
    bad["purchases"][0]["total_price"] = "1_000"
    bad["lots"][0]["cost"] = "١٢"
    found = refusal(session, bad)
    assert "fraction too small to keep" in found["$.recipes[0].lines[0].quantity"]
    assert "decimal string" in found["$.purchases[0].total_price"]
    assert "decimal string" in found["$.lots[0].cost"]


def test_a_key_given_twice_is_refused_with_its_json_path(season: dict[str, Any]) -> None:
    text = json.dumps(season).replace('"slug": "flour",', '"slug": "flour", "slug": "rye",', 1)

    with pytest.raises(ValidationFailed) as refused:
        parse_document_text(text)

    assert [(p.location, p.message) for p in refused.value.problems] == [
        ("$.ingredients[0]", 'has the key "slug" more than once')
    ]


def test_a_file_nested_five_thousand_deep_is_refused_in_one_line(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"format": "bakehouse", "notes": ' + "[" * 5000 + "]" * 5000 + "}")

    with pytest.raises(ValidationFailed, match="more than 32 levels deep"):
        read_document_file(deep)


def test_an_endless_file_is_refused_once_it_passes_the_size_limit() -> None:
    with pytest.raises(InvalidInput, match="larger than 64 MB"):
        read_document_file(Path("/dev/zero"))


def test_a_compressed_file_is_capped_by_its_decompressed_size() -> None:
    bomb = gzip.compress(b" " * (3 * 2**20))  # 3 MB of spaces in about 3 kB

    with pytest.raises(InvalidInput, match="larger than 2 MB once decompressed"):
        read_document_bytes(io.BytesIO(bomb), "bomb.json.gz", limit=2 * 2**20)


def test_a_gzip_compressed_data_file_imports(
    session: Session, season: dict[str, Any], tmp_path: Path
) -> None:
    packed = tmp_path / "season.json.gz"
    packed.write_bytes(gzip.compress(json.dumps(season).encode()))

    report = import_document(session, read_document_file(packed), mode="replace")

    assert report.counts["movements"] == len(season["movements"])


#: Sections whose entries can be archived (version 9; docs/product.md §6.20).
ARCHIVABLE = (
    "ingredients",
    "products",
    "recipes",
    "items",
    "bundles",
    "packages",
    "recipients",
    "events",
)


def as_version_2(document: dict[str, Any]) -> dict[str, Any]:
    """A version 1 document as version 2 writes it: the same entries, with version 2's
    fields (sub-recipes and prepared stock, docs/product.md §6.12) at their defaults."""
    upgraded = copy.deepcopy(document) | {"version": 2}
    for lot in upgraded["lots"]:
        lot.update(recipe=None, made_by=None)
    for recipe in upgraded["recipes"]:
        recipe.update(yield_quantity=None, yield_unit=None, yield_density=None,
                      shelf_life_days=None)  # fmt: skip
        for line in recipe["lines"]:
            line.update(recipe=None)
    for record in upgraded["production"]:
        record.update(makes_stock=False, parent=None)
    return upgraded


def as_version_3(document: dict[str, Any]) -> dict[str, Any]:
    """A version 2 document as version 3 writes it: the same entries, each bake with no
    item outcomes (docs/product.md §6.13)."""
    upgraded = copy.deepcopy(document) | {"version": 3}
    for record in upgraded["production"]:
        record.update(outcomes=[])
    return upgraded


def as_version_4(document: dict[str, Any]) -> dict[str, Any]:
    """A version 3 document as version 4 writes it (docs/product.md §6.14): every
    ingredient drawn FIFO, every lot priced with the origin its fields say, no bake's cost
    incomplete."""
    upgraded = copy.deepcopy(document) | {"version": 4}
    for ingredient in upgraded["ingredients"]:
        ingredient.update(draw_order="fifo")
    for lot in upgraded["lots"]:
        origin = "purchase" if lot["purchase"] else "prepared" if lot["recipe"] else "opening"
        lot.update(origin=origin, priced=True)
    for record in upgraded["production"]:
        record.update(cost_incomplete=False)
    return upgraded


def as_version_5(document: dict[str, Any]) -> dict[str, Any]:
    """A version 4 document as version 5 writes it: the same entries, events without a
    budget, no seasons and no settings (docs/product.md §6.15)."""
    upgraded = copy.deepcopy(document) | {"version": 5, "seasons": [], "settings": []}
    for event in upgraded["events"]:
        event.update(budget=None)
    return upgraded


def as_version_6(document: dict[str, Any]) -> dict[str, Any]:
    """A version 5 document as version 6 writes it: products without a list price, no
    ticks and no aisle order (docs/product.md §6.17)."""
    upgraded = copy.deepcopy(document) | {"version": 6, "ticks": [], "aisles": []}
    for product in upgraded["products"]:
        product.update(list_price=None, list_price_on=None, list_price_store=None)
    return as_version_7(upgraded)


def as_version_7(document: dict[str, Any]) -> dict[str, Any]:
    """A version 6 document as version 7 writes it: nothing known yet of the bake
    calendar's inputs — no hands-on or assembly minutes, nothing freezable, every delivery
    on its event's day, no changed days (docs/product.md §6.10)."""
    upgraded = copy.deepcopy(document) | {"version": 7, "calendar_days": []}
    for recipe in upgraded["recipes"]:
        recipe.update(hands_on_minutes=None, max_batches_per_session=None, freezable=False,
                      frozen_shelf_life_days=None, thaw_hours=None)  # fmt: skip
    for package in upgraded["packages"]:
        package.update(assembly_minutes=None)
    for row in (*upgraded["events"], *upgraded["assignments"]):
        row.update(delivery_date=None)
    return {key: upgraded[key] for key in ("format", "version", "exported_at", *SECTIONS)}


def as_version_8(document: dict[str, Any]) -> dict[str, Any]:
    """A version 7 document as version 8 writes it: every ingredient without specific
    allergen names or sub-ingredients, every item without a baked weight (docs/product.md
    §6.8)."""
    upgraded = copy.deepcopy(document) | {"version": 8}
    for ingredient in upgraded["ingredients"]:
        ingredient.update(allergen_names={}, sub_ingredients=[])
    for item in upgraded["items"]:
        item.update(baked_weight_g=None)
    return upgraded


def _expanded(document: dict[str, Any], package: str) -> list[dict[str, Any]]:
    """A package's items and units in a file, bundles expanded, by item slug."""
    bundles = {b["slug"]: b["lines"] for b in document["bundles"]}
    packages = {p["slug"]: p["lines"] for p in document["packages"]}
    units: dict[str, int] = {}

    def add(lines: list[dict[str, Any]], times: int) -> None:
        for line in lines:
            if line.get("item"):
                units[line["item"]] = units.get(line["item"], 0) + line["quantity"] * times
            else:
                add(bundles[line["bundle"]], line["quantity"] * times)

    add(packages[package], 1)
    return [{"item": item, "units": n} for item, n in sorted(units.items()) if n > 0]


def as_version_9(document: dict[str, Any]) -> dict[str, Any]:
    """A version 8 document as version 9 writes it (docs/product.md §6.20): nothing
    archived, no event locked, and each assembled or delivered assignment holding its
    package's contents as the file gives them."""
    upgraded = copy.deepcopy(document) | {"version": 9}
    for section in ARCHIVABLE:
        for entry in upgraded[section]:
            entry["archived_at"] = None
    for event in upgraded["events"]:
        event.update(locked_at=None, price_locks=[], recipe_locks=[], lock_history=[])
    for assignment in upgraded["assignments"]:
        packed = assignment["status"] != "pending"
        assignment["contents"] = _expanded(document, assignment["package"]) if packed else None
    return {key: upgraded[key] for key in ("format", "version", "exported_at", *SECTIONS)}


def test_a_version_8_file_imports_its_assembled_packages_with_their_contents(
    session: Session,
) -> None:
    fixture = FIXTURES / "season-v8.json"
    written = json.loads(fixture.read_text("utf-8"))
    assert written["version"] == 8
    assert any(a["status"] != "pending" for a in written["assignments"])
    assert any(i["allergen_names"] for i in written["ingredients"])  # label facts (§6.8)
    assert any(item["baked_weight_g"] for item in written["items"])
    assert written["calendar_days"]  # the bake calendar's inputs (§6.10)

    import_document(session, read_document_file(fixture), mode="replace")
    again = export_document(session, exported_at=datetime.fromisoformat(written["exported_at"]))

    assert json.loads(json.dumps(again)) == as_version_9(written)


def test_a_version_7_file_with_calendar_inputs_still_imports_unchanged(
    session: Session,
) -> None:
    fixture = FIXTURES / "season-v7.json"
    written = json.loads(fixture.read_text("utf-8"))
    assert written["version"] == 7
    assert any(recipe["hands_on_minutes"] for recipe in written["recipes"])  # §6.10
    assert all("allergen_names" not in i for i in written["ingredients"])

    import_document(session, read_document_file(fixture), mode="replace")
    again = export_document(session, exported_at=datetime.fromisoformat(written["exported_at"]))

    assert json.loads(json.dumps(again)) == as_version_9(as_version_8(written))


def test_a_version_6_file_with_list_prices_still_imports_unchanged(session: Session) -> None:
    fixture = FIXTURES / "season-v6.json"
    written = json.loads(fixture.read_text("utf-8"))
    assert written["version"] == 6
    assert any(product["list_price"] for product in written["products"])  # §6.17
    assert all("allergen_names" not in i for i in written["ingredients"])

    import_document(session, read_document_file(fixture), mode="replace")
    again = export_document(session, exported_at=datetime.fromisoformat(written["exported_at"]))

    assert json.loads(json.dumps(again)) == as_version_9(as_version_8(as_version_7(written)))


def test_a_version_5_file_with_seasons_still_imports_unchanged(session: Session) -> None:
    fixture = FIXTURES / "season-v5.json"
    written = json.loads(fixture.read_text("utf-8"))
    assert written["version"] == 5
    assert written["seasons"]
    assert written["settings"]
    assert any(event["budget"] for event in written["events"])

    import_document(session, read_document_file(fixture), mode="replace")
    again = export_document(session, exported_at=datetime.fromisoformat(written["exported_at"]))

    assert json.loads(json.dumps(again)) == as_version_9(
        as_version_8(as_version_7(as_version_6(written)))
    )


def test_a_version_1_file_still_imports_unchanged(session: Session) -> None:
    fixture = FIXTURES / "season-v1.json"
    written = json.loads(fixture.read_text("utf-8"))
    assert written["version"] == 1

    import_document(session, read_document_file(fixture), mode="replace")
    again = export_document(session, exported_at=datetime.fromisoformat(written["exported_at"]))

    assert json.loads(json.dumps(again)) == as_version_9(
        as_version_8(
            as_version_7(
                as_version_6(as_version_5(as_version_4(as_version_3(as_version_2(written)))))
            )
        )
    )


def test_a_version_2_file_with_sub_recipes_still_imports_unchanged(session: Session) -> None:
    fixture = FIXTURES / "season-v2.json"
    written = json.loads(fixture.read_text("utf-8"))
    assert written["version"] == 2
    assert any(lot["recipe"] for lot in written["lots"])  # prepared stock (§6.12)
    assert any(bake["makes_stock"] for bake in written["production"])

    import_document(session, read_document_file(fixture), mode="replace")
    again = export_document(session, exported_at=datetime.fromisoformat(written["exported_at"]))

    assert json.loads(json.dumps(again)) == as_version_9(
        as_version_8(as_version_7(as_version_6(as_version_5(as_version_4(as_version_3(written))))))
    )


def test_a_version_3_file_with_outcomes_still_imports_unchanged(session: Session) -> None:
    fixture = FIXTURES / "season-v3.json"
    written = json.loads(fixture.read_text("utf-8"))
    assert written["version"] == 3
    assert any(bake["outcomes"] for bake in written["production"])  # a loss (§6.13)

    import_document(session, read_document_file(fixture), mode="replace")
    again = export_document(session, exported_at=datetime.fromisoformat(written["exported_at"]))

    assert json.loads(json.dumps(again)) == as_version_9(
        as_version_8(as_version_7(as_version_6(as_version_5(as_version_4(written)))))
    )


def test_a_version_3_file_with_losses_and_moves_still_imports_unchanged(
    session: Session,
) -> None:
    fixture = FIXTURES / "season-v3-outcomes.json"
    written = json.loads(fixture.read_text("utf-8"))
    assert written["version"] == 3
    assert any(bake["outcomes"] for bake in written["production"])  # §6.13

    import_document(session, read_document_file(fixture), mode="replace")
    again = export_document(session, exported_at=datetime.fromisoformat(written["exported_at"]))

    assert json.loads(json.dumps(again)) == as_version_9(
        as_version_8(as_version_7(as_version_6(as_version_5(as_version_4(written)))))
    )


def test_a_version_4_file_with_lot_origins_still_imports_unchanged(session: Session) -> None:
    fixture = FIXTURES / "season-v4.json"
    written = json.loads(fixture.read_text("utf-8"))
    assert written["version"] == 4
    assert {lot["origin"] for lot in written["lots"]} >= {"purchase", "opening"}  # §6.14

    import_document(session, read_document_file(fixture), mode="replace")
    again = export_document(session, exported_at=datetime.fromisoformat(written["exported_at"]))

    assert json.loads(json.dumps(again)) == as_version_9(
        as_version_8(as_version_7(as_version_6(as_version_5(written))))
    )


def test_specific_allergen_names_and_sub_ingredients_go_through_the_file(
    session: Session, season: dict[str, Any]
) -> None:
    """Version 8 (docs/product.md §6.8): written as stored, read back the same; a name
    the labels cannot print is refused naming its place."""
    document = copy.deepcopy(season)
    document["ingredients"][0].update(
        allergen_names={"gluten": ["wheat"]}, sub_ingredients=["wheat flour", "niacin (B3)"]
    )
    document["items"][0].update(baked_weight_g="28.5")
    import_document(session, document, mode="replace")
    again = export_document(session, exported_at=EXPORTED_AT)
    assert again["ingredients"][0]["allergen_names"] == {"gluten": ["wheat"]}
    assert again["ingredients"][0]["sub_ingredients"] == ["wheat flour", "niacin (B3)"]
    assert again["items"][0]["baked_weight_g"] == "28.5"
    assert json.loads(json.dumps(again)) == json.loads(json.dumps(document))

    bad = copy.deepcopy(document)
    bad["ingredients"][1]["allergen_names"] = {"tree_nuts": ["peanut"]}
    assert refusal(session, bad) == {
        "$.ingredients[1].allergen_names": "unknown tree nuts 'peanut'; use one of: almonds, "
        "brazil nuts, cashews, chestnuts, hazelnuts, macadamia nuts, pecans, pine nuts, "
        "pistachios, walnuts",
    }
