"""Read models of bundles and packages: contents, allergens and estimated cost."""

from __future__ import annotations

from bakehouse.models import Bundle, BundleLine, Package, PackageLine
from bakehouse.schemas.base import ReadModel
from bakehouse.schemas.recipes import EstimateRead


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
