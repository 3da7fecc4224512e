"""Printing labels and packing slips: label stock, layout, PDF and print-CSS HTML.

Reads only the plain content built by ``bakehouse.domain.labelling``; draws with reportlab in
the Source Sans Pro typeface that ``font-source-sans-pro`` installs (docs/product.md §6.8).
"""

from bakehouse.labels.errors import LabelDoesNotFit
from bakehouse.labels.html import render_labels_html, render_slips_html
from bakehouse.labels.layout import FittedLabel, Line, Piece, fit_label, layout_on
from bakehouse.labels.sheet import PlacedLabel, place_labels, render_label_sheets
from bakehouse.labels.slip_pdf import render_packing_slips
from bakehouse.labels.stock import PAGES, STOCKS, Cell, LabelStock, PageSize, stock_by_key

__all__ = [
    "PAGES",
    "STOCKS",
    "Cell",
    "FittedLabel",
    "LabelDoesNotFit",
    "LabelStock",
    "Line",
    "PageSize",
    "Piece",
    "PlacedLabel",
    "fit_label",
    "layout_on",
    "place_labels",
    "render_label_sheets",
    "render_labels_html",
    "render_packing_slips",
    "render_slips_html",
    "stock_by_key",
]
