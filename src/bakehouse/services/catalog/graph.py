"""Load the whole planning graph in a fixed number of statements.

Packages, bundles, items and recipes with their lines are small next to assignments and
production, so planning, progress and the dashboard load them once per call (five
statements, whatever their size) and do the maths in :mod:`bakehouse.domain.planning`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import null, select, union_all
from sqlalchemy.orm import Session

from bakehouse.domain.costing import LineNeed
from bakehouse.domain.planning import CatalogGraph, ContentLine, ItemYield
from bakehouse.domain.subrecipes import RecipeNode, SubUse, Yield, share_of_batch, sub_recipe_ids
from bakehouse.models import (
    BundleLine,
    ContentSnapshotLine,
    Ingredient,
    Item,
    PackageLine,
    Recipe,
    RecipeLine,
)
from bakehouse.units.conversion import to_canonical

#: ``to_canonical``, remembered. Conversions are pure and recipes and products change
#: rarely: this keeps every progress page, dashboard and shopping list from re-running the
#: units library over every recipe line and package size.
canonical_quantity = lru_cache(maxsize=8192)(to_canonical)
_share = lru_cache(maxsize=8192)(share_of_batch)


@dataclass(frozen=True)
class RecipeInfo:
    recipe_id: int
    name: str
    slug: str
    #: One batch's ingredient lines in canonical units.
    batch_lines: tuple[LineNeed, ...]


@dataclass
class PlanningCatalog:
    graph: CatalogGraph
    #: By recipe id, in name order.
    recipes: dict[int, RecipeInfo]
    ingredients: dict[int, Ingredient]
    #: Every recipe with its sub-recipe lines as shares of a batch (docs/product.md §6.12).
    nodes: dict[int, RecipeNode] = field(default_factory=dict)
    #: Yields per batch of the recipes that declare one.
    yields: dict[int, Yield] = field(default_factory=dict)
    #: Recipes archived (docs/product.md §6.20): still planned and costed where used,
    #: never offered in a picker.
    archived_recipes: frozenset[int] = frozenset()

    @property
    def sub_recipes(self) -> set[int]:
        """Recipes used by another recipe: they make prepared stock."""
        return sub_recipe_ids(self.nodes)


def load_catalog_graph(session: Session) -> CatalogGraph:
    """Bundles, packages and item yields (no recipe lines): three statements."""
    bundles: dict[int, list[ContentLine]] = defaultdict(list)
    for bundle_id, quantity, content_item, child_bundle in session.execute(_BUNDLE_LINES):
        bundles[bundle_id].append(ContentLine(quantity, content_item, child_bundle))
    packages: dict[int, list[ContentLine]] = defaultdict(list)
    for package_id, quantity, content_item, content_bundle in session.execute(_PACKAGE_LINES):
        packages[package_id].append(ContentLine(quantity, content_item, content_bundle))
    items = {
        item_id: ItemYield(item_id, recipe_id, per_batch, name)
        for item_id, recipe_id, per_batch, name in session.execute(_ITEMS)
    }
    return CatalogGraph(bundles=dict(bundles), packages=dict(packages), items=items)


# The statements, built once: every dashboard, progress page and shopping list reads the
# catalog, and building a statement costs more than running these small ones. Lines come
# as plain rows (no ORM objects), in id order.
_BUNDLE_LINES = select(
    BundleLine.bundle_id, BundleLine.quantity, BundleLine.item_id, BundleLine.child_bundle_id
).order_by(BundleLine.id)
#: Package lines, and the frozen contents of assembled and delivered assignments as
#: packages keyed by minus their snapshot id (:func:`contents_key`, docs/product.md §6.20),
#: in the same statement.
_CONTENT_LINES = union_all(
    select(
        PackageLine.package_id.label("key"),
        PackageLine.quantity,
        PackageLine.item_id,
        PackageLine.bundle_id,
        PackageLine.id.label("line"),
    ),
    select(
        (-ContentSnapshotLine.snapshot_id).label("key"),
        ContentSnapshotLine.units,
        ContentSnapshotLine.item_id,
        null().label("bundle_id"),
        ContentSnapshotLine.id.label("line"),
    ),
).subquery("content_lines")
_PACKAGE_LINES = select(
    _CONTENT_LINES.c.key,
    _CONTENT_LINES.c.quantity,
    _CONTENT_LINES.c.item_id,
    _CONTENT_LINES.c.bundle_id,
).order_by(_CONTENT_LINES.c.key, _CONTENT_LINES.c.line)
_ITEMS = select(Item.id, Item.recipe_id, Item.items_per_batch, Item.name)
_INGREDIENTS = select(Ingredient)
#: Recipes and their lines in one statement (a recipe without lines has one NULL row),
#: by name, so ``recipes`` lists them as a recipe list would; the lines as plain columns.
_RECIPES_AND_LINES = (
    select(
        Recipe.id,
        Recipe.name,
        Recipe.slug,
        Recipe.yield_quantity,
        Recipe.yield_unit,
        Recipe.yield_density,
        Recipe.archived_at,
        RecipeLine.id,
        RecipeLine.ingredient_id,
        RecipeLine.sub_recipe_id,
        RecipeLine.quantity,
        RecipeLine.unit,
    )
    .outerjoin(RecipeLine, RecipeLine.recipe_id == Recipe.id)
    .order_by(Recipe.name, Recipe.id, RecipeLine.position, RecipeLine.id)
)


def load_planning_catalog(session: Session) -> PlanningCatalog:
    """Bundles, packages, items, recipes, recipe lines and ingredients: five statements."""
    graph = load_catalog_graph(session)
    ingredients = {i.id: i for i in session.scalars(_INGREDIENTS)}
    rows = session.execute(_RECIPES_AND_LINES).all()
    names: dict[int, tuple[str, str]] = {}
    archived: set[int] = set()
    yields: dict[int, Yield] = {}
    lines: dict[int, list[LineNeed]] = defaultdict(list)
    sub_lines: list[tuple[int, int, Decimal, str]] = []
    for row in rows:
        recipe_id, name, slug, yield_quantity, yield_unit, density, archived_at = row[:7]
        line_id, ingredient_id, sub_recipe_id, line_quantity, unit = row[7:]
        names[recipe_id] = (name, slug)
        if archived_at is not None:
            archived.add(recipe_id)
        if yield_quantity is not None and yield_unit is not None:
            yields[recipe_id] = Yield(yield_quantity, yield_unit, density)
        if line_id is None:
            continue
        if ingredient_id is None:
            assert sub_recipe_id is not None  # ck: exactly one of ingredient, sub-recipe
            sub_lines.append((recipe_id, sub_recipe_id, line_quantity, unit))
            continue
        ingredient = ingredients[ingredient_id]
        quantity = canonical_quantity(line_quantity, unit, ingredient.factors)
        lines[recipe_id].append(LineNeed(ingredient_id, quantity))
    subs: dict[int, list[SubUse]] = defaultdict(list)
    for recipe_id, sub_recipe_id, line_quantity, unit in sub_lines:
        sub_name = names[sub_recipe_id][0]
        share = _share(line_quantity, unit, sub_name, yields.get(sub_recipe_id))
        subs[recipe_id].append(SubUse(sub_recipe_id, share))
    recipes = {
        recipe_id: RecipeInfo(recipe_id, name, slug, tuple(lines.get(recipe_id, ())))
        for recipe_id, (name, slug) in names.items()
    }
    nodes = {
        recipe_id: RecipeNode(
            recipe_id, name, tuple(lines.get(recipe_id, ())), tuple(subs.get(recipe_id, ()))
        )
        for recipe_id, (name, _slug) in names.items()
    }
    return PlanningCatalog(
        graph=graph,
        recipes=recipes,
        ingredients=ingredients,
        nodes=nodes,
        yields=yields,
        archived_recipes=frozenset(archived),
    )
