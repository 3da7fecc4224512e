"""Imported recipes: matched for review, then saved as recipes, items and sub-recipes at once.

:func:`review_import` takes what a source held (:mod:`bakehouse.io.recipe_sources`) and
reads every ingredient line with the recipe-entry parser, matching its name against the
catalog as a pasted list is matched (docs/product.md §6.9); it proposes a sub-recipe for
each named section ("For the glaze"), an item from the yield when the yield is a count,
and says which lines it cannot place and why. Nothing is written.

:func:`save_import` takes the review and the baker's fix-ups and creates everything in
the caller's transaction: new ingredients, sub-recipes, recipes with their instructions
and source, and items. A line that is not placed — a name to confirm, an amount to fix —
or a yield that is not a count stops the whole import, unless the baker accepts leaving
those out; the lines left out are kept, as written, in the recipe's notes
(docs/product.md §6.22). It never commits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import InputProblem
from bakehouse.domain.recipe_text import (
    Accepted,
    IngredientLine,
    MatchResult,
    NeedsConfirmation,
    Unmatched,
    match_key,
    parse_ingredient_line,
)
from bakehouse.errors import BakehouseError, FieldProblem, InvalidInput, ValidationFailed
from bakehouse.io.recipe_sources import (
    FetchPolicy,
    NotARecipe,
    read_recipe_file,
    read_recipe_url,
)
from bakehouse.io.recipe_sources.model import ImportedRecipe, SkippedPart, SourceReading
from bakehouse.io.recipe_sources.text import read_text
from bakehouse.models import Item, Recipe
from bakehouse.services.recipes.paste import NewIngredientInput, PastedLineInput, _create, _matcher
from bakehouse.services.recipes.recipes import RecipeLineInput, create_item, create_recipe

__all__ = [
    "ImportResult",
    "ImportReview",
    "LinePlan",
    "RecipeDecision",
    "RecipePlan",
    "SectionPlan",
    "Unplaced",
    "read_source",
    "read_source_url",
    "read_typed_recipe",
    "review_import",
    "save_import",
]

_FOR_THE = re.compile(r"^(?:for\s+(?:the\s+)?|the\s+)", re.IGNORECASE)


@dataclass(frozen=True)
class LinePlan:
    """One ingredient line of an imported recipe: as read, its match, and what saving does.

    ``action`` is ``use`` (an accepted catalog ingredient), ``create`` (a new ingredient
    from the starter catalog entry it names exactly) or ``unplaced`` (``reason`` says why:
    a name to confirm, an amount to fix).
    """

    index: int  # the line's place among the recipe's ingredient lines, from 0
    line: IngredientLine
    match: MatchResult
    action: str
    reason: str = ""

    @property
    def unit(self) -> str:
        return "each" if self.line.is_count else (self.line.unit or "")

    def as_input(self) -> PastedLineInput | None:
        """The line as saved when the baker changes nothing; ``None`` when unplaced."""
        line, match = self.line, self.match
        assert line.quantity is not None or self.action == "unplaced"
        if self.action == "use" and isinstance(match, Accepted) and line.quantity is not None:
            return PastedLineInput(line.quantity, self.unit, line.note, match.ingredient_id)
        if self.action == "create" and isinstance(match, Unmatched) and line.quantity:
            starter = match.starter_suggestion
            assert starter is not None
            new = NewIngredientInput(
                starter.name,
                starter.measure.value,
                starter.density,
                starter.grams_per_each,
                starter.category,
                starter.allergens or (),
            )
            return PastedLineInput(line.quantity, self.unit, line.note, new_ingredient=new)
        return None


@dataclass(frozen=True)
class SectionPlan:
    """A run of lines; a named one is offered as a sub-recipe called ``sub_recipe_name``."""

    name: str | None
    sub_recipe_name: str | None
    lines: tuple[LinePlan, ...]


@dataclass(frozen=True)
class RecipePlan:
    """One imported recipe as it would be saved."""

    index: int
    source: ImportedRecipe
    name: str
    name_taken: bool
    sections: tuple[SectionPlan, ...]
    #: Items one batch makes, from a yield that is a count; None when it must be asked.
    items_per_batch: int | None
    instructions: str
    notes: str

    @property
    def lines(self) -> tuple[LinePlan, ...]:
        return tuple(line for section in self.sections for line in section.lines)

    @property
    def yield_text(self) -> str:
        return self.source.recipe_yield.text if self.source.recipe_yield else ""

    @property
    def offers_sub_recipes(self) -> bool:
        return any(section.sub_recipe_name for section in self.sections)


@dataclass(frozen=True)
class Unplaced:
    """Something an import cannot save as it stands: a line, or a recipe's yield or name."""

    recipe: int
    recipe_name: str
    field: str  # "lines[3]", "items_per_batch", "name"
    text: str
    reason: str


@dataclass(frozen=True)
class ImportReview:
    """Every imported recipe with its lines and matches, and the parts of the source skipped."""

    recipes: tuple[RecipePlan, ...]
    skipped: tuple[SkippedPart, ...] = ()

    @property
    def unplaced(self) -> list[Unplaced]:
        """Everything that stops a save unless the baker fixes it or accepts leaving it out."""
        found: list[Unplaced] = []
        for plan in self.recipes:
            if plan.name_taken:
                found.append(Unplaced(plan.index, plan.name, "name", plan.name, _NAME_TAKEN))
            for line in plan.lines:
                if line.action == "unplaced":
                    found.append(
                        Unplaced(
                            plan.index, plan.name, f"lines[{line.index}]", line.line.text,
                            line.reason,
                        )
                    )  # fmt: skip
            if plan.items_per_batch is None:
                found.append(
                    Unplaced(
                        plan.index, plan.name, "items_per_batch", plan.yield_text,
                        _yield_reason(plan.yield_text),
                    )
                )  # fmt: skip
        return found


@dataclass(frozen=True)
class RecipeDecision:
    """The baker's fix-ups for one recipe; anything left ``None`` keeps the review's plan.

    ``lines`` maps a line's index to what to save for it, or ``None`` to leave it out.
    """

    include: bool = True
    name: str | None = None
    items_per_batch: int | None = None
    sub_recipes: bool = True
    lines: Mapping[int, PastedLineInput | None] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportResult:
    """What was saved: the recipes (sub-recipes first), items, and what was left out."""

    recipes: tuple[Recipe, ...]
    items: tuple[Item, ...]
    ingredients_created: int
    left_out: tuple[Unplaced, ...]


def read_source(source: str, *, allow_loopback: bool = False) -> SourceReading:
    """The recipes in ``source``: a web address (``http://``, ``https://``) fetched safely
    only now that the baker asks, or a file's path. ``allow_loopback`` is for tests."""
    if source.strip().lower().startswith(("http://", "https://")):
        return read_source_url(source, allow_loopback=allow_loopback)
    return read_recipe_file(Path(source))


def read_typed_recipe(text: str) -> SourceReading:
    """A recipe typed or pasted whole (title, yield, ingredients, instructions), read as
    text whatever it contains: text that looks like markup stays text."""
    result = read_text(text, "the typed recipe")
    if isinstance(result, str):
        raise NotARecipe("the typed recipe", [result])
    return SourceReading((result,))


def read_source_url(url: str, *, allow_loopback: bool = False) -> SourceReading:
    """The recipes on the page at ``url``, fetched now (docs/product.md §6.22: only on a
    baker's request, only from public addresses unless ``allow_loopback``, for tests)."""
    return read_recipe_url(url.strip(), policy=FetchPolicy(allow_loopback=allow_loopback))


_NAME_TAKEN = "a recipe of this name already exists; give this one another name"


def review_import(session: Session, reading: SourceReading) -> ImportReview:
    """Every recipe in ``reading`` read line by line and matched to the catalog (two
    statements: the catalog's names, the recipe names taken; nothing else)."""
    matcher = _matcher(session)
    lowered = sorted({recipe.name.lower() for recipe in reading.recipes})
    taken = {
        match_key(name)
        for name in session.scalars(select(Recipe.name).where(func.lower(Recipe.name).in_(lowered)))
    }
    plans = []
    for index, recipe in enumerate(reading.recipes):
        sections: list[SectionPlan] = []
        position = 0
        for section in recipe.sections:
            lines: list[LinePlan] = []
            for text in section.lines:
                lines.append(_plan_line(position, text, matcher.match_line))
                position += 1
            offered = section.name if section.name and len(recipe.sections) > 1 else None
            sub_name = f"{recipe.name}: {_section_title(offered)}" if offered else None
            sections.append(SectionPlan(section.name, sub_name, tuple(lines)))
        recipe_yield = recipe.recipe_yield
        plans.append(
            RecipePlan(
                index=index,
                source=recipe,
                name=recipe.name,
                name_taken=match_key(recipe.name) in taken,
                sections=tuple(sections),
                items_per_batch=recipe_yield.count if recipe_yield else None,
                instructions=recipe.instructions,
                notes=_notes(recipe),
            )
        )
    return ImportReview(tuple(plans), reading.skipped)


def save_import(
    session: Session,
    review: ImportReview,
    decisions: Mapping[int, RecipeDecision] | None = None,
    *,
    accept_unplaced: bool = False,
) -> ImportResult:
    """Save the reviewed recipes with the baker's ``decisions`` (by recipe index).

    Without ``accept_unplaced``, anything unplaced — a line with no ingredient chosen, a
    yield that is not a count with no items per batch given — refuses the whole import
    with a :class:`ValidationFailed` naming each (``recipes[2].lines[4]``); with it, those
    lines are left out and kept as text in the recipe's notes, and a recipe with no items
    per batch gets no item. Errors while saving are named the same way.
    """
    decisions = decisions or {}
    problems: list[FieldProblem] = []
    left_out: list[Unplaced] = []
    staged: list[tuple[RecipePlan, RecipeDecision, dict[int, PastedLineInput]]] = []
    for plan in review.recipes:
        decision = decisions.get(plan.index, RecipeDecision())
        if not decision.include:
            continue
        chosen: dict[int, PastedLineInput] = {}
        for line in plan.lines:
            if line.index in decision.lines:
                given = decision.lines[line.index]
                if given is not None:
                    chosen[line.index] = given
                else:
                    left_out.append(
                        Unplaced(plan.index, plan.name, f"lines[{line.index}]", line.line.text,
                                 "left out by the baker")
                    )  # fmt: skip
                continue
            default = line.as_input()
            if default is not None:
                chosen[line.index] = default
                continue
            where = f"recipes[{plan.index}].lines[{line.index}]"
            unplaced = Unplaced(
                plan.index, plan.name, f"lines[{line.index}]", line.line.text, line.reason
            )
            if accept_unplaced:
                left_out.append(unplaced)
            else:
                problems.append(FieldProblem(where, f"{line.line.text!r}: {line.reason}"))
        items = decision.items_per_batch or plan.items_per_batch
        if items is None:
            unplaced = Unplaced(
                plan.index, plan.name, "items_per_batch", plan.yield_text,
                _yield_reason(plan.yield_text),
            )  # fmt: skip
            if accept_unplaced:
                left_out.append(unplaced)
            else:
                problems.append(
                    FieldProblem(f"recipes[{plan.index}].items_per_batch", unplaced.reason)
                )
        staged.append((plan, decision, chosen))
    if not staged and not problems:
        problems.append(FieldProblem("recipes", "every recipe is left out; keep at least one"))
    if problems:
        raise ValidationFailed(problems)
    return _save(session, staged, tuple(left_out))


def _save(
    session: Session,
    staged: Sequence[tuple[RecipePlan, RecipeDecision, dict[int, PastedLineInput]]],
    left_out: tuple[Unplaced, ...],
) -> ImportResult:
    created: dict[str, int] = {}
    saved: list[Recipe] = []
    items: list[Item] = []
    problems: list[FieldProblem] = []
    for plan, decision, chosen in staged:
        prefix = f"recipes[{plan.index}]"
        try:
            resolved = {
                index: _resolved(session, line, created, f"{prefix}.lines[{index}]")
                for index, line in chosen.items()
            }
        except BakehouseError as error:
            problems.append(FieldProblem(error.field or prefix, error.message))
            continue
        name = (decision.name or plan.name).strip()
        mine = [item for item in left_out if item.recipe == plan.index]
        notes = _with_left_out(plan.notes, mine)
        try:
            main_lines: list[RecipeLineInput] = []
            for section in plan.sections:
                lines = [resolved[line.index] for line in section.lines if line.index in resolved]
                if not lines:
                    continue
                if section.sub_recipe_name and decision.sub_recipes:
                    sub_name = f"{name}: {_section_title(section.name or '')}"
                    sub = _named(
                        create_recipe, f"{prefix}.sections", session, name=sub_name, lines=lines
                    )
                    saved.append(sub)
                    main_lines.append(RecipeLineInput(None, _ONE, "batch", "", sub.id))
                else:
                    main_lines.extend(lines)
            recipe = _named(
                create_recipe, prefix, session, name=name, instructions=plan.instructions,
                notes=notes, lines=main_lines,
            )  # fmt: skip
            saved.append(recipe)
            per_batch = decision.items_per_batch or plan.items_per_batch
            if per_batch is not None:
                items.append(
                    _named(
                        create_item, f"{prefix}.item", session, recipe_id=recipe.id,
                        name=name, items_per_batch=per_batch,
                    )
                )  # fmt: skip
        except BakehouseError as error:
            problems.append(FieldProblem(error.field or prefix, error.message))
    if problems:
        raise ValidationFailed(problems)
    return ImportResult(tuple(saved), tuple(items), len(created), left_out)


_ONE = Decimal(1)
_T = TypeVar("_T")


def _named(action: Callable[..., _T], prefix: str, session: Session, **values: Any) -> _T:
    """``action(session, **values)``, its error's field put under ``prefix``."""
    try:
        return action(session, **values)
    except BakehouseError as error:
        error.field = f"{prefix}.{error.field}" if error.field else prefix
        raise


def _resolved(
    session: Session, line: PastedLineInput, created: dict[str, int], where: str
) -> RecipeLineInput:
    ingredient_id = line.ingredient_id
    new = line.new_ingredient
    if new is not None:
        key = match_key(new.name)
        if key not in created:
            try:
                created[key] = _create(session, new)
            except BakehouseError as error:
                error.field = f"{where}.new_{error.field or 'name'}"
                raise
        ingredient_id = created[key]
    if ingredient_id is None:
        raise InvalidInput("choose an ingredient or a new one", field=f"{where}.ingredient")
    return RecipeLineInput(ingredient_id, line.quantity, line.unit, line.note)


def _plan_line(
    index: int, text: str, match_line: Callable[[IngredientLine], MatchResult]
) -> LinePlan:
    try:
        line = parse_ingredient_line(text, number=index + 1)
    except InputProblem as problem:
        line = IngredientLine(index + 1, text[:200], None, None, "", "", "")
        return LinePlan(index, line, Unmatched(None), "unplaced", problem.problem)
    match = match_line(line)
    if line.problem is not None:
        return LinePlan(index, line, match, "unplaced", line.problem.message)
    if line.quantity is None:
        return LinePlan(index, line, match, "unplaced", "it has no amount")
    if isinstance(match, Accepted):
        return LinePlan(index, line, match, "use")
    if isinstance(match, NeedsConfirmation):
        names = ", ".join(s.name for s in match.suggestions[:3])
        return LinePlan(
            index, line, match, "unplaced",
            f"{line.ingredient!r} is not in the catalog; confirm which it is ({names}) "
            "or create it",
        )  # fmt: skip
    starter = match.starter_suggestion
    if starter is not None and starter.exact:
        return LinePlan(index, line, match, "create")
    return LinePlan(
        index, line, match, "unplaced",
        f"{line.ingredient!r} is not in the catalog; create it (say how it is measured)",
    )  # fmt: skip


def _section_title(heading: str | None) -> str:
    """ "For the glaze" → "glaze"."""
    title = _FOR_THE.sub("", (heading or "").strip().rstrip(":")).strip()
    return title or (heading or "").strip()


def _yield_reason(text: str) -> str:
    if not text:
        return "the recipe does not say what it makes; give the items one batch makes"
    return f"the yield {text!r} is not a count; give the items one batch makes"


def _notes(recipe: ImportedRecipe) -> str:
    """The recipe's description and notes, then where it came from and its yield as written
    (docs/product.md §6.22: the source is kept)."""
    parts = [part for part in (recipe.description, recipe.notes) if part.strip()]
    source = recipe.source
    origin = source.url or source.location
    what = source.app + " export" if source.app else source.format.value
    facts = [f"Source: {origin} ({what})"]
    if recipe.recipe_yield:
        facts.append(f"Yield as written: {recipe.recipe_yield.text}")
    for label, time in (
        ("Prep time", recipe.prep_time),
        ("Cook time", recipe.cook_time),
        ("Total time", recipe.total_time),
    ):
        if time is not None:
            facts.append(f"{label}: {time.text}")
    parts.append("\n".join(facts))
    return "\n\n".join(parts)


def _with_left_out(notes: str, left_out: Sequence[Unplaced]) -> str:
    lines = [item for item in left_out if item.field.startswith("lines[")]
    if not lines:
        return notes
    listed = "\n".join(f"- {item.text}" for item in lines)
    return f"{notes}\n\nIngredient lines not placed on import:\n{listed}"
