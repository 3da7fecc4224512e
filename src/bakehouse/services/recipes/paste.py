"""A pasted ingredient list: read and matched for review, then added to a recipe in one go.

:func:`review_pasted_lines` reads every line with the pure reader and matches its name
against the catalog (``domain/recipe_text``, docs/product.md §6.9); nothing is written.
:func:`add_pasted_lines` takes the baker's decisions — an ingredient for each line, or a
new ingredient to create — and adds the lines after the recipe's own, creating the new
ingredients first. It never commits: the caller's transaction holds all of it or none
(docs/product.md §6.18).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import DEFAULT_LOCALE, InputProblem
from bakehouse.domain.recipe_text import (
    CatalogEntry,
    IngredientLine,
    IngredientMatcher,
    MatchResult,
    SectionHeading,
    StarterIngredient,
    match_key,
    parse_ingredient_list,
    starter_ingredients,
)
from bakehouse.errors import BakehouseError, FieldProblem, InvalidInput, ValidationFailed
from bakehouse.models import Ingredient, Recipe
from bakehouse.services.catalog.ingredients import create_ingredient
from bakehouse.services.catalog.starter import starter_entries
from bakehouse.services.recipes.recipes import RecipeLineInput, get_recipe, set_recipe_lines

__all__ = [
    "NewIngredientInput",
    "PasteReview",
    "PastedLineInput",
    "ReviewedLine",
    "add_pasted_lines",
    "review_pasted_lines",
]

_LINE_FIELD = re.compile(r"^lines\[(\d+)\](.*)$")


@dataclass(frozen=True)
class ReviewedLine:
    """One pasted line as read, and what its name means in the catalog."""

    line: IngredientLine
    match: MatchResult


@dataclass(frozen=True)
class PasteReview:
    """Every line of a paste, in order: ingredient lines with their match, and headings."""

    lines: tuple[ReviewedLine | SectionHeading, ...]

    @property
    def ingredient_lines(self) -> list[ReviewedLine]:
        return [line for line in self.lines if isinstance(line, ReviewedLine)]


@dataclass(frozen=True)
class NewIngredientInput:
    """An ingredient to create for a pasted line (its name, how it is measured…)."""

    name: str
    measure: str
    density: Decimal | None = None
    grams_per_each: Decimal | None = None
    category: str = "other"
    allergens: tuple[str, ...] = ()


@dataclass(frozen=True)
class PastedLineInput:
    """A reviewed line: its amount and note, and either a catalog ingredient or a new one."""

    quantity: Decimal
    unit: str
    note: str = ""
    ingredient_id: int | None = None
    new_ingredient: NewIngredientInput | None = field(default=None)


def review_pasted_lines(
    session: Session, text: str, *, locale: str = DEFAULT_LOCALE
) -> PasteReview:
    """Read ``text`` line by line and match each name to the catalog (two statements:
    the catalog's names, nothing else). Raises :class:`InvalidInput` (field ``text``) for
    a paste refused whole: a control character, over 10,000 characters or 200 lines."""
    try:
        read = parse_ingredient_list(text, locale=locale)
    except InputProblem as problem:
        raise problem.for_field("text") from None
    matcher = _matcher(session)
    return PasteReview(
        tuple(
            item
            if isinstance(item, SectionHeading)
            else ReviewedLine(item, matcher.match_line(item))
            for item in read
        )
    )


def add_pasted_lines(session: Session, recipe_id: int, lines: Sequence[PastedLineInput]) -> Recipe:
    """Add ``lines`` after the recipe's own, creating their new ingredients first.

    Two lines naming the same new ingredient share one. Problems are named by the line's
    position in ``lines`` (``lines[2].unit``, ``lines[0].new_name``); raises
    :class:`ValidationFailed` / :class:`InvalidInput`, leaving the caller to roll back.
    """
    recipe = get_recipe(session, recipe_id)
    if not lines:
        raise InvalidInput("there are no lines to add; paste at least one", field="text")
    kept = [
        RecipeLineInput(line.ingredient_id, line.quantity, line.unit, line.note, line.sub_recipe_id)
        for line in recipe.lines
    ]
    created: dict[str, int] = {}
    problems: list[FieldProblem] = []
    added: list[RecipeLineInput] = []
    for position, line in enumerate(lines):
        ingredient_id = line.ingredient_id
        new = line.new_ingredient
        if new is not None:
            key = match_key(new.name)
            if key in created:
                ingredient_id = created[key]
            else:
                try:
                    ingredient_id = _create(session, new)
                except BakehouseError as error:
                    where = f"lines[{position}].new_{error.field or 'name'}"
                    problems.append(FieldProblem(where, error.message))
                    continue
                created[key] = ingredient_id
        if ingredient_id is None:
            problems.append(
                FieldProblem(f"lines[{position}].ingredient", "choose an ingredient or a new one")
            )
            continue
        added.append(RecipeLineInput(ingredient_id, line.quantity, line.unit, line.note))
    if problems:
        raise ValidationFailed(problems)
    try:
        return set_recipe_lines(session, recipe.id, [*kept, *added])
    except BakehouseError as error:
        raise _shifted(error, len(kept)) from None


def _create(session: Session, new: NewIngredientInput) -> int:
    ingredient = create_ingredient(
        session,
        name=new.name,
        measure=new.measure,
        category=new.category or "other",
        density=new.density,
        grams_per_each=new.grams_per_each,
        allergens=new.allergens,
    )
    return ingredient.id


def _shifted(error: BakehouseError, offset: int) -> BakehouseError:
    """A line error renumbered from the recipe's whole list to the pasted lines."""
    match = _LINE_FIELD.match(error.field or "")
    if match and int(match.group(1)) >= offset:
        error.field = f"lines[{int(match.group(1)) - offset}]{match.group(2)}"
    return error


def _matcher(session: Session) -> IngredientMatcher:
    catalog = [
        CatalogEntry(ingredient_id, name)
        for ingredient_id, name in session.execute(select(Ingredient.id, Ingredient.name))
    ]
    return IngredientMatcher(catalog, _starter())


@cache
def _starter() -> tuple[StarterIngredient, ...]:
    """The starter catalog typed for matching, read from the package data once."""
    return starter_ingredients(starter_entries())
