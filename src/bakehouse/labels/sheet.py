"""Sheets of labels as a PDF (docs/product.md §6.8).

Labels fill the positions of a stock from ``start_at`` (1 = top left; earlier positions of a
partly used sheet stay blank), left to right, top to bottom, onto as many sheets as needed.
Every label is laid out before anything is drawn, so one label that does not fit refuses the
whole print.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from bakehouse.domain.labelling import LabelContent
from bakehouse.errors import InvalidInput
from bakehouse.labels.fonts import BOLD, REGULAR, register_fonts
from bakehouse.labels.layout import FittedLabel, layout_on
from bakehouse.labels.stock import Cell, LabelStock


@dataclass(frozen=True)
class PlacedLabel:
    """Where a label prints: sheet number (from 1), position on it (from 1) and its cell."""

    sheet: int
    position: int
    cell: Cell
    fitted: FittedLabel


def place_labels(
    labels: Sequence[LabelContent], stock: LabelStock, *, start_at: int = 1
) -> list[PlacedLabel]:
    """Lay out every label and give it a sheet and position; raises ``LabelDoesNotFit``, or
    ``InvalidInput`` for no labels or a start position outside the sheet."""
    if not labels:
        raise InvalidInput("there are no labels to print", field="labels")
    stock.cell(start_at)  # refuses a position the stock does not have
    fitted = [layout_on(label, stock) for label in labels]
    placed = []
    for index, layout in enumerate(fitted):
        sheet, slot = divmod(start_at - 1 + index, stock.per_sheet)
        placed.append(PlacedLabel(sheet + 1, slot + 1, stock.cell(slot + 1), layout))
    return placed


def render_label_sheets(
    labels: Sequence[LabelContent],
    stock: LabelStock,
    *,
    start_at: int = 1,
    outlines: bool = False,
    title: str = "Labels",
) -> bytes:
    """The PDF of ``labels`` on ``stock``. ``outlines`` draws each cell's edge in light grey
    (for a test print on plain paper)."""
    placed = place_labels(labels, stock, start_at=start_at)
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=stock.page.points, invariant=True)
    canvas.setTitle(title)
    canvas.setCreator("Bakehouse")
    sheets = placed[-1].sheet
    for sheet in range(1, sheets + 1):
        if outlines:
            _draw_outlines(canvas, stock)
        for label in (p for p in placed if p.sheet == sheet):
            draw_label(canvas, label.fitted, label.cell, stock)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def draw_label(canvas: Canvas, fitted: FittedLabel, cell: Cell, stock: LabelStock) -> None:
    left = cell.x + stock.padding_x
    clear_height = cell.height - 2 * stock.padding_y
    # centred in the clear area: a short label sits in the middle of its cell
    top = cell.y + cell.height - stock.padding_y - max(0.0, clear_height - fitted.height) / 2
    for line in fitted.lines:
        y = top - line.baseline
        for piece in line.pieces:
            canvas.setFont(BOLD if piece.bold else REGULAR, line.size)
            canvas.drawString(left + piece.x, y, piece.text)
            if piece.underline:
                canvas.setLineWidth(max(0.4, line.size / 14))
                under = y - line.size * 0.12
                canvas.line(left + piece.x, under, left + piece.x + piece.width, under)


def _draw_outlines(canvas: Canvas, stock: LabelStock) -> None:
    canvas.saveState()
    canvas.setStrokeGray(0.8)
    canvas.setLineWidth(0.3)
    for position in range(1, stock.per_sheet + 1):
        cell = stock.cell(position)
        canvas.roundRect(cell.x, cell.y, cell.width, cell.height, radius=4)
    canvas.restoreState()
