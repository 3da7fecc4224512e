"""Charts drawn on the server as SVG: no script, no third-party files, readable offline.

Each chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` so a screen reader
announces what it shows; the page beside it carries the same numbers as a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from markupsafe import Markup, escape

from bakehouse.domain.numbers import to_cents
from bakehouse.web.formatting import money

WIDTH = 720
LABEL_WIDTH = 190
VALUE_WIDTH = 90
BAR_HEIGHT = 14
ROW_GAP = 14
TOP = 28


@dataclass(frozen=True)
class CostBar:
    """One recipe's planned and actual cost; ``unpriced`` when planned leaves lines out."""

    label: str
    planned: Decimal
    actual: Decimal
    unpriced: bool = False


def cost_chart(bars: Sequence[CostBar], *, title: str) -> Markup:
    """Horizontal paired bars, planned above actual, on one scale; over plan drawn in red."""
    if not bars:
        return Markup("")
    largest = max(max(b.planned, b.actual) for b in bars) or Decimal(1)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    row = 2 * BAR_HEIGHT + ROW_GAP
    height = TOP + row * len(bars) + 4
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(_describe(bars))}</desc>',
        _legend(),
    ]
    for index, bar in enumerate(bars):
        y = TOP + index * row
        parts.append(_row(bar, y, span, largest))
    parts.append(
        f'<line class="axis" x1="{LABEL_WIDTH}" y1="{TOP - 4}" '
        f'x2="{LABEL_WIDTH}" y2="{height - 2}"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def _row(bar: CostBar, y: int, span: int, largest: Decimal) -> str:
    over = to_cents(bar.actual) > to_cents(bar.planned)  # as shown: a tenth of a cent is not over
    planned_width = _width(bar.planned, span, largest)
    actual_width = _width(bar.actual, span, largest)
    planned_text = money(bar.planned) + (" + unpriced" if bar.unpriced else "")
    label = bar.label if len(bar.label) <= 26 else bar.label[:25] + "…"
    actual_class = "bar-actual over" if over else "bar-actual"
    return (
        f'<g><text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT + 4}" text-anchor="end">'
        f"{escape(label)}</text>"
        f'<rect class="bar-planned" x="{LABEL_WIDTH}" y="{y}" width="{planned_width}" '
        f'height="{BAR_HEIGHT}" rx="2"/>'
        f'<text class="value" x="{LABEL_WIDTH + planned_width + 6}" y="{y + BAR_HEIGHT - 3}">'
        f"{escape(planned_text)}</text>"
        f'<rect class="{actual_class}" x="{LABEL_WIDTH}" y="{y + BAR_HEIGHT}" '
        f'width="{actual_width}" height="{BAR_HEIGHT}" rx="2"/>'
        f'<text class="value" x="{LABEL_WIDTH + actual_width + 6}" '
        f'y="{y + 2 * BAR_HEIGHT - 3}">{escape(money(bar.actual))}</text></g>'
    )


def _width(value: Decimal, span: int, largest: Decimal) -> int:
    if value <= 0:
        return 0
    return max(2, int(value / largest * span))


def _legend() -> str:
    return (
        f'<g class="chart-legend"><rect class="bar-planned" x="{LABEL_WIDTH}" y="4" '
        'width="12" height="12" rx="2"/>'
        f'<text x="{LABEL_WIDTH + 18}" y="14">planned</text>'
        f'<rect class="bar-actual" x="{LABEL_WIDTH + 90}" y="4" width="12" height="12" rx="2"/>'
        f'<text x="{LABEL_WIDTH + 108}" y="14">actual</text>'
        f'<rect class="bar-actual over" x="{LABEL_WIDTH + 170}" y="4" width="12" '
        'height="12" rx="2"/>'
        f'<text x="{LABEL_WIDTH + 188}" y="14">actual, over plan</text></g>'
    )


def _describe(bars: Sequence[CostBar]) -> str:
    return "; ".join(
        f"{b.label}: planned {money(b.planned)}, actual {money(b.actual)}" for b in bars
    )


@dataclass(frozen=True)
class PricePoint:
    """One price paid: on ``day`` at ``store``, ``price`` per unit."""

    day: date
    price: Decimal
    store: str


SPARK_WIDTH = 320
SPARK_HEIGHT = 132
SPARK_LEFT = 56
SPARK_RIGHT = 12
SPARK_TOP = 12
SPARK_BOTTOM = 40
#: Stores get these marks in turn (colour and shape), so two stores read apart in grey too.
STORE_MARKS = 4


def price_chart(
    points: Sequence[PricePoint],
    *,
    title: str,
    unit: str,
    chart_id: str,
    stores: Sequence[str] = (),
) -> Markup:
    """A small line chart of a unit price over time: one dot per purchase on a day scale,
    a line through them in date order, each store its own mark (in the order of
    ``stores``, so a page of charts marks a store alike); the price scale from 0."""
    if not points:
        return Markup("")
    ordered = sorted(points, key=lambda p: p.day)
    seen = {p.store for p in ordered}
    order = [*stores, *sorted(seen - set(stores), key=str.lower)]
    marks = {store: order.index(store) % STORE_MARKS for store in seen}
    present = [store for store in order if store in seen]
    first, last = ordered[0].day, ordered[-1].day
    days = max((last - first).days, 1)
    top = max(p.price for p in ordered) or Decimal(1)
    inner_w = SPARK_WIDTH - SPARK_LEFT - SPARK_RIGHT
    inner_h = SPARK_HEIGHT - SPARK_TOP - SPARK_BOTTOM

    def x(day: date) -> int:
        if first == last:
            return SPARK_LEFT + 8
        return SPARK_LEFT + int(Decimal((day - first).days) / days * inner_w)

    def y(price: Decimal) -> int:
        return SPARK_TOP + inner_h - int(price / top * inner_h)

    base = SPARK_TOP + inner_h
    parts = [
        f'<svg class="chart price-chart" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_describe_prices(ordered, unit))}</desc>',
        f'<line class="axis" x1="{SPARK_LEFT}" y1="{SPARK_TOP}" x2="{SPARK_LEFT}" y2="{base}"/>',
        f'<line class="axis" x1="{SPARK_LEFT}" y1="{base}" x2="{SPARK_WIDTH - SPARK_RIGHT}" '
        f'y2="{base}"/>',
        f'<text class="value" x="{SPARK_LEFT - 4}" y="{SPARK_TOP + 4}" text-anchor="end">'
        f"{escape(money(top))}</text>",
        f'<text class="value" x="{SPARK_LEFT - 4}" y="{base}" text-anchor="end">$0</text>',
        f'<text class="value" x="{SPARK_LEFT}" y="{base + 14}">{first.isoformat()}</text>',
    ]
    if last != first:
        parts.append(
            f'<text class="value" x="{SPARK_WIDTH - SPARK_RIGHT}" y="{base + 14}" '
            f'text-anchor="end">{last.isoformat()}</text>'
        )
    line = " ".join(f"{x(p.day)},{y(p.price)}" for p in ordered)
    parts.append(f'<polyline class="price-line" points="{line}"/>')
    for point in ordered:
        mark = marks[point.store]
        cx, cy = x(point.day), y(point.price)
        label = escape(f"{point.day.isoformat()}, {point.store}: {money(point.price)}/{unit}")
        parts.append(f'<g class="store-{mark}"><title>{label}</title>{_mark(mark, cx, cy)}</g>')
    for index, store in enumerate(present[:STORE_MARKS]):
        lx = SPARK_LEFT + index * (inner_w // min(len(present), STORE_MARKS))
        name = store if len(store) <= 14 else store[:13] + "…"
        parts.append(
            f'<g class="store-{marks[store]}">{_mark(marks[store], lx + 4, SPARK_HEIGHT - 9)}'
            f'<text x="{lx + 12}" y="{SPARK_HEIGHT - 4}">{escape(name)}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _mark(index: int, cx: int, cy: int) -> str:
    """A store's mark: a dot, or a square for every other store."""
    if index % 2:
        return f'<rect x="{cx - 4}" y="{cy - 4}" width="8" height="8"/>'
    return f'<circle cx="{cx}" cy="{cy}" r="4"/>'


def _describe_prices(points: Sequence[PricePoint], unit: str) -> str:
    return "; ".join(
        f"{p.day.isoformat()} at {p.store}: {money(p.price)} per {unit}" for p in points
    )
