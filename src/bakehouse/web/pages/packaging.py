"""Bundle and package pages: lists, a contents editor for each, and for packages what
they hold once bundles are opened up, their allergens and estimated cost.

Included by :mod:`bakehouse.web.pages.recipes`.
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
from bakehouse.web.deps import DB, render
from bakehouse.web.forms import FormData, submit_form
from bakehouse.web.pages.form_fields import EmptyForm, FormModel, PositiveCount, Text, flash_for
from bakehouse.web.pages.line_rows import form_rows, parse_rows, save_rows, with_spares

router = APIRouter(include_in_schema=False)
LIST = "pages/package_list.html"
CONTENTS = "pages/package_contents.html"
EDIT = "pages/package_edit.html"
ROW_FIELDS = ("content", "quantity")
RENAMES = {"item_id": "content", "bundle_id": "content"}
_CONTENT = re.compile(r"^(item|bundle):(\d{1,9})$")
Context = Callable[[Session], dict[str, Any]]


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
    """What differs between the bundle pages and the package pages: names and services."""

    name: str
    plural: str
    get: Callable[[Session, int], Any]
    records: Callable[[Session], Sequence[Any]]
    create: Callable[..., Any]
    update: Callable[..., Any]
    set_lines: Callable[[Session, int, list[ContentInput]], Any]
    delete: Callable[[Session, int], None]

    @property
    def is_package(self) -> bool:
        return self.name == "package"


BUNDLE = Kind(
    "bundle", "bundles", packaging.get_bundle, packaging.list_bundles, packaging.create_bundle,
    packaging.update_bundle, packaging.set_bundle_lines, packaging.delete_bundle,
)  # fmt: skip
PACKAGE = Kind(
    "package", "packages", packaging.get_package, packaging.list_packages,
    packaging.create_package, packaging.update_package, packaging.set_package_lines,
    packaging.delete_package,
)  # fmt: skip


def _list_context(kind: Kind) -> Context:
    def context(session: Session) -> dict[str, Any]:
        summaries = (
            {s.package_id: s for s in package_costing.list_package_summaries(session)}
            if kind.is_package
            else {}
        )
        return {"section": "recipes", "kind": kind, "records": list(kind.records(session)),
                "summaries": summaries, "allergen_label": allergen_label}  # fmt: skip

    return context


def _contents_context(kind: Kind, record_id: int) -> Context:
    def context(session: Session) -> dict[str, Any]:
        record = kind.get(session, record_id)
        rows = [
            {"content": _content_value(line), "quantity": line.quantity} for line in record.lines
        ]
        bundles = [
            b for b in packaging.list_bundles(session) if kind.is_package or b.id != record.id
        ]
        summary = (
            package_costing.get_package_summary(session, record.id) if kind.is_package else None
        )
        return {
            "section": "recipes", "kind": kind, "record": record, "summary": summary,
            "items": recipes.list_items(session), "bundles": bundles,
            "line_rows": with_spares(rows), "allergen_label": allergen_label,
        }  # fmt: skip

    return context


def _edit_context(kind: Kind, record_id: int) -> Context:
    def context(session: Session) -> dict[str, Any]:
        record = kind.get(session, record_id)
        defaults = {"name": record.name, "notes": record.notes}
        return {"section": "recipes", "kind": kind, "record": record, "defaults": defaults}

    return context


def _content_value(line: Any) -> str:
    if line.item_id is not None:
        return f"item:{line.item_id}"
    bundle_id = line.child_bundle_id if hasattr(line, "child_bundle_id") else line.bundle_id
    return f"bundle:{bundle_id}"


def _register(kind: Kind) -> None:
    base = f"/{kind.plural}"

    @router.get(base, name=f"{kind.plural}_page")
    def list_page(request: Request, db: DB, done: str | None = None) -> Response:
        with db.transaction() as session:
            context = _list_context(kind)(session) | {"flash": flash_for(done)}
            return render(request, LIST, context | {"errors": {}, "values": {}})

    @router.post(base, name=f"create_{kind.name}")
    def create(request: Request, db: DB, form: FormData) -> Response:
        def action(session: Session, data: ContentsForm) -> str:
            record = kind.create(session, name=data.name, notes=data.notes)
            return f"{base}/{record.id}?done=created"

        return submit_form(request, db, form, ContentsForm, action, LIST, _list_context(kind))

    @router.get(base + "/{record_id}", name=f"{kind.name}_page")
    def contents_page(
        request: Request, record_id: PathId, db: DB, done: str | None = None
    ) -> Response:
        with db.transaction() as session:
            context = _contents_context(kind, record_id)(session) | {"flash": flash_for(done)}
            return render(request, CONTENTS, context | {"errors": {}, "values": {}})

    @router.post(base + "/{record_id}/lines", name=f"save_{kind.name}_lines")
    def save_lines(request: Request, record_id: PathId, db: DB, form: FormData) -> Response:
        def action(session: Session, rows: list[ContentRow]) -> str:
            kind.set_lines(session, record_id, [row.as_input() for row in rows])
            return f"{base}/{record_id}?done=saved"

        parsed = parse_rows(form, ContentRow, ROW_FIELDS, RENAMES)
        context = _contents_context(kind, record_id)
        return save_rows(request, db, parsed, action, RENAMES, CONTENTS, context, form_rows(form))

    @router.get(base + "/{record_id}/edit", name=f"edit_{kind.name}_page")
    def edit_page(request: Request, record_id: PathId, db: DB) -> Response:
        with db.transaction() as session:
            context = _edit_context(kind, record_id)(session)
            return render(request, EDIT, context | {"errors": {}, "values": {}})

    @router.post(base + "/{record_id}/edit", name=f"update_{kind.name}")
    def update(request: Request, record_id: PathId, db: DB, form: FormData) -> Response:
        def action(session: Session, data: ContentsForm) -> str:
            kind.update(session, record_id, name=data.name, notes=data.notes)
            return f"{base}/{record_id}?done=saved"

        context = _edit_context(kind, record_id)
        return submit_form(request, db, form, ContentsForm, action, EDIT, context)

    @router.post(base + "/{record_id}/delete", name=f"delete_{kind.name}")
    def delete(request: Request, record_id: PathId, db: DB, form: FormData) -> Response:
        def action(session: Session, _: EmptyForm) -> str:
            kind.delete(session, record_id)
            return f"{base}?done=deleted"

        context = _edit_context(kind, record_id)
        return submit_form(request, db, form, EmptyForm, action, EDIT, context)


_register(BUNDLE)
_register(PACKAGE)
