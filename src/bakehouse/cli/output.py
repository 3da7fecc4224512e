"""Printing results: rich tables for people, ``--json`` and ``--csv`` for scripts.

Tables show numbers as the web pages do (docs/product.md §6.16): quantities rounded to two
places without trailing zeros (1,182.94), money with its symbol and to the cent ($42.82).
CSV and JSON keep every number exact.

``--json`` prints a read model of :mod:`bakehouse.schemas`, the one the API answers with,
so a script sees the same field names and decimals whichever door it uses. CSV cells go
through :func:`bakehouse.io.csv_cells.csv_cell`: text that a spreadsheet would run as a
formula is neutralised, numbers stay numbers.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bakehouse.domain import locale
from bakehouse.domain.locale import date_in, time_in
from bakehouse.domain.numbers import decimal_text, money_text, quantity_text, to_cents
from bakehouse.io.csv_cells import cell_text, csv_cell
from bakehouse.schemas.base import to_json

console = Console()
err_console = Console(stderr=True)


@dataclass(frozen=True)
class Marked:
    """An amount of money with a mark after it: ``12.50*`` (the plan leaves out something
    never bought)."""

    amount: Decimal
    mark: str = ""

    def __str__(self) -> str:
        return f"{to_cents(self.amount)}{self.mark}"


@dataclass(frozen=True)
class Column:
    """A table column: its header, how to read a cell from a row, right-aligned or not.

    A decimal cell reads as a quantity in a table, or as money with ``money``; ``unit``
    names the unit written after a quantity ("0.5 cup"). CSV keeps the exact number.
    """

    header: str
    value: Callable[[Any], object]
    numeric: bool = False
    money: bool = False
    unit: Callable[[Any], str] | None = None

    def table_text(self, row: Any) -> str:
        value = self.value(row)
        text = shown(value, money=self.money)
        return f"{text} {self.unit(row)}" if self.unit is not None and value is not None else text

    def csv_text(self, row: Any) -> str:
        value = self.value(row)
        if self.unit is not None and value is not None:
            return csv_cell(f"{cell_text(value)} {self.unit(row)}")
        if isinstance(value, Marked):
            value = str(value)
        elif self.money and isinstance(value, Decimal):
            value = to_cents(value)
        elif isinstance(value, Decimal):
            value = decimal_text(value)
        return csv_cell(value, numeric=self.numeric)


def shown(value: object, *, money: bool = False) -> str:
    """A cell as a table shows it: decimals as quantities or money, "—" for nothing."""
    if value is None:
        return "—"
    if isinstance(value, Marked):
        return money_text(value.amount) + value.mark
    if isinstance(value, Decimal):
        return money_text(value) if money else quantity_text(value)
    if isinstance(value, datetime):
        return time_in(value, locale.current())  # with its zone (docs/product.md §6.19)
    if isinstance(value, date):
        return date_in(value, locale.current())
    return cell_text(value)


def print_json(value: BaseModel | Sequence[BaseModel]) -> None:
    """Print a read model (or a list of them) as the API would answer it, indented."""
    sys.stdout.write(json.dumps(to_json(value), indent=2) + "\n")


def print_table(title: str | None, columns: Sequence[Column], rows: Sequence[Any]) -> None:
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column.header, justify="right" if column.numeric else "left")
    for row in rows:
        # Cells hold user text (names, notes): escaped so rich never reads it as markup.
        table.add_row(*(escape(column.table_text(row)) for column in columns))
    console.print(table)


def print_csv(columns: Sequence[Column], rows: Sequence[Any]) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow([c.header for c in columns])
    for row in rows:
        writer.writerow([c.csv_text(row) for c in columns])


def emit(
    value: BaseModel | Sequence[BaseModel],
    *,
    title: str | None,
    columns: Sequence[Column],
    rows: Sequence[Any],
    as_json: bool = False,
    as_csv: bool = False,
) -> None:
    """Print ``value`` (a read model) as JSON, or ``rows`` as CSV or a table."""
    if as_json:
        print_json(value)
    elif as_csv:
        print_csv(columns, rows)
    else:
        print_table(title, columns, rows)
