"""Import a data file: validate all of it, then write all of it, in the caller's transaction.

Validation runs in three layers — the published JSON Schema (shape), the pydantic models
(types such as real dates), then the rules a service would enforce — and collects every
problem with its JSON path before anything is written. Any problem and nothing changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bakehouse.errors import Conflict, FieldProblem, InvalidInput, ValidationFailed
from bakehouse.io.checks import check_document
from bakehouse.io.document import SECTIONS
from bakehouse.io.existing import ExistingKeys, load_existing_keys
from bakehouse.io.shape import ParsedDocument, location_order, parse_entries, schema_problems
from bakehouse.io.writer import DocumentWriter, ImportProgress, data_tables, delete_all_data
from bakehouse.models.types import utcnow

ImportMode = Literal["replace", "merge"]


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote: the mode, and how many entries of each section."""

    mode: ImportMode
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    __json_properties__ = ("total",)


def parse_document_text(text: str) -> Any:
    """The parsed JSON of a data file; malformed JSON is a located :class:`ValidationFailed`."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ValidationFailed(
            [FieldProblem("$", f"not valid JSON: {error.msg} ({where})")]
        ) from None


def read_document_file(path: Path) -> Any:
    """The parsed JSON of a data file; raises :class:`InvalidInput` when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not a UTF-8 text file") from None
    return parse_document_text(text)


def validate_document(
    session: Session, data: object, *, mode: ImportMode = "replace"
) -> ParsedDocument:
    """Check ``data`` completely; returns the parsed entries.

    Raises :class:`ValidationFailed` listing every problem (JSON path and message).
    For ``merge`` the file's slugs must not clash with the database's and its references
    may name things already there; for ``replace`` the file must stand on its own.
    """
    existing = load_existing_keys(session) if mode == "merge" else ExistingKeys()
    return _validated(data, existing)


def _validated(data: object, existing: ExistingKeys) -> ParsedDocument:
    problems = schema_problems(data)
    parsed = parse_entries(data, problems)
    problems.extend(check_document(parsed, existing))
    if problems:
        unique = sorted(set(problems), key=lambda p: location_order(p.location))
        raise ValidationFailed(unique)
    return parsed


def import_document(
    session: Session,
    data: object,
    *,
    mode: ImportMode = "replace",
    progress: ImportProgress | None = None,
) -> ImportReport:
    """Import a whole data file in the caller's transaction; returns what was written.

    ``replace`` empties the database first (children before parents), ``merge`` adds to
    what is there. Raises :class:`ValidationFailed` with every problem before writing
    anything, or :class:`Conflict` if the database changed underneath (e.g. a concurrent
    writer took a slug) — the caller's rollback then leaves the database unchanged.
    """
    if mode not in ("replace", "merge"):
        raise InvalidInput(f"unknown import mode {mode!r}: use replace or merge", field="mode")
    existing = load_existing_keys(session) if mode == "merge" else ExistingKeys()
    parsed = _validated(data, existing)
    if mode == "replace":
        delete_all_data(session)
    writer = DocumentWriter(
        session, parsed, existing, utcnow(), progress or (lambda _section, _count: None)
    )
    try:
        counts = writer.write()
    except IntegrityError as error:
        raise Conflict(f"the database refused the import: {error.orig}") from None
    return ImportReport(mode=mode, counts={s: counts.get(s, 0) for s in SECTIONS})


def database_is_empty(session: Session) -> bool:
    """Whether no data table holds a row (one statement; accounts do not count)."""
    checks = [exists(select(table.c.id)) for table in data_tables()]
    has_any = session.execute(select(*checks)).one()
    return not any(has_any)
