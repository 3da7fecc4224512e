"""Recipes, their ingredient lines, and the items they yield.

A recipe line keeps the quantity and unit the baker wrote; it is only saved when that
unit converts to the ingredient's canonical unit, so planning never meets a line it
cannot use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from bakehouse.domain.inputs import TextLimit
from bakehouse.domain.numbers import quantize_quantity
from bakehouse.errors import InUse, InvalidInput, UnitError
from bakehouse.models import (
    Bundle,
    BundleLine,
    Event,
    Ingredient,
    Item,
    Package,
    PackageLine,
    ProductionRecord,
    Recipe,
    RecipeLine,
)
from bakehouse.services.core.checks import count_input, text_input
from bakehouse.services.core.naming import (
    clean_notes,
    find_by_key,
    get_by_id,
    rename,
    unique_name,
)
from bakehouse.units.conversion import normalize_unit, to_canonical


@dataclass(frozen=True)
class RecipeLineInput:
    """One ingredient line as written: ``quantity`` ``unit`` of an ingredient."""

    ingredient_id: int
    quantity: Decimal
    unit: str
    note: str = ""


def create_recipe(
    session: Session,
    *,
    name: str,
    instructions: str = "",
    notes: str = "",
    lines: Sequence[RecipeLineInput] = (),
) -> Recipe:
    """Create a recipe with its lines.

    Raises :class:`Conflict` for a taken name, :class:`InvalidInput` for a bad line
    (its ``field`` says which, e.g. ``lines[2].quantity``), :class:`UnknownUnit` or
    :class:`ConversionNotPossible` for a unit the ingredient cannot be measured in.
    """
    cleaned, slug = unique_name(session, Recipe, "recipe", name)
    recipe = Recipe(
        name=cleaned,
        slug=slug,
        instructions=clean_notes(instructions, field="instructions"),
        notes=clean_notes(notes),
        lines=_build_lines(session, lines),
    )
    session.add(recipe)
    session.flush()
    return recipe


def update_recipe(
    session: Session,
    recipe_id: int,
    *,
    name: str | None = None,
    instructions: str | None = None,
    notes: str | None = None,
) -> Recipe:
    """Change a recipe's name, instructions or notes. Raises NotFound, Conflict."""
    recipe = get_by_id(session, Recipe, "recipe", recipe_id)
    if name is not None:
        rename(session, recipe, "recipe", name)
    if instructions is not None:
        recipe.instructions = clean_notes(instructions, field="instructions")
    if notes is not None:
        recipe.notes = clean_notes(notes)
    session.flush()
    return recipe


def set_recipe_lines(session: Session, recipe_id: int, lines: Sequence[RecipeLineInput]) -> Recipe:
    """Replace a recipe's lines (validated as in :func:`create_recipe`)."""
    recipe = get_by_id(session, Recipe, "recipe", recipe_id)
    recipe.lines = _build_lines(session, lines)
    session.flush()
    return recipe


def delete_recipe(session: Session, recipe_id: int) -> None:
    """Delete a recipe, its lines and its items.

    Raises :class:`InUse` when one of its items is in a bundle or package, or when
    production has been recorded for it.
    """
    recipe = get_by_id(session, Recipe, "recipe", recipe_id)
    users = _item_users(session, select(Item.id).where(Item.recipe_id == recipe.id))
    users += [
        f"a bake for event {name!r}"
        for name in session.scalars(
            select(Event.name)
            .join(ProductionRecord, ProductionRecord.event_id == Event.id)
            .where(ProductionRecord.recipe_id == recipe.id)
            .distinct()
            .order_by(Event.name)
        )
    ]
    if users:
        raise InUse("recipe", recipe.name, users)
    for item in list(recipe.items):
        session.delete(item)
    session.flush()
    session.delete(recipe)
    session.flush()


def get_recipe(session: Session, key: int | str) -> Recipe:
    """The recipe with this id, slug or name. Raises :class:`NotFound`."""
    return find_by_key(session, Recipe, "recipe", key)


def list_recipes(session: Session) -> list[Recipe]:
    """Every recipe by name, with its lines (and their ingredients) and items loaded."""
    stmt = (
        select(Recipe)
        .options(
            selectinload(Recipe.lines).selectinload(RecipeLine.ingredient),
            selectinload(Recipe.items),
        )
        .order_by(Recipe.name)
    )
    return list(session.scalars(stmt))


def create_item(
    session: Session, *, recipe_id: int, name: str, items_per_batch: int, notes: str = ""
) -> Item:
    """Add an item the recipe yields. Raises NotFound, Conflict, InvalidInput."""
    recipe = get_by_id(session, Recipe, "recipe", recipe_id)
    cleaned, slug = unique_name(session, Item, "item", name)
    item = Item(
        recipe=recipe,
        name=cleaned,
        slug=slug,
        items_per_batch=count_input(items_per_batch, field="items_per_batch"),
        notes=clean_notes(notes),
    )
    session.add(item)
    session.flush()
    return item


def update_item(
    session: Session,
    item_id: int,
    *,
    name: str | None = None,
    items_per_batch: int | None = None,
    notes: str | None = None,
) -> Item:
    """Change an item's name, items per batch or notes. Raises NotFound, Conflict."""
    item = get_by_id(session, Item, "item", item_id)
    if name is not None:
        rename(session, item, "item", name)
    if items_per_batch is not None:
        item.items_per_batch = count_input(items_per_batch, field="items_per_batch")
    if notes is not None:
        item.notes = clean_notes(notes)
    session.flush()
    return item


def delete_item(session: Session, item_id: int) -> None:
    """Delete an item. Raises :class:`InUse` when a bundle or package holds it."""
    item = get_by_id(session, Item, "item", item_id)
    users = _item_users(session, select(Item.id).where(Item.id == item.id))
    if users:
        raise InUse("item", item.name, users)
    session.delete(item)
    session.flush()


def get_item(session: Session, key: int | str) -> Item:
    """The item with this id, slug or name. Raises :class:`NotFound`."""
    return find_by_key(session, Item, "item", key)


def list_items(session: Session, *, recipe_id: int | None = None) -> list[Item]:
    """Items by name (of one recipe, or all), with their recipe loaded."""
    stmt = select(Item).options(selectinload(Item.recipe)).order_by(Item.name)
    if recipe_id is not None:
        stmt = stmt.where(Item.recipe_id == recipe_id)
    return list(session.scalars(stmt))


def _item_users(session: Session, item_ids: Select[int]) -> list[str]:
    bundles = session.scalars(
        select(Bundle.name)
        .join(BundleLine, BundleLine.bundle_id == Bundle.id)
        .where(BundleLine.item_id.in_(item_ids))
        .distinct()
        .order_by(Bundle.name)
    )
    packages = session.scalars(
        select(Package.name)
        .join(PackageLine, PackageLine.package_id == Package.id)
        .where(PackageLine.item_id.in_(item_ids))
        .distinct()
        .order_by(Package.name)
    )
    return [f"bundle {n!r}" for n in bundles] + [f"package {n!r}" for n in packages]


def _build_lines(session: Session, lines: Sequence[RecipeLineInput]) -> list[RecipeLine]:
    ids = {line.ingredient_id for line in lines}
    ingredients = (
        {i.id: i for i in session.scalars(select(Ingredient).where(Ingredient.id.in_(ids)))}
        if ids
        else {}
    )
    return [
        _build_line(ingredients, line, position, f"lines[{position}]")
        for position, line in enumerate(lines)
    ]


def _build_line(
    ingredients: dict[int, Ingredient], line: RecipeLineInput, position: int, where: str
) -> RecipeLine:
    ingredient = ingredients.get(line.ingredient_id)
    if ingredient is None:
        raise InvalidInput(
            f"ingredient {line.ingredient_id} was not found", field=f"{where}.ingredient_id"
        )
    if not isinstance(line.quantity, Decimal) or not line.quantity.is_finite():
        raise InvalidInput("quantity must be a decimal number", field=f"{where}.quantity")
    quantity = quantize_quantity(line.quantity)
    if quantity <= 0:
        raise InvalidInput("quantity must be greater than 0", field=f"{where}.quantity")
    try:
        unit = normalize_unit(line.unit)
        to_canonical(quantity, unit, ingredient.factors)
    except UnitError as error:
        error.field = f"{where}.unit"
        raise
    note = text_input(line.note, field=f"{where}.note", max_length=TextLimit.NOTE)
    return RecipeLine(
        ingredient=ingredient, quantity=quantity, unit=unit, position=position, note=note
    )
