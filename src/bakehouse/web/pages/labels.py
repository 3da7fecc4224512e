"""Gift labels and packing slips on the web (docs/product.md §6.8): an event's preview page
with the baker's warnings, the PDF and print-CSS HTML of its labels and slips, and a
package's label preview. Every route only reads."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bakehouse.domain.labelling import BlockRole, LabelMode
from bakehouse.labels import PAGES, STOCKS
from bakehouse.labels.html import runs_html
from bakehouse.services.events import labels as service
from bakehouse.services.events.events import get_event
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.deps import DB, render
from bakehouse.web.label_queries import AssignmentId, Mode, Paper, Start, Stock, pdf_response

router = APIRouter(include_in_schema=False)

PREVIEW = "pages/event_labels.html"
PACKAGE = "pages/package_label.html"


@router.get("/events/{event_id}/labels", response_class=HTMLResponse)
def labels_page(
    request: Request,
    db: DB,
    event_id: PathId,
    stock: Stock = "avery-5163",
    start: Start = 1,
    mode: Mode = LabelMode.PER_PACKAGE,
    assignment: AssignmentId = None,
) -> Response:
    """What the labels will say, the warnings to fix first, and the print choices."""
    with db.transaction() as session:
        event = get_event(session, event_id)
        preview = service.preview_event_labels(
            session, event.id, mode=mode, assignment_id=assignment
        )
        problem = service.sheet_problem(preview.labels, stock, start) if preview.labels else None
        query = f"stock={stock}&start={start}&mode={mode.value}" + (
            f"&assignment={assignment}" if assignment else ""
        )
        context: dict[str, Any] = {
            "section": "events",
            "event": event,
            "preview": preview,
            "labels": [_label_view(label) for label in preview.labels],
            "stock_options": [(s.key, f"{s.name} ({s.size_text})") for s in STOCKS.values()],
            "chosen": {"stock": stock, "start": start, "mode": mode.value},
            "assignment": assignment,
            "problem": problem,
            "query": query,
            "pages": list(PAGES),
        }
        return render(request, PREVIEW, context)


@router.get("/events/{event_id}/labels.pdf")
def labels_pdf(
    db: DB,
    event_id: PathId,
    stock: Stock = "avery-5163",
    start: Start = 1,
    mode: Mode = LabelMode.PER_PACKAGE,
    assignment: AssignmentId = None,
) -> Response:
    """The labels on label stock, as PDF."""
    with db.transaction() as session:
        pdf = service.event_label_sheets(
            session, event_id, stock=stock, start_at=start, mode=mode, assignment_id=assignment
        )
        assert isinstance(pdf, bytes)
        return pdf_response(pdf, f"labels-{get_event(session, event_id).slug}.pdf")


@router.get("/events/{event_id}/labels.html", response_class=HTMLResponse)
def labels_html(
    db: DB,
    event_id: PathId,
    stock: Stock = "avery-5163",
    start: Start = 1,
    mode: Mode = LabelMode.PER_PACKAGE,
    assignment: AssignmentId = None,
) -> Response:
    """The same sheets as HTML with print CSS, for printing from the browser."""
    with db.transaction() as session:
        html = service.event_label_sheets(
            session, event_id, stock=stock, start_at=start, mode=mode,
            assignment_id=assignment, html=True,
        )  # fmt: skip
        return HTMLResponse(str(html))


@router.get("/events/{event_id}/packing-slips.pdf")
def slips_pdf(
    db: DB, event_id: PathId, paper: Paper = "letter", assignment: AssignmentId = None
) -> Response:
    """A packing slip per recipient, one a page, as PDF."""
    with db.transaction() as session:
        pdf = service.event_packing_slips(session, event_id, page=paper, assignment_id=assignment)
        assert isinstance(pdf, bytes)
        return pdf_response(pdf, f"packing-slips-{get_event(session, event_id).slug}.pdf")


@router.get("/events/{event_id}/packing-slips.html", response_class=HTMLResponse)
def slips_html(
    db: DB, event_id: PathId, paper: Paper = "letter", assignment: AssignmentId = None
) -> Response:
    """The packing slips as HTML with print CSS."""
    with db.transaction() as session:
        html = service.event_packing_slips(
            session, event_id, page=paper, assignment_id=assignment, html=True
        )
        return HTMLResponse(str(html))


@router.get("/packages/{package_id}/label", response_class=HTMLResponse)
def package_label_page(request: Request, db: DB, package_id: PathId) -> Response:
    """What a package's label says (no recipient, no dates), and what to set first."""
    with db.transaction() as session:
        label = service.preview_package_label(session, package_id)
        context = {
            "section": "recipes",
            "package_id": package_id,
            "label": _label_view(label),
            "warnings": label.warnings,
        }
        return render(request, PACKAGE, context)


def _label_view(label: Any) -> dict[str, Any]:
    """A label as the preview shows it: its name, and each block as escaped HTML with the
    allergens emphasised as the print does."""
    return {
        "name": label.name,
        "blocks": [
            {
                "role": block.role.value,
                "html": runs_html(block.runs),
                "title": block.role is BlockRole.TITLE,
            }
            for block in label.blocks
        ],
        "warnings": label.warnings,
    }
