"""Small vocabularies shared by the pure core and the models."""

from __future__ import annotations

from enum import StrEnum


class MovementKind(StrEnum):
    """Why a lot's quantity changed. Every change to a lot is one of these."""

    PURCHASE = "purchase"
    OPENING = "opening"
    #: A sub-recipe bake made this prepared-stock lot (docs/product.md §6.12).
    PREPARED = "prepared"
    PRODUCTION = "production"
    ADJUSTMENT = "adjustment"
    REVERSAL = "reversal"
    #: A confirmed short bake booked the stock it used but nobody recorded buying
    #: (docs/product.md §6.14).
    UNRECORDED = "unrecorded"
    #: A stock-take counted more than the pantry held (docs/product.md §6.14).
    FOUND = "found"


class AdjustmentReason(StrEnum):
    SPOILAGE = "spoilage"
    CORRECTION = "correction"
    GIFT = "gift"
    OTHER = "other"
    #: A stock-take counted less than the pantry held (docs/product.md §6.14).
    STOCK_TAKE = "stock_take"


class LotOrigin(StrEnum):
    """Where a lot's stock came from (docs/product.md §6.14). Only purchases and opening
    stock are prices; unrecorded and found stock never are, nor is prepared stock."""

    PURCHASE = "purchase"
    OPENING = "opening"
    UNRECORDED = "unrecorded"
    FOUND = "found"
    PREPARED = "prepared"


#: The origins whose lots give an ingredient its price (docs/product.md §6.14).
PRICE_ORIGINS: tuple[LotOrigin, ...] = (LotOrigin.PURCHASE, LotOrigin.OPENING)


class DrawOrder(StrEnum):
    """Which of an ingredient's lots a bake draws first (docs/product.md §6.14)."""

    #: Oldest received first, then creation order (docs/product.md §2.2).
    FIFO = "fifo"
    #: Earliest best-before first (lots without one last), then FIFO.
    FEFO = "fefo"


class AssignmentStatus(StrEnum):
    """A package's way to its recipient: pending → assembled → delivered."""

    PENDING = "pending"
    ASSEMBLED = "assembled"
    DELIVERED = "delivered"


STATUS_ORDER: tuple[AssignmentStatus, ...] = (
    AssignmentStatus.PENDING,
    AssignmentStatus.ASSEMBLED,
    AssignmentStatus.DELIVERED,
)
