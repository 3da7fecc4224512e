"""SQLAlchemy models, one aggregate per module. Importing this registers every table."""

from bakehouse.models.accounts import AccountSession, ApiToken, AuthEvent, AuthEventKind, User
from bakehouse.models.base import Base
from bakehouse.models.catalog import Ingredient, Product
from bakehouse.models.events import (
    Assignment,
    Event,
    EventLockChange,
    EventPriceLock,
    EventRecipeLock,
    StatusChange,
)
from bakehouse.models.packaging import (
    Bundle,
    BundleLine,
    ContentSnapshot,
    ContentSnapshotLine,
    Package,
    PackageLine,
)
from bakehouse.models.pantry import Lot, Purchase, StockMovement
from bakehouse.models.people import Recipient
from bakehouse.models.production import ItemOutcome, ProductionRecord
from bakehouse.models.recipes import Item, Recipe, RecipeLine
from bakehouse.models.requests import IdempotencyRecord, LedgerGuard
from bakehouse.models.seasons import CalendarDay, CalendarFeedToken, Season, StoredSetting
from bakehouse.models.shopping import Aisle, ShoppingTick

__all__ = [
    "AccountSession",
    "Aisle",
    "ApiToken",
    "Assignment",
    "AuthEvent",
    "AuthEventKind",
    "Base",
    "Bundle",
    "BundleLine",
    "CalendarDay",
    "CalendarFeedToken",
    "ContentSnapshot",
    "ContentSnapshotLine",
    "Event",
    "EventLockChange",
    "EventPriceLock",
    "EventRecipeLock",
    "IdempotencyRecord",
    "Ingredient",
    "Item",
    "ItemOutcome",
    "LedgerGuard",
    "Lot",
    "Package",
    "PackageLine",
    "Product",
    "ProductionRecord",
    "Purchase",
    "Recipe",
    "RecipeLine",
    "Recipient",
    "Season",
    "ShoppingTick",
    "StatusChange",
    "StockMovement",
    "StoredSetting",
    "User",
]
