"""Request bodies of the recipes API: recipes, their lines and items.

What the API answers is in :mod:`bakehouse.schemas.recipes`.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from bakehouse.domain.inputs import (
    MAX_ALLERGENS,
    MAX_IMPORT_RECIPES,
    MAX_LINES,
    MAX_SHELF_LIFE_DAYS,
    TextLimit,
)
from bakehouse.errors import InvalidInput
from bakehouse.services.recipes.importing import RecipeDecision
from bakehouse.services.recipes.paste import NewIngredientInput, PastedLineInput
from bakehouse.services.recipes.recipes import RecipeLineInput, YieldInput
from bakehouse.web.api.schemas_catalog import Density, GramsPerEach
from bakehouse.web.api.schemas_fields import (
    AllergenCode,
    Category,
    Count,
    InputModel,
    LineNote,
    Name,
    NoControlCharacters,
    Notes,
    Quantity,
    RecordId,
    ShortText,
    UnitName,
)


class RecipeLineIn(InputModel):
    """An ingredient line (``ingredient_id``) or a sub-recipe line (``sub_recipe_id``):
    exactly one of the two (docs/product.md §6.12)."""

    ingredient_id: RecordId | None = None
    sub_recipe_id: RecordId | None = None
    quantity: Quantity
    unit: UnitName = Field(
        description="any unit convertible for the ingredient, e.g. cup; for a sub-recipe a "
        "unit convertible to its yield, or batch"
    )
    note: LineNote = ""

    @model_validator(mode="after")
    def _one_of(self) -> RecipeLineIn:
        if (self.ingredient_id is None) == (self.sub_recipe_id is None):
            raise ValueError("give either ingredient_id or sub_recipe_id")
        return self

    def as_input(self) -> RecipeLineInput:
        return RecipeLineInput(
            self.ingredient_id, self.quantity, self.unit, self.note, self.sub_recipe_id
        )


class YieldFields(InputModel):
    """What one batch makes, for use as a sub-recipe, and how long its prepared stock
    keeps (docs/product.md §6.12)."""

    yield_quantity: Quantity | None = None
    yield_unit: UnitName | None = None
    yield_density: Quantity | None = Field(default=None, description="g per ml")
    shelf_life_days: int | None = Field(default=None, ge=0, le=MAX_SHELF_LIFE_DAYS)

    def yield_input(self) -> YieldInput | None:
        """The yield when any of its fields was sent (they are set together)."""
        sent = self.model_fields_set & {
            "yield_quantity",
            "yield_unit",
            "yield_density",
            "shelf_life_days",
        }
        if not sent:
            return None
        return YieldInput(
            self.yield_quantity, self.yield_unit, self.yield_density, self.shelf_life_days
        )


class RecipeCreate(YieldFields):
    name: Name
    instructions: Notes = ""
    notes: Notes = ""
    lines: list[RecipeLineIn] = Field(default_factory=list, max_length=MAX_LINES)


class RecipeUpdate(YieldFields):
    """Only the fields sent change (lines are replaced with PUT .../lines); the yield's
    fields are set together (send none of them to keep it; null quantity and unit clear it)."""

    name: Name | None = None
    instructions: Notes | None = None
    notes: Notes | None = None


class RecipeLinesReplace(InputModel):
    lines: list[RecipeLineIn] = Field(max_length=MAX_LINES)


#: What one baked piece weighs, in grams (labels' net weight, docs/product.md §6.8).
BakedWeight = GramsPerEach


class ItemCreate(InputModel):
    recipe_id: RecordId
    name: Name
    items_per_batch: Count
    notes: Notes = ""
    baked_weight_g: BakedWeight | None = None


class ItemUpdate(InputModel):
    name: Name | None = None
    items_per_batch: Count | None = None
    notes: Notes | None = None
    #: null forgets the weight (labels then use the ingredients' weight).
    baked_weight_g: BakedWeight | None = None


class PasteText(InputModel):
    """An ingredient list as pasted, one ingredient a line (docs/product.md §6.9)."""

    text: Notes = Field(description="e.g. 2 1/4 cups all-purpose flour, sifted")


class NewIngredientIn(InputModel):
    """An ingredient to create for a pasted line."""

    name: Name
    measure: Literal["mass", "volume", "count"]
    density: Density | None = None
    grams_per_each: GramsPerEach | None = None
    category: Category = "other"
    allergens: list[AllergenCode] = Field(default_factory=list, max_length=MAX_ALLERGENS)


class PastedLineIn(InputModel):
    """A reviewed line: ``ingredient_id`` (an existing ingredient, confirmed) or
    ``new_ingredient`` (to create), exactly one of the two."""

    quantity: Quantity
    unit: UnitName
    note: LineNote = ""
    ingredient_id: RecordId | None = None
    new_ingredient: NewIngredientIn | None = None

    @model_validator(mode="after")
    def _one_of(self) -> PastedLineIn:
        if (self.ingredient_id is None) == (self.new_ingredient is None):
            raise ValueError("give either ingredient_id or new_ingredient")
        return self

    def as_input(self) -> PastedLineInput:
        new = self.new_ingredient
        return PastedLineInput(
            self.quantity,
            self.unit,
            self.note,
            self.ingredient_id,
            None
            if new is None
            else NewIngredientInput(
                new.name,
                new.measure,
                new.density,
                new.grams_per_each,
                new.category,
                tuple(new.allergens),
            ),
        )


class PastedLinesAdd(InputModel):
    lines: list[PastedLineIn] = Field(min_length=1, max_length=MAX_LINES)


class ImportSourceIn(InputModel):
    """What to import: a web address (fetched now, only from public addresses), or a
    file's bytes in base64 with its name (docs/product.md §6.22)."""

    url: Annotated[str, StringConstraints(max_length=TextLimit.URL), NoControlCharacters] | None = (
        None
    )
    file_name: ShortText = "upload"
    #: Bounded by the request body's limit (``BAKEHOUSE_MAX_UPLOAD_BYTES``).
    content_base64: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> ImportSourceIn:
        if (self.url is None) == (self.content_base64 is None):
            raise ValueError("give either url or content_base64")
        return self

    def content(self) -> bytes:
        try:
            return base64.b64decode(self.content_base64 or "", validate=True)
        except binascii.Error:
            raise InvalidInput(
                "content_base64 is not base64; encode the file's bytes", field="content_base64"
            ) from None


class ImportLineIn(InputModel):
    """A fix-up for one imported line (by its ``index``): ``skip`` it, or save ``line``."""

    index: Annotated[int, Field(ge=0, le=MAX_LINES)]
    skip: bool = False
    line: PastedLineIn | None = None

    @model_validator(mode="after")
    def _one_of(self) -> ImportLineIn:
        if self.skip == (self.line is not None):
            raise ValueError("give either skip or line")
        return self


class ImportRecipeIn(InputModel):
    """The baker's decisions for one reviewed recipe (by its ``index`` in the review)."""

    index: Annotated[int, Field(ge=0, le=MAX_IMPORT_RECIPES)]
    include: bool = True
    name: Name | None = None
    items_per_batch: Count | None = None
    sub_recipes: bool = True
    lines: list[ImportLineIn] = Field(default_factory=list, max_length=MAX_LINES)

    def as_decision(self) -> RecipeDecision:
        return RecipeDecision(
            include=self.include,
            name=self.name,
            items_per_batch=self.items_per_batch,
            sub_recipes=self.sub_recipes,
            lines={
                fix.index: None if fix.line is None else fix.line.as_input() for fix in self.lines
            },
        )


class ImportSave(ImportSourceIn):
    """A source, the decisions for its recipes, and whether what is still unplaced is left
    out (``accept_unplaced``) rather than refusing the import."""

    accept_unplaced: bool = False
    recipes: list[ImportRecipeIn] = Field(default_factory=list, max_length=MAX_IMPORT_RECIPES)
