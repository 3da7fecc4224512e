"""The one input module: text rules, number grammars and limits, for every door.

Forms, the ``/api`` models, the CLI, the data file and the services all check what they are
given with these rules, so the same bad input gets the same answer wherever it comes in.
Pure: no database, no web framework. See ``docs/architecture.md`` ("Bad input").
"""

from __future__ import annotations

from bakehouse.domain.inputs.json_text import JsonNumber, read_json
from bakehouse.domain.inputs.limits import (
    MAX_ALLERGENS,
    MAX_AMOUNT,
    MAX_BATCHES,
    MAX_CHOSEN,
    MAX_COUNT,
    MAX_DATA_FILE_BYTES,
    MAX_DAY_MINUTES,
    MAX_DENSITY,
    MAX_ID,
    MAX_IMPORT_FORM_FIELDS,
    MAX_IMPORT_RECIPES,
    MAX_JSON_DEPTH,
    MAX_LINES,
    MAX_PAGE_ROWS,
    MAX_SESSION_BATCHES,
    MAX_SHELF_LIFE_DAYS,
    MAX_THAW_HOURS,
    STORABLE_DIGITS,
    STORABLE_LIMIT,
    TextLimit,
)
from bakehouse.domain.inputs.numbers import (
    DEFAULT_LOCALE,
    DENSITY,
    MONEY,
    QUANTITY,
    SIGNED_QUANTITY,
    NumberRule,
    id_or_none,
    read_exact_count,
    read_exact_number,
    read_typed_count,
    read_typed_number,
)
from bakehouse.domain.inputs.problem import InputProblem, as_invalid_input
from bakehouse.domain.inputs.text import clean_line, clean_text, refuse_control_characters

__all__ = [
    "DEFAULT_LOCALE",
    "DENSITY",
    "MAX_ALLERGENS",
    "MAX_AMOUNT",
    "MAX_BATCHES",
    "MAX_CHOSEN",
    "MAX_COUNT",
    "MAX_DATA_FILE_BYTES",
    "MAX_DAY_MINUTES",
    "MAX_DENSITY",
    "MAX_ID",
    "MAX_IMPORT_FORM_FIELDS",
    "MAX_IMPORT_RECIPES",
    "MAX_JSON_DEPTH",
    "MAX_LINES",
    "MAX_PAGE_ROWS",
    "MAX_SESSION_BATCHES",
    "MAX_SHELF_LIFE_DAYS",
    "MAX_THAW_HOURS",
    "MONEY",
    "QUANTITY",
    "SIGNED_QUANTITY",
    "STORABLE_DIGITS",
    "STORABLE_LIMIT",
    "InputProblem",
    "JsonNumber",
    "NumberRule",
    "TextLimit",
    "as_invalid_input",
    "clean_line",
    "clean_text",
    "id_or_none",
    "read_exact_count",
    "read_exact_number",
    "read_json",
    "read_typed_count",
    "read_typed_number",
    "refuse_control_characters",
]
