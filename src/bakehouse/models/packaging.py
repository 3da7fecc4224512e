"""Packaging aggregate: bundles (nested assortments) and packages (what a recipient gets).

A line holds exactly one of an item or a bundle, with a whole-number quantity.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bakehouse.models.base import Base, Name, Slug
from bakehouse.models.recipes import Item
from bakehouse.models.types import utcnow

_EXACTLY_ONE_ITEM_OR_BUNDLE = (
    "(item_id IS NOT NULL AND {bundle} IS NULL) OR (item_id IS NULL AND {bundle} IS NOT NULL)"
)


class Bundle(Base):
    __tablename__ = "bundle"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When it was archived: hidden from pickers and lists, kept for history
    #: (docs/product.md §6.20). ``None`` while in use.
    archived_at: Mapped[datetime | None] = mapped_column(default=None)
    name: Mapped[Name] = mapped_column(unique=True)
    slug: Mapped[Slug] = mapped_column(unique=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    lines: Mapped[list[BundleLine]] = relationship(
        back_populates="bundle",
        foreign_keys="BundleLine.bundle_id",
        order_by="BundleLine.id",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"Bundle({self.id}, {self.name!r})"


class BundleLine(Base):
    __tablename__ = "bundle_line"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            _EXACTLY_ONE_ITEM_OR_BUNDLE.format(bundle="child_bundle_id"), name="item_xor_bundle"
        ),
        CheckConstraint("child_bundle_id IS NULL OR child_bundle_id <> bundle_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_id: Mapped[int] = mapped_column(ForeignKey("bundle.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id"), index=True, default=None)
    child_bundle_id: Mapped[int | None] = mapped_column(
        ForeignKey("bundle.id"), index=True, default=None
    )
    quantity: Mapped[int]

    bundle: Mapped[Bundle] = relationship(back_populates="lines", foreign_keys=[bundle_id])
    item: Mapped[Item | None] = relationship()
    child_bundle: Mapped[Bundle | None] = relationship(foreign_keys=[child_bundle_id])


class Package(Base):
    __tablename__ = "package"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When it was archived: hidden from pickers and lists, kept for history
    #: (docs/product.md §6.20). ``None`` while in use.
    archived_at: Mapped[datetime | None] = mapped_column(default=None)
    name: Mapped[Name] = mapped_column(unique=True)
    slug: Mapped[Slug] = mapped_column(unique=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Minutes to assemble one (docs/product.md §6.10); None: not given, counted as none
    #: and named on the calendar.
    assembly_minutes: Mapped[int | None] = mapped_column(default=None)

    lines: Mapped[list[PackageLine]] = relationship(
        back_populates="package", order_by="PackageLine.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"Package({self.id}, {self.name!r})"


class PackageLine(Base):
    __tablename__ = "package_line"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            _EXACTLY_ONE_ITEM_OR_BUNDLE.format(bundle="bundle_id"), name="item_xor_bundle"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(
        ForeignKey("package.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id"), index=True, default=None)
    bundle_id: Mapped[int | None] = mapped_column(ForeignKey("bundle.id"), index=True, default=None)
    quantity: Mapped[int]

    package: Mapped[Package] = relationship(back_populates="lines")
    item: Mapped[Item | None] = relationship()
    bundle: Mapped[Bundle | None] = relationship()


class ContentSnapshot(Base):
    """A package's resolved contents as they were when an assignment was assembled.

    Items and units per one package, every bundle expanded (docs/product.md §6.20). An
    assignment that is assembled or delivered points at one; equal contents of the same
    package share one snapshot.
    """

    __tablename__ = "content_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("package.id"), index=True)
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)

    lines: Mapped[list[ContentSnapshotLine]] = relationship(
        back_populates="snapshot", order_by="ContentSnapshotLine.id", cascade="all, delete-orphan"
    )


class ContentSnapshotLine(Base):
    """``units`` of an item in one of the snapshot's package."""

    __tablename__ = "content_snapshot_line"
    __table_args__ = (
        UniqueConstraint("snapshot_id", "item_id"),
        CheckConstraint("units > 0", name="units_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("content_snapshot.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), index=True)
    units: Mapped[int]

    snapshot: Mapped[ContentSnapshot] = relationship(back_populates="lines")
    item: Mapped[Item] = relationship()
