"""Third layer of import validation: the rules a service would enforce, across the file.

Natural keys are unique and every reference resolves (in the file, or for a merge in the
database); quantities are positive, units convert for their ingredient, bundles do not
contain themselves, every lot's ledger never goes below zero and adds up to its balance,
and an assignment's status agrees with its times and history. Each problem is located by
its JSON path.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Sequence
from decimal import Decimal
from graphlib import CycleError, TopologicalSorter
from typing import Any

from bakehouse.domain.allergens import (
    normalize_allergen_names,
    normalize_allergens,
    split_sub_ingredients,
)
from bakehouse.domain.kinds import STATUS_ORDER, AssignmentStatus
from bakehouse.domain.outcomes import OutcomeKind
from bakehouse.domain.seasons import SeasonSpan, check_dates, check_no_overlap
from bakehouse.domain.settings import spec_of
from bakehouse.domain.slugs import a_kind
from bakehouse.domain.subrecipes import MAX_LEVELS, Yield, levels_below, share_of_batch
from bakehouse.errors import BakehouseError, FieldProblem, InvalidInput, UnitError
from bakehouse.io.document import (
    AssignmentEntry,
    ContentLineEntry,
    IngredientEntry,
    RecipeEntry,
)
from bakehouse.io.existing import NAMED_MODELS, UNIQUE_NAME_SECTIONS, ExistingKeys
from bakehouse.io.ledger_check import check_ledger
from bakehouse.io.shape import ParsedDocument, json_path
from bakehouse.units.conversion import (
    ConversionFactors,
    canonical_unit,
    convert,
    normalize_unit,
)

_SINGULAR = {
    "ingredients": "ingredient",
    "products": "product",
    "purchases": "purchase",
    "lots": "lot",
    "movements": "movement",
    "recipes": "recipe",
    "items": "item",
    "bundles": "bundle",
    "packages": "package",
    "recipients": "recipient",
    "events": "event",
    "seasons": "season",
    "production": "production record",
}
_REF_SECTIONS = ("purchases", "lots", "movements", "production")


def check_document(parsed: ParsedDocument, existing: ExistingKeys) -> list[FieldProblem]:
    """Every rule broken by the parsed entries (an empty list when all is well)."""
    checker = _Checker(parsed, existing)
    checker.run()
    return checker.problems


def describe(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


class _Checker:
    def __init__(self, parsed: ParsedDocument, existing: ExistingKeys) -> None:
        self.parsed = parsed
        self.existing = existing
        self.problems: list[FieldProblem] = []
        self.where = "in the file or the database" if existing.ids else "in the file"
        self.factors: dict[str, ConversionFactors] = dict(existing.factors)
        self.item_recipes = {e.slug: e.recipe for _, e in parsed.entries("items")}
        for _, ingredient in parsed.entries("ingredients"):
            self.factors[ingredient.slug] = _factors(ingredient)

    def add(self, message: str, *path: str | int) -> None:
        self.problems.append(FieldProblem(json_path(path), message))

    def run(self) -> None:
        for section in NAMED_MODELS:
            self.unique_slugs(section)
        for section in _REF_SECTIONS:
            self.unique_refs(section)
        self.ingredients()
        self.products()
        self.purchases()
        self.problems.extend(check_ledger(self.parsed, self.existing, self.factors, self.where))
        self.recipes()
        self.items()
        self.content_lines("bundles")
        self.content_lines("packages")
        self.bundle_cycles()
        self.recipients()
        self.event_locks()
        self.assignments()
        self.production()
        self.seasons()
        self.settings()
        self.calendar_days()
        self.shopping()

    # -- seasons and settings (docs/product.md §6.15) ------------------------------------

    def seasons(self) -> None:
        known = list(self.existing.seasons)
        for index, entry in self.parsed.entries("seasons"):
            span = SeasonSpan(-1 - index, entry.name, entry.starts_on, entry.ends_on)
            try:
                check_dates(span.starts_on, span.ends_on)
                check_no_overlap(span, known)
            except BakehouseError as error:
                self.add(error.message, "seasons", index)
                continue
            known.append(span)

    def settings(self) -> None:
        seen: set[str] = set()
        for index, entry in self.parsed.entries("settings"):
            try:
                spec = spec_of(entry.key)
                spec.read(entry.value, source="in the file")
            except BakehouseError as error:
                self.add(error.message, "settings", index, "key")
                continue
            if spec.key in seen:
                self.add(f"setting {spec.key} is listed twice", "settings", index, "key")
            seen.add(spec.key)

    # -- shopping (docs/product.md §6.17) ---------------------------------------------

    def shopping(self) -> None:
        seen: set[tuple[str, str]] = set()
        for index, entry in self.parsed.entries("ticks"):
            kind, _, slug = entry.scope.partition(":")
            if slug:
                self.reference(kind + "s", slug, "ticks", index, "scope")
            self.reference("ingredients", entry.ingredient, "ticks", index, "ingredient")
            if (entry.scope, entry.ingredient) in seen:
                message = f"{entry.ingredient} is ticked twice on {entry.scope}"
                self.add(message, "ticks", index, "ingredient")
            seen.add((entry.scope, entry.ingredient))
        aisles: set[str] = set()
        for index, entry in self.parsed.entries("aisles"):
            name = entry.category.strip().lower()
            if name in aisles:
                self.add(f"aisle {name} is listed twice", "aisles", index, "category")
            aisles.add(name)

    def calendar_days(self) -> None:
        """Each day once (docs/product.md §6.10)."""
        seen: set[object] = set()
        for index, entry in self.parsed.entries("calendar_days"):
            if entry.day in seen:
                self.add(f"the day {entry.day} is listed twice", "calendar_days", index, "day")
            seen.add(entry.day)

    # -- keys -------------------------------------------------------------------------

    def exists(self, section: str, key: str) -> bool:
        return key in self.parsed.keys_present.get(section, set()) or key in (
            self.existing.slug_ids(section)
        )

    def reference(self, section: str, key: str | None, *path: str | int) -> bool:
        """Whether ``key`` names something; a missing one is reported at ``path``."""
        if key is None or self.exists(section, key):
            return True
        self.add(f"there is no {_SINGULAR[section]} {key!r} {self.where}", *path)
        return False

    def unique_slugs(self, section: str) -> None:
        seen: dict[str, int] = {}
        names: dict[str, int] = {}
        taken_slugs = self.existing.slug_ids(section)
        taken_names = self.existing.names.get(section, set())
        kind = a_kind(_SINGULAR[section])
        for index, entry in self.parsed.entries(section):
            where = (section, index)
            self.once(where, "slug", entry.slug, entry.slug, seen, taken_slugs, kind)
            if not entry.name.strip():
                self.add("must not be blank", section, index, "name")
            elif section in UNIQUE_NAME_SECTIONS:
                folded = entry.name.lower()  # as the services: "Flour" and "flour" clash
                self.once(where, "name", folded, entry.name, names, taken_names, f"{kind} named")

    def once(
        self,
        where: tuple[str, int],
        field: str,
        key: str,
        shown: str,
        seen: dict[str, int],
        taken: Container[str],
        what: str,
    ) -> None:
        """Refuse ``key`` given twice in the file, or already in the database."""
        section, index = where
        if key in seen:
            message = f"duplicate {field} {shown!r}: {section}[{seen[key]}] has it too"
            self.add(message, section, index, field)
        elif key in taken:
            self.add(f"the database already has {what} {shown!r}", section, index, field)
        seen.setdefault(key, index)

    def unique_refs(self, section: str) -> None:
        seen: dict[str, int] = {}
        for index, entry in self.parsed.entries(section):
            self.once((section, index), "ref", entry.ref, entry.ref, seen, (), "")

    # -- catalog ----------------------------------------------------------------------

    def positive(self, value: Decimal, *path: str | int) -> None:
        if value <= 0:
            self.add(f"must be greater than 0, not {describe(value)}", *path)

    def not_negative(self, value: Decimal, *path: str | int) -> None:
        if value < 0:
            self.add(f"must not be negative, not {describe(value)}", *path)

    def unit_converts(self, ingredient: str, unit: str, *path: str | int) -> None:
        factors = self.factors.get(ingredient)
        if factors is None:
            return
        try:
            convert(Decimal(1), unit, canonical_unit(factors.measure), factors)
        except UnitError as error:
            self.add(error.message, *path)

    def allergens(self, section: str, index: int, values: Sequence[str]) -> None:
        for position, value in enumerate(values):
            try:
                normalize_allergens([value])
            except InvalidInput as error:
                self.add(error.message, section, index, "allergens", position)

    def ingredients(self) -> None:
        for index, entry in self.parsed.entries("ingredients"):
            for name in ("density", "grams_per_each"):
                value = getattr(entry, name)
                if value is not None:
                    self.positive(value, "ingredients", index, name)
            self.allergens("ingredients", index, entry.allergens)
            try:
                normalize_allergen_names(entry.allergen_names)
                split_sub_ingredients(entry.sub_ingredients)
            except InvalidInput as error:
                self.add(error.message, "ingredients", index, error.field or "allergen_names")

    def products(self) -> None:
        preferred: dict[str, int] = {}
        for index, entry in self.parsed.entries("products"):
            if self.reference("ingredients", entry.ingredient, "products", index, "ingredient"):
                self.unit_converts(
                    entry.ingredient, entry.package_unit, "products", index, "package_unit"
                )
            self.positive(entry.package_size, "products", index, "package_size")
            if not entry.is_preferred:
                continue
            if entry.ingredient in preferred:
                other = preferred[entry.ingredient]
                self.add(
                    f"{entry.ingredient!r} already has a preferred product (products[{other}])",
                    *("products", index, "is_preferred"),
                )
            elif entry.ingredient in self.existing.preferred:
                self.add(
                    f"{entry.ingredient!r} already has a preferred product in the database",
                    *("products", index, "is_preferred"),
                )
            preferred.setdefault(entry.ingredient, index)

    def purchases(self) -> None:
        for index, entry in self.parsed.entries("purchases"):
            self.reference("products", entry.product, "purchases", index, "product")
            self.positive(entry.packages, "purchases", index, "packages")
            self.not_negative(entry.total_price, "purchases", index, "total_price")

    def recipes(self) -> None:
        recipes = {entry.slug: entry for _, entry in self.parsed.entries("recipes")}
        children: dict[str, list[str]] = defaultdict(list)
        for index, entry in self.parsed.entries("recipes"):
            if entry.yield_unit is not None and entry.yield_quantity is None:
                self.add("give the yield's quantity", "recipes", index, "yield_quantity")
            if entry.yield_quantity is not None:
                self.positive(entry.yield_quantity, "recipes", index, "yield_quantity")
                if entry.yield_unit is None:
                    self.add("give the yield's unit", "recipes", index, "yield_unit")
            for n, line in enumerate(entry.lines):
                path = ("recipes", index, "lines", n)
                self.positive(line.quantity, *path, "quantity")
                if (line.ingredient is None) == (line.recipe is None):
                    self.add("give either an ingredient or a recipe", *path)
                elif line.recipe is not None:
                    # A sub-recipe line (docs/product.md §6.12).
                    if self.reference("recipes", line.recipe, *path, "recipe"):
                        children[entry.slug].append(line.recipe)
                        self.sub_unit(recipes.get(line.recipe), line.unit, line.quantity, *path)
                elif self.reference("ingredients", line.ingredient, *path, "ingredient"):
                    self.unit_converts(line.ingredient, line.unit, *path, "unit")
        self.recipe_nesting(children)

    def sub_unit(
        self, sub: RecipeEntry | None, unit: str, quantity: Decimal, *path: str | int
    ) -> None:
        """A sub-recipe line's unit is ``batch`` or converts to the sub-recipe's yield."""
        if sub is None or unit.strip().lower() in ("batch", "batches"):
            return
        batch_yield = (
            Yield(sub.yield_quantity, sub.yield_unit, sub.yield_density)
            if sub.yield_quantity is not None and sub.yield_unit is not None
            else None
        )
        try:
            share_of_batch(quantity, normalize_unit(unit), sub.name, batch_yield)
        except InvalidInput as error:
            self.add(error.message, *path, "unit")

    def recipe_nesting(self, children: dict[str, list[str]]) -> None:
        """Recipes that use one another in a loop, or nest more than five deep."""
        try:
            order = list(TopologicalSorter(children).static_order())
        except CycleError as error:
            loop = list(reversed(error.args[1]))
            self.add("recipes cannot use themselves: " + " → ".join(loop), "recipes")
            return
        for slug in order:
            if levels_below(children, slug) > MAX_LEVELS:
                self.add(f"{slug} nests sub-recipes more than {MAX_LEVELS} levels deep", "recipes")
                return

    def items(self) -> None:
        for index, entry in self.parsed.entries("items"):
            self.reference("recipes", entry.recipe, "items", index, "recipe")
            if entry.baked_weight_g is not None:
                self.positive(entry.baked_weight_g, "items", index, "baked_weight_g")

    def content_lines(self, section: str) -> None:
        for index, entry in self.parsed.entries(section):
            for n, line in enumerate(entry.lines):
                self.content_line(section, index, n, line, entry.slug)

    def content_line(
        self, section: str, index: int, n: int, line: ContentLineEntry, owner: str
    ) -> None:
        path = (section, index, "lines", n)
        if (line.item is None) == (line.bundle is None):
            self.add("a line holds exactly one of an item or a bundle", *path)
            return
        self.reference("items", line.item, *path, "item")
        self.reference("bundles", line.bundle, *path, "bundle")
        if section == "bundles" and line.bundle == owner:
            self.add(f"bundles cannot contain themselves: {owner} → {owner}", *path, "bundle")

    def bundle_cycles(self) -> None:
        """Report each loop of bundles (longer than one) once, at the line closing it."""
        children: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for index, entry in self.parsed.entries("bundles"):
            for n, line in enumerate(entry.lines):
                if line.bundle is not None and line.item is None and line.bundle != entry.slug:
                    children[entry.slug].append((index, n, line.bundle))
        state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
        for start in list(children):
            if start not in state:
                self._visit(start, [start], children, state)

    def _visit(
        self,
        slug: str,
        path: list[str],
        children: dict[str, list[tuple[int, int, str]]],
        state: dict[str, int],
    ) -> None:
        state[slug] = 1
        for index, n, child in children.get(slug, []):
            if state.get(child) == 1:
                loop = [*path[path.index(child) :], child]
                self.add(
                    "bundles cannot contain themselves: " + " → ".join(loop),
                    *("bundles", index, "lines", n, "bundle"),
                )
            elif child not in state:
                self._visit(child, [*path, child], children, state)
        state[slug] = 2

    def recipients(self) -> None:
        for index, entry in self.parsed.entries("recipients"):
            self.allergens("recipients", index, entry.allergens)

    # -- events -----------------------------------------------------------------------

    def assignments(self) -> None:
        seen: dict[tuple[str, str, str], int] = {}
        for index, entry in self.parsed.entries("assignments"):
            path = ("assignments", index)
            self.reference("events", entry.event, *path, "event")
            self.reference("recipients", entry.recipient, *path, "recipient")
            self.reference("packages", entry.package, *path, "package")
            key = (entry.event, entry.recipient, entry.package)
            if key in seen:
                self.add(
                    f"{entry.recipient!r} already gets {entry.package!r} at {entry.event!r} "
                    f"(assignments[{seen[key]}]); change its quantity instead",
                    *path,
                )
            elif key in self.existing.assignments:
                self.add(
                    f"{entry.recipient!r} already gets {entry.package!r} at {entry.event!r} "
                    "in the database",
                    *path,
                )
            seen.setdefault(key, index)
            self.status_times(index, entry)
            self.history(index, entry)
            self.contents(index, entry)

    def contents(self, index: int, entry: AssignmentEntry) -> None:
        """What an assembled or delivered assignment held (docs/product.md §6.20)."""
        if entry.contents is None:
            return
        if entry.status == AssignmentStatus.PENDING:
            self.add(
                "a pending package follows its package's contents: leave contents out",
                *("assignments", index, "contents"),
            )
        for n, line in enumerate(entry.contents):
            self.reference("items", line.item, *("assignments", index, "contents", n, "item"))

    def event_locks(self) -> None:
        """A locked event's frozen prices name ingredients and recipes; an event that is
        not locked has none (docs/product.md §6.20)."""
        for index, entry in self.parsed.entries("events"):
            path = ("events", index)
            if entry.locked_at is None and (entry.price_locks or entry.recipe_locks):
                self.add("frozen prices need locked_at: the plan is not locked", *path)
            for n, lock in enumerate(entry.price_locks):
                self.reference("ingredients", lock.ingredient, *path, "price_locks", n)
                self.positive(lock.quantity, *path, "price_locks", n, "quantity")
                self.not_negative(lock.cost, *path, "price_locks", n, "cost")
            for n, recipe in enumerate(entry.recipe_locks):
                self.reference("recipes", recipe.recipe, *path, "recipe_locks", n)
                self.not_negative(recipe.planned_cost, *path, "recipe_locks", n, "planned_cost")

    def status_times(self, index: int, entry: AssignmentEntry) -> None:
        reached = STATUS_ORDER.index(entry.status)
        path = ("assignments", index)
        for step, name in ((1, "assembled_at"), (2, "delivered_at")):
            value = getattr(entry, name)
            if reached >= step and value is None:
                self.add(f"is required once a package is {entry.status}", *path, name)
            elif reached < step and value is not None:
                self.add(f"must be empty while a package is {entry.status}", *path, name)
        assembled, delivered = entry.assembled_at, entry.delivered_at
        if assembled is not None and delivered is not None and delivered < assembled:
            self.add("a package cannot be delivered before it was assembled", *path, "delivered_at")

    def history(self, index: int, entry: AssignmentEntry) -> None:
        current = AssignmentStatus.PENDING
        previous_time = None
        for n, change in enumerate(entry.history):
            path = ("assignments", index, "history", n)
            if change.from_status != current:
                self.add(
                    f"the package was {current} at this point, not {change.from_status}",
                    *path,
                    "from_status",
                )
            step = STATUS_ORDER.index(change.to_status) - STATUS_ORDER.index(change.from_status)
            if change.is_correction and step == 0:
                self.add("a correction must change the status", *path, "to_status")
            elif not change.is_correction and step != 1:
                self.add(
                    f"a package moves pending → assembled → delivered one step at a time, "
                    f"not {change.from_status} → {change.to_status} (unless is_correction)",
                    *path,
                    "to_status",
                )
            if previous_time is not None and change.changed_at < previous_time:
                self.add("changes must be listed in time order", *path, "changed_at")
            current, previous_time = change.to_status, change.changed_at
        if entry.history and current != entry.status:
            self.add(
                f"the history ends at {current} but the status is {entry.status}",
                *("assignments", index, "status"),
            )

    def production(self) -> None:
        claimed: dict[str, str] = {}
        movements = self.parsed.keys_present.get("movements", set())
        for index, entry in self.parsed.entries("production"):
            path = ("production", index)
            self.reference("events", entry.event, *path, "event")
            if entry.event is None and not entry.makes_stock:
                self.add("say which event the bake is for", *path, "event")
            if entry.parent is not None and entry.parent not in self.parsed.keys_present.get(
                "production", set()
            ):
                self.add(f"there is no production record {entry.parent!r} in the file", *path,
                         "parent")  # fmt: skip
            self.reference("recipes", entry.recipe, *path, "recipe")
            self.not_negative(entry.actual_cost, *path, "actual_cost")
            for n, ref in enumerate(entry.movements):
                if ref not in movements:
                    self.add(f"there is no movement {ref!r} in the file", *path, "movements", n)
                elif ref in claimed:
                    self.add(
                        f"movement {ref!r} already belongs to production record {claimed[ref]!r}",
                        *(*path, "movements", n),
                    )
                claimed.setdefault(ref, entry.ref)
            for n, outcome in enumerate(entry.outcomes):
                self.outcome(entry, outcome, *path, "outcomes", n)

    def outcome(self, bake: Any, outcome: Any, *path: str | int) -> None:
        """A loss names a reason and no event to go to; a move names another event and no
        reason; the item is one the bake's recipe makes (docs/product.md §6.13)."""
        self.reference("events", outcome.event, *path, "event")
        self.reference("items", outcome.item, *path, "item")
        self.not_negative(outcome.cost, *path, "cost")
        if outcome.kind == OutcomeKind.MOVE:
            if outcome.to_event is None or outcome.reason is not None:
                self.add("a move names the event it goes to and no reason", *path, "to_event")
            elif outcome.to_event == outcome.event:
                self.add("a move goes to another event", *path, "to_event")
            else:
                self.reference("events", outcome.to_event, *path, "to_event")
        elif outcome.to_event is not None or outcome.reason is None:
            self.add("a loss names its reason and no event to go to", *path, "reason")
        recipe = self.item_recipes.get(outcome.item)
        if recipe is not None and recipe != bake.recipe:
            self.add(f"item {outcome.item!r} is not made by recipe {bake.recipe!r}", *path, "item")


def _factors(entry: IngredientEntry) -> ConversionFactors:
    return ConversionFactors(
        name=entry.name,
        measure=entry.measure,
        density=entry.density,
        grams_per_each=entry.grams_per_each,
    )
