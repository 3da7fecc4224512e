"""Write a validated data file into the database, in bulk.

Each table is written with multi-row INSERT … RETURNING statements (SQLAlchemy's
"insertmanyvalues"), in file order, so ids follow the file and a later export lists
everything in the same order. Only called once every check has passed.

This is a restore, not a use case: lots are written with the balances the file states,
which the checks have proved equal to the sums of their movements (the invariant
``services/pantry/ledger.py`` keeps for new movements).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, insert, tuple_, update
from sqlalchemy.orm import Session

from bakehouse.domain.allergens import (
    normalize_allergen_names,
    normalize_allergens,
    split_sub_ingredients,
)
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.settings import spec_of
from bakehouse.io.existing import ExistingKeys
from bakehouse.io.shape import ParsedDocument
from bakehouse.models import (
    Aisle,
    Assignment,
    Base,
    Bundle,
    BundleLine,
    CalendarDay,
    ContentSnapshot,
    ContentSnapshotLine,
    Event,
    EventLockChange,
    EventPriceLock,
    EventRecipeLock,
    Ingredient,
    Item,
    ItemOutcome,
    Lot,
    Package,
    PackageLine,
    Product,
    ProductionRecord,
    Purchase,
    Recipe,
    RecipeLine,
    Recipient,
    Season,
    ShoppingTick,
    StatusChange,
    StockMovement,
    StoredSetting,
)
from bakehouse.services.catalog.graph import load_catalog_graph
from bakehouse.services.pantry.ledger import empty_ledger
from bakehouse.units.conversion import normalize_unit

#: Told each section's name once it is written, and how many entries it held.
ImportProgress = Callable[[str, int], None]


#: Every table the data file holds. Accounts (users, API tokens, sign-in log) are not
#: baking data: an import never reads or changes them.
DATA_MODELS: tuple[Any, ...] = (
    Ingredient,
    Product,
    Purchase,
    Lot,
    StockMovement,
    Recipe,
    RecipeLine,
    Item,
    Bundle,
    BundleLine,
    Package,
    PackageLine,
    Recipient,
    Event,
    EventPriceLock,
    EventRecipeLock,
    EventLockChange,
    ContentSnapshot,
    ContentSnapshotLine,
    Assignment,
    StatusChange,
    ProductionRecord,
    ItemOutcome,
    Season,
    StoredSetting,
    ShoppingTick,
    Aisle,
    CalendarDay,
)


def data_tables() -> list[Table]:
    """The data file's tables, parents before children."""
    names = {model.__tablename__ for model in DATA_MODELS}
    return [table for table in Base.metadata.sorted_tables if table.name in names]


def delete_all_data(session: Session) -> None:
    """Empty every data table, children before parents (one DELETE per table; the ledger
    through :func:`~bakehouse.services.pantry.ledger.empty_ledger`, the one path its
    triggers allow)."""
    session.flush()
    for table in reversed(data_tables()):
        if table is StockMovement.__table__:
            empty_ledger(session)
        else:
            session.execute(table.delete())
    session.expunge_all()


def line_unit(unit: str, sub_recipe: bool) -> str:
    """A line's unit in its standard spelling; a sub-recipe's may be ``batch``."""
    if sub_recipe and unit.strip().lower() in ("batch", "batches"):
        return "batch"
    return normalize_unit(unit)


#: Entry fields written as rows of their own, never as columns.
NESTED = frozenset(
    {
        "lines",
        "history",
        "movements",
        "outcomes",
        "ref",
        "contents",
        "price_locks",
        "recipe_locks",
        "lock_history",
    }
)


def _insert(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` in bulk and return their new ids, in the same order."""
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, list(rows)))


class DocumentWriter:
    def __init__(
        self,
        session: Session,
        parsed: ParsedDocument,
        existing: ExistingKeys,
        now: datetime,
        progress: ImportProgress,
    ) -> None:
        self.session = session
        self.parsed = parsed
        self.now = now
        self.progress = progress
        self.ids: dict[str, dict[str, int]] = {
            section: dict(ids) for section, ids in existing.ids.items()
        }
        self.counts: dict[str, int] = {}

    def entries(self, section: str) -> list[Any]:
        return [entry for _, entry in self.parsed.entries(section)]

    def row(self, entry: Any, references: Sequence[str] = (), **columns: Any) -> dict[str, Any]:
        """The entry's own fields as columns, without the ``references`` (given as ids)."""
        values = entry.model_dump(
            exclude={
                *references,
                *NESTED,
            }
        )
        if "created_at" in values and values["created_at"] is None:
            values["created_at"] = self.now
        return {**values, **columns}

    def write_section(self, section: str, model: Any, rows: list[dict[str, Any]]) -> None:
        """Insert one section's entries and remember each one's id by its slug or ref."""
        entries = self.entries(section)
        new_ids = _insert(self.session, model, rows)
        key = "ref" if entries and hasattr(entries[0], "ref") else "slug"
        self.ids.setdefault(section, {}).update(
            (getattr(entry, key), new_id) for entry, new_id in zip(entries, new_ids, strict=True)
        )
        self.counts[section] = len(rows)
        self.progress(section, len(rows))

    def id_of(self, section: str, key: str | None) -> int | None:
        return None if key is None else self.ids[section][key]

    def write(self) -> dict[str, int]:
        """Insert every entry; returns how many of each section were written."""
        self.catalog()
        self.recipes()
        self.packaging()
        self.people_and_events()
        self.production_and_ledger()
        self.seasons_and_settings()
        self.shopping()
        return self.counts

    def shopping(self) -> None:
        """Ticks with their list's slug back to its id; the aisle order, a merged file's
        replacing the one stored (docs/product.md §6.17)."""
        rows = []
        for entry in self.entries("ticks"):
            kind, _, slug = entry.scope.partition(":")
            key = f"{kind}:{self.ids[kind + 's'][slug]}" if slug else kind
            rows.append(
                {
                    "scope_key": key,
                    "ingredient_id": self.id_of("ingredients", entry.ingredient),
                    "shortfall": entry.shortfall,
                    "ticked_at": entry.ticked_at or self.now,
                    "ticked_by": entry.ticked_by,
                }
            )
        if rows:
            self.session.execute(
                delete(ShoppingTick).where(
                    tuple_(ShoppingTick.scope_key, ShoppingTick.ingredient_id).in_(
                        [(r["scope_key"], r["ingredient_id"]) for r in rows]
                    )
                )
            )
            self.session.execute(insert(ShoppingTick), rows)
        self.counts["ticks"] = len(rows)
        self.progress("ticks", len(rows))
        aisles = [e.category.strip().lower() for e in self.entries("aisles")]
        if aisles:
            self.session.execute(delete(Aisle))
            self.session.execute(
                insert(Aisle), [{"category": c, "position": i} for i, c in enumerate(aisles)]
            )
        self.counts["aisles"] = len(aisles)
        self.progress("aisles", len(aisles))

    def seasons_and_settings(self) -> None:
        """Seasons as they are; settings by their standard key, a merged file's replacing
        those already stored (docs/product.md §6.15)."""
        self.write_section("seasons", Season, [self.row(e) for e in self.entries("seasons")])
        settings = {
            spec_of(e.key).key: {"value": e.value.strip(), "updated_at": e.updated_at or self.now}
            for e in self.entries("settings")
        }
        if settings:
            self.session.execute(
                delete(StoredSetting).where(StoredSetting.key.in_(sorted(settings)))
            )
            rows = [{"key": key, **values} for key, values in settings.items()]
            self.session.execute(insert(StoredSetting), rows)
        self.counts["settings"] = len(settings)
        self.progress("settings", len(settings))
        # One-off days of the bake calendar (docs/product.md §6.10); a merged file's
        # replace those already stored for the same day.
        days = {e.day: e for e in self.entries("calendar_days")}
        if days:
            self.session.execute(delete(CalendarDay).where(CalendarDay.day.in_(sorted(days))))
            rows = [self.row(e) for e in days.values()]
            self.session.execute(insert(CalendarDay), rows)
        self.counts["calendar_days"] = len(days)
        self.progress("calendar_days", len(days))

    def catalog(self) -> None:
        # Units and allergens are stored in their standard spelling, as the services do
        # ("cups" → "cup", "dairy" → "milk"); an exported file already uses it.
        ingredients = []
        for e in self.entries("ingredients"):
            names = normalize_allergen_names(e.allergen_names)
            ingredients.append(
                self.row(
                    e,
                    allergens=sorted(set(normalize_allergens(e.allergens)) | set(names)),
                    allergen_names=names,
                    sub_ingredients=split_sub_ingredients(e.sub_ingredients),
                )
            )
        self.write_section("ingredients", Ingredient, ingredients)
        products = [
            self.row(
                e,
                ["ingredient"],
                ingredient_id=self.id_of("ingredients", e.ingredient),
                package_unit=normalize_unit(e.package_unit),
            )
            for e in self.entries("products")
        ]
        self.write_section("products", Product, products)
        purchases = [
            self.row(e, ["product"], product_id=self.id_of("products", e.product))
            for e in self.entries("purchases")
        ]
        self.write_section("purchases", Purchase, purchases)
        # A lot keeps its purchase's product (models/pantry.py); a lot's purchase is always
        # in the same file (io/ledger_check.py).
        product_of = {e.ref: e.product for e in self.entries("purchases")}
        lots = [e for e in self.entries("lots") if e.recipe is None]
        rows = [
            self.row(
                e,
                ["ingredient", "recipe", "made_by", "purchase"],
                ingredient_id=self.id_of("ingredients", e.ingredient),
                purchase_id=self.id_of("purchases", e.purchase),
                product_id=self.id_of("products", product_of.get(e.purchase or "")),
                origin=e.lot_origin(),
            )
            for e in lots
        ]
        self._write_lots(lots, rows)

    def _write_lots(self, lots: list[Any], rows: list[dict[str, Any]]) -> None:
        """Ingredient lots with the catalog, prepared stock after the bakes that made it."""
        new_ids = _insert(self.session, Lot, rows)
        self.ids.setdefault("lots", {}).update(
            (e.ref, new_id) for e, new_id in zip(lots, new_ids, strict=True)
        )
        self.counts["lots"] = self.counts.get("lots", 0) + len(rows)
        self.progress("lots", len(rows))

    def recipes(self) -> None:
        recipes = self.entries("recipes")
        rows = [
            self.row(e, yield_unit=normalize_unit(e.yield_unit) if e.yield_unit else None)
            for e in recipes
        ]
        self.write_section("recipes", Recipe, rows)
        lines = [
            self.row(
                line,
                ["ingredient", "recipe"],
                recipe_id=self.id_of("recipes", recipe.slug),
                ingredient_id=self.id_of("ingredients", line.ingredient),
                sub_recipe_id=self.id_of("recipes", line.recipe),
                unit=line_unit(line.unit, line.recipe is not None),
            )
            for recipe in recipes
            for line in recipe.lines
        ]
        _insert(self.session, RecipeLine, lines)
        items = [
            self.row(e, ["recipe"], recipe_id=self.id_of("recipes", e.recipe))
            for e in self.entries("items")
        ]
        self.write_section("items", Item, items)

    def packaging(self) -> None:
        for section, model, line_model, parent, child in (
            ("bundles", Bundle, BundleLine, "bundle_id", "child_bundle_id"),
            ("packages", Package, PackageLine, "package_id", "bundle_id"),
        ):
            entries = self.entries(section)
            self.write_section(section, model, [self.row(e) for e in entries])
            lines = [
                {
                    parent: self.id_of(section, e.slug),
                    "item_id": self.id_of("items", line.item),
                    child: self.id_of("bundles", line.bundle),
                    "quantity": line.quantity,
                }
                for e in entries
                for line in e.lines
            ]
            _insert(self.session, line_model, lines)

    def people_and_events(self) -> None:
        recipients = [
            self.row(e, allergens=normalize_allergens(e.allergens))
            for e in self.entries("recipients")
        ]
        self.write_section("recipients", Recipient, recipients)
        self.write_section("events", Event, [self.row(e) for e in self.entries("events")])
        self.locks()
        assignments = self.entries("assignments")
        rows = [
            self.row(
                e,
                ["event", "recipient", "package"],
                event_id=self.id_of("events", e.event),
                recipient_id=self.id_of("recipients", e.recipient),
                package_id=self.id_of("packages", e.package),
            )
            for e in assignments
        ]
        assignment_ids = _insert(self.session, Assignment, rows)
        history = [
            self.row(change, assignment_id=assignment_id)
            for e, assignment_id in zip(assignments, assignment_ids, strict=True)
            for change in e.history
        ]
        _insert(self.session, StatusChange, history)
        self.snapshots(assignments, assignment_ids)
        self.counts["assignments"] = len(rows)
        self.progress("assignments", len(rows))

    def locks(self) -> None:
        """Each locked event's frozen prices and planned costs, and every lock and unlock
        (docs/product.md §6.20)."""
        events = self.entries("events")
        prices, recipes, changes = [], [], []
        for e in events:
            event_id = self.id_of("events", e.slug)
            prices += [
                {
                    "event_id": event_id,
                    "ingredient_id": self.id_of("ingredients", lock.ingredient),
                    "cost": lock.cost,
                    "quantity": lock.quantity,
                }
                for lock in e.price_locks
            ]
            recipes += [
                self.row(lock, ["recipe"], event_id=event_id,
                         recipe_id=self.id_of("recipes", lock.recipe))
                for lock in e.recipe_locks
            ]  # fmt: skip
            changes += [self.row(change, event_id=event_id) for change in e.lock_history]
        _insert(self.session, EventPriceLock, prices)
        _insert(self.session, EventRecipeLock, recipes)
        _insert(self.session, EventLockChange, changes)

    def snapshots(self, assignments: list[Any], assignment_ids: list[int]) -> None:
        """What assembled and delivered assignments held: their ``contents``, or (an older
        file) their package's contents as the file gives them. Equal contents of one
        package share a snapshot (docs/product.md §6.20)."""
        packed = [
            (e, assignment_id)
            for e, assignment_id in zip(assignments, assignment_ids, strict=True)
            if e.status != AssignmentStatus.PENDING
        ]
        if not packed:
            return
        self.session.flush()
        graph = load_catalog_graph(self.session)
        taken: dict[tuple[int, tuple[tuple[int, int], ...]], int] = {}
        for e, assignment_id in packed:
            package_id = self.id_of("packages", e.package)
            assert package_id is not None  # checked: the package exists
            if e.contents is None:
                units = graph.expand_package(package_id)
            else:
                units = {}
                for line in e.contents:
                    item_id = self.id_of("items", line.item)
                    assert item_id is not None
                    units[item_id] = units.get(item_id, 0) + line.units
            key = (package_id, tuple(sorted((i, n) for i, n in units.items() if n > 0)))
            snapshot_id = taken.get(key)
            if snapshot_id is None:
                [snapshot_id] = _insert(
                    self.session,
                    ContentSnapshot,
                    # Taken when it was assembled (docs/product.md §6.20).
                    [{"package_id": package_id, "taken_at": e.assembled_at or self.now}],
                )
                _insert(
                    self.session,
                    ContentSnapshotLine,
                    [{"snapshot_id": snapshot_id, "item_id": i, "units": n} for i, n in key[1]],
                )
                taken[key] = snapshot_id
            self.session.execute(
                update(Assignment)
                .where(Assignment.id == assignment_id)
                .values(snapshot_id=snapshot_id)
            )

    def production_and_ledger(self) -> None:
        records = self.entries("production")
        rows = [
            self.row(
                e,
                ["event", "recipe", "parent"],
                event_id=self.id_of("events", e.event),
                recipe_id=self.id_of("recipes", e.recipe),
            )
            for e in records
        ]
        self.write_section("production", ProductionRecord, rows)
        # A bake made for a parent points at it: set once every bake has its id.
        parents = [
            {"id": self.id_of("production", e.ref), "parent_id": self.id_of("production", e.parent)}
            for e in records
            if e.parent is not None
        ]
        if parents:
            self.session.execute(update(ProductionRecord), parents)
        prepared = [e for e in self.entries("lots") if e.recipe is not None]
        self._write_lots(
            prepared,
            [
                self.row(
                    e,
                    ["ingredient", "recipe", "made_by", "purchase"],
                    recipe_id=self.id_of("recipes", e.recipe),
                    production_record_id=self.id_of("production", e.made_by),
                    origin=e.lot_origin(),
                )
                for e in prepared
            ],
        )
        outcomes = [
            self.row(
                o,
                ["event", "to_event", "item"],
                production_record_id=self.id_of("production", e.ref),
                event_id=self.id_of("events", o.event),
                to_event_id=self.id_of("events", o.to_event),
                item_id=self.id_of("items", o.item),
            )
            for e in records
            for o in e.outcomes
        ]
        _insert(self.session, ItemOutcome, outcomes)
        made_by = {ref: e.ref for e in records for ref in e.movements}
        # The ledger is append-only (its triggers refuse UPDATE), so a reversal is
        # inserted knowing the id of the movement it reverses: movements go in in file
        # order, in runs that end before a reversal of a movement of the same run.
        ids = self.ids.setdefault("movements", {})
        run: list[tuple[str, dict[str, Any]]] = []

        def insert_run() -> None:
            new_ids = _insert(self.session, StockMovement, [row for _, row in run])
            ids.update((ref, new_id) for (ref, _), new_id in zip(run, new_ids, strict=True))
            run.clear()

        movements = self.entries("movements")
        for e in movements:
            if e.reverses is not None and e.reverses not in ids:
                insert_run()
            row = self.row(
                e,
                ["lot", "reverses"],
                lot_id=self.id_of("lots", e.lot),
                production_record_id=self.id_of("production", made_by.get(e.ref)),
                reverses_id=self.id_of("movements", e.reverses),
            )
            run.append((e.ref, row))
        insert_run()
        self.counts["movements"] = len(movements)
        self.progress("movements", len(movements))
