"""JSON API for bundles (nested assortments) and packages (what a recipient receives).

Included by :mod:`bakehouse.web.api.recipes`.
"""

from __future__ import annotations

from fastapi import APIRouter

from bakehouse.schemas.packaging import ContentsRead, PackageSummaryRead
from bakehouse.services.packaging import costing as package_costing
from bakehouse.services.packaging import packages as packaging
from bakehouse.web.api.schemas_fields import Deleted, PathId
from bakehouse.web.api.schemas_packaging import ContentsCreate, ContentsReplace, ContentsUpdate
from bakehouse.web.api.strict_json import StrictJsonRoute
from bakehouse.web.deps import DB
from bakehouse.web.pagination import Page, Paging, paginate

router = APIRouter(tags=["bundles and packages"], route_class=StrictJsonRoute)


@router.get("/bundles", response_model=Page[ContentsRead])
def list_bundles(db: DB, paging: Paging) -> dict[str, object]:
    with db.transaction() as session:
        rows = [ContentsRead.of(bundle) for bundle in packaging.list_bundles(session)]
    return paginate(rows, paging)


@router.post("/bundles", response_model=ContentsRead, status_code=201)
def create_bundle(body: ContentsCreate, db: DB) -> ContentsRead:
    """Create a bundle of items and other bundles; a loop is refused with its path."""
    with db.transaction() as session:
        lines = [line.as_input() for line in body.lines]
        bundle = packaging.create_bundle(session, name=body.name, notes=body.notes, lines=lines)
        return ContentsRead.of(bundle)


@router.get("/bundles/{bundle_id}", response_model=ContentsRead)
def get_bundle(bundle_id: PathId, db: DB) -> ContentsRead:
    with db.transaction() as session:
        return ContentsRead.of(packaging.get_bundle(session, bundle_id))


@router.patch("/bundles/{bundle_id}", response_model=ContentsRead)
def update_bundle(bundle_id: PathId, body: ContentsUpdate, db: DB) -> ContentsRead:
    with db.transaction() as session:
        changes = body.model_dump(exclude_none=True)
        return ContentsRead.of(packaging.update_bundle(session, bundle_id, **changes))


@router.put("/bundles/{bundle_id}/lines", response_model=ContentsRead)
def replace_bundle_lines(bundle_id: PathId, body: ContentsReplace, db: DB) -> ContentsRead:
    """Replace a bundle's contents; a line that would make it contain itself is refused."""
    with db.transaction() as session:
        lines = [line.as_input() for line in body.lines]
        return ContentsRead.of(packaging.set_bundle_lines(session, bundle_id, lines))


@router.delete("/bundles/{bundle_id}", response_model=Deleted)
def delete_bundle(bundle_id: PathId, db: DB) -> Deleted:
    """Delete a bundle; refused (409) while another bundle or a package holds it."""
    with db.transaction() as session:
        packaging.delete_bundle(session, bundle_id)
    return Deleted(kind="bundle", id=bundle_id)


@router.get("/packages", response_model=Page[ContentsRead])
def list_packages(db: DB, paging: Paging) -> dict[str, object]:
    with db.transaction() as session:
        rows = [ContentsRead.of(package) for package in packaging.list_packages(session)]
    return paginate(rows, paging)


@router.post("/packages", response_model=ContentsRead, status_code=201)
def create_package(body: ContentsCreate, db: DB) -> ContentsRead:
    with db.transaction() as session:
        lines = [line.as_input() for line in body.lines]
        package = packaging.create_package(session, name=body.name, notes=body.notes, lines=lines)
        return ContentsRead.of(package)


@router.get("/packages/{package_id}", response_model=ContentsRead)
def get_package(package_id: PathId, db: DB) -> ContentsRead:
    with db.transaction() as session:
        return ContentsRead.of(packaging.get_package(session, package_id))


@router.patch("/packages/{package_id}", response_model=ContentsRead)
def update_package(package_id: PathId, body: ContentsUpdate, db: DB) -> ContentsRead:
    with db.transaction() as session:
        changes = body.model_dump(exclude_none=True)
        return ContentsRead.of(packaging.update_package(session, package_id, **changes))


@router.put("/packages/{package_id}/lines", response_model=ContentsRead)
def replace_package_lines(package_id: PathId, body: ContentsReplace, db: DB) -> ContentsRead:
    with db.transaction() as session:
        lines = [line.as_input() for line in body.lines]
        return ContentsRead.of(packaging.set_package_lines(session, package_id, lines))


@router.delete("/packages/{package_id}", response_model=Deleted)
def delete_package(package_id: PathId, db: DB) -> Deleted:
    """Delete a package; refused (409) while it is assigned to anyone."""
    with db.transaction() as session:
        packaging.delete_package(session, package_id)
    return Deleted(kind="package", id=package_id)


@router.get("/packages/{package_id}/summary", response_model=PackageSummaryRead)
def get_package_summary(package_id: PathId, db: DB) -> PackageSummaryRead:
    """What the package holds (bundles expanded), its allergens and its estimated cost."""
    with db.transaction() as session:
        summary = package_costing.get_package_summary(session, package_id)
        return PackageSummaryRead.model_validate(summary)
