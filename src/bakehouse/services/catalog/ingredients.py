"""Ingredients: create, read, update, delete, with the catalog's rules.

Name and slug are unique; measure decides the canonical unit; density and grams per
each must be positive; allergens come from the fixed vocabulary. A change that would
strand a product or recipe line in a unit it can no longer convert is refused, and so is
deleting an ingredient that anything still uses. Import these from
:mod:`bakehouse.services.catalog`.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.allergens import (
    normalize_allergen_names,
    normalize_allergens,
    split_sub_ingredients,
)
from bakehouse.domain.inputs import DENSITY, TextLimit
from bakehouse.domain.kinds import DrawOrder
from bakehouse.domain.wording import count_of
from bakehouse.errors import InUse, InvalidInput, UnitError
from bakehouse.models import Ingredient, Lot, Product, Recipe, RecipeLine
from bakehouse.services.core.archive import shown
from bakehouse.services.core.checks import (
    choice_input,
    optional_positive_quantity,
    text_input,
    unique_or_conflict,
)
from bakehouse.services.core.naming import find_by_key, unique_name
from bakehouse.units.conversion import Measure, to_canonical

_EDITABLE = frozenset(
    {
        "name",
        "measure",
        "category",
        "density",
        "grams_per_each",
        "allergens",
        "allergen_names",
        "sub_ingredients",
        "notes",
        "draw_order",
    }
)


def create_ingredient(
    session: Session,
    *,
    name: str,
    measure: Measure | str,
    category: str = "other",
    density: Decimal | int | str | None = None,
    grams_per_each: Decimal | int | str | None = None,
    allergens: Iterable[str] | str = (),
    notes: str = "",
    draw_order: DrawOrder | str = DrawOrder.FIFO,
    allergen_names: object = None,
    sub_ingredients: object = None,
) -> Ingredient:
    """Add an ingredient and return it (flushed, so it has an id). ``draw_order``: which
    lots bakes draw first, oldest (``fifo``) or earliest best-before (``fefo``,
    docs/product.md §6.14). ``allergen_names``: specific names by allergen (a name adds its
    allergen), ``sub_ingredients``: what it is made of (docs/product.md §6.8).

    Raises :class:`InvalidInput` naming the bad field, :class:`Conflict` when the name
    (or its slug) is taken.
    """
    cleaned, slug = unique_name(session, Ingredient, "ingredient", name)
    names = normalize_allergen_names(allergen_names)
    codes = sorted(set(_allergens(allergens)) | set(names))
    ingredient = Ingredient(
        name=cleaned,
        slug=slug,
        measure=choice_input(Measure, measure, field="measure"),
        category=_category(category),
        density=_density(density),
        grams_per_each=optional_positive_quantity(grams_per_each, field="grams_per_each"),
        allergens=codes,
        allergen_names=names,
        sub_ingredients=split_sub_ingredients(sub_ingredients),
        notes=text_input(notes, field="notes", max_length=TextLimit.NOTES),
        draw_order=choice_input(DrawOrder, draw_order, field="draw_order"),
    )
    with unique_or_conflict(session, f"an ingredient named {cleaned!r} already exists"):
        session.add(ingredient)
    return ingredient


def update_ingredient(session: Session, ingredient_id: int, **changes: object) -> Ingredient:
    """Change some fields of an ingredient and return it.

    Fields: name, measure, category, density, grams_per_each, allergens, allergen_names,
    sub_ingredients (docs/product.md §6.8), notes, draw_order (docs/product.md §6.14).
    Removing an allergen forgets its specific names; a specific name adds its allergen.
    Raises
    :class:`NotFound`, :class:`InvalidInput` (an unknown field, a bad value, a measure
    change while lots exist, a change that leaves a product or recipe line unconvertible)
    and :class:`Conflict` (name taken).
    """
    ingredient = get_ingredient(session, ingredient_id)
    unknown = sorted(set(changes) - _EDITABLE)
    if unknown:
        raise InvalidInput(f"ingredients have no field {unknown[0]!r}", field=unknown[0])
    values: dict[str, object] = {}
    if "name" in changes:
        cleaned, slug = unique_name(
            session, Ingredient, "ingredient", changes["name"], exclude_id=ingredient.id
        )
        values.update(name=cleaned, slug=slug)
    if "measure" in changes:
        values["measure"] = choice_input(Measure, changes["measure"], field="measure")
        if values["measure"] != ingredient.measure:
            _refuse_measure_change_with_lots(session, ingredient)
    if "category" in changes:
        values["category"] = _category(changes["category"])
    if "density" in changes:
        values["density"] = _density(changes["density"])
    if "grams_per_each" in changes:
        values["grams_per_each"] = optional_positive_quantity(
            changes["grams_per_each"], field="grams_per_each"
        )
    if "allergens" in changes or "allergen_names" in changes:
        codes = set(
            _allergens(changes["allergens"]) if "allergens" in changes else ingredient.allergens
        )
        names = (
            normalize_allergen_names(changes["allergen_names"])
            if "allergen_names" in changes
            else {k: v for k, v in (ingredient.allergen_names or {}).items() if k in codes}
        )
        values["allergens"] = sorted(codes | set(names))
        values["allergen_names"] = names
    if "sub_ingredients" in changes:
        values["sub_ingredients"] = split_sub_ingredients(changes["sub_ingredients"])
    if "notes" in changes:
        values["notes"] = text_input(changes["notes"], field="notes", max_length=TextLimit.NOTES)
    if "draw_order" in changes:
        values["draw_order"] = choice_input(DrawOrder, changes["draw_order"], field="draw_order")
    taken = values.get("name", ingredient.name)
    with unique_or_conflict(session, f"an ingredient named {taken!r} already exists"):
        for field, value in values.items():
            setattr(ingredient, field, value)
        changed = {"measure", "density", "grams_per_each"} & set(values)
        if changed:
            _check_units_still_convert(session, ingredient, field=sorted(changed)[0])
    return ingredient


def delete_ingredient(session: Session, ingredient_id: int) -> None:
    """Delete an unused ingredient.

    Raises :class:`NotFound`, or :class:`InUse` listing the products, recipes and lots
    that use it.
    """
    ingredient = get_ingredient(session, ingredient_id)
    used_by = [
        f"product {product.label}"
        for product in session.scalars(
            select(Product).where(Product.ingredient_id == ingredient.id).order_by(Product.id)
        )
    ]
    used_by += [
        f"recipe {name}"
        for name in session.scalars(
            select(Recipe.name)
            .join(RecipeLine, RecipeLine.recipe_id == Recipe.id)
            .where(RecipeLine.ingredient_id == ingredient.id)
            .distinct()
            .order_by(Recipe.name)
        )
    ]
    used_by += [
        f"lot {lot_id} received {received_on.isoformat()}"
        for lot_id, received_on in session.execute(
            select(Lot.id, Lot.received_on)
            .where(Lot.ingredient_id == ingredient.id)
            .order_by(Lot.id)
        )
    ]
    if used_by:
        raise InUse("ingredient", ingredient.name, used_by)
    session.delete(ingredient)
    session.flush()


def get_ingredient(session: Session, key: int | str) -> Ingredient:
    """The ingredient with this id, slug or (case-insensitive) name; raises :class:`NotFound`."""
    return find_by_key(session, Ingredient, "ingredient", key)


def list_ingredients(
    session: Session,
    *,
    search: str | None = None,
    category: str | None = None,
    include_archived: bool = False,
) -> list[Ingredient]:
    """Ingredients by name, optionally whose name contains ``search`` / in ``category``.
    Archived ones only with ``include_archived`` (docs/product.md §6.20)."""
    stmt = (
        select(Ingredient)
        .where(shown(Ingredient, include_archived))
        .order_by(func.lower(Ingredient.name), Ingredient.id)
    )
    if search and search.strip():
        stmt = stmt.where(Ingredient.name.icontains(search.strip(), autoescape=True))
    if category and category.strip():
        stmt = stmt.where(Ingredient.category == _category(category))
    return list(session.scalars(stmt))


def _density(value: object) -> Decimal | None:
    return optional_positive_quantity(value, field="density", rule=DENSITY)


def _category(value: object) -> str:
    text = " ".join(
        text_input(value, field="category", max_length=TextLimit.CATEGORY).lower().split()
    )
    return text or "other"


def _allergens(values: object) -> list[str]:
    """Allergen codes from a list of names or one comma-separated string."""
    if isinstance(values, str):
        return normalize_allergens(values.split(","))
    items = list(values) if isinstance(values, Iterable) else None
    if items is not None and all(isinstance(v, str) for v in items):
        return normalize_allergens(items)
    raise InvalidInput("allergens must be a list of allergen names", field="allergens")


def _refuse_measure_change_with_lots(session: Session, ingredient: Ingredient) -> None:
    lots = session.scalar(select(func.count(Lot.id)).where(Lot.ingredient_id == ingredient.id))
    if lots:
        raise InvalidInput(
            f"cannot change how {ingredient.name} is measured: its {count_of(lots, 'lot')} hold "
            f"quantities in {ingredient.unit}",
            field="measure",
        )


def _check_units_still_convert(session: Session, ingredient: Ingredient, *, field: str) -> None:
    """Refuse a factor change that strands a product's or a recipe line's unit."""
    uses = [
        (f"product {p.label}", p.package_unit)
        for p in session.scalars(select(Product).where(Product.ingredient_id == ingredient.id))
    ]
    uses += [
        (f"recipe {name}", unit)
        for name, unit in session.execute(
            select(Recipe.name, RecipeLine.unit)
            .join(RecipeLine, RecipeLine.recipe_id == Recipe.id)
            .where(RecipeLine.ingredient_id == ingredient.id)
            .distinct()
        )
    ]
    for user, unit in uses:
        try:
            to_canonical(Decimal(1), unit, ingredient.factors)
        except UnitError as error:
            raise InvalidInput(f"{error.message} ({user} uses {unit})", field=field) from error
