"""Bundles (nested assortments) and packages (what a recipient receives).

A line holds a whole number of one item or one bundle. A bundle may hold other bundles
but never, however deep, itself: such a line is refused with the loop it would make.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Integer, Select, bindparam, select, union
from sqlalchemy.orm import Session, selectinload

from bakehouse.domain.planning import find_cycle
from bakehouse.errors import CycleDetected, InUse, InvalidInput
from bakehouse.models import (
    Assignment,
    Bundle,
    BundleLine,
    Event,
    Ingredient,
    Item,
    Package,
    PackageLine,
    RecipeLine,
    Recipient,
)
from bakehouse.services.catalog.graph import PlanningCatalog, load_planning_catalog
from bakehouse.services.core.archive import shown
from bakehouse.services.core.checks import count_input
from bakehouse.services.core.naming import (
    clean_notes,
    find_by_key,
    get_by_id,
    rename,
    unique_name,
)


@dataclass(frozen=True)
class ContentInput:
    """``quantity`` of exactly one of an item or a bundle."""

    quantity: int
    item_id: int | None = None
    bundle_id: int | None = None


@dataclass(frozen=True)
class PackageItem:
    """Units of one item in one package, bundles expanded."""

    item_id: int
    item: str
    recipe_id: int
    recipe: str
    units: int


def create_bundle(
    session: Session, *, name: str, notes: str = "", lines: Sequence[ContentInput] = ()
) -> Bundle:
    """Create a bundle with its lines. Raises Conflict, InvalidInput."""
    cleaned, slug = unique_name(session, Bundle, "bundle", name)
    bundle = Bundle(name=cleaned, slug=slug, notes=clean_notes(notes))
    session.add(bundle)
    session.flush()
    return set_bundle_lines(session, bundle.id, lines)


def update_bundle(
    session: Session, bundle_id: int, *, name: str | None = None, notes: str | None = None
) -> Bundle:
    """Rename a bundle or change its notes. Raises NotFound, Conflict."""
    bundle = get_by_id(session, Bundle, "bundle", bundle_id)
    if name is not None:
        rename(session, bundle, "bundle", name)
    if notes is not None:
        bundle.notes = clean_notes(notes)
    session.flush()
    return bundle


def set_bundle_lines(session: Session, bundle_id: int, lines: Sequence[ContentInput]) -> Bundle:
    """Replace a bundle's lines.

    Raises :class:`CycleDetected` with the bundle names that would loop, and
    :class:`InvalidInput` for a line without exactly one existing item or bundle.
    """
    bundle = get_by_id(session, Bundle, "bundle", bundle_id)
    _check_lines(session, lines)
    _refuse_cycles(session, bundle, [line.bundle_id for line in lines if line.bundle_id])
    bundle.lines = [
        BundleLine(quantity=line.quantity, item_id=line.item_id, child_bundle_id=line.bundle_id)
        for line in lines
    ]
    session.flush()
    return bundle


def delete_bundle(session: Session, bundle_id: int) -> None:
    """Delete a bundle. Raises :class:`InUse` when a bundle or package holds it."""
    bundle = get_by_id(session, Bundle, "bundle", bundle_id)
    parents = session.scalars(
        select(Bundle.name)
        .join(BundleLine, BundleLine.bundle_id == Bundle.id)
        .where(BundleLine.child_bundle_id == bundle.id)
        .distinct()
        .order_by(Bundle.name)
    )
    packages = session.scalars(
        select(Package.name)
        .join(PackageLine, PackageLine.package_id == Package.id)
        .where(PackageLine.bundle_id == bundle.id)
        .distinct()
        .order_by(Package.name)
    )
    users = [f"bundle {n!r}" for n in parents] + [f"package {n!r}" for n in packages]
    if users:
        raise InUse("bundle", bundle.name, users)
    session.delete(bundle)
    session.flush()


def get_bundle(session: Session, key: int | str) -> Bundle:
    """The bundle with this id, slug or name. Raises :class:`NotFound`."""
    return find_by_key(session, Bundle, "bundle", key)


def list_bundles(session: Session, *, include_archived: bool = False) -> list[Bundle]:
    """Every bundle by name, lines (with their item or bundle) loaded.
    Archived ones only with ``include_archived`` (docs/product.md §6.20)."""
    stmt = (
        select(Bundle)
        .options(
            selectinload(Bundle.lines).selectinload(BundleLine.item),
            selectinload(Bundle.lines).selectinload(BundleLine.child_bundle),
        )
        .where(shown(Bundle, include_archived))
        .order_by(Bundle.name)
    )
    return list(session.scalars(stmt))


def create_package(
    session: Session, *, name: str, notes: str = "", lines: Sequence[ContentInput] = ()
) -> Package:
    """Create a package with its lines. Raises Conflict, InvalidInput."""
    cleaned, slug = unique_name(session, Package, "package", name)
    package = Package(name=cleaned, slug=slug, notes=clean_notes(notes))
    session.add(package)
    session.flush()
    return set_package_lines(session, package.id, lines)


def update_package(
    session: Session, package_id: int, *, name: str | None = None, notes: str | None = None
) -> Package:
    """Rename a package or change its notes. Raises NotFound, Conflict."""
    package = get_by_id(session, Package, "package", package_id)
    if name is not None:
        rename(session, package, "package", name)
    if notes is not None:
        package.notes = clean_notes(notes)
    session.flush()
    return package


def set_package_lines(session: Session, package_id: int, lines: Sequence[ContentInput]) -> Package:
    """Replace a package's lines.

    Raises NotFound and InvalidInput. Always allowed: assignments already assembled or
    delivered keep the contents frozen at assembly; pending ones follow the change
    (docs/product.md §6.20).
    """
    package = get_by_id(session, Package, "package", package_id)
    _check_lines(session, lines)
    package.lines = [
        PackageLine(quantity=line.quantity, item_id=line.item_id, bundle_id=line.bundle_id)
        for line in lines
    ]
    session.flush()
    return package


def delete_package(session: Session, package_id: int) -> None:
    """Delete a package. Raises :class:`InUse` when it is assigned to anyone."""
    package = get_by_id(session, Package, "package", package_id)
    rows = session.execute(
        select(Event.name, Recipient.name)
        .select_from(Assignment)
        .join(Event, Event.id == Assignment.event_id)
        .join(Recipient, Recipient.id == Assignment.recipient_id)
        .where(Assignment.package_id == package.id)
        .order_by(Event.event_date, Event.name, Recipient.name)
    )
    users = [f"{recipient!r} at {event!r}" for event, recipient in rows]
    if users:
        raise InUse("package", package.name, users)
    session.delete(package)
    session.flush()


def get_package(session: Session, key: int | str) -> Package:
    """The package with this id, slug or name. Raises :class:`NotFound`."""
    return find_by_key(session, Package, "package", key)


def list_packages(session: Session, *, include_archived: bool = False) -> list[Package]:
    """Every package by name, lines (with their item or bundle) loaded.
    Archived ones only with ``include_archived`` (docs/product.md §6.20)."""
    stmt = (
        select(Package)
        .options(
            selectinload(Package.lines).selectinload(PackageLine.item),
            selectinload(Package.lines).selectinload(PackageLine.bundle),
        )
        .where(shown(Package, include_archived))
        .order_by(Package.name)
    )
    return list(session.scalars(stmt))


def package_contents(session: Session, package_id: int) -> list[PackageItem]:
    """Units of each item in one package, nested bundles expanded, by recipe and item name.

    Raises :class:`NotFound` for an unknown package.
    """
    get_by_id(session, Package, "package", package_id)
    catalog = load_planning_catalog(session)
    units = catalog.graph.expand_package(package_id)
    names = dict(session.execute(select(Item.id, Item.name).where(Item.id.in_(units))).all())
    return list(contents_of(catalog, names, package_id))


def contents_of(
    catalog: PlanningCatalog, item_names: Mapping[int, str], package_id: int
) -> tuple[PackageItem, ...]:
    """What one package holds, bundles expanded, by recipe and item name (no statements)."""
    rows = [
        PackageItem(
            item_id=item_id,
            item=item_names[item_id],
            recipe_id=catalog.graph.items[item_id].recipe_id,
            recipe=catalog.recipes[catalog.graph.items[item_id].recipe_id].name,
            units=units,
        )
        for item_id, units in catalog.graph.expand_package(package_id).items()
    ]
    return tuple(sorted(rows, key=lambda row: (row.recipe.lower(), row.item.lower())))


def package_allergens(session: Session, package_id: int) -> list[str]:
    """Sorted allergen codes of every ingredient of every recipe in the package."""
    get_by_id(session, Package, "package", package_id)
    return load_package_allergens(session, package_id)


def load_package_allergens(session: Session, package_id: int) -> list[str]:
    """Sorted allergen codes of one package, in one statement that reads only what is in
    it: its bundles (walked recursively, however deep), their items and the package's
    own, those items' recipe lines and ingredients. The same codes as
    :func:`allergens_by_package` gives from the whole catalog (kept in step by a test)."""
    rows = session.execute(_package_allergens_statement(), {"package_id": package_id})
    return sorted({code for (codes,) in rows for code in codes or ()})


@cache
def _package_allergens_statement() -> Select[list[str]]:
    """The statement, built once."""
    package_id = bindparam("package_id", type_=Integer)
    bundles = (
        select(PackageLine.bundle_id.label("bundle_id"))
        .where(PackageLine.package_id == package_id, PackageLine.bundle_id.is_not(None))
        .cte("bundles", recursive=True)
    )
    bundles = bundles.union(
        select(BundleLine.child_bundle_id).where(
            BundleLine.bundle_id == bundles.c.bundle_id, BundleLine.child_bundle_id.is_not(None)
        )
    )
    items = union(
        select(PackageLine.item_id).where(
            PackageLine.package_id == package_id, PackageLine.item_id.is_not(None)
        ),
        select(BundleLine.item_id).where(
            BundleLine.bundle_id.in_(select(bundles.c.bundle_id)), BundleLine.item_id.is_not(None)
        ),
    )
    ingredients = (
        select(RecipeLine.ingredient_id)
        .join(Item, Item.recipe_id == RecipeLine.recipe_id)
        .where(Item.id.in_(items))
    )
    return select(Ingredient.allergens).where(Ingredient.id.in_(ingredients))


def allergens_by_package(
    catalog: PlanningCatalog, package_ids: Sequence[int]
) -> dict[int, list[str]]:
    """Allergen codes per package, rolled up from its recipes' ingredients (pure)."""
    by_recipe: dict[int, set[str]] = defaultdict(set)
    for recipe in catalog.recipes.values():
        for line in recipe.batch_lines:
            by_recipe[recipe.recipe_id].update(catalog.ingredients[line.ingredient_id].allergens)
    result: dict[int, list[str]] = {}
    for package_id in package_ids:
        codes: set[str] = set()
        for item_id in catalog.graph.expand_package(package_id):
            codes |= by_recipe.get(catalog.graph.items[item_id].recipe_id, set())
        result[package_id] = sorted(codes)
    return result


def _check_lines(session: Session, lines: Sequence[ContentInput]) -> None:
    for index, line in enumerate(lines):
        if (line.item_id is None) == (line.bundle_id is None):
            raise InvalidInput(
                "a line holds exactly one of an item or a bundle", field=f"lines[{index}]"
            )
        count_input(line.quantity, field=f"lines[{index}].quantity")
    item_ids = {line.item_id for line in lines if line.item_id is not None}
    bundle_ids = {line.bundle_id for line in lines if line.bundle_id is not None}
    known_items = set(session.scalars(select(Item.id).where(Item.id.in_(item_ids))))
    known_bundles = set(session.scalars(select(Bundle.id).where(Bundle.id.in_(bundle_ids))))
    for index, line in enumerate(lines):
        if line.item_id is not None and line.item_id not in known_items:
            raise InvalidInput(
                f"item {line.item_id} was not found", field=f"lines[{index}].item_id"
            )
        if line.bundle_id is not None and line.bundle_id not in known_bundles:
            raise InvalidInput(
                f"bundle {line.bundle_id} was not found", field=f"lines[{index}].bundle_id"
            )


def _refuse_cycles(session: Session, bundle: Bundle, child_ids: Sequence[int]) -> None:
    children: dict[int, list[int]] = defaultdict(list)
    for parent_id, child_id in session.execute(
        select(BundleLine.bundle_id, BundleLine.child_bundle_id).where(
            BundleLine.child_bundle_id.is_not(None), BundleLine.bundle_id != bundle.id
        )
    ):
        if child_id is not None:
            children[parent_id].append(child_id)
    children[bundle.id] = list(child_ids)
    for child_id in child_ids:
        path = find_cycle(children, bundle.id, child_id)
        if path is not None:
            query = select(Bundle.id, Bundle.name).where(Bundle.id.in_(path))
            names = dict(session.execute(query).all())
            raise CycleDetected([names[bundle_id] for bundle_id in path])
