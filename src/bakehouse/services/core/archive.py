"""Archive instead of delete (docs/product.md §6.20).

An ingredient, product, recipe, item, bundle, package, recipient or event that history
uses cannot be deleted; archiving hides it from pickers and lists (a filter shows it
again), keeps every record that uses it, and can be undone. Delete stays for what nothing
uses.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import Session

from bakehouse.domain.inputs.numbers import id_or_none
from bakehouse.errors import NotFound
from bakehouse.models import (
    Bundle,
    Event,
    Ingredient,
    Item,
    Package,
    Product,
    Recipe,
    Recipient,
)
from bakehouse.models.base import Base
from bakehouse.models.types import utcnow
from bakehouse.services.core.checks import choice_input
from bakehouse.services.core.naming import find_by_key, get_by_id

__all__ = ["ArchiveKind", "archive", "archived_ids", "shown", "unarchive"]


class ArchiveKind(StrEnum):
    """What can be archived."""

    INGREDIENT = "ingredient"
    PRODUCT = "product"
    RECIPE = "recipe"
    ITEM = "item"
    BUNDLE = "bundle"
    PACKAGE = "package"
    RECIPIENT = "recipient"
    EVENT = "event"


MODELS: dict[ArchiveKind, type[Base]] = {
    ArchiveKind.INGREDIENT: Ingredient,
    ArchiveKind.PRODUCT: Product,
    ArchiveKind.RECIPE: Recipe,
    ArchiveKind.ITEM: Item,
    ArchiveKind.BUNDLE: Bundle,
    ArchiveKind.PACKAGE: Package,
    ArchiveKind.RECIPIENT: Recipient,
    ArchiveKind.EVENT: Event,
}


def shown(model: Any, include_archived: bool) -> ColumnElement[bool]:
    """The condition of a list or picker: archived rows only when asked for."""
    return true() if include_archived else model.archived_at.is_(None)


def archived_ids(session: Session, kind: ArchiveKind | str) -> set[int]:
    """The ids of the archived records of ``kind`` (one statement), to mark them in a list
    that shows them (docs/product.md §6.20)."""
    model: Any = MODELS[choice_input(ArchiveKind, kind, field="kind")]
    return set(session.scalars(select(model.id).where(model.archived_at.is_not(None))))


def archive(session: Session, kind: ArchiveKind | str, key: int | str) -> Any:
    """Archive the record (by id, slug or name; a product by id). Archiving what is
    already archived changes nothing. Raises :class:`NotFound`, :class:`InvalidInput`
    for an unknown kind."""
    record = _find(session, kind, key)
    if record.archived_at is None:
        record.archived_at = utcnow()
        session.flush()
    return record


def unarchive(session: Session, kind: ArchiveKind | str, key: int | str) -> Any:
    """Bring an archived record back to lists and pickers."""
    record = _find(session, kind, key)
    if record.archived_at is not None:
        record.archived_at = None
        session.flush()
    return record


def _find(session: Session, kind: ArchiveKind | str, key: int | str) -> Any:
    which = choice_input(ArchiveKind, kind, field="kind")
    model = MODELS[which]
    if which is ArchiveKind.PRODUCT:
        record_id = key if isinstance(key, int) else id_or_none(str(key))
        if record_id is None:
            raise NotFound(which.value, key)
        return get_by_id(session, model, which.value, record_id)
    return find_by_key(session, model, which.value, key)
