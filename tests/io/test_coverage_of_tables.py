"""The data file holds every column of every data table, so a new column cannot be lost."""

from __future__ import annotations

from typing import Any

import pytest

from bakehouse.io import document as doc
from bakehouse.io.writer import DATA_MODELS
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

ENTRY_OF: dict[Any, type[doc.Entry]] = {
    Ingredient: doc.IngredientEntry,
    Product: doc.ProductEntry,
    Purchase: doc.PurchaseEntry,
    Lot: doc.LotEntry,
    StockMovement: doc.MovementEntry,
    Recipe: doc.RecipeEntry,
    RecipeLine: doc.RecipeLineEntry,
    Item: doc.ItemEntry,
    Bundle: doc.BundleEntry,
    BundleLine: doc.ContentLineEntry,
    Package: doc.PackageEntry,
    PackageLine: doc.ContentLineEntry,
    Recipient: doc.RecipientEntry,
    Event: doc.EventEntry,
    Assignment: doc.AssignmentEntry,
    StatusChange: doc.StatusChangeEntry,
    ProductionRecord: doc.ProductionEntry,
    ItemOutcome: doc.ItemOutcomeEntry,
    Season: doc.SeasonEntry,
    StoredSetting: doc.SettingEntry,
    # A snapshot is its assignment's ``contents``, taken when it was assembled.
    ContentSnapshot: doc.AssignmentEntry,
    ContentSnapshotLine: doc.SnapshotLineEntry,
    EventPriceLock: doc.PriceLockEntry,
    EventRecipeLock: doc.RecipeLockEntry,
    EventLockChange: doc.LockChangeEntry,
    ShoppingTick: doc.TickEntry,
    Aisle: doc.AisleEntry,
    CalendarDay: doc.CalendarDayEntry,
}
#: Columns written as the place of the entry (a line inside its recipe, a change inside
#: its assignment, an outcome inside its bake) or from the other side (a bake lists its
#: movements).
IMPLIED = {
    "recipe_line.recipe_id",
    "bundle_line.bundle_id",
    "package_line.package_id",
    "status_change.assignment_id",
    "stock_movement.production_record_id",
    "item_outcome.production_record_id",
    # A snapshot is written inside its assignment (``contents``), its lines as its
    # items; locks inside their event (docs/product.md §6.20).
    "content_snapshot_line.snapshot_id",
    "event_price_lock.event_id",
    "event_recipe_lock.event_id",
    "event_lock_change.event_id",
    "shopping_aisle.position",  # the aisles are listed in order
}
#: Columns copied from another entry: a lot's product is its purchase's.
COPIED = {"lot.product_id"}
RENAMED = {
    "bundle_line.child_bundle_id": "bundle",
    "stock_movement.reverses_id": "reverses",
    "lot.production_record_id": "made_by",
    "recipe_line.sub_recipe_id": "recipe",
    "production_record.parent_id": "parent",
    "assignment.snapshot_id": "contents",
    "content_snapshot.taken_at": "assembled_at",
    # A tick's list is named by slugs in the file: event:<slug>, season:<slug>, upcoming.
    "shopping_tick.scope_key": "scope",
}
#: Accounts, and what the application keeps about requests and its guards (models/requests.py).
NOT_DATA = {
    "user_account",
    "api_token",
    "auth_event",
    "account_session",
    "idempotency_key",
    "ledger_guard",
    # Secret addresses of the calendar feed: like API tokens, never written to a file.
    "calendar_feed_token",
}


@pytest.mark.parametrize("model", list(ENTRY_OF), ids=lambda m: m.__tablename__)
def test_every_column_has_a_field_in_the_data_file(model: Any) -> None:
    fields = set(ENTRY_OF[model].model_fields)
    missing = []
    for column in model.__table__.columns:
        key = f"{model.__tablename__}.{column.name}"
        if column.name == "id" or key in IMPLIED or key in COPIED:
            continue
        name = RENAMED.get(key) or column.name.removesuffix("_id")
        if name not in fields:
            missing.append(column.name)

    assert missing == [], f"add these columns to the data file (io/document.py): {missing}"


def test_every_table_is_in_the_data_file_or_known_not_to_be() -> None:
    data = {model.__tablename__ for model in DATA_MODELS}

    assert data == {model.__tablename__ for model in ENTRY_OF}
    assert {table.name for table in Base.metadata.sorted_tables} - data == NOT_DATA
