"""The one set of limits on what any door (form, API, CLI, data file) accepts.

Every door reads these names; none writes its own number. The money and quantity columns
hold 12 digits before the point (NUMERIC(16, 4) and NUMERIC(18, 6); scaled 64-bit integers
on SQLite), so a typed value is held well below that: :data:`MAX_AMOUNT` leaves room for
unit conversions (a gallon is 3785 ml) and for sums the database computes. Values that
Bakehouse computes and stores (a purchase's lot in grams) are checked against
:data:`STORABLE_LIMIT`, which the data file also uses since it restores stored values.
"""

from __future__ import annotations

from decimal import Decimal

from bakehouse.domain.allergens import ALLERGENS
from bakehouse.domain.numbers import MONEY_PLACES, QUANTITY_PLACES

__all__ = [
    "MAX_AISLES",
    "MAX_ALLERGENS",
    "MAX_AMOUNT",
    "MAX_BATCHES",
    "MAX_CHOSEN",
    "MAX_COUNT",
    "MAX_DATA_FILE_BYTES",
    "MAX_DENSITY",
    "MAX_ID",
    "MAX_JSON_DEPTH",
    "MAX_LINES",
    "MAX_NUMBER_TEXT",
    "MAX_PAGE_ROWS",
    "MONEY_PLACES",
    "QUANTITY_PLACES",
    "STORABLE_DIGITS",
    "STORABLE_LIMIT",
    "TextLimit",
]

#: The largest quantity or amount of money a person may type, at any door.
MAX_AMOUNT = Decimal(1_000_000_000)
#: Digits before the point that the quantity and money columns hold.
STORABLE_DIGITS = 12
#: Stored quantities and money stay below this.
STORABLE_LIMIT = Decimal(10) ** STORABLE_DIGITS
#: Grams per millilitre: the densest kitchen ingredient is well under 3.
MAX_DENSITY = Decimal(100)
#: Whole batches in one bake.
MAX_BATCHES = 100_000
#: Days a recipe's prepared stock may keep (docs/product.md §6.12): longer is a typing slip.
MAX_SHELF_LIFE_DAYS = 3650
#: The bake calendar (docs/product.md §6.10): minutes in a day (a day's baking time, a
#: batch's hands-on time, one package's assembly), batches in one session, hours to thaw.
MAX_DAY_MINUTES = 1440
MAX_SESSION_BATCHES = 100
MAX_THAW_HOURS = Decimal(240)
#: Any other whole number of things: items per batch, units in a bundle, packages given.
MAX_COUNT = 100_000
#: Records picked at once from a list (recipients ticked to get one package, ingredients
#: on one count sheet).
MAX_CHOSEN = 10_000
#: Allergens named for one ingredient or recipient: each major allergen once.
MAX_ALLERGENS = len(ALLERGENS)
#: Aisles in the shopping list's order (docs/product.md §6.17).
MAX_AISLES = 200
#: Labels (docs/product.md §6.8): specific names for one allergen, sub-ingredients of one
#: ingredient, and the position on a sheet a print starts at (a sheet holds at most 80).
MAX_SPECIFIC_NAMES = 20
MAX_SUB_INGREDIENTS = 100
MAX_LABEL_START = 1000
#: Rows one page of a list answers (the API's ``limit``).
MAX_PAGE_ROWS = 500
#: Record ids fit a 32-bit integer column.
MAX_ID = 2_147_483_647
#: Lines of a recipe, bundle or package in one request.
MAX_LINES = 200
#: Characters in a typed number, before it is read (a longer one is a mistake, or an attack).
MAX_NUMBER_TEXT = 40
#: Nesting of a JSON document: a data file or request body nests 5 levels deep at most.
MAX_JSON_DEPTH = 32
#: Recipes one recipe import takes (docs/product.md §6.22): a big app export, in parts.
MAX_IMPORT_RECIPES = 500
#: Inputs one import review page may send back: every line of the largest import.
MAX_IMPORT_FORM_FIELDS = 100_000
#: A data file, decompressed: a busy season with every ledger movement is a few megabytes.
MAX_DATA_FILE_BYTES = 64 * 1024 * 1024


class TextLimit:
    """The most characters each kind of text field holds (the columns are sized to match)."""

    NAME = 200  # names of things and people, a reversal reason
    SHORT = 120  # brand, supplier, location
    HOUSEHOLD = 200
    CATEGORY = 60
    UNIT = 20
    ALLERGEN = 40
    GTIN = 40  # as typed, with spaces or hyphens
    GTIN_DIGITS = 14  # as stored
    NOTE = 200  # a status change's note, a delivery note typed on a button
    NOTES = 10_000  # free text: notes, instructions, addresses
    USERNAME = 80
    PASSWORD = 1024
    SEARCH = 200  # a search box or filter in a query string
    SLUG = 200
    REF = 100  # a data file's per-file reference ("lot-3")
    IDEMPOTENCY_KEY = 200
    SETTING_KEY = 100  # a setting's name (docs/product.md §6.15)
    SETTING_VALUE = 1000  # a setting's value, as text (the longest: a label statement)
    SCOPE_KEY = 60  # a shopping list's scope: event:N, season:N or upcoming (§6.17)
    QUERY_WORD = 20  # a one-word flag in a query string ("done=recorded")
    SUB_INGREDIENT = 200  # a sub-ingredient or specific allergen name (§6.8)
    LABEL_STOCK = 40  # a label sheet's name ("avery-5160")
    URL = 2_000  # a web address to fetch a recipe from
