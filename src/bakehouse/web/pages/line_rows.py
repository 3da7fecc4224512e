"""Row editors: a table of lines (recipe lines, bundle or package contents) in one form.

Each row's inputs are named ``line-<n>-<field>``. Blank rows (spare slots for new lines)
and rows ticked "remove" are left out; the rest are validated one by one, so a message
lands next to the row it is about. A service names a bad line by its position among the
lines it was given (``lines[2].unit``); :func:`row_errors` maps that back to the row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import id_or_none
from bakehouse.errors import BakehouseError
from bakehouse.web.deps import Database
from bakehouse.web.forms import GENERAL, Redraw, errors_from, run_form

_ROW_FIELD = re.compile(r"^line-(\d{1,4})-([a-z_]+)$")
_SERVICE_FIELD = re.compile(r"^lines\[(\d+)\](?:\.([a-z_]+))?$")
SPARE_ROWS = 3
Row = TypeVar("Row", bound=BaseModel)


@dataclass
class ParsedRows:
    """Valid rows (with the form row each came from) and messages by input name."""

    rows: list[Any] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def form_rows(form: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The submitted rows in order, each a dict of its fields plus ``index``."""
    rows: dict[int, dict[str, Any]] = {}
    for key, value in form.items():
        match = _ROW_FIELD.match(key)
        if match:
            index = int(match.group(1))
            rows.setdefault(index, {"index": index})[match.group(2)] = value
    return [rows[i] for i in sorted(rows)]


def parse_rows(
    form: Mapping[str, Any], model: type[Row], fields: Sequence[str], renames: Mapping[str, str]
) -> ParsedRows:
    """Validate every kept row as ``model``; ``fields`` decide whether a row is blank.

    ``renames`` maps a model field to the input it came from, for messages.
    """
    parsed = ParsedRows()
    for row in form_rows(form):
        if row.get("remove") or all(not str(row.get(f) or "").strip() for f in fields):
            continue
        values = {k: (None if v == "" else v) for k, v in row.items()}
        try:
            parsed.rows.append(model.model_validate(values))
            parsed.positions.append(row["index"])
        except ValidationError as error:
            for problem in error.errors():
                name = str(problem["loc"][0]) if problem["loc"] else fields[0]
                key = f"line-{row['index']}-{renames.get(name, name)}"
                parsed.errors.setdefault(key, problem["msg"].removeprefix("Value error, "))
    return parsed


def row_errors(
    error: BakehouseError, positions: Sequence[int], renames: Mapping[str, str]
) -> dict[str, str]:
    """A service error as messages: on the row (and input) it names, else for the form."""
    errors = {}
    for name, message in errors_from(error).items():
        match = _SERVICE_FIELD.match(name)
        if match and int(match.group(1)) < len(positions):
            row = positions[int(match.group(1))]
            part = renames.get(match.group(2) or "", match.group(2) or "row")
            errors[f"line-{row}-{part}"] = message
        else:
            errors[GENERAL if name == GENERAL else name] = message
    return errors


def save_rows(
    request: Request,
    db: Database,
    parsed: ParsedRows,
    action: Callable[[Session, list[Any]], str],
    renames: Mapping[str, str],
    template: str,
    context: Callable[[Session], dict[str, Any]],
    submitted: list[dict[str, Any]],
) -> Response:
    """Save the rows in one transaction and redirect, or re-render the editor (422) with
    the rows as typed and each message next to its row; nothing is saved on error."""
    redraw = Redraw(
        template,
        context,
        {"line_rows": renumber(submitted), "editing": True},
        messages=lambda error: row_errors(error, parsed.positions, renames),
    )
    rows = None if parsed.errors else parsed.rows
    return run_form(request, db, rows, parsed.errors, action, redraw)


def renumber(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows numbered for the form, keeping a submitted row's number (its errors use it)."""
    used = {int(r["index"]) for r in rows if "index" in r}
    spare = (n for n in range(10_000) if n not in used)
    return [{**r, "index": r["index"] if "index" in r else next(spare)} for r in rows]


def with_spares(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Saved rows followed by a few blank rows for new lines."""
    return renumber([*rows, *({} for _ in range(SPARE_ROWS))])


def arrange(rows: Sequence[Mapping[str, Any]], move: str, *, more: bool) -> list[dict[str, Any]]:
    """The rows as typed, rearranged without saving (the editor without JavaScript):
    ``move`` is ``up-<n>`` or ``down-<n>`` for row ``n``; ``more`` adds blank rows. Rows are
    numbered again in their new order (docs/product.md §6.18)."""
    kept = [{k: v for k, v in row.items() if k != "index"} for row in rows]
    indexes = [int(row["index"]) for row in rows]
    direction, _, number = move.partition("-")
    row_number = id_or_none(number) if direction in ("up", "down") else None
    if row_number is not None and row_number in indexes:
        at = indexes.index(row_number)
        to = at - 1 if direction == "up" else at + 1
        if 0 <= to < len(kept):
            kept[at], kept[to] = kept[to], kept[at]
    blank = [row for row in kept if not any(str(v or "").strip() for v in row.values())]
    filled = [row for row in kept if row not in blank]
    spares = len(blank) + (SPARE_ROWS if more else 0)
    return [{**row, "index": n} for n, row in enumerate([*filled, *({} for _ in range(spares))])]
