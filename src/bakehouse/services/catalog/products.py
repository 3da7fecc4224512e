"""Products: the packages of an ingredient a shop sells ("5 lb bag", "1 dozen").

A product's size and unit must convert to its ingredient's canonical unit; at most one
product per ingredient is preferred (making one preferred clears the previous one; the
database's partial unique index is the backstop). Import these from
:mod:`bakehouse.services.catalog`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, contains_eager

from bakehouse.domain.inputs import TextLimit, id_or_none
from bakehouse.domain.slugs import slugify
from bakehouse.errors import Conflict, InUse, InvalidInput, NotFound, UnitError
from bakehouse.models import Ingredient, Product, Purchase
from bakehouse.services.catalog.ingredients import get_ingredient
from bakehouse.services.core.archive import shown
from bakehouse.services.core.checks import (
    gtin_input,
    money_input,
    name_input,
    optional_date_input,
    optional_text,
    positive_quantity,
    slug_or_none,
    text_input,
    unique_or_conflict,
    unit_input,
)
from bakehouse.units.conversion import to_canonical

_EDITABLE = frozenset(
    {"name", "brand", "package_size", "package_unit", "gtin", "supplier", "is_preferred", "notes",
     "list_price", "list_price_on", "list_price_store"}
)  # fmt: skip
_LIST_PRICE_FIELDS = ("list_price", "list_price_on", "list_price_store")


def list_price_values(
    price: object, seen_on: object = None, store: object = None, *, today: date | None = None
) -> dict[str, object]:
    """A product's list price fields from what was typed (docs/product.md §6.17): the
    price of one package (blank: no list price, and no day or store either), the day it
    was seen (default today) and the store. Raises :class:`InvalidInput` naming the field."""
    if price is None or (isinstance(price, str) and not price.strip()):
        return dict.fromkeys(_LIST_PRICE_FIELDS)
    return {
        "list_price": money_input(price, field="list_price"),
        "list_price_on": optional_date_input(seen_on, field="list_price_on")
        or today
        or date.today(),
        "list_price_store": optional_text(
            store, field="list_price_store", max_length=TextLimit.SHORT
        ),
    }


def create_product(
    session: Session,
    *,
    ingredient_id: int | str,
    name: str,
    package_size: Decimal | int | str,
    package_unit: str,
    brand: str = "",
    gtin: str | None = None,
    supplier: str | None = None,
    is_preferred: bool = False,
    notes: str = "",
    list_price: Decimal | int | str | None = None,
    list_price_on: date | str | None = None,
    list_price_store: str | None = None,
) -> Product:
    """Add a product of an ingredient (named by id, slug or name) and return it (flushed).

    Raises :class:`NotFound` (ingredient), :class:`InvalidInput` naming the bad field
    (:class:`UnknownUnit` / :class:`ConversionNotPossible` for a unit that does not fit
    the ingredient) and :class:`Conflict` when the same product already exists.
    """
    ingredient = get_ingredient(session, ingredient_id)
    values: dict[str, object] = {
        "name": name_input(name),
        "brand": text_input(brand, field="brand", max_length=TextLimit.SHORT),
        "package_size": positive_quantity(package_size, field="package_size"),
        "package_unit": unit_input(package_unit, field="package_unit"),
        "gtin": gtin_input(gtin),
        "supplier": optional_text(supplier, field="supplier", max_length=TextLimit.SHORT),
        "is_preferred": _flag(is_preferred),
        "notes": text_input(notes, field="notes", max_length=TextLimit.NOTES),
        **list_price_values(list_price, list_price_on, list_price_store),
    }
    values["slug"] = _checked_slug(session, ingredient, values)
    with unique_or_conflict(session, f"product {values['name']!r} already exists"):
        if values["is_preferred"]:
            _clear_preferred(session, ingredient.id)
        product = Product(ingredient=ingredient, **values)
        session.add(product)
    return product


def update_product(session: Session, product_id: int, **changes: object) -> Product:
    """Change some fields of a product and return it.

    Fields: name, brand, package_size, package_unit, gtin, supplier, is_preferred, notes,
    and the list price (``list_price`` with ``list_price_on`` and ``list_price_store``,
    set together; a blank price clears all three). A product cannot move to another
    ingredient. Raises :class:`NotFound`,
    :class:`InvalidInput` and :class:`Conflict` like :func:`create_product`.
    """
    product = get_product(session, product_id)
    unknown = sorted(set(changes) - _EDITABLE)
    if unknown:
        raise InvalidInput(f"products have no field {unknown[0]!r}", field=unknown[0])
    values: dict[str, object] = {}
    if "name" in changes:
        values["name"] = name_input(changes["name"])
    if "brand" in changes:
        values["brand"] = text_input(changes["brand"], field="brand", max_length=TextLimit.SHORT)
    if "package_size" in changes:
        values["package_size"] = positive_quantity(changes["package_size"], field="package_size")
    if "package_unit" in changes:
        values["package_unit"] = unit_input(changes["package_unit"], field="package_unit")
    if "gtin" in changes:
        values["gtin"] = gtin_input(changes["gtin"])
    if "supplier" in changes:
        values["supplier"] = optional_text(
            changes["supplier"], field="supplier", max_length=TextLimit.SHORT
        )
    if "is_preferred" in changes:
        values["is_preferred"] = _flag(changes["is_preferred"])
    if "notes" in changes:
        values["notes"] = text_input(changes["notes"], field="notes", max_length=TextLimit.NOTES)
    if any(field in changes for field in _LIST_PRICE_FIELDS):
        price = changes.get("list_price", product.list_price)
        values.update(
            list_price_values(price, changes.get("list_price_on"), changes.get("list_price_store"))
        )
    current = {field: getattr(product, field) for field in _EDITABLE}
    values["slug"] = _checked_slug(
        session, product.ingredient, {**current, **values}, exclude_id=product.id
    )
    with unique_or_conflict(session, f"product {product.label!r} already exists"):
        if values.get("is_preferred"):
            _clear_preferred(session, product.ingredient_id, except_id=product.id)
        for field, value in values.items():
            setattr(product, field, value)
    return product


def delete_product(session: Session, product_id: int) -> None:
    """Delete a product never bought; raises :class:`NotFound` or :class:`InUse`."""
    product = get_product(session, product_id)
    purchases = session.execute(
        select(Purchase.id, Purchase.purchased_on)
        .where(Purchase.product_id == product.id)
        .order_by(Purchase.purchased_on, Purchase.id)
    ).all()
    if purchases:
        used_by = [f"purchase {pid} on {day.isoformat()}" for pid, day in purchases]
        raise InUse("product", product.label, used_by)
    session.delete(product)
    session.flush()


def get_product(session: Session, key: int | str) -> Product:
    """The product with this id, slug or name.

    Raises :class:`NotFound`, or :class:`InvalidInput` when a name fits several products
    (the message lists their slugs).
    """
    if isinstance(key, int) and not isinstance(key, bool):
        found = session.get(Product, key)
        if found is None:
            raise NotFound("product", key)
        return found
    text = " ".join(str(key).split())
    conditions = [Product.slug == text, func.lower(Product.name) == text.lower()]
    record_id = id_or_none(text)
    if record_id is not None:
        conditions.append(Product.id == record_id)
    slug = slug_or_none(text)
    if slug is not None:
        conditions.append(Product.slug == slug)
    matches = list(session.scalars(select(Product).where(or_(*conditions)).order_by(Product.id)))
    exact = [p for p in matches if str(p.id) == text or p.slug in (text, slug)]
    if exact:
        return exact[0]
    if len(matches) > 1:
        slugs = ", ".join(p.slug for p in matches)
        raise InvalidInput(f"several products are named {text!r}; use one of: {slugs}")
    if not matches:
        raise NotFound("product", key)
    return matches[0]


def list_products(
    session: Session, *, ingredient_id: int | None = None, include_archived: bool = False
) -> list[Product]:
    """Products (with their ingredient loaded) by ingredient name, preferred first.
    Archived ones only with ``include_archived`` (docs/product.md §6.20)."""
    stmt = (
        select(Product)
        .join(Product.ingredient)
        .options(contains_eager(Product.ingredient))
        .order_by(
            func.lower(Ingredient.name),
            Product.is_preferred.desc(),
            Product.brand,
            Product.name,
            Product.id,
        )
    )
    if ingredient_id is not None:
        stmt = stmt.where(Product.ingredient_id == ingredient_id)
    return list(session.scalars(stmt.where(shown(Product, include_archived))))


def package_quantity(product: Product) -> Decimal:
    """How much one package holds, in its ingredient's canonical unit."""
    return to_canonical(product.package_size, product.package_unit, product.ingredient.factors)


def _checked_slug(
    session: Session,
    ingredient: Ingredient,
    values: dict[str, object],
    *,
    exclude_id: int | None = None,
) -> str:
    """The product's slug, once its unit is known to fit the ingredient and the slug is free."""
    size, unit = Decimal(str(values["package_size"])), str(values["package_unit"])
    try:
        to_canonical(size, unit, ingredient.factors)
    except UnitError as error:
        error.field = "package_unit"
        raise
    size_text = format(size.normalize(), "f")
    slug = slugify(f"{values['brand']} {values['name']} {size_text} {unit}")
    stmt = select(Product).where(Product.slug == slug)
    if exclude_id is not None:
        stmt = stmt.where(Product.id != exclude_id)
    taken = session.scalars(stmt.limit(1)).first()
    if taken is not None:
        raise Conflict(f"product {taken.label!r} already exists", field="name")
    return slug


def _clear_preferred(session: Session, ingredient_id: int, *, except_id: int | None = None) -> None:
    stmt = update(Product).where(
        Product.ingredient_id == ingredient_id, Product.is_preferred.is_(True)
    )
    if except_id is not None:
        stmt = stmt.where(Product.id != except_id)
    session.execute(stmt.values(is_preferred=False))


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput("is_preferred must be true or false", field="is_preferred")
    return value
