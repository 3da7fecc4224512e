"""The data file, version 9: pydantic models of every entry and the published JSON Schema.

Version 2 (issue 15, docs/product.md §6.12) adds sub-recipes and prepared stock: a recipe's
yield and shelf life, recipe lines of a sub-recipe (``recipe`` instead of ``ingredient``),
lots of prepared stock (``recipe`` and ``made_by``), and bakes that make stock
(``makes_stock``, no ``event`` needed, ``parent``). A version 1 file is a version 2 file
without them, and imports as it always did. Version 3 (issue 16, docs/product.md §6.13)
adds a bake's ``outcomes``: its good items lost or moved to another event. A version 2
file is a version 3 file whose bakes have no outcomes. Version 4 (issue 17,
docs/product.md §6.14) adds a lot's ``origin`` (purchase, opening, unrecorded, found,
prepared) and ``priced``, an ingredient's ``draw_order`` (fifo or fefo), a bake's
``cost_incomplete``, and the movement kinds ``unrecorded`` and ``found``. A version 3 file
is a version 4 file whose lots take their origin from what they say (a purchase's lot, a
sub-recipe's prepared stock, else opening stock), all priced, every ingredient FIFO.
Version 5 (issue 18, docs/product.md §6.15) adds ``seasons`` (named date ranges with an
optional budget), an event's ``budget`` and the ``settings`` an owner changed; a version 4
file is a version 5 file without them. Version 6 (issue 19, docs/product.md §6.17) adds a
product's list price (``list_price``, ``list_price_on``, ``list_price_store``), the
shopping-list ``ticks`` (a list's scope: ``event:<slug>``, ``season:<slug>`` or ``upcoming``)
and the ``aisles`` order; a version 5 file is a version 6 file without them. Version 7
(issue 25, docs/product.md §6.10) adds the bake calendar's inputs: a recipe's
``hands_on_minutes``, ``max_batches_per_session``, ``freezable``,
``frozen_shelf_life_days`` and ``thaw_hours``, a package's ``assembly_minutes``, a
``delivery_date`` per event and per assignment, and ``calendar_days`` (one-off hours and
days off); a version 6 file is a version 7 file without them (nothing known yet).
Calendar feed addresses are secrets and are not written.
Version 8 (issue 26, docs/product.md §6.8) adds an ingredient's ``allergen_names``
(specific names by allergen code) and ``sub_ingredients`` and an item's ``baked_weight_g``,
and lets a setting's value be 1,000 characters; a version 7 file is a version 8 file
without them. Version 9 (issue 23, docs/product.md §6.20) adds what an assembled or
delivered assignment held (``contents``), an event's plan lock (``locked_at``,
``price_locks``, ``recipe_locks``, ``lock_history``) and ``archived_at`` on ingredients,
products, recipes, items, bundles, packages, recipients and events; a version 8 file is a
version 9 file without them, whose assembled and delivered assignments hold their
package's contents in the file.

Entities point at each other by natural keys: slugs for named things, and per-file
``ref`` strings ("lot-3") for purchases, lots, movements and production records. Money and
quantities are exact decimal strings ("12.5", or a fraction "2 1/4": the exact grammar of
:mod:`bakehouse.domain.inputs`), dates and times ISO 8601; text has no control characters.
The schema in ``schema.json`` is generated from these models by ``scripts/generate_schema.py``.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from bakehouse.domain.inputs import (
    MAX_DAY_MINUTES,
    MAX_ID,
    MAX_SESSION_BATCHES,
    MAX_SHELF_LIFE_DAYS,
    STORABLE_DIGITS,
    STORABLE_LIMIT,
    NumberRule,
    TextLimit,
    read_exact_number,
    refuse_control_characters,
)
from bakehouse.domain.kinds import (
    AdjustmentReason,
    AssignmentStatus,
    DrawOrder,
    LotOrigin,
    MovementKind,
)
from bakehouse.domain.numbers import MONEY_PLACES, QUANTITY_PLACES
from bakehouse.domain.outcomes import LossReason, OutcomeKind
from bakehouse.units.conversion import Measure

FORMAT_NAME = "bakehouse"
FORMAT_VERSION = 9
#: Versions the importer reads (each older one is a subset of the newest): version 1
#: files have no sub-recipes, version 2 files no item outcomes, version 3 files no lot
#: origins or draw orders, version 4 files no seasons, budgets or settings, version 5
#: files no list prices, ticks or aisles, version 6 files no calendar inputs, version 7
#: files no specific allergen names, sub-ingredients or baked weights, version 8 files no
#: snapshots, locks or archive flags.
READABLE_VERSIONS = (1, 2, 3, 4, 5, 6, 7, 8, 9)
SCHEMA_ID = "https://bakehouse.invalid/schema/data-file-v9.json"


def _decimal_pattern(places: int) -> str:
    """The exact grammar (docs/product.md §6.1) as stored: up to ``STORABLE_DIGITS`` digits before
    the point and ``places`` after, or a fraction such as "2 1/4" that has such a decimal."""
    whole = f"[0-9]{{1,{STORABLE_DIGITS}}}"
    return rf"^-?({whole}(\.[0-9]{{1,{places}}})?|({whole} )?{whole}/{whole})$"


#: Quantities: NUMERIC(18, 6).
QUANTITY_PATTERN = _decimal_pattern(QUANTITY_PLACES)
#: Money: NUMERIC(16, 4).
MONEY_PATTERN = _decimal_pattern(MONEY_PLACES)
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

PATTERN_MESSAGES = {
    QUANTITY_PATTERN: "must be a decimal string with at most 12 digits before the point "
    'and 6 after, e.g. "250" or "0.5" (or a fraction such as "2 1/4")',
    MONEY_PATTERN: "must be an amount as a decimal string with at most 4 decimal places, "
    'e.g. "12.99"',
    SLUG_PATTERN: 'must be a slug: lower-case letters, digits and hyphens, e.g. "brown-sugar"',
}

#: The file restores stored values, so it is held to what a column stores, not what a
#: person may type (a bake's cost is a sum; a lot in grams may be a large purchase).
_STORED_QUANTITY = NumberRule(QUANTITY_PLACES, signed=True, maximum=STORABLE_LIMIT)
_STORED_MONEY = NumberRule(MONEY_PLACES, signed=True, money=True, maximum=STORABLE_LIMIT)


def _exact_text(rule: NumberRule) -> BeforeValidator:
    # JSON numbers are refused: a float could already have lost the exact value.
    def read(value: object) -> Decimal:
        if not isinstance(value, str):
            raise ValueError('must be a decimal string such as "12.5", not a JSON number')
        return read_exact_number(value, rule)

    return BeforeValidator(read)


QuantityText = Annotated[
    Decimal,
    _exact_text(_STORED_QUANTITY),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": QUANTITY_PATTERN,
            "description": "An exact quantity as a decimal string.",
        }
    ),
]
MoneyText = Annotated[
    Decimal,
    _exact_text(_STORED_MONEY),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": MONEY_PATTERN,
            "description": "An exact amount of money as a decimal string.",
        }
    ),
]
#: Text follows the rule every door uses: no control characters (a NUL, a BEL).
_TEXT = AfterValidator(refuse_control_characters)
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=TextLimit.SLUG)]
Ref = Annotated[str, StringConstraints(min_length=1, max_length=TextLimit.REF), _TEXT]
Name = Annotated[str, StringConstraints(min_length=1, max_length=TextLimit.NAME), _TEXT]
PositiveInt = Annotated[int, Field(gt=0, le=MAX_ID)]
GtinDigits = Annotated[str, StringConstraints(max_length=TextLimit.GTIN_DIGITS), _TEXT]
Text20 = Annotated[str, StringConstraints(max_length=TextLimit.UNIT), _TEXT]
Text60 = Annotated[str, StringConstraints(max_length=TextLimit.CATEGORY), _TEXT]
Text120 = Annotated[str, StringConstraints(max_length=TextLimit.SHORT), _TEXT]
Text200 = Annotated[str, StringConstraints(max_length=TextLimit.NAME), _TEXT]
#: Free text (notes, instructions, addresses): the services' limit.
Notes = Annotated[str, StringConstraints(max_length=TextLimit.NOTES), _TEXT]
SubIngredient = Annotated[str, StringConstraints(max_length=TextLimit.SUB_INGREDIENT), _TEXT]


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IngredientEntry(Entry):
    slug: Slug
    name: Name
    category: Text60 = "other"
    measure: Measure
    density: QuantityText | None = None
    grams_per_each: QuantityText | None = None
    allergens: list[str] = Field(default_factory=list)
    notes: Notes = ""
    created_at: AwareDatetime | None = None
    #: Which lots bakes draw first (version 4; docs/product.md §6.14).
    draw_order: DrawOrder = DrawOrder.FIFO
    #: Specific allergen names by allergen code, and what the ingredient is made of
    #: (version 8; docs/product.md §6.8).
    allergen_names: dict[str, list[SubIngredient]] = Field(default_factory=dict)
    sub_ingredients: list[SubIngredient] = Field(default_factory=list)
    #: When it was archived (version 9; docs/product.md §6.20); none while in use.
    archived_at: AwareDatetime | None = None


class ProductEntry(Entry):
    slug: Slug
    ingredient: Slug
    brand: Text120 = ""
    name: Name
    package_size: QuantityText
    package_unit: Text20
    gtin: GtinDigits | None = None
    supplier: Text120 | None = None
    is_preferred: bool = False
    notes: Notes = ""
    created_at: AwareDatetime | None = None
    #: When it was archived (version 9; docs/product.md §6.20); none while in use.
    archived_at: AwareDatetime | None = None
    #: The shelf price of one package, the day it was seen and the store (version 6;
    #: docs/product.md §6.17): an estimate until bought.
    list_price: MoneyText | None = None
    list_price_on: date | None = None
    list_price_store: Text120 | None = None


class PurchaseEntry(Entry):
    ref: Ref
    product: Slug
    purchased_on: date
    packages: QuantityText
    total_price: MoneyText
    supplier: Text120 | None = None
    notes: Notes = ""
    created_at: AwareDatetime | None = None


class LotEntry(Entry):
    """A lot of an ingredient, or (version 2) of a sub-recipe's prepared stock: ``recipe``
    instead of ``ingredient``, made by the bake ``made_by`` (a production ref)."""

    ref: Ref
    ingredient: Slug | None = None
    recipe: Slug | None = None
    made_by: Ref | None = None
    purchase: Ref | None = None
    received_on: date
    initial_quantity: QuantityText
    cost: MoneyText
    quantity_remaining: QuantityText
    value_remaining: MoneyText
    best_before: date | None = None
    location: Text120 | None = None
    notes: Notes = ""
    created_at: AwareDatetime | None = None
    #: Where the stock came from (version 4; docs/product.md §6.14); absent: a purchase's
    #: lot is a purchase, prepared stock prepared, any other lot opening stock.
    origin: LotOrigin | None = None
    #: False when the lot's cost is not known (version 4).
    priced: bool = True

    def lot_origin(self) -> LotOrigin:
        """The lot's origin, or what a version 3 lot's fields say it is."""
        if self.origin is not None:
            return self.origin
        if self.purchase is not None:
            return LotOrigin.PURCHASE
        return LotOrigin.PREPARED if self.recipe is not None else LotOrigin.OPENING


class MovementEntry(Entry):
    ref: Ref
    lot: Ref
    kind: MovementKind
    quantity: QuantityText
    value: MoneyText
    reason: AdjustmentReason | None = None
    note: Notes = ""
    reverses: Ref | None = None
    occurred_at: AwareDatetime


class RecipeLineEntry(Entry):
    """A line of an ingredient, or (version 2) of a sub-recipe (``recipe``; unit ``batch``
    or a unit of its yield): exactly one of the two."""

    ingredient: Slug | None = None
    recipe: Slug | None = None
    quantity: QuantityText
    unit: Text20
    position: int = Field(default=0, ge=-MAX_ID, le=MAX_ID)
    note: Text200 = ""


class RecipeEntry(Entry):
    slug: Slug
    name: Name
    instructions: Notes = ""
    notes: Notes = ""
    created_at: AwareDatetime | None = None
    #: Version 2: what one batch makes, its density (g per ml) and how long its prepared
    #: stock keeps.
    yield_quantity: QuantityText | None = None
    yield_unit: Text20 | None = None
    yield_density: QuantityText | None = None
    shelf_life_days: int | None = Field(default=None, ge=0, le=MAX_SHELF_LIFE_DAYS)
    #: Version 7: the bake calendar's inputs (docs/product.md §6.10); none: not given.
    hands_on_minutes: int | None = Field(default=None, ge=0, le=MAX_DAY_MINUTES)
    max_batches_per_session: int | None = Field(default=None, ge=1, le=MAX_SESSION_BATCHES)
    freezable: bool = False
    frozen_shelf_life_days: int | None = Field(default=None, ge=1, le=MAX_SHELF_LIFE_DAYS)
    thaw_hours: QuantityText | None = None
    lines: list[RecipeLineEntry] = Field(default_factory=list)
    #: When it was archived (version 9; docs/product.md §6.20); none while in use.
    archived_at: AwareDatetime | None = None


class ItemEntry(Entry):
    slug: Slug
    name: Name
    recipe: Slug
    items_per_batch: PositiveInt
    notes: Notes = ""
    #: What one baked piece weighs, grams (version 8; docs/product.md §6.8).
    baked_weight_g: QuantityText | None = None
    #: When it was archived (version 9; docs/product.md §6.20); none while in use.
    archived_at: AwareDatetime | None = None


class ContentLineEntry(Entry):
    """``quantity`` of an item or of a bundle: exactly one of ``item`` and ``bundle``."""

    item: Slug | None = None
    bundle: Slug | None = None
    quantity: PositiveInt


class BundleEntry(Entry):
    slug: Slug
    name: Name
    notes: Notes = ""
    lines: list[ContentLineEntry] = Field(default_factory=list)
    #: When it was archived (version 9; docs/product.md §6.20); none while in use.
    archived_at: AwareDatetime | None = None


class PackageEntry(Entry):
    slug: Slug
    name: Name
    notes: Notes = ""
    #: Version 7: minutes to assemble one (docs/product.md §6.10); none: not given.
    assembly_minutes: int | None = Field(default=None, ge=0, le=MAX_DAY_MINUTES)
    lines: list[ContentLineEntry] = Field(default_factory=list)
    #: When it was archived (version 9; docs/product.md §6.20); none while in use.
    archived_at: AwareDatetime | None = None


class RecipientEntry(Entry):
    slug: Slug
    name: Name
    household: Text200 = ""
    address: Notes = ""
    notes: Notes = ""
    allergens: list[str] = Field(default_factory=list)
    #: When it was archived (version 9; docs/product.md §6.20); none while in use.
    archived_at: AwareDatetime | None = None


class PriceLockEntry(Entry):
    """A locked event's frozen unit price of an ingredient: ``cost`` for ``quantity`` of
    its canonical unit (version 9; docs/product.md §6.20)."""

    ingredient: Slug
    cost: MoneyText
    quantity: QuantityText


class RecipeLockEntry(Entry):
    """A recipe's planned batches and cost when its event was locked (version 9)."""

    recipe: Slug
    batches: int = Field(ge=0, le=MAX_ID)
    planned_cost: MoneyText
    unpriced: bool = False


class LockChangeEntry(Entry):
    """One lock or unlock of an event's prices; an unlock says why (version 9)."""

    locked: bool
    reason: Notes = ""
    changed_at: AwareDatetime


class EventEntry(Entry):
    slug: Slug
    name: Name
    event_date: date
    notes: Notes = ""
    #: What the owner means to spend on it (version 5); none when left out.
    budget: MoneyText | None = None
    #: Version 7: the day its gifts are delivered when not the event's (§6.10).
    delivery_date: date | None = None
    created_at: AwareDatetime | None = None
    #: When its plan's prices were locked (version 9), with the frozen prices and each
    #: recipe's planned cost then; and every lock and unlock.
    locked_at: AwareDatetime | None = None
    price_locks: list[PriceLockEntry] = Field(default_factory=list)
    recipe_locks: list[RecipeLockEntry] = Field(default_factory=list)
    lock_history: list[LockChangeEntry] = Field(default_factory=list)
    #: When it was archived (version 9; docs/product.md §6.20); none while in use.
    archived_at: AwareDatetime | None = None


class SeasonEntry(Entry):
    """A named date range (version 5; docs/product.md §6.15): events belong by date."""

    slug: Slug
    name: Name
    starts_on: date
    ends_on: date
    budget: MoneyText | None = None
    notes: Notes = ""


class SettingEntry(Entry):
    """A setting an owner changed from its default (version 5), as text."""

    key: Annotated[
        str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=TextLimit.SETTING_KEY)
    ]
    value: Annotated[str, StringConstraints(max_length=TextLimit.SETTING_VALUE)]
    updated_at: AwareDatetime | None = None


class TickEntry(Entry):
    """A ticked line of a shopping list (version 6; docs/product.md §6.17): its list's
    ``scope`` (``event:<slug>``, ``season:<slug>`` or ``upcoming``), the ingredient, and the
    shortfall the line showed when ticked."""

    scope: Annotated[
        str,
        StringConstraints(
            pattern=r"^(upcoming|(event|season):[a-z0-9]+(-[a-z0-9]+)*)$", max_length=TextLimit.NAME
        ),
    ]
    ingredient: Slug
    shortfall: QuantityText
    ticked_at: AwareDatetime | None = None
    ticked_by: Text120 = ""


class AisleEntry(Entry):
    """An ingredient category, listed in the order of the shop's aisles (version 6)."""

    category: Annotated[
        str, StringConstraints(min_length=1, max_length=TextLimit.CATEGORY, pattern=r"\S")
    ]


class CalendarDayEntry(Entry):
    """A one-off change to the baker's hours on a day, or a day off (version 7;
    docs/product.md §6.10): ``minutes`` none on a day off."""

    day: date
    minutes: int | None = Field(default=None, ge=0, le=MAX_DAY_MINUTES)
    unavailable: bool = False

    @model_validator(mode="after")
    def _off_or_minutes(self) -> CalendarDayEntry:
        if not self.unavailable and self.minutes is None:
            raise ValueError("a day needs its minutes, or unavailable: true")
        return self


class StatusChangeEntry(Entry):
    from_status: AssignmentStatus
    to_status: AssignmentStatus
    is_correction: bool = False
    note: Notes = ""
    changed_at: AwareDatetime


class SnapshotLineEntry(Entry):
    """``units`` of an item in one of an assembled assignment's package (version 9)."""

    item: Slug
    units: PositiveInt


class AssignmentEntry(Entry):
    event: Slug
    recipient: Slug
    package: Slug
    quantity: PositiveInt = 1
    status: AssignmentStatus = AssignmentStatus.PENDING
    assembled_at: AwareDatetime | None = None
    delivered_at: AwareDatetime | None = None
    delivery_note: Notes = ""
    #: Version 7: a delivery day of its own (§6.10); none: the event's.
    delivery_date: date | None = None
    created_at: AwareDatetime | None = None
    history: list[StatusChangeEntry] = Field(default_factory=list)
    #: What it held when assembled, bundles expanded (version 9; docs/product.md §6.20):
    #: assembled and delivered assignments only. Absent on an assembled or delivered one
    #: (an older file): its package's contents in the file.
    contents: list[SnapshotLineEntry] | None = None


class ItemOutcomeEntry(Entry):
    """Good items of a bake lost or moved to another event (version 3;
    docs/product.md §6.13): ``event`` is where they leave, ``to_event`` where a move takes
    them, ``cost`` their share of the bake's cost."""

    kind: OutcomeKind
    event: Slug
    to_event: Slug | None = None
    item: Slug
    quantity: PositiveInt
    reason: LossReason | None = None
    cost: MoneyText
    at_bake: bool = False
    note: Notes = ""
    occurred_at: AwareDatetime


class ProductionEntry(Entry):
    """A bake. Version 2: a sub-recipe's bake ``makes_stock`` (its lot names it in
    ``made_by``), may have no ``event``, and ``parent`` is the bake it was made for."""

    ref: Ref
    event: Slug | None = None
    recipe: Slug
    batches: PositiveInt
    actual_cost: MoneyText
    produced_at: AwareDatetime
    notes: Notes = ""
    reversed_at: AwareDatetime | None = None
    reversal_reason: Notes = ""
    created_at: AwareDatetime | None = None
    #: Refs of the ledger movements this bake made (its draws, and their reversals).
    movements: list[Ref] = Field(default_factory=list)
    makes_stock: bool = False
    parent: Ref | None = None
    #: Its items lost or moved (version 3).
    outcomes: list[ItemOutcomeEntry] = Field(default_factory=list)
    #: It drew stock whose cost is not known (version 4; docs/product.md §6.14).
    cost_incomplete: bool = False


class Document(Entry):
    """A whole Bakehouse database."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="Bakehouse data file")

    format: Literal["bakehouse"]
    version: Literal[1, 2, 3, 4, 5, 6, 7, 8, 9]
    exported_at: AwareDatetime | None = None
    ingredients: list[IngredientEntry] = Field(default_factory=list)
    products: list[ProductEntry] = Field(default_factory=list)
    purchases: list[PurchaseEntry] = Field(default_factory=list)
    lots: list[LotEntry] = Field(default_factory=list)
    movements: list[MovementEntry] = Field(default_factory=list)
    recipes: list[RecipeEntry] = Field(default_factory=list)
    items: list[ItemEntry] = Field(default_factory=list)
    bundles: list[BundleEntry] = Field(default_factory=list)
    packages: list[PackageEntry] = Field(default_factory=list)
    recipients: list[RecipientEntry] = Field(default_factory=list)
    events: list[EventEntry] = Field(default_factory=list)
    assignments: list[AssignmentEntry] = Field(default_factory=list)
    production: list[ProductionEntry] = Field(default_factory=list)
    seasons: list[SeasonEntry] = Field(default_factory=list)
    settings: list[SettingEntry] = Field(default_factory=list)
    ticks: list[TickEntry] = Field(default_factory=list)
    aisles: list[AisleEntry] = Field(default_factory=list)
    calendar_days: list[CalendarDayEntry] = Field(default_factory=list)


#: The document's lists in the order they are written and imported (references point back).
SECTIONS: dict[str, type[Entry]] = {
    "ingredients": IngredientEntry,
    "products": ProductEntry,
    "purchases": PurchaseEntry,
    "lots": LotEntry,
    "movements": MovementEntry,
    "recipes": RecipeEntry,
    "items": ItemEntry,
    "bundles": BundleEntry,
    "packages": PackageEntry,
    "recipients": RecipientEntry,
    "events": EventEntry,
    "assignments": AssignmentEntry,
    "production": ProductionEntry,
    "seasons": SeasonEntry,
    "settings": SettingEntry,
    "ticks": TickEntry,
    "aisles": AisleEntry,
    "calendar_days": CalendarDayEntry,
}


def build_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a version 9 data file (older files match it:
    version 8 is version 9 without snapshots, locks and archive flags, version 7 also
    without specific allergen names, sub-ingredients and baked weights, version 6 also
    without the calendar's inputs, version 5 also without list prices, ticks and aisles,
    version 3 also without
    seasons, budgets and settings, version 2 also without
    item outcomes, version 1 also without sub-recipes)."""
    schema = Document.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def schema_text() -> str:
    """The schema exactly as ``schema.json`` holds it."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"
