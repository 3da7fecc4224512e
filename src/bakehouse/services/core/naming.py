"""Named records (recipes, items, bundles, packages, recipients, events): keys and names.

Such a record is named by its id, its slug or its (case-insensitive) name, and its name
and slug are unique. These helpers keep the lookup and the uniqueness check the same
everywhere, one statement each.
"""

from __future__ import annotations

import contextlib
from typing import Any, TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import TextLimit, id_or_none
from bakehouse.domain.slugs import a_kind, slugify
from bakehouse.errors import Conflict, InvalidInput, NotFound
from bakehouse.models import Base
from bakehouse.services.core.checks import name_input, text_input

RecordT = TypeVar("RecordT", bound=Base)


def find_by_key(session: Session, model: type[RecordT], kind: str, key: int | str) -> RecordT:
    """The record whose id, slug or name is ``key`` (in that order of preference).

    Raises :class:`NotFound` when nothing matches.
    """
    columns: Any = model
    text = str(key).strip()
    conditions = [columns.slug == text, func.lower(columns.name) == " ".join(text.split()).lower()]
    record_id = id_or_none(text)
    if record_id is not None:
        conditions.append(columns.id == record_id)
    with contextlib.suppress(InvalidInput):  # a key with no letters or digits has no slug
        conditions.append(columns.slug == slugify(text))
    found = list(session.scalars(select(model).where(or_(*conditions)).order_by(columns.id)))

    def preference(record: Any) -> int:
        if record.id == record_id:
            return 0
        if record.slug == text:
            return 1
        if record.name.lower() == " ".join(text.split()).lower():
            return 2
        return 3

    if not found:
        raise NotFound(kind, key)
    return min(found, key=preference)


def get_by_id(session: Session, model: type[RecordT], kind: str, record_id: int) -> RecordT:
    """The record with this id, or :class:`NotFound`."""
    record = session.get(model, record_id)
    if record is None:
        raise NotFound(kind, record_id)
    return record


def unique_name(
    session: Session,
    model: type[Base],
    kind: str,
    name: object,
    *,
    exclude_id: int | None = None,
) -> tuple[str, str]:
    """A cleaned name and its slug, refused with :class:`Conflict` when already taken."""
    cleaned = name_input(name)
    slug = slugify(cleaned)
    columns: Any = model
    stmt = select(columns.name).where(
        or_(func.lower(columns.name) == cleaned.lower(), columns.slug == slug)
    )
    if exclude_id is not None:
        stmt = stmt.where(columns.id != exclude_id)
    taken = session.scalars(stmt.limit(1)).first()
    if taken is not None:
        raise Conflict(f"{a_kind(kind)} named {taken!r} already exists", field="name")
    return cleaned, slug


def rename(session: Session, record: Base, kind: str, name: object) -> None:
    """Give ``record`` (a named record) the cleaned ``name`` and its slug; refused with
    :class:`Conflict` when another ``kind`` has either."""
    named: Any = record
    named.name, named.slug = unique_name(session, type(record), kind, name, exclude_id=named.id)


def clean_notes(value: str, *, field: str = "notes", max_length: int = TextLimit.NOTES) -> str:
    """Free text, trimmed at the ends; refused when longer than ``max_length``."""
    return text_input(value, field=field, max_length=max_length)
