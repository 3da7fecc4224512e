"""Input checks for the bake calendar: bad input is refused with what is wrong and where,
before anything is planned."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from bakehouse.domain.scheduling.inputs import Freshness, Recipe, ScheduleInput
from bakehouse.errors import InvalidInput


def _require(ok: bool, field: str, message: str) -> None:
    if not ok:
        raise InvalidInput(f"{field}: {message}", field=field)


def _unique(ids: Iterable[object], field: str, what: str) -> None:
    seen: set[object] = set()
    for n, key in enumerate(ids):
        _require(key not in seen, f"{field}[{n}]", f"{what} {key} is given twice")
        seen.add(key)


def _check_freshness(f: Freshness, field: str) -> None:
    _require(
        f.shelf_life_days is None or f.shelf_life_days >= 0,
        f"{field}.shelf_life_days",
        "a shelf life cannot be negative",
    )
    _require(
        f.frozen_shelf_life_days is None or f.frozen_shelf_life_days > 0,
        f"{field}.frozen_shelf_life_days",
        "a frozen shelf life must be at least one day",
    )
    _require(
        f.thaw_hours is None or f.thaw_hours >= 0,
        f"{field}.thaw_hours",
        "thaw time cannot be negative",
    )


def check_input(inputs: ScheduleInput) -> None:
    """Raise :class:`InvalidInput` naming the first field that breaks a rule."""
    _require(inputs.keep_days >= 0, "keep_days", "cannot be negative")
    _require(inputs.assembly_days_before >= 0, "assembly_days_before", "cannot be negative")
    cap = inputs.capacity
    _require(cap.weekday_minutes >= 0, "capacity.weekday_minutes", "cannot be negative")
    _require(cap.weekend_minutes >= 0, "capacity.weekend_minutes", "cannot be negative")
    for n, override in enumerate(cap.overrides):
        _require(override.minutes >= 0, f"capacity.overrides[{n}].minutes", "cannot be negative")
    _unique((o.day for o in cap.overrides), "capacity.overrides", "the day")
    recipes = {r.recipe_id: r for r in inputs.recipes}
    _unique((r.recipe_id for r in inputs.recipes), "recipes", "recipe")
    for n, recipe in enumerate(inputs.recipes):
        _check_recipe(recipe, f"recipes[{n}]", recipes)
    _check_no_cycle(recipes)
    _unique((i.item_id for i in inputs.items), "items", "item")
    for n, item in enumerate(inputs.items):
        field = f"items[{n}]"
        _require(item.recipe_id in recipes, f"{field}.recipe_id", f"no recipe {item.recipe_id}")
        _require(item.items_per_batch > 0, f"{field}.items_per_batch", "must be at least 1")
        _check_freshness(item.freshness, f"{field}.freshness")
    items = {i.item_id for i in inputs.items}
    _unique((p.package_id for p in inputs.packages), "packages", "package")
    for n, package in enumerate(inputs.packages):
        _require(
            package.assembly_minutes >= 0, f"packages[{n}].assembly_minutes", "cannot be negative"
        )
    packages = {p.package_id for p in inputs.packages}
    _unique((d.ref for d in inputs.deliveries), "deliveries", "delivery")
    for n, delivery in enumerate(inputs.deliveries):
        for k, line in enumerate(delivery.items):
            field = f"deliveries[{n}].items[{k}]"
            _require(line.item_id in items, field, f"no item {line.item_id}")
            _require(line.count >= 0, field, "a count cannot be negative")
        for k, pack in enumerate(delivery.packages):
            field = f"deliveries[{n}].packages[{k}]"
            _require(pack.package_id in packages, field, f"no package {pack.package_id}")
            _require(pack.count >= 0, field, "a count cannot be negative")
    events = {d.ref.event_id for d in inputs.deliveries}
    for n, made in enumerate(inputs.made_items):
        field = f"made_items[{n}]"
        _require(made.item_id in items, field, f"no item {made.item_id}")
        _require(made.event_id in events, field, f"no delivery for event {made.event_id}")
        _require(made.count >= 0, field, "a count cannot be negative")
        _require(
            (made.frozen_on or made.baked_on) >= made.baked_on
            and (made.thawed_on is None or made.frozen_on is not None)
            and (made.thawed_on or made.baked_on) >= (made.frozen_on or made.baked_on),
            field,
            "frozen after baking and thawed after freezing",
        )
    _unique((lot.lot_id for lot in inputs.prepared_stock), "prepared_stock", "lot")
    for n, lot in enumerate(inputs.prepared_stock):
        field = f"prepared_stock[{n}]"
        _require(lot.recipe_id in recipes, field, f"no recipe {lot.recipe_id}")
        _require(lot.quantity >= 0, field, "a quantity cannot be negative")


def _check_recipe(recipe: Recipe, field: str, recipes: Mapping[int, Recipe]) -> None:
    _require(recipe.minutes_per_batch >= 0, f"{field}.minutes_per_batch", "cannot be negative")
    _require(
        recipe.max_batches_per_session is None or recipe.max_batches_per_session > 0,
        f"{field}.max_batches_per_session",
        "must be at least 1",
    )
    _require(recipe.batch_yield > 0, f"{field}.batch_yield", "must be more than 0")
    _check_freshness(recipe.freshness, f"{field}.freshness")
    for k, line in enumerate(recipe.sub_lines):
        line_field = f"{field}.sub_lines[{k}]"
        _require(line.sub_recipe_id in recipes, line_field, f"no recipe {line.sub_recipe_id}")
        _require(line.quantity > Decimal(0), line_field, "a quantity must be more than 0")


def _check_no_cycle(recipes: Mapping[int, Recipe]) -> None:
    state: dict[int, int] = {}  # 1 = on the current path, 2 = done

    def visit(recipe_id: int, path: list[int]) -> None:
        state[recipe_id] = 1
        for line in recipes[recipe_id].sub_lines:
            sub = line.sub_recipe_id
            if state.get(sub) == 1:
                names = [recipes[r].name for r in path[path.index(sub) :]]
                raise InvalidInput(
                    "recipes cannot contain themselves: " + " → ".join([*names, recipes[sub].name]),
                    field="recipes",
                )
            if sub not in state:
                visit(sub, [*path, sub])
        state[recipe_id] = 2

    for recipe_id in sorted(recipes):
        if recipe_id not in state:
            visit(recipe_id, [recipe_id])
