"""Bundle and package pages: lists, a contents editor for each, and for packages what
they hold once bundles are opened up, their allergens and estimated cost.

Bundles and packages have the same pages (one template each, told which by ``kind``);
every route is written out, so each URL leads to its own function. Included by
:mod:`bakehouse.web.pages.recipes`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import field_validator
from sqlalchemy.orm import Session

from bakehouse.domain.allergens import allergen_label
from bakehouse.services.packaging import costing as package_costing
from bakehouse.services.packaging import packages as packaging
from bakehouse.services.packaging.packages import ContentInput
from bakehouse.services.recipes import recipes
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.deps import DB, Database, render
from bakehouse.web.forms import Context, FormData, submit_form
from bakehouse.web.pages.form_fields import EmptyForm, FormModel, PositiveCount, Text, flash_for
from bakehouse.web.pages.line_rows import form_rows, parse_rows, save_rows, with_spares

router = APIRouter(include_in_schema=False)
LIST = "pages/package_list.html"
CONTENTS = "pages/package_contents.html"
EDIT = "pages/package_edit.html"
ROW_FIELDS = ("content", "quantity")
RENAMES = {"item_id": "content", "bundle_id": "content"}
_CONTENT = re.compile(r"^(item|bundle):(\d{1,9})$")


class ContentsForm(FormModel):
    name: Text
    notes: Text = ""


class ContentRow(FormModel):
    content: str
    quantity: PositiveCount

    @field_validator("content", mode="before")
    @classmethod
    def _chosen(cls, value: Any) -> Any:
        if not isinstance(value, str) or not _CONTENT.match(value):
            raise ValueError("choose an item or a bundle")
        return value

    def as_input(self) -> ContentInput:
        kind, number = self.content.split(":")
        if kind == "item":
            return ContentInput(self.quantity, item_id=int(number))
        return ContentInput(self.quantity, bundle_id=int(number))


@dataclass(frozen=True)
class Kind:
    """What the shared templates say: "bundle" or "package", and the URL's plural."""

    name: str
    plural: str

    @property
    def is_package(self) -> bool:
        return self.name == "package"


BUNDLE = Kind("bundle", "bundles")
PACKAGE = Kind("package", "packages")


# --- Bundles ---------------------------------------------------------------------------------


@router.get("/bundles", name="bundles_page")
def bundle_list_page(
    request: Request, db: DB, done: str | None = None, archived: bool = False
) -> Response:
    """Bundles in use, or with ``?archived=true`` the archived ones too (§6.20)."""
    return _page(request, db, LIST, lambda s: _bundle_list(s, archived), done)


@router.post("/bundles", name="create_bundle")
def bundle_create(request: Request, db: DB, form: FormData) -> Response:
    def action(session: Session, data: ContentsForm) -> str:
        bundle = packaging.create_bundle(session, name=data.name, notes=data.notes)
        return f"/bundles/{bundle.id}?done=created"

    return submit_form(request, db, form, ContentsForm, action, LIST, _bundle_list)


@router.get("/bundles/{bundle_id}", name="bundle_page")
def bundle_page(request: Request, bundle_id: PathId, db: DB, done: str | None = None) -> Response:
    return _page(request, db, CONTENTS, _bundle_contents(bundle_id), done)


@router.post("/bundles/{bundle_id}/lines", name="save_bundle_lines")
def bundle_save_lines(request: Request, bundle_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, rows: list[ContentRow]) -> str:
        packaging.set_bundle_lines(session, bundle_id, [row.as_input() for row in rows])
        return f"/bundles/{bundle_id}?done=saved"

    return _save_contents(request, db, form, action, _bundle_contents(bundle_id))


@router.get("/bundles/{bundle_id}/edit", name="edit_bundle_page")
def bundle_edit_page(request: Request, bundle_id: PathId, db: DB) -> Response:
    return _page(request, db, EDIT, _bundle_edit(bundle_id))


@router.post("/bundles/{bundle_id}/edit", name="update_bundle")
def bundle_update(request: Request, bundle_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, data: ContentsForm) -> str:
        packaging.update_bundle(session, bundle_id, name=data.name, notes=data.notes)
        return f"/bundles/{bundle_id}?done=saved"

    return submit_form(request, db, form, ContentsForm, action, EDIT, _bundle_edit(bundle_id))


@router.post("/bundles/{bundle_id}/delete", name="delete_bundle")
def bundle_delete(request: Request, bundle_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, _: EmptyForm) -> str:
        packaging.delete_bundle(session, bundle_id)
        return "/bundles?done=deleted"

    return submit_form(request, db, form, EmptyForm, action, EDIT, _bundle_edit(bundle_id))


def _bundle_list(session: Session, archived: bool = False) -> dict[str, Any]:
    bundles = packaging.list_bundles(session, include_archived=archived)
    return _list_context(BUNDLE, bundles, summaries={}) | {"show_archived": archived}


def _bundle_contents(bundle_id: int) -> Context:
    def context(session: Session) -> dict[str, Any]:
        bundle = packaging.get_bundle(session, bundle_id)
        others = [b for b in packaging.list_bundles(session) if b.id != bundle.id]
        return _contents_context(session, BUNDLE, bundle, others, summary=None)

    return context


def _bundle_edit(bundle_id: int) -> Context:
    return lambda session: _edit_context(BUNDLE, packaging.get_bundle(session, bundle_id))


# --- Packages --------------------------------------------------------------------------------


@router.get("/packages", name="packages_page")
def package_list_page(
    request: Request, db: DB, done: str | None = None, archived: bool = False
) -> Response:
    """Packages in use, or with ``?archived=true`` the archived ones too (§6.20)."""
    return _page(request, db, LIST, lambda s: _package_list(s, archived), done)


@router.post("/packages", name="create_package")
def package_create(request: Request, db: DB, form: FormData) -> Response:
    def action(session: Session, data: ContentsForm) -> str:
        package = packaging.create_package(session, name=data.name, notes=data.notes)
        return f"/packages/{package.id}?done=created"

    return submit_form(request, db, form, ContentsForm, action, LIST, _package_list)


@router.get("/packages/{package_id}", name="package_page")
def package_page(request: Request, package_id: PathId, db: DB, done: str | None = None) -> Response:
    return _page(request, db, CONTENTS, _package_contents(package_id), done)


@router.post("/packages/{package_id}/lines", name="save_package_lines")
def package_save_lines(request: Request, package_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, rows: list[ContentRow]) -> str:
        packaging.set_package_lines(session, package_id, [row.as_input() for row in rows])
        return f"/packages/{package_id}?done=saved"

    return _save_contents(request, db, form, action, _package_contents(package_id))


@router.get("/packages/{package_id}/edit", name="edit_package_page")
def package_edit_page(request: Request, package_id: PathId, db: DB) -> Response:
    return _page(request, db, EDIT, _package_edit(package_id))


@router.post("/packages/{package_id}/edit", name="update_package")
def package_update(request: Request, package_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, data: ContentsForm) -> str:
        packaging.update_package(session, package_id, name=data.name, notes=data.notes)
        return f"/packages/{package_id}?done=saved"

    return submit_form(request, db, form, ContentsForm, action, EDIT, _package_edit(package_id))


@router.post("/packages/{package_id}/delete", name="delete_package")
def package_delete(request: Request, package_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, _: EmptyForm) -> str:
        packaging.delete_package(session, package_id)
        return "/packages?done=deleted"

    return submit_form(request, db, form, EmptyForm, action, EDIT, _package_edit(package_id))


def _package_list(session: Session, archived: bool = False) -> dict[str, Any]:
    summaries = {s.package_id: s for s in package_costing.list_package_summaries(session)}
    packages = packaging.list_packages(session, include_archived=archived)
    return _list_context(PACKAGE, packages, summaries) | {"show_archived": archived}


def _package_contents(package_id: int) -> Context:
    def context(session: Session) -> dict[str, Any]:
        package = packaging.get_package(session, package_id)
        summary = package_costing.get_package_summary(session, package.id)
        bundles = packaging.list_bundles(session)
        return _contents_context(session, PACKAGE, package, bundles, summary)

    return context


def _package_edit(package_id: int) -> Context:
    return lambda session: _edit_context(PACKAGE, packaging.get_package(session, package_id))


# --- What both kinds share -------------------------------------------------------------------


def _page(
    request: Request, db: Database, template: str, context: Context, done: str | None = None
) -> Response:
    """A page with no problems to show (and the notice of ``?done=``, if any)."""
    with db.transaction() as session:
        page = context(session) | {"errors": {}, "values": {}}
        if done is not None:
            page["flash"] = flash_for(done)
        return render(request, template, page)


def _save_contents(
    request: Request,
    db: Database,
    form: dict[str, Any],
    action: Callable[[Session, list[ContentRow]], str],
    context: Context,
) -> Response:
    """Save the contents editor's rows (see :mod:`bakehouse.web.pages.line_rows`)."""
    parsed = parse_rows(form, ContentRow, ROW_FIELDS, RENAMES)
    return save_rows(request, db, parsed, action, RENAMES, CONTENTS, context, form_rows(form))


def _list_context(kind: Kind, records: Sequence[Any], summaries: dict[int, Any]) -> dict[str, Any]:
    return {"section": "recipes", "kind": kind, "records": list(records),
            "summaries": summaries, "allergen_label": allergen_label}  # fmt: skip


def _contents_context(
    session: Session, kind: Kind, record: Any, bundles: Sequence[Any], summary: Any
) -> dict[str, Any]:
    rows = [{"content": _content_value(line), "quantity": line.quantity} for line in record.lines]
    return {
        "section": "recipes", "kind": kind, "record": record, "summary": summary,
        "items": recipes.list_items(session), "bundles": list(bundles),
        "line_rows": with_spares(rows), "allergen_label": allergen_label,
    }  # fmt: skip


def _edit_context(kind: Kind, record: Any) -> dict[str, Any]:
    defaults = {"name": record.name, "notes": record.notes}
    return {"section": "recipes", "kind": kind, "record": record, "defaults": defaults}


def _content_value(line: Any) -> str:
    if line.item_id is not None:
        return f"item:{line.item_id}"
    bundle_id = line.child_bundle_id if hasattr(line, "child_bundle_id") else line.bundle_id
    return f"bundle:{bundle_id}"
