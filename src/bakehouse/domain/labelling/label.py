"""A label's content from plain data: the blocks of text a sheet or page prints.

The rules are docs/product.md §6.8.

A label holds, in this order and each only when there is something to say: the title, who it
is for, a warning for an allergen the recipient avoids, what is inside, the net quantity, the
ingredient statement, the "Contains:" line (US style), the dates, the maker block and the
maker's statement.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from babel.dates import format_date

from bakehouse.domain.allergens import ALLERGENS
from bakehouse.domain.labelling.allergen_text import (
    LabelStyle,
    allergen_codes,
    allergen_words,
    ingredient_runs,
    us_contains_line,
)
from bakehouse.domain.labelling.contents import BundleFacts, ItemFacts, Part, item_counts
from bakehouse.domain.labelling.dates import BakedBatch, label_dates
from bakehouse.domain.labelling.net_quantity import format_net_quantity, net_quantity
from bakehouse.domain.labelling.runs import Run, merge_runs, plain_text
from bakehouse.domain.labelling.weights import IngredientWeight, weigh_ingredients


class BlockRole(StrEnum):
    TITLE = "title"
    RECIPIENT = "recipient"
    WARNING = "warning"
    INSIDE = "inside"
    NET_QUANTITY = "net_quantity"
    INGREDIENTS = "ingredients"
    ALLERGENS = "allergens"
    DATES = "dates"
    MAKER = "maker"
    STATEMENT = "statement"


class LabelMode(StrEnum):
    """One label per package handed over, or one per kind of item inside each package."""

    PER_PACKAGE = "package"
    PER_ITEM = "item"


@dataclass(frozen=True)
class LabelSettings:
    """The label settings (docs/product.md §6.8): style, the maker block and statement (each
    printed only when set) and the locale dates are written in."""

    style: LabelStyle = LabelStyle.US
    maker_name: str = ""
    maker_address: str = ""
    statement: str = ""
    locale: str = "en_US"


@dataclass(frozen=True)
class Recipient:
    """Who a package is for; ``avoids`` holds allergen codes of the 14."""

    name: str
    avoids: frozenset[str] = frozenset()
    household: str = ""
    address: str = ""


@dataclass(frozen=True)
class Block:
    role: BlockRole
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return plain_text(self.runs)


@dataclass(frozen=True)
class LabelContent:
    """What one label prints. ``name`` is how an error or a preview names it ("Cookie tin for
    Łucja Dvořák"); ``warnings`` are for the baker's preview, never printed."""

    name: str
    blocks: tuple[Block, ...]
    warnings: tuple[str, ...] = ()

    def block(self, role: BlockRole) -> Block | None:
        return next((b for b in self.blocks if b.role is role), None)


@dataclass(frozen=True)
class AssignmentFacts:
    """One recipient's packages at an event: ``batches`` are the good items they come from
    (see ``allocate_oldest_first``), ``not_baked`` the items no bake covers yet."""

    recipient: Recipient
    package: BundleFacts
    quantity: int = 1
    batches: tuple[BakedBatch, ...] = ()
    not_baked: Mapping[str, int] = field(default_factory=dict)


def build_label(
    contents: ItemFacts | BundleFacts,
    *,
    settings: LabelSettings,
    batches: Iterable[BakedBatch] = (),
    recipient: Recipient | None = None,
    not_baked: Mapping[str, int] | None = None,
) -> LabelContent:
    """The content of one label for ``contents`` (an item, a bundle or a package)."""
    weighing = weigh_ingredients(contents)
    ingredients = [w.ingredient for w in weighing.ingredients]
    avoids = recipient.avoids if recipient else frozenset()
    warnings = list(weighing.warnings)
    blocks = [Block(BlockRole.TITLE, (Run(contents.name),))]
    if recipient is not None:
        blocks.append(Block(BlockRole.RECIPIENT, (Run(f"For {recipient.name}"),)))
        clash = allergen_codes(ingredients) & avoids
        if clash:
            blocks.append(_warning_block(allergen_words(ingredients, clash)))
    inside = _inside(contents)
    if inside is not None:
        blocks.append(inside)
    quantity = net_quantity(contents)
    warnings.extend(quantity.warnings)
    blocks.append(
        Block(BlockRole.NET_QUANTITY, (Run(format_net_quantity(quantity, settings.style)),))
    )
    blocks.append(_statement_block(weighing.ingredients, weighing.approximate, settings, avoids))
    if settings.style is LabelStyle.US:
        line = us_contains_line(ingredients, avoids=avoids)
        if line is not None:
            blocks.append(Block(BlockRole.ALLERGENS, line.runs))
            warnings.extend(line.warnings)
    dates = _dates_block(batches, settings.locale)
    if dates is not None:
        blocks.append(dates)
    for item, missing in (not_baked or {}).items():
        warnings.append(f"{missing} {item} not baked yet: the dates cover the baked ones only")
    maker = ", ".join(
        p for p in (settings.maker_name.strip(), _one_line(settings.maker_address)) if p
    )
    if maker:
        blocks.append(Block(BlockRole.MAKER, (Run(maker),)))
    if settings.statement.strip():
        blocks.append(Block(BlockRole.STATEMENT, (Run(" ".join(settings.statement.split())),)))
    name = f"{contents.name} for {recipient.name}" if recipient else contents.name
    return LabelContent(name, tuple(blocks), tuple(dict.fromkeys(warnings)))


def build_labels(
    assignments: Sequence[AssignmentFacts], *, mode: LabelMode, settings: LabelSettings
) -> tuple[LabelContent, ...]:
    """Labels in sheet order: per package, ``quantity`` copies of the package's label; per
    item, for each package handed over, one label per kind of item inside it."""
    labels: list[LabelContent] = []
    for assignment in assignments:
        if mode is LabelMode.PER_PACKAGE:
            label = build_label(
                assignment.package,
                settings=settings,
                batches=assignment.batches,
                recipient=assignment.recipient,
                not_baked=assignment.not_baked,
            )
            labels.extend([label] * assignment.quantity)
            continue
        per_item = [
            build_label(
                BundleFacts(item.name, (Part(item, count),)),
                settings=settings,
                batches=[b for b in assignment.batches if b.item == item.name],
                recipient=assignment.recipient,
                not_baked={k: v for k, v in assignment.not_baked.items() if k == item.name},
            )
            for item, count in item_counts(assignment.package).values()
        ]
        labels.extend(per_item * assignment.quantity)
    return tuple(labels)


def format_day(day: date, locale: str) -> str:
    return format_date(day, format="medium", locale=locale)


def _warning_block(words: list[str]) -> Block:
    return Block(
        BlockRole.WARNING,
        (
            Run("Warning: contains ", strong=True),
            Run(", ".join(words), strong=True, avoided=True),
            Run(", which you avoid", strong=True),
        ),
    )


def _inside(contents: ItemFacts | BundleFacts) -> Block | None:
    counts = list(item_counts(contents).values())
    if len(counts) == 1 and counts[0][0].name == contents.name:
        return None
    listed = ", ".join(f"{count} {item.name}" for item, count in counts)
    return Block(BlockRole.INSIDE, (Run(f"Inside: {listed}"),))


def _statement_block(
    weights: Sequence[IngredientWeight],
    approximate: bool,
    settings: LabelSettings,
    avoids: frozenset[str],
) -> Block:
    emphasise = frozenset(ALLERGENS) if settings.style is LabelStyle.EU else avoids
    runs = [Run("Ingredients: ")]
    for index, weight in enumerate(weights):
        if index:
            runs.append(Run(", "))
        runs.extend(ingredient_runs(weight.ingredient, emphasise=emphasise, avoids=avoids))
    if approximate:
        runs.append(Run(" (order approximate)"))
    return Block(BlockRole.INGREDIENTS, merge_runs(runs))


def _dates_block(batches: Iterable[BakedBatch], locale: str) -> Block | None:
    dates = label_dates(batches)
    parts = []
    if dates.baked_on is not None:
        parts.append(f"Baked on {format_day(dates.baked_on, locale)}")
    if dates.best_by is not None:
        parts.append(f"Best by {format_day(dates.best_by, locale)}")
    return Block(BlockRole.DATES, (Run(" · ".join(parts)),)) if parts else None


def _one_line(text: str) -> str:
    return ", ".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
