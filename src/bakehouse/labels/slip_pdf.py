"""Packing slips as a PDF: one recipient per page (longer slips run on), A4 or US Letter."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer

from bakehouse.domain.labelling import PackingSlip, Run
from bakehouse.errors import InvalidInput
from bakehouse.labels.fonts import BOLD, REGULAR, register_fonts
from bakehouse.labels.stock import PageSize

_MARGIN = 50.0  # points, about 18 mm


def _style(name: str, size: float, *, bold: bool = False, after: float = 2) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=BOLD if bold else REGULAR,
        fontSize=size,
        leading=size * 1.25,
        spaceAfter=after,
    )


_TITLE = _style("slip-title", 16, bold=True, after=2)
_EVENT = _style("slip-event", 11, after=10)
_NAME = _style("slip-name", 12.5, bold=True, after=1)
_BODY = _style("slip-body", 10)
_PACKAGE = _style("slip-package", 11.5, bold=True, after=3)
_SMALL = _style("slip-small", 9, after=1)


def runs_markup(runs: Iterable[Run]) -> str:
    """Runs as reportlab paragraph markup: text escaped, allergens bold, avoided underlined."""
    parts = []
    for run in runs:
        text = escape(run.text)
        if run.avoided:
            text = f"<u>{text}</u>"
        if run.strong or run.avoided:
            text = f"<b>{text}</b>"
        parts.append(text)
    return "".join(parts)


def slip_story(slip: PackingSlip) -> list[Flowable]:
    """The flowables of one slip, in reading order."""
    story: list[Flowable] = [
        Paragraph("Packing slip", _TITLE),
        Paragraph(escape(" · ".join(p for p in (slip.event, slip.event_date) if p)), _EVENT),
        Paragraph(escape(slip.recipient.name), _NAME),
    ]
    for line in (slip.recipient.household, *slip.recipient.address.splitlines()):
        if line.strip():
            story.append(Paragraph(escape(" ".join(line.split())), _BODY))
    for package in slip.packages:
        story.append(Spacer(1, 10))
        story.append(Paragraph(escape(package.heading), _PACKAGE))
        story.extend(Paragraph(runs_markup(block.runs), _BODY) for block in package.blocks)
    if slip.maker or slip.statement:
        story.append(Spacer(1, 14))
        story.extend(Paragraph(escape(line), _SMALL) for line in slip.maker)
        if slip.statement:
            story.append(Paragraph(escape(slip.statement), _SMALL))
    return story


def render_packing_slips(slips: Sequence[PackingSlip], page: PageSize) -> bytes:
    """The PDF of ``slips``, each starting on a new page; ``InvalidInput`` when there are none."""
    if not slips:
        raise InvalidInput("there are no packing slips to print", field="recipients")
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=page.points,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=_MARGIN,
        title="Packing slips",
        creator="Bakehouse",
        invariant=True,
    )
    story: list[Flowable] = []
    for index, slip in enumerate(slips):
        if index:
            story.append(PageBreak())
        story.extend(slip_story(slip))
    document.build(story)
    return buffer.getvalue()
