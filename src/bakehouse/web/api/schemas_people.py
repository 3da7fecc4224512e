"""Request bodies of the recipients API (answers: :mod:`bakehouse.schemas.people`)."""

from __future__ import annotations

from pydantic import Field

from bakehouse.domain.inputs import MAX_ALLERGENS
from bakehouse.web.api.schemas_fields import (
    AllergenCode,
    Household,
    InputModel,
    Name,
    Notes,
)


class RecipientCreate(InputModel):
    name: Name
    household: Household = ""
    address: Notes = ""
    notes: Notes = ""
    allergens: list[AllergenCode] = Field(
        default_factory=list,
        max_length=MAX_ALLERGENS,
        description="allergen codes to avoid, e.g. tree_nuts",
    )


class RecipientUpdate(InputModel):
    """Only the fields sent are changed."""

    name: Name | None = None
    household: Household | None = None
    address: Notes | None = None
    notes: Notes | None = None
    allergens: list[AllergenCode] | None = Field(default=None, max_length=MAX_ALLERGENS)
