"""Printing results: rich tables for people, ``--json`` and ``--csv`` for scripts.

CSV cells go through :func:`bakehouse.io.csv_cells.csv_cell`: text that a spreadsheet
would run as a formula is neutralised, numbers stay numbers.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bakehouse.io.csv_cells import csv_cell
from bakehouse.jsonable import to_jsonable

console = Console()
err_console = Console(stderr=True)


@dataclass(frozen=True)
class Column:
    """A table column: its header, how to read a cell from a row, right-aligned or not."""

    header: str
    value: Callable[[Any], object]
    numeric: bool = False


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(value), indent=2) + "\n")


def print_table(title: str | None, columns: Sequence[Column], rows: Sequence[Any]) -> None:
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column.header, justify="right" if column.numeric else "left")
    for row in rows:
        # Cells hold user text (names, notes): escaped so rich never reads it as markup.
        table.add_row(*(escape(_cell(column.value(row))) for column in columns))
    console.print(table)


def print_csv(columns: Sequence[Column], rows: Sequence[Any]) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow([c.header for c in columns])
    for row in rows:
        writer.writerow([csv_cell(c.value(row), numeric=c.numeric) for c in columns])


def emit(
    value: Any,
    *,
    title: str | None,
    columns: Sequence[Column],
    rows: Sequence[Any],
    as_json: bool = False,
    as_csv: bool = False,
) -> None:
    """Print ``value`` as JSON, or its ``rows`` as CSV or a table."""
    if as_json:
        print_json(value)
    elif as_csv:
        print_csv(columns, rows)
    else:
        print_table(title, columns, rows)


def _cell(value: object) -> str:
    if value is None:
        return "—"
    converted = to_jsonable(value)
    return str(converted)
