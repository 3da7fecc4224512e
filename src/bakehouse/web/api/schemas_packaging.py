"""API models for bundles and packages: contents, allergens and estimated cost."""

from __future__ import annotations

from pydantic import Field, model_validator

from bakehouse.domain.inputs import MAX_LINES
from bakehouse.models import Bundle, BundleLine, Package, PackageLine
from bakehouse.services.packaging.packages import ContentInput
from bakehouse.web.api.schemas_fields import (
    Count,
    InputModel,
    Name,
    Notes,
    ReadModel,
    RecordId,
)
from bakehouse.web.api.schemas_recipes import EstimateRead


class ContentLineIn(InputModel):
    """``quantity`` of exactly one of an item or a bundle."""

    quantity: Count
    item_id: RecordId | None = None
    bundle_id: RecordId | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ContentLineIn:
        if (self.item_id is None) == (self.bundle_id is None):
            raise ValueError("a line holds exactly one of item_id or bundle_id")
        return self

    def as_input(self) -> ContentInput:
        return ContentInput(self.quantity, self.item_id, self.bundle_id)


class ContentsCreate(InputModel):
    name: Name
    notes: Notes = ""
    lines: list[ContentLineIn] = Field(default_factory=list, max_length=MAX_LINES)


class ContentsUpdate(InputModel):
    """Only the fields sent change (lines are replaced with PUT .../lines)."""

    name: Name | None = None
    notes: Notes | None = None


class ContentsReplace(InputModel):
    lines: list[ContentLineIn] = Field(max_length=MAX_LINES)


class ContentLineRead(ReadModel):
    quantity: int
    item_id: int | None
    item: str | None
    bundle_id: int | None
    bundle: str | None

    @classmethod
    def of(cls, line: BundleLine | PackageLine) -> ContentLineRead:
        bundle = line.child_bundle if isinstance(line, BundleLine) else line.bundle
        return cls(
            quantity=line.quantity,
            item_id=line.item_id,
            item=line.item.name if line.item else None,
            bundle_id=bundle.id if bundle else None,
            bundle=bundle.name if bundle else None,
        )


class ContentsRead(ReadModel):
    """A bundle or a package with its lines."""

    id: int
    name: str
    slug: str
    notes: str
    lines: list[ContentLineRead]

    @classmethod
    def of(cls, record: Bundle | Package) -> ContentsRead:
        lines = [ContentLineRead.of(line) for line in record.lines]
        return cls(
            id=record.id, name=record.name, slug=record.slug, notes=record.notes, lines=lines
        )


class PackageItemRead(ReadModel):
    item_id: int
    item: str
    recipe_id: int
    recipe: str
    units: int


class PackageSummaryRead(ReadModel):
    """What a package holds (bundles expanded), its allergens and estimated cost."""

    package_id: int
    package: str
    items: list[PackageItemRead]
    allergens: list[str]
    cost: EstimateRead
