"""Archive and un-archive from a record's page, for every kind that can be archived
(docs/product.md §6.20): one pair of routes and one button macro
(``archive_button`` in ``pages/catalog_macros.html``) shared by every page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from bakehouse.services.core.archive import ArchiveKind, archive, unarchive
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.deps import DB
from bakehouse.web.forms import FormData

router = APIRouter(include_in_schema=False)

#: Where each kind's record is shown: the page the button sends back to.
PAGES: dict[ArchiveKind, str] = {
    ArchiveKind.INGREDIENT: "/catalog/ingredients/{id}",
    ArchiveKind.PRODUCT: "/catalog/products/{id}",
    ArchiveKind.RECIPE: "/recipes/{id}",
    ArchiveKind.ITEM: "/items/{id}",
    ArchiveKind.BUNDLE: "/bundles/{id}/edit",
    ArchiveKind.PACKAGE: "/packages/{id}/edit",
    ArchiveKind.RECIPIENT: "/recipients/{id}",
    ArchiveKind.EVENT: "/events/{id}/edit",
}


def _submit(db: DB, kind: ArchiveKind, record_id: int, undo: bool) -> Response:
    """Archive (or un-archive) in one transaction and go back to the record's page; a
    record that is not there is answered by the one error mapping (404)."""
    with db.transaction() as session:
        (unarchive if undo else archive)(session, kind, record_id)
    done = "unarchived" if undo else "archived"
    return RedirectResponse(PAGES[kind].format(id=record_id) + f"?done={done}", status_code=303)


@router.post("/archive/{kind}/{record_id}")
def archive_record(
    request: Request, kind: ArchiveKind, record_id: PathId, db: DB, form: FormData
) -> Response:
    """Hide the record from lists and pickers, its history kept."""
    return _submit(db, kind, record_id, undo=False)


@router.post("/unarchive/{kind}/{record_id}")
def unarchive_record(
    request: Request, kind: ArchiveKind, record_id: PathId, db: DB, form: FormData
) -> Response:
    """Bring an archived record back to lists and pickers."""
    return _submit(db, kind, record_id, undo=True)
