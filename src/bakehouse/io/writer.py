"""Write a validated data file into the database, in bulk.

Each table is written with multi-row INSERT … RETURNING statements (SQLAlchemy's
"insertmanyvalues"), in file order, so ids follow the file and a later export lists
everything in the same order. Only called once every check has passed.

This is a restore, not a use case: lots are written with the balances the file states,
which the checks have proved equal to the sums of their movements (the invariant
``services/ledger.py`` keeps for new movements).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert, update
from sqlalchemy.orm import Session

from bakehouse.io.existing import ExistingKeys
from bakehouse.io.shape import ParsedDocument
from bakehouse.models import (
    Assignment,
    Base,
    Bundle,
    BundleLine,
    Event,
    Ingredient,
    Item,
    Lot,
    Package,
    PackageLine,
    Product,
    ProductionRecord,
    Purchase,
    Recipe,
    RecipeLine,
    Recipient,
    StatusChange,
    StockMovement,
)

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
    Assignment,
    StatusChange,
    ProductionRecord,
)


def data_tables() -> list[Table]:
    """The data file's tables, parents before children."""
    names = {model.__tablename__ for model in DATA_MODELS}
    return [table for table in Base.metadata.sorted_tables if table.name in names]


def delete_all_data(session: Session) -> None:
    """Empty every data table, children before parents (one DELETE per table)."""
    session.flush()
    for table in reversed(data_tables()):
        session.execute(table.delete())
    session.expunge_all()


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

    def named(self, section: str, model: Any, rows: list[dict[str, Any]]) -> None:
        entries = self.entries(section)
        new_ids = _insert(self.session, model, rows)
        self.ids.setdefault(section, {}).update(
            (entry.slug, new_id) for entry, new_id in zip(entries, new_ids, strict=True)
        )
        self.done(section, len(rows))

    def done(self, section: str, count: int) -> None:
        self.counts[section] = count
        self.progress(section, count)

    def id_of(self, section: str, key: str) -> int:
        return self.ids[section][key]

    def write(self) -> dict[str, int]:
        """Insert every entry; returns how many of each section were written."""
        self.catalog()
        self.pantry()
        self.recipes()
        self.packaging()
        self.people_and_events()
        self.production_and_ledger()
        return self.counts

    def catalog(self) -> None:
        now = self.now
        self.named(
            "ingredients",
            Ingredient,
            [
                {
                    "slug": e.slug,
                    "name": e.name,
                    "category": e.category,
                    "measure": e.measure,
                    "density": e.density,
                    "grams_per_each": e.grams_per_each,
                    "allergens": list(e.allergens),
                    "notes": e.notes,
                    "created_at": e.created_at or now,
                }
                for e in self.entries("ingredients")
            ],
        )
        self.named(
            "products",
            Product,
            [
                {
                    "slug": e.slug,
                    "ingredient_id": self.id_of("ingredients", e.ingredient),
                    "brand": e.brand,
                    "name": e.name,
                    "package_size": e.package_size,
                    "package_unit": e.package_unit,
                    "gtin": e.gtin,
                    "supplier": e.supplier,
                    "is_preferred": e.is_preferred,
                    "notes": e.notes,
                    "created_at": e.created_at or now,
                }
                for e in self.entries("products")
            ],
        )

    def pantry(self) -> None:
        purchases = self.entries("purchases")
        purchase_ids = _insert(
            self.session,
            Purchase,
            [
                {
                    "product_id": self.id_of("products", e.product),
                    "purchased_on": e.purchased_on,
                    "packages": e.packages,
                    "total_price": e.total_price,
                    "supplier": e.supplier,
                    "notes": e.notes,
                    "created_at": e.created_at or self.now,
                }
                for e in purchases
            ],
        )
        self.ids["purchases"] = {e.ref: i for e, i in zip(purchases, purchase_ids, strict=True)}
        self.done("purchases", len(purchases))
        lots = self.entries("lots")
        lot_ids = _insert(
            self.session,
            Lot,
            [
                {
                    "ingredient_id": self.id_of("ingredients", e.ingredient),
                    "purchase_id": None
                    if e.purchase is None
                    else self.ids["purchases"][e.purchase],
                    "received_on": e.received_on,
                    "initial_quantity": e.initial_quantity,
                    "cost": e.cost,
                    "quantity_remaining": e.quantity_remaining,
                    "value_remaining": e.value_remaining,
                    "best_before": e.best_before,
                    "location": e.location,
                    "notes": e.notes,
                    "created_at": e.created_at or self.now,
                }
                for e in lots
            ],
        )
        self.ids["lots"] = {e.ref: i for e, i in zip(lots, lot_ids, strict=True)}
        self.done("lots", len(lots))

    def recipes(self) -> None:
        recipes = self.entries("recipes")
        self.named(
            "recipes",
            Recipe,
            [
                {
                    "slug": e.slug,
                    "name": e.name,
                    "instructions": e.instructions,
                    "notes": e.notes,
                    "created_at": e.created_at or self.now,
                }
                for e in recipes
            ],
        )
        _insert(
            self.session,
            RecipeLine,
            [
                {
                    "recipe_id": self.id_of("recipes", recipe.slug),
                    "ingredient_id": self.id_of("ingredients", line.ingredient),
                    "quantity": line.quantity,
                    "unit": line.unit,
                    "position": line.position,
                    "note": line.note,
                }
                for recipe in recipes
                for line in recipe.lines
            ],
        )
        self.named(
            "items",
            Item,
            [
                {
                    "slug": e.slug,
                    "name": e.name,
                    "recipe_id": self.id_of("recipes", e.recipe),
                    "items_per_batch": e.items_per_batch,
                    "notes": e.notes,
                }
                for e in self.entries("items")
            ],
        )

    def packaging(self) -> None:
        for section, model, line_model, parent, child in (
            ("bundles", Bundle, BundleLine, "bundle_id", "child_bundle_id"),
            ("packages", Package, PackageLine, "package_id", "bundle_id"),
        ):
            entries = self.entries(section)
            rows = [{"slug": e.slug, "name": e.name, "notes": e.notes} for e in entries]
            self.named(section, model, rows)
            _insert(
                self.session,
                line_model,
                [
                    {
                        parent: self.id_of(section, e.slug),
                        "item_id": None if line.item is None else self.id_of("items", line.item),
                        child: None if line.bundle is None else self.id_of("bundles", line.bundle),
                        "quantity": line.quantity,
                    }
                    for e in entries
                    for line in e.lines
                ],
            )

    def people_and_events(self) -> None:
        fields = ("slug", "name", "household", "address", "notes")
        self.named(
            "recipients",
            Recipient,
            [
                {**{f: getattr(e, f) for f in fields}, "allergens": list(e.allergens)}
                for e in self.entries("recipients")
            ],
        )
        self.named(
            "events",
            Event,
            [
                {
                    "slug": e.slug,
                    "name": e.name,
                    "event_date": e.event_date,
                    "notes": e.notes,
                    "created_at": e.created_at or self.now,
                }
                for e in self.entries("events")
            ],
        )
        assignments = self.entries("assignments")
        assignment_ids = _insert(
            self.session,
            Assignment,
            [
                {
                    "event_id": self.id_of("events", e.event),
                    "recipient_id": self.id_of("recipients", e.recipient),
                    "package_id": self.id_of("packages", e.package),
                    "quantity": e.quantity,
                    "status": e.status,
                    "assembled_at": e.assembled_at,
                    "delivered_at": e.delivered_at,
                    "delivery_note": e.delivery_note,
                    "created_at": e.created_at or self.now,
                }
                for e in assignments
            ],
        )
        _insert(
            self.session,
            StatusChange,
            [
                {
                    "assignment_id": assignment_id,
                    "from_status": change.from_status,
                    "to_status": change.to_status,
                    "is_correction": change.is_correction,
                    "note": change.note,
                    "changed_at": change.changed_at,
                }
                for e, assignment_id in zip(assignments, assignment_ids, strict=True)
                for change in e.history
            ],
        )
        self.done("assignments", len(assignments))

    def production_and_ledger(self) -> None:
        records = self.entries("production")
        record_ids = _insert(
            self.session,
            ProductionRecord,
            [
                {
                    "event_id": self.id_of("events", e.event),
                    "recipe_id": self.id_of("recipes", e.recipe),
                    "batches": e.batches,
                    "actual_cost": e.actual_cost,
                    "produced_at": e.produced_at,
                    "notes": e.notes,
                    "reversed_at": e.reversed_at,
                    "reversal_reason": e.reversal_reason,
                    "created_at": e.created_at or self.now,
                }
                for e in records
            ],
        )
        made_by = {
            ref: record_id
            for e, record_id in zip(records, record_ids, strict=True)
            for ref in e.movements
        }
        self.done("production", len(records))
        movements = self.entries("movements")
        lot_ids = self.ids["lots"]
        movement_ids = _insert(
            self.session,
            StockMovement,
            [
                {
                    "lot_id": lot_ids[e.lot],
                    "kind": e.kind,
                    "quantity": e.quantity,
                    "value": e.value,
                    "reason": e.reason,
                    "note": e.note,
                    "production_record_id": made_by.get(e.ref),
                    "reverses_id": None,
                    "occurred_at": e.occurred_at,
                }
                for e in movements
            ],
        )
        by_ref = {e.ref: i for e, i in zip(movements, movement_ids, strict=True)}
        reversals = [
            {"id": by_ref[e.ref], "reverses_id": by_ref[e.reverses]}
            for e in movements
            if e.reverses is not None
        ]
        if reversals:
            self.session.execute(update(StockMovement), reversals)
        self.done("movements", len(movements))
