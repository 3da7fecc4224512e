"""Recipes, their lines (ingredients or sub-recipes), yields, and the items they yield.

A recipe line keeps the quantity and unit the baker wrote; it is only saved when that
unit converts to the ingredient's canonical unit (or to the sub-recipe's yield, or is
``batch``), so planning never meets a line it cannot use. A sub-recipe line that would
make recipes use one another in a loop, or nest more than five deep, is refused
(docs/product.md §6.12).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session, selectinload

from bakehouse.domain.inputs import MAX_SHELF_LIFE_DAYS, TextLimit
from bakehouse.domain.kinds import MovementKind
from bakehouse.domain.numbers import quantize_quantity
from bakehouse.domain.planning import find_cycle
from bakehouse.domain.subrecipes import (
    BATCH,
    MAX_LEVELS,
    Yield,
    cycle_names,
    levels_through,
    share_of_batch,
    stock_unit,
)
from bakehouse.errors import CycleDetected, InUse, InvalidInput, UnitError
from bakehouse.models import (
    Bundle,
    BundleLine,
    ContentSnapshot,
    ContentSnapshotLine,
    Event,
    Ingredient,
    Item,
    Lot,
    Package,
    PackageLine,
    ProductionRecord,
    Recipe,
    RecipeLine,
    StockMovement,
)
from bakehouse.services.core.archive import shown
from bakehouse.services.core.checks import (
    count_input,
    optional_positive_quantity,
    positive_quantity,
    text_input,
)
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
    """One line as written: ``quantity`` ``unit`` of an ingredient, or of a sub-recipe
    (``sub_recipe_id``; unit ``batch`` for "N batches of")."""

    ingredient_id: int | None
    quantity: Decimal
    unit: str
    note: str = ""
    sub_recipe_id: int | None = None


@dataclass(frozen=True)
class YieldInput:
    """What one batch makes: ``quantity`` ``unit`` (optionally a density, g per ml), and
    how many days its prepared stock keeps."""

    quantity: Decimal | str | None = None
    unit: str | None = None
    density: Decimal | str | None = None
    shelf_life_days: int | str | None = None


def create_recipe(
    session: Session,
    *,
    name: str,
    instructions: str = "",
    notes: str = "",
    lines: Sequence[RecipeLineInput] = (),
    batch_yield: YieldInput | None = None,
) -> Recipe:
    """Create a recipe with its lines (and its yield, for use as a sub-recipe).

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
    )
    if batch_yield is not None:
        _set_yield(session, recipe, batch_yield)
    recipe.lines = _build_lines(session, lines, recipe)
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
    batch_yield: YieldInput | None = None,
) -> Recipe:
    """Change a recipe's name, instructions, notes or yield. Raises NotFound, Conflict,
    InvalidInput (a yield that recipes using it cannot be measured by)."""
    recipe = get_by_id(session, Recipe, "recipe", recipe_id)
    if name is not None:
        rename(session, recipe, "recipe", name)
    if instructions is not None:
        recipe.instructions = clean_notes(instructions, field="instructions")
    if notes is not None:
        recipe.notes = clean_notes(notes)
    if batch_yield is not None:
        _set_yield(session, recipe, batch_yield)
    session.flush()
    return recipe


def set_recipe_lines(session: Session, recipe_id: int, lines: Sequence[RecipeLineInput]) -> Recipe:
    """Replace a recipe's lines (validated as in :func:`create_recipe`)."""
    recipe = get_by_id(session, Recipe, "recipe", recipe_id)
    recipe.lines = _build_lines(session, lines, recipe)
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
    users += [
        f"recipe {name!r}"
        for name in session.scalars(
            select(Recipe.name)
            .join(RecipeLine, RecipeLine.recipe_id == Recipe.id)
            .where(RecipeLine.sub_recipe_id == recipe.id)
            .distinct()
            .order_by(Recipe.name)
        )
    ]
    if session.scalar(select(Lot.id).where(Lot.recipe_id == recipe.id).limit(1)) is not None:
        users.append("its prepared stock")
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


def list_recipes(session: Session, *, include_archived: bool = False) -> list[Recipe]:
    """Every recipe by name, with its lines (and their ingredients) and items loaded.
    Archived ones only with ``include_archived`` (docs/product.md §6.20)."""
    stmt = (
        select(Recipe)
        .options(
            selectinload(Recipe.lines).selectinload(RecipeLine.ingredient),
            selectinload(Recipe.lines).selectinload(RecipeLine.sub_recipe),
            selectinload(Recipe.items),
        )
        .where(shown(Recipe, include_archived))
        .order_by(Recipe.name)
    )
    return list(session.scalars(stmt))


#: ``update_item``'s "leave it as it is" for a field that ``None`` clears.
KEEP: object = object()


def create_item(
    session: Session,
    *,
    recipe_id: int,
    name: str,
    items_per_batch: int,
    notes: str = "",
    baked_weight_g: Decimal | str | None = None,
) -> Item:
    """Add an item the recipe yields. Raises NotFound, Conflict, InvalidInput (a recipe
    used as a sub-recipe makes prepared stock, not items: docs/product.md §6.12)."""
    recipe = get_by_id(session, Recipe, "recipe", recipe_id)
    parent = session.scalar(
        select(Recipe.name)
        .join(RecipeLine, RecipeLine.recipe_id == Recipe.id)
        .where(RecipeLine.sub_recipe_id == recipe.id)
        .order_by(Recipe.name)
        .limit(1)
    )
    if parent is not None:
        raise InvalidInput(
            f"{recipe.name} is a sub-recipe of {parent}: it makes prepared stock, not items",
            field="recipe_id",
        )
    cleaned, slug = unique_name(session, Item, "item", name)
    item = Item(
        recipe=recipe,
        name=cleaned,
        slug=slug,
        items_per_batch=count_input(items_per_batch, field="items_per_batch"),
        notes=clean_notes(notes),
        baked_weight_g=optional_positive_quantity(baked_weight_g, field="baked_weight_g"),
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
    baked_weight_g: object = KEEP,
) -> Item:
    """Change an item's name, items per batch, notes or the weight of one baked piece
    (``None`` forgets it; docs/product.md §6.8). Raises NotFound, Conflict."""
    item = get_by_id(session, Item, "item", item_id)
    if name is not None:
        rename(session, item, "item", name)
    if items_per_batch is not None:
        item.items_per_batch = count_input(items_per_batch, field="items_per_batch")
    if notes is not None:
        item.notes = clean_notes(notes)
    if baked_weight_g is not KEEP:
        item.baked_weight_g = optional_positive_quantity(baked_weight_g, field="baked_weight_g")
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


def archived_recipe_ids(session: Session) -> set[int]:
    """Ids of the archived recipes (docs/product.md §6.20): one statement."""
    return set(session.scalars(select(Recipe.id).where(Recipe.archived_at.is_not(None))))


def list_recipe_choices(session: Session) -> list[tuple[int, str, str]]:
    """Every recipe as (id, name, stock unit) by name, for choosing a sub-recipe: one
    statement."""
    rows = session.execute(
        select(Recipe.id, Recipe.name, Recipe.yield_unit)
        .where(Recipe.archived_at.is_(None))
        .order_by(Recipe.name)
    )
    return [(rid, name, unit or BATCH) for rid, name, unit in rows]


def list_items(
    session: Session, *, recipe_id: int | None = None, include_archived: bool = False
) -> list[Item]:
    """Items by name (of one recipe, or all), with their recipe loaded.
    Archived ones only with ``include_archived`` (docs/product.md §6.20)."""
    stmt = (
        select(Item)
        .options(selectinload(Item.recipe))
        .where(shown(Item, include_archived))
        .order_by(Item.name)
    )
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
    # What assembled or delivered packages held names it (docs/product.md §6.20).
    given = session.scalars(
        select(Package.name)
        .join(ContentSnapshot, ContentSnapshot.package_id == Package.id)
        .join(ContentSnapshotLine, ContentSnapshotLine.snapshot_id == ContentSnapshot.id)
        .where(ContentSnapshotLine.item_id.in_(item_ids))
        .distinct()
        .order_by(Package.name)
    )
    packed = [f"package {n!r} as assembled" for n in given]
    return [f"bundle {n!r}" for n in bundles] + [f"package {n!r}" for n in packages] + packed


def _build_lines(
    session: Session, lines: Sequence[RecipeLineInput], recipe: Recipe
) -> list[RecipeLine]:
    ids = {line.ingredient_id for line in lines if line.ingredient_id is not None}
    ingredients = (
        {i.id: i for i in session.scalars(select(Ingredient).where(Ingredient.id.in_(ids)))}
        if ids
        else {}
    )
    built: list[RecipeLine] = []
    for position, line in enumerate(lines):
        where = f"lines[{position}]"
        if line.sub_recipe_id is not None and line.ingredient_id is not None:
            raise InvalidInput("a line is an ingredient or a recipe, not both", field=where)
        if line.sub_recipe_id is not None:
            built.append(_build_sub_line(session, recipe, line, position, where))
        else:
            built.append(_build_line(ingredients, line, position, where))
    _check_nesting(session, recipe, [b.sub_recipe.id for b in built if b.sub_recipe])
    for position, made in enumerate(built):
        sub = made.sub_recipe
        if sub is not None and session.scalar(
            select(Item.id).where(Item.recipe_id == sub.id).limit(1)
        ):
            raise InvalidInput(
                f"{sub.name} yields items, so it cannot be used as a sub-recipe "
                "(a sub-recipe makes prepared stock)",
                field=f"lines[{position}].sub_recipe_id",
            )
    return built


def _line_quantity(line: RecipeLineInput, where: str) -> Decimal:
    if not isinstance(line.quantity, Decimal) or not line.quantity.is_finite():
        raise InvalidInput("quantity must be a decimal number", field=f"{where}.quantity")
    quantity = quantize_quantity(line.quantity)
    if quantity <= 0:
        raise InvalidInput("quantity must be greater than 0", field=f"{where}.quantity")
    return quantity


def _build_line(
    ingredients: dict[int, Ingredient], line: RecipeLineInput, position: int, where: str
) -> RecipeLine:
    ingredient = ingredients.get(line.ingredient_id) if line.ingredient_id is not None else None
    if ingredient is None:
        raise InvalidInput(
            f"ingredient {line.ingredient_id} was not found", field=f"{where}.ingredient_id"
        )
    quantity = _line_quantity(line, where)
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


def _build_sub_line(
    session: Session, recipe: Recipe, line: RecipeLineInput, position: int, where: str
) -> RecipeLine:
    sub = session.get(Recipe, line.sub_recipe_id)
    if sub is None:
        raise InvalidInput(
            f"recipe {line.sub_recipe_id} was not found", field=f"{where}.sub_recipe_id"
        )
    quantity = _line_quantity(line, where)
    unit_text = line.unit.strip().lower()
    try:
        unit = BATCH if unit_text in _BATCH_WORDS else normalize_unit(line.unit)
        share_of_batch(quantity, unit, sub.name, yield_of(sub))
    except InvalidInput as error:
        error.field = f"{where}.unit"
        raise
    note = text_input(line.note, field=f"{where}.note", max_length=TextLimit.NOTE)
    return RecipeLine(sub_recipe=sub, quantity=quantity, unit=unit, position=position, note=note)


_BATCH_WORDS = frozenset({"batch", "batches", "batch of", "batches of"})


def yield_of(recipe: Recipe) -> Yield | None:
    """The recipe's yield per batch, if it declares one."""
    if recipe.yield_quantity is None or recipe.yield_unit is None:
        return None
    return Yield(recipe.yield_quantity, recipe.yield_unit, recipe.yield_density)


def _check_nesting(session: Session, recipe: Recipe, sub_ids: Sequence[int]) -> None:
    """Refuse lines that make recipes use one another in a loop (naming the path) or
    nest more than :data:`MAX_LEVELS` recipes deep: one statement."""
    if not sub_ids:
        return
    # A recipe not yet saved is used by none: it stands for itself as -1.
    recipe_id = recipe.id if recipe.id is not None else -1
    children: dict[int, list[int]] = defaultdict(list)
    for parent_id, child_id in session.execute(
        select(RecipeLine.recipe_id, RecipeLine.sub_recipe_id).where(
            RecipeLine.sub_recipe_id.is_not(None), RecipeLine.recipe_id != recipe_id
        )
    ):
        if child_id is not None:
            children[parent_id].append(child_id)
    names: dict[int, str] = {r.id: r.name for r in session.execute(select(Recipe.id, Recipe.name))}
    for sub_id in sub_ids:
        path = find_cycle(children, recipe_id, sub_id)
        if path is not None:
            raise CycleDetected(cycle_names(path, names), what="recipes cannot use")
    children[recipe_id] = list(sub_ids)
    levels = levels_through(children, recipe_id, sub_ids)
    if levels > MAX_LEVELS:
        raise InvalidInput(
            f"{recipe.name} would nest sub-recipes {levels} levels deep; "
            f"at most {MAX_LEVELS} are allowed",
            field="lines",
        )


def _set_yield(session: Session, recipe: Recipe, given: YieldInput) -> None:
    """Set (or with no quantity, clear) the recipe's yield and shelf life."""
    recipe.shelf_life_days = _shelf_life(given.shelf_life_days)
    if given.quantity in (None, "") and not (given.unit or "").strip():
        new: Yield | None = None
    else:
        if given.quantity in (None, ""):
            raise InvalidInput("give the yield's quantity", field="yield_quantity")
        quantity = positive_quantity(given.quantity, field="yield_quantity")
        if not (given.unit or "").strip():
            raise InvalidInput("give the yield's unit", field="yield_unit")
        try:
            unit = normalize_unit(given.unit or "")
        except UnitError as error:
            error.field = "yield_unit"
            raise
        density = (
            None
            if given.density in (None, "")
            else positive_quantity(given.density, field="yield_density")
        )
        new = Yield(quantity, unit, density)
    if recipe.id is not None:
        _check_users_still_measure(session, recipe, new)
        _check_stock_unit_kept(session, recipe, new)
    recipe.yield_quantity = new.quantity if new else None
    recipe.yield_unit = new.unit if new else None
    recipe.yield_density = new.density if new else None


def _shelf_life(days: int | str | None) -> int | None:
    if days is None or (isinstance(days, str) and not days.strip()):
        return None
    text = days.strip() if isinstance(days, str) else days
    if isinstance(text, str) and text.isdigit():
        text = int(text)
    if isinstance(text, bool) or not isinstance(text, int) or not 0 <= text <= MAX_SHELF_LIFE_DAYS:
        raise InvalidInput(
            f"shelf life must be a whole number of days from 0 to {MAX_SHELF_LIFE_DAYS}",
            field="shelf_life_days",
        )
    return text


def _check_users_still_measure(session: Session, recipe: Recipe, new: Yield | None) -> None:
    for name, quantity, unit in session.execute(
        select(Recipe.name, RecipeLine.quantity, RecipeLine.unit)
        .join(RecipeLine, RecipeLine.recipe_id == Recipe.id)
        .where(RecipeLine.sub_recipe_id == recipe.id)
    ):
        try:
            share_of_batch(quantity, unit, recipe.name, new)
        except InvalidInput as error:
            raise InvalidInput(
                f"{name} measures {recipe.name} in {unit}: {error}", field="yield_unit"
            ) from error


def _check_stock_unit_kept(session: Session, recipe: Recipe, new: Yield | None) -> None:
    """Prepared stock is held in the yield's unit: it may not change while a lot of it
    holds stock, nor while one could get stock back — a lot drawn by a bake that still
    stands, whose reversal would return it in the old unit (docs/product.md §6.12). One
    statement."""
    old = stock_unit(yield_of(recipe))
    if stock_unit(new) == old:
        return
    live_bake = and_(
        ProductionRecord.id == StockMovement.production_record_id,
        ProductionRecord.reversed_at.is_(None),
    )
    found = session.execute(
        select(Lot.quantity_remaining, ProductionRecord.id)
        .outerjoin(
            StockMovement,
            and_(StockMovement.lot_id == Lot.id, StockMovement.kind == MovementKind.PRODUCTION),
        )
        .outerjoin(ProductionRecord, live_bake)
        .where(
            Lot.recipe_id == recipe.id,
            or_(Lot.quantity_remaining > 0, ProductionRecord.id.is_not(None)),
        )
        .order_by(Lot.quantity_remaining.desc(), ProductionRecord.id)
        .limit(1)
    ).first()
    if found is None:
        return
    remaining, bake_id = found
    if remaining > 0:
        raise InvalidInput(
            f"{recipe.name} has prepared stock on hand in {old}; "
            "use it up or write it off before changing the yield's unit",
            field="yield_unit",
        )
    raise InvalidInput(
        f"bake {bake_id} drew prepared {recipe.name} in {old}, and reversing it would give "
        f"that back in {old}; the yield's unit cannot change while a bake that drew "
        f"{recipe.name} stands",
        field="yield_unit",
    )
