"""Labelling rules, pure: ingredient statements, allergens, net quantity and dates for gift
labels and packing slips (docs/product.md §6.8). Rendering lives in ``bakehouse.labels``."""

from bakehouse.domain.labelling.allergen_text import LabelStyle, us_contains_line
from bakehouse.domain.labelling.contents import (
    Allergen,
    BundleFacts,
    IngredientFacts,
    IngredientLine,
    ItemFacts,
    Part,
    RecipeFacts,
    SubRecipeLine,
    item_counts,
)
from bakehouse.domain.labelling.dates import (
    Allocation,
    BakedBatch,
    Demand,
    Freshness,
    LabelDates,
    allocate_oldest_first,
    best_by,
    label_dates,
)
from bakehouse.domain.labelling.label import (
    AssignmentFacts,
    Block,
    BlockRole,
    LabelContent,
    LabelMode,
    LabelSettings,
    Recipient,
    build_label,
    build_labels,
)
from bakehouse.domain.labelling.net_quantity import NetQuantity, net_quantity
from bakehouse.domain.labelling.runs import Run
from bakehouse.domain.labelling.slip import PackingSlip, SlipPackage, build_packing_slip
from bakehouse.domain.labelling.weights import IngredientWeight, Weighing, weigh_ingredients

__all__ = [
    "Allergen",
    "Allocation",
    "AssignmentFacts",
    "BakedBatch",
    "Block",
    "BlockRole",
    "BundleFacts",
    "Demand",
    "Freshness",
    "IngredientFacts",
    "IngredientLine",
    "IngredientWeight",
    "ItemFacts",
    "LabelContent",
    "LabelDates",
    "LabelMode",
    "LabelSettings",
    "LabelStyle",
    "NetQuantity",
    "PackingSlip",
    "Part",
    "RecipeFacts",
    "Recipient",
    "Run",
    "SlipPackage",
    "SubRecipeLine",
    "Weighing",
    "allocate_oldest_first",
    "best_by",
    "build_label",
    "build_labels",
    "build_packing_slip",
    "item_counts",
    "label_dates",
    "net_quantity",
    "us_contains_line",
    "weigh_ingredients",
]
