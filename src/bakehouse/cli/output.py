"""Printing results: rich tables for people, ``--json`` and ``--csv`` for scripts.

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
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bakehouse.io.csv_cells import cell_text, csv_cell
from bakehouse.schemas.base import to_json

console = Console()
err_console = Console(stderr=True)


@dataclass(frozen=True)
class Column:
    """A table column: its header, how to read a cell from a row, right-aligned or not."""

    header: str
    value: Callable[[Any], object]
    numeric: bool = False


def print_json(value: BaseModel | Sequence[BaseModel]) -> None:
    """Print a read model (or a list of them) as the API would answer it, indented."""
    sys.stdout.write(json.dumps(to_json(value), indent=2) + "\n")


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


def _cell(value: object) -> str:
    return "—" if value is None else cell_text(value)
