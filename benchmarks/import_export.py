"""Time the data file: import and export of a 50,000-entity document.

    python -m benchmarks.import_export [--entities 50000] [--database-url URL]

Builds a valid document (catalog, lots with their ledger, recipes, packaging, recipients,
events, assignments, bakes with their draws), imports it into an empty database (a
temporary SQLite file unless ``--database-url`` names another — it is emptied), exports
it again and checks the round trip, then prints a table of the timings.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from rich.table import Table

from bakehouse.db.engine import make_engine, make_session_factory, transaction
from bakehouse.db.migrate import ensure_database
from bakehouse.io.export import export_document
from bakehouse.io.importer import import_document, validate_document

T = TypeVar("T")
STAMP = "2026-12-01T10:00:00+00:00"


def build_document(entities: int) -> dict[str, Any]:
    """A valid document of about ``entities`` top-level entries (lines not counted)."""
    unit = max(1, entities // 50)  # 50 "units" of entries, spread over the sections
    n_ingredients, n_products, n_lots = unit, unit, 6 * unit
    n_recipes, n_recipients, n_events = unit, 4 * unit, max(1, unit // 50)
    n_bundles, n_packages = unit, unit
    n_assignments = 10 * unit
    n_production = 5 * unit
    ingredients = [
        {"slug": f"ingredient-{i}", "name": f"Ingredient {i}", "measure": "mass"}
        for i in range(n_ingredients)
    ]
    products = [
        {
            "slug": f"product-{i}",
            "ingredient": f"ingredient-{i % n_ingredients}",
            "name": f"Product {i}",
            "package_size": "1",
            "package_unit": "kg",
            "is_preferred": i < n_ingredients,
        }
        for i in range(n_products)
    ]
    purchases, lots, movements = [], [], []
    for i in range(n_lots):
        product = i % n_products
        purchases.append(
            {
                "ref": f"purchase-{i}",
                "product": f"product-{product}",
                "purchased_on": "2026-11-01",
                "packages": "10",
                "total_price": "25.00",
            }
        )
        lots.append(
            {
                "ref": f"lot-{i}",
                "ingredient": f"ingredient-{product % n_ingredients}",
                "purchase": f"purchase-{i}",
                "received_on": "2026-11-01",
                "initial_quantity": "10000",
                "cost": "25.00",
                "quantity_remaining": "10000",
                "value_remaining": "25.00",
            }
        )
        movements.append(_movement(len(movements), i, "purchase", "10000", "25.00"))
    production = []
    for i in range(n_production):
        refs = []
        for lot in (i % n_lots, (i * 7 + 3) % n_lots):
            refs.append(f"movement-{len(movements)}")
            movements.append(_movement(len(movements), lot, "production", "-100", "-0.25"))
            lots[lot]["quantity_remaining"] = str(Decimal(lots[lot]["quantity_remaining"]) - 100)
            lots[lot]["value_remaining"] = str(
                Decimal(lots[lot]["value_remaining"]) - 1 / Decimal(4)
            )
        production.append(
            {
                "ref": f"production-{i}",
                "event": f"event-{i % n_events}",
                "recipe": f"recipe-{i % n_recipes}",
                "batches": 1,
                "actual_cost": "0.50",
                "produced_at": STAMP,
                "movements": refs,
            }
        )
    recipes = [
        {
            "slug": f"recipe-{i}",
            "name": f"Recipe {i}",
            "lines": [
                {
                    "ingredient": f"ingredient-{(i + k) % n_ingredients}",
                    "quantity": "100",
                    "unit": "g",
                }
                for k in range(4)
            ],
        }
        for i in range(n_recipes)
    ]
    items = [
        {"slug": f"item-{i}", "name": f"Item {i}", "recipe": f"recipe-{i}", "items_per_batch": 24}
        for i in range(n_recipes)
    ]
    bundles = [
        {
            "slug": f"bundle-{i}",
            "name": f"Bundle {i}",
            "lines": [{"item": f"item-{i}", "quantity": 6}]
            + ([{"bundle": f"bundle-{i - 1}", "quantity": 1}] if i % 5 else []),
        }
        for i in range(n_bundles)
    ]
    packages = [
        {
            "slug": f"package-{i}",
            "name": f"Package {i}",
            "lines": [
                {"bundle": f"bundle-{i}", "quantity": 1},
                {"item": f"item-{i}", "quantity": 2},
            ],
        }
        for i in range(n_packages)
    ]
    recipients = [
        {"slug": f"recipient-{i}", "name": f"Recipient {i}", "household": f"House {i // 3}"}
        for i in range(n_recipients)
    ]
    events = [
        {"slug": f"event-{i}", "name": f"Event {i}", "event_date": "2026-12-25"}
        for i in range(n_events)
    ]
    assignments = [
        {
            "event": f"event-{i % n_events}",
            "recipient": f"recipient-{i % n_recipients}",
            "package": f"package-{(i // n_recipients) % n_packages}",
            "quantity": 1,
        }
        for i in range(n_assignments)
    ]
    return {
        "format": "bakehouse",
        "version": 1,
        "exported_at": STAMP,
        "ingredients": ingredients,
        "products": products,
        "purchases": purchases,
        "lots": lots,
        "movements": movements,
        "recipes": recipes,
        "items": items,
        "bundles": bundles,
        "packages": packages,
        "recipients": recipients,
        "events": events,
        "assignments": assignments,
        "production": production,
    }


def _movement(index: int, lot: int, kind: str, quantity: str, value: str) -> dict[str, Any]:
    return {
        "ref": f"movement-{index}",
        "lot": f"lot-{lot}",
        "kind": kind,
        "quantity": quantity,
        "value": value,
        "occurred_at": STAMP,
    }


def timed(action: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def count_entries(document: dict[str, Any]) -> int:
    return sum(len(v) for v in document.values() if isinstance(v, list))


def run(entities: int, database_url: str) -> None:
    document, build_seconds = timed(lambda: build_document(entities))
    text = json.dumps(document)
    engine = make_engine(database_url)
    ensure_database(engine)
    factory = make_session_factory(engine)
    rows: list[tuple[str, float]] = [("build document", build_seconds)]

    def validate() -> None:
        with transaction(factory) as session:
            validate_document(session, json.loads(text))

    def load() -> None:
        with transaction(factory) as session:
            import_document(session, json.loads(text), mode="replace")

    def dump() -> str:
        with transaction(factory) as session:
            return json.dumps(export_document(session), indent=2)

    rows.append(("validate only (parse + schema + pydantic + rules)", timed(validate)[1]))
    rows.append(("import (validate + write, replace mode)", timed(load)[1]))
    exported, seconds = timed(dump)
    rows.append(("export (read + serialise)", seconds))
    again = json.loads(exported)
    assert count_entries(again) == count_entries(document), "round trip lost entries"
    engine.dispose()

    size = f"{len(text) / 1e6:.1f} MB"
    table = Table(title=f"{count_entries(document):,} entities, {size}, {engine.dialect.name}")
    table.add_column("step")
    table.add_column("seconds", justify="right")
    for step, seconds in rows:
        table.add_row(step, f"{seconds:.2f}")
    Console().print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=50_000)
    parser.add_argument(
        "--database-url", default=None, help="emptied first! (default: temp SQLite)"
    )
    args = parser.parse_args()
    if args.database_url:
        run(args.entities, args.database_url)
        return
    with tempfile.TemporaryDirectory() as tmp:
        run(args.entities, f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")


if __name__ == "__main__":
    main()
