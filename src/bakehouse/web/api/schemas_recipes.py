"""Request bodies of the recipes API: recipes, their lines and items.

What the API answers is in :mod:`bakehouse.schemas.recipes`.
"""

from __future__ import annotations

from pydantic import Field

from bakehouse.domain.inputs import MAX_LINES
from bakehouse.services.recipes.recipes import RecipeLineInput
from bakehouse.web.api.schemas_fields import (
    Count,
    InputModel,
    LineNote,
    Name,
    Notes,
    Quantity,
    RecordId,
    UnitName,
)


class RecipeLineIn(InputModel):
    ingredient_id: RecordId
    quantity: Quantity
    unit: UnitName = Field(description="any unit convertible for the ingredient, e.g. cup")
    note: LineNote = ""

    def as_input(self) -> RecipeLineInput:
        return RecipeLineInput(self.ingredient_id, self.quantity, self.unit, self.note)


class RecipeCreate(InputModel):
    name: Name
    instructions: Notes = ""
    notes: Notes = ""
    lines: list[RecipeLineIn] = Field(default_factory=list, max_length=MAX_LINES)


class RecipeUpdate(InputModel):
    """Only the fields sent change (lines are replaced with PUT .../lines)."""

    name: Name | None = None
    instructions: Notes | None = None
    notes: Notes | None = None


class RecipeLinesReplace(InputModel):
    lines: list[RecipeLineIn] = Field(max_length=MAX_LINES)


class ItemCreate(InputModel):
    recipe_id: RecordId
    name: Name
    items_per_batch: Count
    notes: Notes = ""


class ItemUpdate(InputModel):
    name: Name | None = None
    items_per_batch: Count | None = None
    notes: Notes | None = None
