"""Export the whole database as a version 3 data file (a JSON-ready dict).

One statement per table whatever its size (twenty-two in all), rows in id order, so the
same database always gives the same document and an import into an empty database
gives back the same ids order — export → import → export is identical (apart from
``exported_at``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, Table, select
from sqlalchemy.orm import Session

from bakehouse.io.document import FORMAT_NAME, FORMAT_VERSION, SECTIONS
from bakehouse.models import (
    Aisle,
    Assignment,
    Bundle,
    BundleLine,
    CalendarDay,
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
from bakehouse.models.types import utcnow

Row = Mapping[str, Any]
#: Told the name of each section once it is built, and how many entries it holds.
ExportProgress = Callable[[str, int], None]


def decimal_text(value: Decimal | None) -> str | None:
    """The shortest exact spelling of a stored decimal: ``1000.000000`` → ``"1000"``."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _time(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


def _rows(session: Session, table: Table, *order: str) -> list[Row]:
    columns = [table.c[name] for name in order] if order else [table.c.id]
    return [dict(row) for row in session.execute(select(table).order_by(*columns)).mappings()]


def _by_item(line: Mapping[str, Any]) -> str:
    return str(line["item"])


def _refs(prefix: str, rows: Iterable[Row]) -> dict[int, str]:
    return {row["id"]: f"{prefix}-{n}" for n, row in enumerate(rows, start=1)}


def begin_consistent_read(session: Session) -> None:
    """On PostgreSQL, read every table from one snapshot (call before any other statement).

    SQLite transactions already read one snapshot. A session bound to a connection, or
    already in a transaction, is left as it is: its owner chose the isolation.
    """
    bind = session.get_bind()
    on_postgresql = bind.dialect.name == "postgresql"
    if on_postgresql and isinstance(bind, Engine) and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def export_document(
    session: Session,
    *,
    exported_at: datetime | None = None,
    progress: ExportProgress | None = None,
) -> dict[str, Any]:
    """The whole database as a JSON-ready data file dict, in twenty-two statements."""
    exporter = _Exporter(session, progress or (lambda _name, _count: None))
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": _time(exported_at or utcnow()),
        **exporter.sections(),
    }


class _Exporter:
    def __init__(self, session: Session, progress: ExportProgress) -> None:
        self.session = session
        self.progress = progress
        self.slugs: dict[str, dict[int, str]] = {}

    def _table(self, model: type[Any]) -> Table:
        table = model.__table__
        assert isinstance(table, Table)
        return table

    def _named(self, key: str, model: type[Any]) -> list[Row]:
        rows = _rows(self.session, self._table(model))
        self.slugs[key] = {row["id"]: row["slug"] for row in rows}
        return rows

    def _done(self, name: str, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self.progress(name, len(entries))
        return entries

    def sections(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        out["ingredients"] = self.ingredients()
        out["products"] = self.products()
        purchases = _rows(self.session, self._table(Purchase))
        # Ingredient lots first, then prepared stock (made by bakes, written after them on
        # import), so a file imported and exported again lists them alike.
        lots = sorted(
            _rows(self.session, self._table(Lot)),
            key=lambda r: (r["recipe_id"] is not None, r["id"]),
        )
        movements = _rows(self.session, self._table(StockMovement))
        productions = _rows(self.session, self._table(ProductionRecord))
        outcomes = _rows(self.session, self._table(ItemOutcome))
        purchase_refs = _refs("purchase", purchases)
        lot_refs = _refs("lot", lots)
        movement_refs = _refs("movement", movements)
        out["purchases"] = self.purchases(purchases, purchase_refs)
        out["recipes"] = self.recipes()
        production_refs = {r["id"]: f"production-{n}" for n, r in enumerate(productions, 1)}
        out["lots"] = self.lots(lots, lot_refs, purchase_refs, production_refs)
        out["movements"] = self.movements(movements, movement_refs, lot_refs)
        out["items"] = self.items()
        out["bundles"], out["packages"] = self.bundles(), self.packages()
        out["recipients"] = self.recipients()
        out["events"] = self.events()
        out["assignments"] = self.assignments()
        out["production"] = self.production(productions, movements, movement_refs, outcomes)
        out["seasons"] = self._done(
            "seasons",
            [
                {
                    "slug": r["slug"],
                    "name": r["name"],
                    "starts_on": _time(r["starts_on"]),
                    "ends_on": _time(r["ends_on"]),
                    "budget": decimal_text(r["budget"]),
                    "notes": r["notes"],
                }
                for r in sorted(self._named("seasons", Season), key=lambda r: r["starts_on"])
            ],
        )
        settings = _rows(self.session, self._table(StoredSetting), "key")
        out["settings"] = self._done(
            "settings",
            [
                {"key": r["key"], "value": r["value"], "updated_at": _time(r["updated_at"])}
                for r in settings
            ],
        )
        out["ticks"] = self.ticks()
        out["aisles"] = self._done(
            "aisles",
            [
                {"category": r["category"]}
                for r in _rows(self.session, self._table(Aisle), "position")
            ],
        )
        days = _rows(self.session, self._table(CalendarDay), "day")
        out["calendar_days"] = self._done(
            "calendar_days",
            [
                {"day": _time(r["day"]), "minutes": r["minutes"],
                 "unavailable": bool(r["unavailable"])}
                for r in days
            ],
        )  # fmt: skip
        # Sections in the order the file lists them.
        return {name: out[name] for name in SECTIONS}

    def ticks(self) -> list[dict[str, Any]]:
        """Ticks with their list named by slugs (``event:N`` → ``event:<slug>``)."""
        names = {"event": self.slugs["events"], "season": self.slugs["seasons"]}
        ingredients = self.slugs["ingredients"]
        entries = []
        for r in _rows(self.session, self._table(ShoppingTick), "scope_key", "ingredient_id"):
            kind, _, number = r["scope_key"].partition(":")
            scope = f"{kind}:{names[kind][int(number)]}" if number else kind
            entries.append(
                {
                    "scope": scope,
                    "ingredient": ingredients[r["ingredient_id"]],
                    "shortfall": decimal_text(r["shortfall"]),
                    "ticked_at": _time(r["ticked_at"]),
                    "ticked_by": r["ticked_by"],
                }
            )
        return self._done("ticks", entries)

    def ingredients(self) -> list[dict[str, Any]]:
        return self._done(
            "ingredients",
            [
                {
                    "slug": r["slug"],
                    "name": r["name"],
                    "category": r["category"],
                    "measure": str(r["measure"]),
                    "density": decimal_text(r["density"]),
                    "grams_per_each": decimal_text(r["grams_per_each"]),
                    "allergens": list(r["allergens"] or []),
                    "notes": r["notes"],
                    "created_at": _time(r["created_at"]),
                    "draw_order": str(r["draw_order"]),
                    "allergen_names": dict(r["allergen_names"] or {}),
                    "sub_ingredients": list(r["sub_ingredients"] or []),
                    "archived_at": _time(r["archived_at"]),
                }
                for r in self._named("ingredients", Ingredient)
            ],
        )

    def products(self) -> list[dict[str, Any]]:
        ingredients = self.slugs["ingredients"]
        return self._done(
            "products",
            [
                {
                    "slug": r["slug"],
                    "ingredient": ingredients[r["ingredient_id"]],
                    "brand": r["brand"],
                    "name": r["name"],
                    "package_size": decimal_text(r["package_size"]),
                    "package_unit": r["package_unit"],
                    "gtin": r["gtin"],
                    "supplier": r["supplier"],
                    "is_preferred": bool(r["is_preferred"]),
                    "notes": r["notes"],
                    "created_at": _time(r["created_at"]),
                    "archived_at": _time(r["archived_at"]),
                    "list_price": decimal_text(r["list_price"]),
                    "list_price_on": _time(r["list_price_on"]),
                    "list_price_store": r["list_price_store"],
                }
                for r in self._named("products", Product)
            ],
        )

    def purchases(self, rows: list[Row], refs: dict[int, str]) -> list[dict[str, Any]]:
        products = self.slugs["products"]
        return self._done(
            "purchases",
            [
                {
                    "ref": refs[r["id"]],
                    "product": products[r["product_id"]],
                    "purchased_on": _time(r["purchased_on"]),
                    "packages": decimal_text(r["packages"]),
                    "total_price": decimal_text(r["total_price"]),
                    "supplier": r["supplier"],
                    "notes": r["notes"],
                    "created_at": _time(r["created_at"]),
                }
                for r in rows
            ],
        )

    def lots(
        self,
        rows: list[Row],
        refs: dict[int, str],
        purchase_refs: dict[int, str],
        production_refs: dict[int, str],
    ) -> list[dict[str, Any]]:
        ingredients, recipes = self.slugs["ingredients"], self.slugs["recipes"]
        return self._done(
            "lots",
            [
                {
                    "ref": refs[r["id"]],
                    "ingredient": ingredients.get(r["ingredient_id"]),
                    "recipe": recipes.get(r["recipe_id"]),
                    "made_by": production_refs.get(r["production_record_id"]),
                    "purchase": purchase_refs.get(r["purchase_id"]),
                    "received_on": _time(r["received_on"]),
                    "initial_quantity": decimal_text(r["initial_quantity"]),
                    "cost": decimal_text(r["cost"]),
                    "quantity_remaining": decimal_text(r["quantity_remaining"]),
                    "value_remaining": decimal_text(r["value_remaining"]),
                    "best_before": _time(r["best_before"]),
                    "location": r["location"],
                    "notes": r["notes"],
                    "created_at": _time(r["created_at"]),
                    "origin": str(r["origin"]),
                    "priced": r["priced"],
                }
                for r in rows
            ],
        )

    def movements(
        self, rows: list[Row], refs: dict[int, str], lot_refs: dict[int, str]
    ) -> list[dict[str, Any]]:
        return self._done(
            "movements",
            [
                {
                    "ref": refs[r["id"]],
                    "lot": lot_refs[r["lot_id"]],
                    "kind": str(r["kind"]),
                    "quantity": decimal_text(r["quantity"]),
                    "value": decimal_text(r["value"]),
                    "reason": None if r["reason"] is None else str(r["reason"]),
                    "note": r["note"],
                    "reverses": refs.get(r["reverses_id"]),
                    "occurred_at": _time(r["occurred_at"]),
                }
                for r in rows
            ],
        )

    def recipes(self) -> list[dict[str, Any]]:
        ingredients = self.slugs["ingredients"]
        recipes = self._named("recipes", Recipe)
        slugs = self.slugs["recipes"]
        lines: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in _rows(self.session, self._table(RecipeLine), "position", "id"):
            lines[r["recipe_id"]].append(
                {
                    "ingredient": ingredients.get(r["ingredient_id"]),
                    "recipe": slugs.get(r["sub_recipe_id"]),
                    "quantity": decimal_text(r["quantity"]),
                    "unit": r["unit"],
                    "position": r["position"],
                    "note": r["note"],
                }
            )
        return self._done(
            "recipes",
            [
                {
                    "slug": r["slug"],
                    "name": r["name"],
                    "instructions": r["instructions"],
                    "notes": r["notes"],
                    "created_at": _time(r["created_at"]),
                    "yield_quantity": decimal_text(r["yield_quantity"]),
                    "yield_unit": r["yield_unit"],
                    "yield_density": decimal_text(r["yield_density"]),
                    "shelf_life_days": r["shelf_life_days"],
                    "hands_on_minutes": r["hands_on_minutes"],
                    "max_batches_per_session": r["max_batches_per_session"],
                    "freezable": bool(r["freezable"]),
                    "frozen_shelf_life_days": r["frozen_shelf_life_days"],
                    "thaw_hours": decimal_text(r["thaw_hours"]),
                    "lines": lines.get(r["id"], []),
                    "archived_at": _time(r["archived_at"]),
                }
                for r in recipes
            ],
        )

    def items(self) -> list[dict[str, Any]]:
        recipes = self.slugs["recipes"]
        return self._done(
            "items",
            [
                {
                    "slug": r["slug"],
                    "name": r["name"],
                    "recipe": recipes[r["recipe_id"]],
                    "items_per_batch": r["items_per_batch"],
                    "notes": r["notes"],
                    "baked_weight_g": decimal_text(r["baked_weight_g"]),
                    "archived_at": _time(r["archived_at"]),
                }
                for r in self._named("items", Item)
            ],
        )

    def _content(self, item_id: int | None, bundle_id: int | None, qty: int) -> dict[str, Any]:
        if item_id is not None:
            return {"item": self.slugs["items"][item_id], "quantity": qty}
        assert bundle_id is not None
        return {"bundle": self.slugs["bundles"][bundle_id], "quantity": qty}

    def bundles(self) -> list[dict[str, Any]]:
        bundle_rows = self._named("bundles", Bundle)
        lines: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in _rows(self.session, self._table(BundleLine)):
            line = self._content(r["item_id"], r["child_bundle_id"], r["quantity"])
            lines[r["bundle_id"]].append(line)
        return self._done(
            "bundles",
            [
                {
                    "slug": r["slug"],
                    "name": r["name"],
                    "notes": r["notes"],
                    "lines": lines.get(r["id"], []),
                    "archived_at": _time(r["archived_at"]),
                }
                for r in bundle_rows
            ],
        )

    def packages(self) -> list[dict[str, Any]]:
        package_rows = self._named("packages", Package)
        lines: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in _rows(self.session, self._table(PackageLine)):
            line = self._content(r["item_id"], r["bundle_id"], r["quantity"])
            lines[r["package_id"]].append(line)
        return self._done(
            "packages",
            [
                {
                    "slug": r["slug"],
                    "name": r["name"],
                    "notes": r["notes"],
                    "assembly_minutes": r["assembly_minutes"],
                    "lines": lines.get(r["id"], []),
                    "archived_at": _time(r["archived_at"]),
                }
                for r in package_rows
            ],
        )

    def recipients(self) -> list[dict[str, Any]]:
        return self._done(
            "recipients",
            [
                {
                    "slug": r["slug"],
                    "name": r["name"],
                    "household": r["household"],
                    "address": r["address"],
                    "notes": r["notes"],
                    "allergens": list(r["allergens"] or []),
                    "archived_at": _time(r["archived_at"]),
                }
                for r in self._named("recipients", Recipient)
            ],
        )

    def events(self) -> list[dict[str, Any]]:
        ingredients, recipes = self.slugs["ingredients"], self.slugs["recipes"]
        price_locks: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in _rows(self.session, self._table(EventPriceLock)):
            price_locks[r["event_id"]].append(
                {
                    "ingredient": ingredients[r["ingredient_id"]],
                    "cost": decimal_text(r["cost"]),
                    "quantity": decimal_text(r["quantity"]),
                }
            )
        recipe_locks: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in _rows(self.session, self._table(EventRecipeLock)):
            recipe_locks[r["event_id"]].append(
                {
                    "recipe": recipes[r["recipe_id"]],
                    "batches": r["batches"],
                    "planned_cost": decimal_text(r["planned_cost"]),
                    "unpriced": bool(r["unpriced"]),
                }
            )
        lock_history: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in _rows(self.session, self._table(EventLockChange)):
            lock_history[r["event_id"]].append(
                {
                    "locked": bool(r["locked"]),
                    "reason": r["reason"],
                    "changed_at": _time(r["changed_at"]),
                }
            )
        return self._done(
            "events",
            [
                {
                    "slug": r["slug"],
                    "name": r["name"],
                    "event_date": _time(r["event_date"]),
                    "notes": r["notes"],
                    "budget": decimal_text(r["budget"]),
                    "delivery_date": _time(r["delivery_date"]),
                    "created_at": _time(r["created_at"]),
                    "archived_at": _time(r["archived_at"]),
                    "locked_at": _time(r["locked_at"]),
                    "price_locks": price_locks.get(r["id"], []),
                    "recipe_locks": recipe_locks.get(r["id"], []),
                    "lock_history": lock_history.get(r["id"], []),
                }
                for r in self._named("events", Event)
            ],
        )

    def assignments(self) -> list[dict[str, Any]]:
        history: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in _rows(self.session, self._table(StatusChange)):
            history[r["assignment_id"]].append(
                {
                    "from_status": str(r["from_status"]),
                    "to_status": str(r["to_status"]),
                    "is_correction": bool(r["is_correction"]),
                    "note": r["note"],
                    "changed_at": _time(r["changed_at"]),
                }
            )
        events, recipients = self.slugs["events"], self.slugs["recipients"]
        packages, items = self.slugs["packages"], self.slugs["items"]
        # What assembled and delivered assignments held (docs/product.md §6.20).
        snapshots: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in _rows(self.session, self._table(ContentSnapshotLine)):
            snapshots[r["snapshot_id"]].append({"item": items[r["item_id"]], "units": r["units"]})
        return self._done(
            "assignments",
            [
                {
                    "event": events[r["event_id"]],
                    "recipient": recipients[r["recipient_id"]],
                    "package": packages[r["package_id"]],
                    "quantity": r["quantity"],
                    "status": str(r["status"]),
                    "assembled_at": _time(r["assembled_at"]),
                    "delivered_at": _time(r["delivered_at"]),
                    "delivery_note": r["delivery_note"],
                    "delivery_date": _time(r["delivery_date"]),
                    "created_at": _time(r["created_at"]),
                    "history": history.get(r["id"], []),
                    "contents": (
                        None
                        if r["snapshot_id"] is None
                        else sorted(snapshots.get(r["snapshot_id"], []), key=_by_item)
                    ),
                }
                for r in _rows(self.session, self._table(Assignment))
            ],
        )

    def production(
        self,
        rows: list[Row],
        movements: list[Row],
        movement_refs: dict[int, str],
        outcomes: list[Row],
    ) -> list[dict[str, Any]]:
        made: dict[int, list[str]] = defaultdict(list)
        for m in movements:
            if m["production_record_id"] is not None:
                made[m["production_record_id"]].append(movement_refs[m["id"]])
        events, recipes = self.slugs["events"], self.slugs["recipes"]
        refs = {r["id"]: f"production-{n}" for n, r in enumerate(rows, start=1)}
        items = self.slugs["items"]
        became: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for o in outcomes:
            became[o["production_record_id"]].append(
                {
                    "kind": str(o["kind"]),
                    "event": events[o["event_id"]],
                    "to_event": None if o["to_event_id"] is None else events[o["to_event_id"]],
                    "item": items[o["item_id"]],
                    "quantity": o["quantity"],
                    "reason": None if o["reason"] is None else str(o["reason"]),
                    "cost": decimal_text(o["cost"]),
                    "at_bake": o["at_bake"],
                    "note": o["note"],
                    "occurred_at": _time(o["occurred_at"]),
                }
            )
        return self._done(
            "production",
            [
                {
                    "ref": f"production-{n}",
                    "event": events.get(r["event_id"]),
                    "recipe": recipes[r["recipe_id"]],
                    "batches": r["batches"],
                    "actual_cost": decimal_text(r["actual_cost"]),
                    "produced_at": _time(r["produced_at"]),
                    "notes": r["notes"],
                    "reversed_at": _time(r["reversed_at"]),
                    "reversal_reason": r["reversal_reason"],
                    "created_at": _time(r["created_at"]),
                    "movements": made.get(r["id"], []),
                    "makes_stock": r["makes_stock"],
                    "parent": refs.get(r["parent_id"]),
                    "outcomes": became.get(r["id"], []),
                    "cost_incomplete": r["cost_incomplete"],
                }
                for n, r in enumerate(rows, start=1)
            ],
        )
