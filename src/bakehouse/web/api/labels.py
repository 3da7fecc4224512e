"""Gift labels and packing slips (docs/product.md §6.8): an event's label contents as JSON,
its label sheets and packing slips as PDF, and a package's label. Reads only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from bakehouse.domain.labelling import LabelMode
from bakehouse.schemas.labels import EventLabelsRead, LabelRead
from bakehouse.services.events import labels as service
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.api.strict_json import StrictJsonRoute
from bakehouse.web.deps import DB
from bakehouse.web.label_queries import AssignmentId, Mode, Paper, Start, Stock, pdf_response

router = APIRouter(tags=["labels"], route_class=StrictJsonRoute)

PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "The PDF."}
}


@router.get("/events/{event_id}/labels", response_model=EventLabelsRead)
def event_labels(
    db: DB, event_id: PathId, mode: Mode = LabelMode.PER_PACKAGE,
    assignment: AssignmentId = None,
) -> EventLabelsRead:  # fmt: skip
    """What each label of the event (or of one assignment) prints, and the warnings."""
    with db.transaction() as session:
        preview = service.preview_event_labels(
            session, event_id, mode=mode, assignment_id=assignment
        )
        return EventLabelsRead(
            event_id=preview.event_id,
            event=preview.event_name,
            labels=[LabelRead.of(label) for label in preview.labels],
            warnings=list(preview.warnings),
        )


@router.get("/events/{event_id}/labels.pdf", response_class=Response, responses=PDF)
def event_labels_pdf(
    db: DB, event_id: PathId, stock: Stock = "avery-5160", start: Start = 1,
    mode: Mode = LabelMode.PER_PACKAGE, assignment: AssignmentId = None,
) -> Response:  # fmt: skip
    """The labels on label stock from position ``start``; 400 naming the label that does
    not fit and a larger stock."""
    with db.transaction() as session:
        pdf = service.event_label_sheets(
            session, event_id, stock=stock, start_at=start, mode=mode, assignment_id=assignment
        )
        assert isinstance(pdf, bytes)
        return pdf_response(pdf, f"labels-{event_id}.pdf")


@router.get("/events/{event_id}/packing-slips.pdf", response_class=Response, responses=PDF)
def event_packing_slips_pdf(
    db: DB, event_id: PathId, paper: Paper = "letter", assignment: AssignmentId = None
) -> Response:
    """A packing slip per recipient, one a page."""
    with db.transaction() as session:
        pdf = service.event_packing_slips(session, event_id, page=paper, assignment_id=assignment)
        assert isinstance(pdf, bytes)
        return pdf_response(pdf, f"packing-slips-{event_id}.pdf")


@router.get("/packages/{package_id}/label", response_model=LabelRead)
def package_label(db: DB, package_id: PathId) -> LabelRead:
    """A package's label for nobody in particular: contents, ingredients, allergens, net
    quantity (no dates: no bake is chosen)."""
    with db.transaction() as session:
        return LabelRead.of(service.preview_package_label(session, package_id))
