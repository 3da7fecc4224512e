"""CSV cells a spreadsheet opens as data, never as a formula.

A report cell holding a name such as ``=HYPERLINK("http://…")`` or ``@SUM(A1)`` would be
run by Excel or LibreOffice when the file is opened. Following the OWASP guidance on CSV
injection, a **text** cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading apostrophe, which spreadsheets show as text. Numbers (Decimals and
integers) are written as they are, so a variance of -57.93 stays a number.

A cell shows a decimal with the places it carries (money rounded to cents stays "3.50");
dates are ISO 8601 and choices their value. JSON is another matter: :mod:`bakehouse.schemas`.
"""

from __future__ import annotations

import enum
import re
from datetime import date, datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What an empty cell shows (no value, not zero).
EMPTY = "—"


_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?\*?", re.ASCII)


def csv_cell(value: object, *, numeric: bool = False) -> str:
    """``value`` as one CSV cell: numbers exactly, text neutralised against formulas.

    ``numeric``: the column holds numbers, possibly already formatted ("-57.93", "12.50*"
    for an incomplete figure); such a cell stays as it is when it is a plain number.
    """
    if value is None:
        return EMPTY
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return cell_text(value)
    text = cell_text(value)
    if numeric and _PLAIN_NUMBER.fullmatch(text):
        return text
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_text(value: object) -> str:
    """A value as table or CSV text: decimals as they are, dates ISO 8601, choices by value."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, enum.Enum):
        return cell_text(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
