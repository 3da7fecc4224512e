"""Gift labels and packing slips from the database (docs/product.md §6.8): the Holiday tin
of tests/labels/holiday_tin.py made with the catalog services, baked, and labelled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.labelling import BlockRole, LabelContent
from bakehouse.errors import InvalidInput
from bakehouse.labels import STOCKS, place_labels
from bakehouse.models import Event, Ingredient, Item, Package, PackageLine, Recipe, RecipeLine
from bakehouse.services.catalog import create_ingredient, update_ingredient
from bakehouse.services.core.settings import set_setting
from bakehouse.services.events.labels import (
    event_label_sheets,
    event_packing_slips,
    label_settings,
    preview_event_labels,
    preview_package_label,
)
from bakehouse.services.events.status import update_package_status
from bakehouse.services.packaging.packages import ContentInput, set_bundle_lines
from bakehouse.services.production.bakes import record_production
from bakehouse.services.production.outcomes import move_items
from bakehouse.services.recipes.recipes import update_item
from tests.factories.catalog import make_lot
from tests.factories.planning import (
    make_assignment,
    make_bundle,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)
from tests.labels.pdf_text import Fragment, pages_text, squeezed


@dataclass
class Tin:
    event: Event
    package: Package
    recipes: dict[str, Recipe]
    items: dict[str, Item]
    ingredients: dict[str, Ingredient]


def make_tin(session: Session) -> Tin:
    """The Holiday tin: a Cookie duo (4 almond crescents, 4 chocolate chip cookies) and a
    Frosted pair (2 frosted sugar cookies, ½ batch of buttercream a batch of 12), for
    Łucja Dvořák (avoids tree nuts) and Grandma Rose, one tin each."""
    ing = {
        "flour": create_ingredient(
            session, name="Wheat flour", measure="mass", allergen_names="gluten: wheat"
        ),
        "butter": create_ingredient(session, name="Butter", measure="mass", allergens="milk"),
        "sugar": create_ingredient(session, name="Sugar", measure="mass"),
        "powdered": create_ingredient(session, name="Powdered sugar", measure="mass"),
        "almond": create_ingredient(
            session, name="Almond flour", measure="mass", allergen_names={"tree nuts": ["almond"]}
        ),
        "eggs": create_ingredient(
            session, name="Eggs", measure="count", grams_per_each="50", allergens=["eggs"]
        ),
        "milk": create_ingredient(
            session, name="Whole milk", measure="volume", density="1.03", allergens="milk"
        ),
        "chips": create_ingredient(
            session, name="Chocolate chips", measure="mass", allergens="soy",
            sub_ingredients="sugar, chocolate, cocoa butter, soy lecithin",
        ),
    }  # fmt: skip
    for ingredient in ing.values():
        make_lot(session, ingredient, quantity="100000", cost="10.00")
    buttercream = make_recipe(
        session, name="Buttercream",
        lines=[(ing["butter"], "200", "g"), (ing["powdered"], "400", "g"),
               (ing["milk"], "40", "ml")],
    )  # fmt: skip
    crescents = make_recipe(
        session, name="Almond crescents", shelf_life_days=10,
        lines=[(ing["flour"], "240", "g"), (ing["butter"], "200", "g"),
               (ing["almond"], "100", "g"), (ing["sugar"], "60", "g")],
    )  # fmt: skip
    chip = make_recipe(
        session, name="Chocolate chip cookies", shelf_life_days=7,
        lines=[(ing["flour"], "250", "g"), (ing["butter"], "150", "g"), (ing["sugar"], "100", "g"),
               (ing["chips"], "200", "g"), (ing["eggs"], "2", "each")],
    )  # fmt: skip
    frosted = make_recipe(
        session, name="Frosted sugar cookies", shelf_life_days=14,
        lines=[(ing["flour"], "300", "g"), (ing["butter"], "150", "g"), (ing["sugar"], "100", "g"),
               (ing["eggs"], "1", "each")],
    )  # fmt: skip
    frosted.lines.append(
        RecipeLine(sub_recipe=buttercream, quantity=Decimal("0.5"), unit="batch", position=9)
    )
    session.flush()
    items = {
        "crescents": make_item(session, crescents, items_per_batch=24, name="Almond crescents"),
        "chip": make_item(session, chip, items_per_batch=20, name="Chocolate chip cookies"),
        "frosted": make_item(session, frosted, items_per_batch=12, name="Frosted sugar cookies"),
    }
    duo = make_bundle(
        session, name="Cookie duo", contents=[(4, items["crescents"]), (4, items["chip"])]
    )
    pair = make_bundle(session, name="Frosted pair", contents=[(2, items["frosted"])])
    package = make_package(session, name="Holiday tin", contents=[(1, duo), (1, pair)])
    event = make_event(session, name="Christmas", event_date=date(2026, 12, 20))
    lucja = make_recipient(session, name="Łucja Dvořák", allergens=["tree_nuts"])
    rose = make_recipient(session, name="Grandma Rose", address="4 Oak Lane\nSpringfield")
    make_assignment(session, event, lucja, package)
    make_assignment(session, event, rose, package)
    recipes = {"crescents": crescents, "chip": chip, "frosted": frosted}
    return Tin(event, package, recipes, items, ing)


def bake(session: Session, tin: Tin, recipe: str, day: date, **kwargs: Any) -> None:
    record_production(
        session, event_id=kwargs.pop("event_id", tin.event.id),
        recipe_id=tin.recipes[recipe].id, batches=kwargs.pop("batches", 1),
        produced_at=datetime(day.year, day.month, day.day, 15, tzinfo=UTC),
        confirm=("make_missing", "over_plan", "cover_shortage", "use_expired"), **kwargs,
    )  # fmt: skip


@pytest.fixture
def tin(session: Session) -> Tin:
    return make_tin(session)


def texts(label: LabelContent) -> dict[BlockRole, str]:
    return {block.role: block.text for block in label.blocks}


def test_the_package_label_lists_every_ingredient_by_weight_through_bundles_and_sub_recipes(
    session: Session, tin: Tin
) -> None:
    """By hand (tests/unit/test_labelling_statement.py): flour 140 g, butter 105 g, sugar
    46⅔ g, chocolate chips 40 g, powdered sugar 33⅓ g, eggs 28⅓ g, almond flour 16⅔ g, milk
    3.43 g — 413.43 g in 10 pieces, rounded down."""
    label = preview_package_label(session, "holiday-tin")
    assert texts(label) == {
        BlockRole.TITLE: "Holiday tin",
        BlockRole.INSIDE: "Inside: 4 Almond crescents, 4 Chocolate chip cookies, "
        "2 Frosted sugar cookies",
        BlockRole.NET_QUANTITY: "10 pieces · Net wt. 14.5 oz (413 g)",
        BlockRole.INGREDIENTS: "Ingredients: Wheat flour, Butter, Sugar, Chocolate chips "
        "(sugar, chocolate, cocoa butter, soy lecithin), Powdered sugar, Eggs, Almond flour, "
        "Whole milk",
        BlockRole.ALLERGENS: "Contains: milk, eggs, wheat, soy, almonds",
    }
    assert [w for w in label.warnings if "before baking" in w], label.warnings


def test_the_eu_style_from_the_settings_emphasises_allergens_and_prints_the_maker(
    session: Session, tin: Tin
) -> None:
    set_setting(session, "label_style", "EU", environ={})
    set_setting(session, "label_maker_name", "Anna's Kitchen", environ={})
    set_setting(session, "label_maker_address", "12 Elm St\nSpringfield", environ={})
    set_setting(session, "label_statement", "Made in a home kitchen.", environ={})
    label = preview_package_label(session, tin.package.id)
    blocks = texts(label)
    assert BlockRole.ALLERGENS not in blocks
    assert blocks[BlockRole.INGREDIENTS].startswith(
        "Ingredients: Wheat flour, Butter (milk), Sugar, Chocolate chips (sugar, chocolate, "
    )
    assert blocks[BlockRole.NET_QUANTITY] == "10 pieces · Net weight 413 g"
    assert blocks[BlockRole.MAKER] == "Anna's Kitchen, 12 Elm St, Springfield"
    assert blocks[BlockRole.STATEMENT] == "Made in a home kitchen."
    strong = [
        run.text
        for block in label.blocks
        if block.role is BlockRole.INGREDIENTS
        for run in block.runs
        if run.strong
    ]
    assert strong == ["Wheat", "milk", "soy", "Eggs", "Almond", "milk"]


def test_specific_names_and_sub_ingredients_are_stored_and_changed(
    session: Session, tin: Tin
) -> None:
    almond = tin.ingredients["almond"]
    assert (almond.allergens, almond.allergen_names) == (["tree_nuts"], {"tree_nuts": ["almonds"]})
    update_ingredient(session, almond.id, allergen_names="tree nuts: almonds, hazelnut")
    assert almond.allergen_names == {"tree_nuts": ["almonds", "hazelnuts"]}
    update_ingredient(session, almond.id, allergens=[])
    assert (almond.allergens, almond.allergen_names) == ([], {})
    chips = tin.ingredients["chips"]
    assert chips.sub_ingredients == ["sugar", "chocolate", "cocoa butter", "soy lecithin"]
    update_ingredient(session, chips.id, sub_ingredients=["sugar", "cocoa mass (70%, cocoa)"])
    assert chips.sub_ingredients == ["sugar", "cocoa mass (70%, cocoa)"]
    with pytest.raises(InvalidInput, match="unknown tree nuts 'peanut'") as caught:
        update_ingredient(session, almond.id, allergen_names={"tree_nuts": ["peanut"]})
    assert caught.value.field == "allergen_names"
    with pytest.raises(InvalidInput, match="milk takes no specific name"):
        update_ingredient(session, almond.id, allergen_names="milk: cow")


def test_dates_come_from_the_oldest_good_items_first_and_best_by_is_the_earliest_expiry(
    session: Session, tin: Tin
) -> None:
    """Crescents: an old bake (Dec 1, 10 days: good through Dec 11) gave only 4 good ones,
    a fresh one (Dec 8) 24. Łucja's tin was assigned first and takes the old four; Grandma
    Rose's comes from Dec 8. Chocolate chip cookies: 4 moved in from Thanksgiving's bake of
    Nov 28 (7 days: Dec 5), then Dec 10; frosted: Dec 12 (14 days: Dec 26)."""
    thanksgiving = make_event(session, name="Thanksgiving", event_date=date(2026, 11, 26))
    bake(session, tin, "crescents", date(2026, 12, 1), good={tin.items["crescents"].id: 4},
         loss_reason="burnt")  # fmt: skip
    bake(session, tin, "crescents", date(2026, 12, 8))
    bake(session, tin, "chip", date(2026, 11, 28), event_id=thanksgiving.id)
    move_items(session, from_event_id=thanksgiving.id, to_event_id=tin.event.id,
               item_id=tin.items["chip"].id, quantity=4)  # fmt: skip
    bake(session, tin, "chip", date(2026, 12, 10))
    bake(session, tin, "frosted", date(2026, 12, 12))
    preview = preview_event_labels(session, "christmas")
    by_name = {label.name: texts(label) for label in preview.labels}
    assert list(by_name) == ["Holiday tin for Grandma Rose", "Holiday tin for Łucja Dvořák"]
    # Łucja: crescents of Dec 1 (to Dec 11), chips moved in from Nov 28 (to Dec 5)
    assert by_name["Holiday tin for Łucja Dvořák"][BlockRole.DATES] == (
        "Baked on Nov 28, 2026 · Best by Dec 5, 2026"
    )
    # Rose: crescents of Dec 8 (to Dec 18), chips of Dec 10 (to Dec 17), frosted Dec 12
    assert by_name["Holiday tin for Grandma Rose"][BlockRole.DATES] == (
        "Baked on Dec 8, 2026 · Best by Dec 17, 2026"
    )
    assert by_name["Holiday tin for Łucja Dvořák"][BlockRole.WARNING] == (
        "Warning: contains tree nuts (almonds), which you avoid"
    )
    assert not any("not baked" in warning for warning in preview.warnings)


def test_what_no_bake_covers_is_a_preview_warning_naming_the_label(
    session: Session, tin: Tin
) -> None:
    bake(session, tin, "crescents", date(2026, 12, 1))
    preview = preview_event_labels(session, tin.event.id, mode="item")
    names = [label.name for label in preview.labels]
    assert names[:3] == [
        "Almond crescents for Grandma Rose",
        "Chocolate chip cookies for Grandma Rose",
        "Frosted sugar cookies for Grandma Rose",
    ]
    assert len(names) == 6
    assert (
        "4 Chocolate chip cookies not baked yet: the dates cover the baked ones only (2 labels: "
        "Chocolate chip cookies for Grandma Rose, Chocolate chip cookies for Łucja Dvořák)"
    ) in preview.warnings
    crescent = texts(preview.labels[0])
    assert crescent[BlockRole.DATES] == "Baked on Dec 1, 2026 · Best by Dec 11, 2026"


def test_the_label_read_takes_a_fixed_number_of_statements(
    session: Session, tin: Tin, count_statements: Callable[[], Any]
) -> None:
    bake(session, tin, "crescents", date(2026, 12, 1))
    event_id = tin.event.id
    session.expire_all()
    with count_statements() as few:
        preview_event_labels(session, event_id)
    for n in range(6):
        make_assignment(
            session, tin.event, make_recipient(session, name=f"Friend {n}"), tin.package
        )
    bake(session, tin, "chip", date(2026, 12, 2), batches=2)
    session.expire_all()
    with count_statements() as many:
        preview = preview_event_labels(session, event_id)
    assert len(preview.labels) == 8
    [weight] = [w for w in preview.warnings if "before baking" in w]
    assert weight.endswith("(8 labels: Holiday tin for Friend 0, Holiday tin for Friend 1, "
                           "Holiday tin for Friend 2 and 5 more)")  # fmt: skip
    assert few.count == many.count == STATEMENTS


#: the event, assignments, settings, the planning catalog (five), bundle names, shelf lives,
#: baked weights, what each assignment holds (its rows and recipe names, docs/product.md
#: §6.20), bakes, moves and losses.
STATEMENTS = 15


def test_an_assembled_tin_keeps_its_label_when_its_bundle_changes_after(
    session: Session, tin: Tin
) -> None:
    """docs/product.md §6.20: Grandma Rose's tin is assembled; the Cookie duo then loses
    its crescents and holds 6 chocolate chip cookies. Her label still lists what went into
    her tin; Łucja's, still pending, lists the tin as it is now."""
    for recipe in ("crescents", "chip", "frosted"):
        bake(session, tin, recipe, date(2026, 12, 1))
    [rose] = [a for a in tin.event.assignments if a.recipient.name == "Grandma Rose"]
    update_package_status(session, rose.id, AssignmentStatus.ASSEMBLED)
    duo = next(line.bundle for line in tin.package.lines if line.bundle.name == "Cookie duo")
    set_bundle_lines(session, duo.id, [ContentInput(6, item_id=tin.items["chip"].id)])

    preview = preview_event_labels(session, tin.event.id)

    inside = {label.name: texts(label)[BlockRole.INSIDE] for label in preview.labels}
    assert inside == {
        "Holiday tin for Grandma Rose": (
            "Inside: 4 Almond crescents, 4 Chocolate chip cookies, 2 Frosted sugar cookies"
        ),
        "Holiday tin for Łucja Dvořák": "Inside: 6 Chocolate chip cookies, 2 Frosted sugar cookies",
    }


def test_the_pdf_holds_each_labels_lines_in_its_cell_from_the_start_position(
    session: Session, tin: Tin
) -> None:
    bake(session, tin, "crescents", date(2026, 12, 1))
    stock = STOCKS["avery-5163"]
    pdf = event_label_sheets(session, "christmas", stock="avery-5163", start_at=3)
    assert isinstance(pdf, bytes)
    [page] = pages_text(pdf)
    preview = preview_event_labels(session, "christmas")
    placed = place_labels(preview.labels, stock, start_at=3)
    assert [p.position for p in placed] == [3, 4]
    for label in placed:
        inside = [f for f in page if label.cell.contains(f.x, f.y)]
        assert squeezed("".join(f.text for f in inside)) == squeezed(
            "".join(line_text for line_text in _lines(label.fitted))
        )
    assert _first_line(page, stock.cell(3)) == "Holiday tin"
    assert "For Grandma Rose" in [f.text for f in page if stock.cell(3).contains(f.x, f.y)]
    assert [f for f in page if stock.cell(1).contains(f.x, f.y)] == []


def _lines(fitted: Any) -> list[str]:
    return ["".join(piece.text for piece in line.pieces) for line in fitted.lines]


def _first_line(page: list[Fragment], cell: Any) -> str:
    inside = sorted((f for f in page if cell.contains(f.x, f.y)), key=lambda f: -f.y)
    return inside[0].text


def test_a_label_too_full_for_the_tag_is_refused_naming_it_and_a_larger_stock(
    session: Session, tin: Tin
) -> None:
    with pytest.raises(InvalidInput) as caught:
        event_label_sheets(session, "christmas", stock="avery-5160")
    assert "the label 'Holiday tin for Grandma Rose' does not fit on Avery 5160" in str(
        caught.value
    )
    assert "use Avery 5163" in str(caught.value)


def test_packing_slips_one_per_recipient(session: Session, tin: Tin) -> None:
    pdf = event_packing_slips(session, "christmas", page="a4")
    assert isinstance(pdf, bytes)
    pages = pages_text(pdf)
    assert len(pages) == 2
    first = " ".join(f.text for f in pages[0])
    for expected in ("Grandma Rose", "1 × Holiday tin", "4 Oak Lane"):
        assert expected in first
    html = event_packing_slips(session, "christmas", html=True)
    assert isinstance(html, str)
    assert "Łucja Dvořák" in html
    with pytest.raises(InvalidInput, match="unknown paper 'legal'"):
        event_packing_slips(session, "christmas", page="legal")


def test_label_settings_default_to_us_and_nothing_from_the_maker(session: Session) -> None:
    settings = label_settings(session)
    assert (settings.style, settings.maker_name, settings.statement) == ("us", "", "")
    with pytest.raises(InvalidInput, match="label_style must be one of us, eu"):
        set_setting(session, "label_style", "fr", environ={})


def test_a_weighed_baked_piece_gives_the_net_weight(session: Session, tin: Tin) -> None:
    """4 crescents at 12.5 g, 4 chocolate chip at 30 g, 2 frosted at 41.75 g = 253.5 g:
    8.9 oz (8.94 rounded down to tenths) and 253 g; nothing is said about baking."""
    update_item(session, tin.items["crescents"].id, baked_weight_g="12.5")
    update_item(session, tin.items["chip"].id, baked_weight_g="30")
    update_item(session, tin.items["frosted"].id, baked_weight_g="41.75")
    label = preview_package_label(session, tin.package.id)
    assert texts(label)[BlockRole.NET_QUANTITY] == "10 pieces · Net wt. 8.9 oz (253 g)"
    assert not [w for w in label.warnings if "before baking" in w]
    update_item(session, tin.items["chip"].id, baked_weight_g=None)
    assert tin.items["chip"].baked_weight_g is None
    update_item(session, tin.items["chip"].id, name="Chocolate chip cookies")
    assert tin.items["crescents"].baked_weight_g == Decimal("12.5")


def test_a_package_label_takes_a_fixed_number_of_statements(
    session: Session, tin: Tin, count_statements: Callable[[], Any]
) -> None:
    package_id = tin.package.id
    session.expire_all()
    with count_statements() as few:
        preview_package_label(session, package_id)
    for n in range(4):
        extra = make_bundle(session, name=f"Extra {n}", contents=[(1, tin.items["chip"])])
        tin.package.lines.append(PackageLine(quantity=1, bundle=extra))
    session.flush()
    session.expire_all()
    with count_statements() as many:
        label = preview_package_label(session, package_id)
    assert texts(label)[BlockRole.INSIDE].startswith("Inside: 4 Almond crescents, 8 Chocolate")
    #: the package, settings, the planning catalog (five), bundle names, shelf lives, baked
    #: weights
    assert few.count == many.count == 10
