"""A label's blocks: net quantity, maker block, labels per package or per item, packing slips."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from bakehouse.domain.labelling import (
    AssignmentFacts,
    BakedBatch,
    BlockRole,
    BundleFacts,
    Freshness,
    IngredientLine,
    ItemFacts,
    LabelContent,
    LabelMode,
    LabelSettings,
    LabelStyle,
    Part,
    RecipeFacts,
    Recipient,
    build_label,
    build_labels,
    build_packing_slip,
    net_quantity,
)
from bakehouse.domain.labelling.net_quantity import format_grams, format_ounces
from tests.labels.holiday_tin import (
    ALMOND_CRESCENTS,
    CHOCOLATE_CHIP,
    FLOUR,
    FROSTED_SUGAR,
    HOLIDAY_TIN,
    VANILLA,
)

MAKER = LabelSettings(
    maker_name="Anna's Kitchen",
    maker_address="12 Elm St\nSpringfield, IL 62701",
    statement="Made in a home kitchen that is not inspected by the state.",
)


def text(label: LabelContent, role: BlockRole) -> str | None:
    block = label.block(role)
    return None if block is None else block.text


def test_net_quantity_counts_pieces_and_weighs_the_ingredients() -> None:
    """10 pieces; 413.4333 g of ingredients (the statement's grams added up) → 413 g,
    and 413 g ÷ 28.349523125 = 14.57 oz → 14.5 oz (rounded down, never overstated)."""
    quantity = net_quantity(HOLIDAY_TIN)
    assert (quantity.count, quantity.grams, quantity.weighed) == (10, Decimal(413), False)
    us = build_label(HOLIDAY_TIN, settings=LabelSettings(style=LabelStyle.US))
    eu = build_label(HOLIDAY_TIN, settings=LabelSettings(style=LabelStyle.EU))
    assert text(us, BlockRole.NET_QUANTITY) == "10 pieces · Net wt. 14.5 oz (413 g)"
    assert text(eu, BlockRole.NET_QUANTITY) == "10 pieces · Net weight 413 g"
    assert us.warnings == (
        "net weight is the ingredients' weight before baking: set a baked weight for "
        "Almond crescents, Chocolate chip cookies, Frosted sugar cookies for an exact figure",
    )


def test_weighed_items_give_the_net_weight_exactly() -> None:
    # 4 × 22 g + 4 × 38 g + 2 × 60 g = 360 g = 12.69 oz
    weighed = BundleFacts(
        "Weighed tin",
        (
            Part(replace(ALMOND_CRESCENTS, net_weight_g=Decimal(22)), 4),
            Part(replace(CHOCOLATE_CHIP, net_weight_g=Decimal(38)), 4),
            Part(replace(FROSTED_SUGAR, net_weight_g=Decimal(60)), 2),
        ),
    )
    quantity = net_quantity(weighed)
    assert (quantity.grams, quantity.weighed, quantity.warnings) == (Decimal(360), True, ())
    label = build_label(weighed, settings=LabelSettings())
    assert text(label, BlockRole.NET_QUANTITY) == "10 pieces · Net wt. 12.6 oz (360 g)"


def test_net_weight_is_left_off_when_an_item_cannot_be_weighed() -> None:
    item = ItemFacts(
        "Vanilla cookie",
        RecipeFacts(
            "Vanilla", (IngredientLine(FLOUR, Decimal(100)), IngredientLine(VANILLA, Decimal(5)))
        ),
        items_per_batch=1,
    )
    label = build_label(item, settings=LabelSettings())
    assert text(label, BlockRole.NET_QUANTITY) == "1 piece"
    assert net_quantity(item).grams is None
    assert any(
        w.startswith("net weight left off: the weight of Vanilla cookie") for w in label.warnings
    )


def test_large_weights_read_in_pounds_and_kilograms() -> None:
    assert format_ounces(Decimal(500)) == "1 lb 1.6 oz"
    assert format_ounces(Decimal("453.6")) == "1 lb"
    assert format_grams(Decimal(1250)) == "1.25 kg"
    assert format_grams(Decimal(999)) == "999 g"


def test_the_maker_block_and_statement_print_only_when_set() -> None:
    bare = build_label(HOLIDAY_TIN, settings=LabelSettings())
    assert text(bare, BlockRole.MAKER) is None
    assert text(bare, BlockRole.STATEMENT) is None
    full = build_label(HOLIDAY_TIN, settings=MAKER)
    assert text(full, BlockRole.MAKER) == "Anna's Kitchen, 12 Elm St, Springfield, IL 62701"
    assert text(full, BlockRole.STATEMENT) == (
        "Made in a home kitchen that is not inspected by the state."
    )
    only_name = build_label(HOLIDAY_TIN, settings=LabelSettings(maker_name="Anna"))
    assert text(only_name, BlockRole.MAKER) == "Anna"


def test_a_label_holds_its_blocks_in_reading_order() -> None:
    label = build_label(
        HOLIDAY_TIN,
        settings=MAKER,
        recipient=Recipient("Łucja Dvořák", frozenset({"eggs"})),
        batches=[BakedBatch("Almond crescents", date(2026, 12, 1), 4, Freshness(14))],
    )
    assert [b.role.value for b in label.blocks] == [
        "title",
        "recipient",
        "warning",
        "inside",
        "net_quantity",
        "ingredients",
        "allergens",
        "dates",
        "maker",
        "statement",
    ]
    assert label.name == "Holiday tin for Łucja Dvořák"
    assert text(label, BlockRole.INSIDE) == (
        "Inside: 4 Almond crescents, 4 Chocolate chip cookies, 2 Frosted sugar cookies"
    )


def test_one_label_per_package_handed_over_or_per_kind_of_item_inside() -> None:
    batches = (
        BakedBatch("Almond crescents", date(2026, 12, 1), 8, Freshness(21)),
        BakedBatch("Chocolate chip cookies", date(2026, 12, 10), 8, Freshness(7)),
    )
    twice = AssignmentFacts(Recipient("Ana"), HOLIDAY_TIN, quantity=2, batches=batches)
    once = AssignmentFacts(Recipient("Ben"), HOLIDAY_TIN, quantity=1)
    per_package = build_labels([twice, once], mode=LabelMode.PER_PACKAGE, settings=LabelSettings())
    assert [label.name for label in per_package] == [
        "Holiday tin for Ana",
        "Holiday tin for Ana",
        "Holiday tin for Ben",
    ]
    per_item = build_labels([twice], mode=LabelMode.PER_ITEM, settings=LabelSettings())
    assert [label.name for label in per_item] == [
        "Almond crescents for Ana",
        "Chocolate chip cookies for Ana",
        "Frosted sugar cookies for Ana",
    ] * 2
    crescents = per_item[0]
    assert text(crescents, BlockRole.INSIDE) is None
    assert text(crescents, BlockRole.NET_QUANTITY) == "4 pieces · Net wt. 3.5 oz (100 g)"
    assert text(crescents, BlockRole.DATES) == "Baked on Dec 1, 2026 · Best by Dec 22, 2026"
    assert text(per_item[2], BlockRole.DATES) is None


def test_a_packing_slip_lists_each_package_with_its_label_content() -> None:
    recipient = Recipient(
        "Łucja Dvořák",
        frozenset({"tree_nuts"}),
        household="Dvořák family",
        address="Ulica 5\nKraków",
    )
    slip = build_packing_slip(
        event="Christmas 2026",
        event_date=date(2026, 12, 24),
        recipient=recipient,
        assignments=[
            AssignmentFacts(
                recipient, HOLIDAY_TIN, quantity=2, not_baked={"Frosted sugar cookies": 4}
            ),
            AssignmentFacts(recipient, BundleFacts("Crescent bag", (Part(ALMOND_CRESCENTS, 6),))),
        ],
        settings=MAKER,
    )
    assert slip.event_date == "Dec 24, 2026"
    assert [(p.name, p.quantity) for p in slip.packages] == [
        ("Holiday tin", 2),
        ("Crescent bag", 1),
    ]
    assert slip.packages[0].items == (
        ("Almond crescents", 4),
        ("Chocolate chip cookies", 4),
        ("Frosted sugar cookies", 2),
    )
    assert text(slip.packages[1].label, BlockRole.WARNING) == (
        "Warning: contains tree nuts (almonds), which you avoid"
    )
    assert slip.maker == ("Anna's Kitchen", "12 Elm St", "Springfield, IL 62701")
    assert "4 Frosted sugar cookies not baked yet: the dates cover the baked ones only" in (
        slip.warnings
    )
