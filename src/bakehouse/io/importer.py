"""Import a data file: validate all of it, then write all of it, in the caller's transaction.

Validation runs in three layers — the published JSON Schema (shape), the pydantic models
(types such as real dates), then the rules a service would enforce — and collects every
problem with its JSON path before anything is written. Any problem and nothing changes.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import MAX_DATA_FILE_BYTES, read_json
from bakehouse.errors import Conflict, InvalidInput, ValidationFailed
from bakehouse.io.checks import check_document
from bakehouse.io.document import SECTIONS
from bakehouse.io.existing import ExistingKeys, load_existing_keys
from bakehouse.io.shape import ParsedDocument, location_order, parse_entries, schema_problems
from bakehouse.io.writer import DocumentWriter, ImportProgress, data_tables, delete_all_data
from bakehouse.models.types import utcnow

ImportMode = Literal["replace", "merge"]
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote: the mode, and how many entries of each section."""

    mode: ImportMode
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def parse_document_text(text: str | bytes) -> Any:
    """The parsed JSON of a data file (:func:`bakehouse.domain.inputs.read_json`): malformed
    JSON, a key given twice in one object or too deep a nesting is a located
    :class:`ValidationFailed`. JSON numbers stay exact Decimals (and the schema refuses
    them where it wants decimal strings)."""
    return read_json(text, numbers="decimal")


def read_document_file(path: Path) -> Any:
    """The parsed JSON of a data file, plain or gzip-compressed; raises
    :class:`InvalidInput` when it cannot be read or is larger than Bakehouse reads."""
    try:
        with path.open("rb") as stream:
            raw = read_document_bytes(stream, str(path))
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror or error}") from None
    return _parsed(raw, str(path))


def read_document_stream(stream: BinaryIO, name: str = "standard input") -> Any:
    """The parsed JSON of a data file read from ``stream`` (plain or gzip-compressed)."""
    return _parsed(read_document_bytes(stream, name), name)


def read_document_bytes(stream: BinaryIO, name: str, *, limit: int = MAX_DATA_FILE_BYTES) -> bytes:
    """The document's bytes, decompressed if gzip; :class:`InvalidInput` past ``limit``
    bytes (checked while reading: ``/dev/zero`` or a zip bomb never fills the memory)."""
    buffered: Any = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)
    if not buffered.peek(2).startswith(_GZIP_MAGIC):
        return _read_at_most(buffered, name, limit, "")
    with gzip.GzipFile(fileobj=buffered, mode="rb") as unzipped:
        try:
            return _read_at_most(unzipped, name, limit, " once decompressed")
        except (OSError, EOFError, zlib.error) as error:
            raise InvalidInput(f"{name} is not a readable gzip file: {error}") from None


def _read_at_most(stream: Any, name: str, limit: int, decompressed: str) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while chunk := stream.read(_CHUNK):
        total += len(chunk)
        if total > limit:
            raise InvalidInput(
                f"{name} is larger than {limit // 2**20:,} MB{decompressed}, more than any "
                "Bakehouse data file holds; it was not read (is it the right file?)"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _parsed(raw: bytes, name: str) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"{name} is not a UTF-8 text file") from None
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
    checks = [exists(select(*table.primary_key.columns)) for table in data_tables()]
    has_any = session.execute(select(*checks)).one()
    return not any(has_any)
