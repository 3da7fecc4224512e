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


class AdjustmentReason(StrEnum):
    SPOILAGE = "spoilage"
    CORRECTION = "correction"
    GIFT = "gift"
    OTHER = "other"


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
