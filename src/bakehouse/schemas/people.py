"""Read models of recipients."""

from __future__ import annotations

from bakehouse.schemas.base import ReadModel


class RecipientRead(ReadModel):
    id: int
    name: str
    slug: str
    household: str
    address: str
    notes: str
    allergens: list[str]
