"""Print-CSS HTML of the same labels and slips: sheets laid out in CSS lengths at the PDF's
type sizes, so a browser's print gives the same cells (docs/product.md §6.8)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from bakehouse.domain.labelling import BlockRole, LabelContent, PackingSlip, Run
from bakehouse.labels.fonts import FAMILY
from bakehouse.labels.sheet import place_labels
from bakehouse.labels.stock import LabelStock, PageSize

_SCALE = {BlockRole.TITLE: 1.3, BlockRole.RECIPIENT: 1.1}


def runs_html(runs: Iterable[Run]) -> str:
    parts = []
    for run in runs:
        text = escape(run.text)
        if run.avoided:
            text = f'<strong class="avoid">{text}</strong>'
        elif run.strong:
            text = f"<strong>{text}</strong>"
        parts.append(text)
    return "".join(parts)


def _document(title: str, page: PageSize, body: str, css: str, font_url: str | None) -> str:
    face = (
        f'@font-face {{ font-family: "{FAMILY}"; src: url("{escape(font_url)}"); }}\n'
        if font_url
        else ""
    )
    width, height = page.points
    return (
        "<!doctype html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>\n'
        "<style>\n"
        f"{face}"
        f"@page {{ size: {width:.3f}pt {height:.3f}pt; margin: 0; }}\n"
        f'body {{ margin: 0; font-family: "{FAMILY}", sans-serif; color: #000; }}\n'
        "strong.avoid { text-decoration: underline; }\n"
        f"{css}"
        "</style></head>\n"
        f"<body>\n{body}</body></html>\n"
    )


def render_labels_html(
    labels: Sequence[LabelContent],
    stock: LabelStock,
    *,
    start_at: int = 1,
    font_url: str | None = None,
) -> str:
    """The labels as HTML sheets with print CSS: one page-sized box per sheet, each label an
    absolutely placed box at its cell, at the body size the PDF layout chose. ``font_url``
    points a ``@font-face`` at the bundled font file when the caller serves it."""
    placed = place_labels(labels, stock, start_at=start_at)
    width, height = stock.page.points
    sheets: dict[int, list[str]] = {}
    for label in placed:
        cell, fitted = label.cell, label.fitted
        blocks = "".join(
            f'<p class="{block.role.value}" '
            f'style="font-size:{fitted.body_size * _SCALE.get(block.role, 1.0):.2f}pt">'
            f"{runs_html(block.runs)}</p>"
            for block in fitted.label.blocks
        )
        sheets.setdefault(label.sheet, []).append(
            f'<div class="label" data-position="{label.position}" '
            f'style="left:{cell.x:.3f}pt;top:{height - cell.y - cell.height:.3f}pt;'
            f"width:{cell.width:.3f}pt;height:{cell.height:.3f}pt;"
            f'padding:{stock.padding_y}pt {stock.padding_x}pt">{blocks}</div>\n'
        )
    body = "".join(
        f'<section class="sheet" aria-label="Sheet {number}">\n{"".join(cells)}</section>\n'
        for number, cells in sorted(sheets.items())
    )
    css = (
        f".sheet {{ position: relative; width: {width:.3f}pt; height: {height:.3f}pt; "
        "overflow: hidden; page-break-after: always; break-after: page; }\n"
        ".label { position: absolute; box-sizing: border-box; overflow: hidden; "
        "line-height: 1.2; display: flex; flex-direction: column; justify-content: center; }\n"
        ".label p { margin: 0; overflow-wrap: anywhere; }\n"
        ".label p.title, .label p.recipient { font-weight: bold; }\n"
        "@media screen { .sheet { outline: 1px solid #ccc; margin: 12px auto; } "
        ".label { outline: 1px dashed #ddd; } }\n"
    )
    return _document(f"Labels on {stock.title}", stock.page, body, css, font_url)


def render_slips_html(
    slips: Sequence[PackingSlip], page: PageSize, *, font_url: str | None = None
) -> str:
    """The packing slips as HTML, one page each when printed."""
    parts = []
    for slip in slips:
        address = "".join(
            f"<p>{escape(line)}</p>"
            for line in (slip.recipient.household, *slip.recipient.address.splitlines())
            if line.strip()
        )
        packages = []
        for package in slip.packages:
            rows = "".join(
                f'<p class="{block.role.value}">{runs_html(block.runs)}</p>'
                for block in package.blocks
            )
            heading = escape(package.heading)
            packages.append(f"<section><h3>{heading}</h3>{rows}</section>")
        maker = "".join(f"<p>{escape(line)}</p>" for line in slip.maker)
        statement = f"<p>{escape(slip.statement)}</p>" if slip.statement else ""
        footer = f'<footer class="maker">{maker}{statement}</footer>' if maker or statement else ""
        event = " · ".join(p for p in (slip.event, slip.event_date) if p)
        parts.append(
            '<article class="slip">'
            f'<h1>Packing slip</h1><p class="event">{escape(event)}</p>'
            f"<h2>{escape(slip.recipient.name)}</h2>{address}{''.join(packages)}{footer}"
            "</article>\n"
        )
    css = (
        ".slip { padding: 50pt; font-size: 10pt; line-height: 1.25; "
        "page-break-after: always; break-after: page; }\n"
        ".slip h1 { font-size: 16pt; margin: 0; } .slip h2 { font-size: 12.5pt; margin: 0; }\n"
        ".slip h3 { font-size: 11.5pt; margin: 10pt 0 3pt; } .slip p { margin: 0 0 2pt; }\n"
        ".slip .event { font-size: 11pt; margin-bottom: 10pt; }\n"
        ".slip .maker { margin-top: 14pt; font-size: 9pt; }\n"
    )
    return _document("Packing slips", page, "".join(parts), css, font_url)
