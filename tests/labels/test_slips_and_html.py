"""Packing slips (PDF, A4 or Letter) and the print-CSS HTML of labels and slips."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from bakehouse.domain.labelling import (
    AssignmentFacts,
    LabelSettings,
    PackingSlip,
    Recipient,
    build_label,
    build_packing_slip,
)
from bakehouse.errors import InvalidInput
from bakehouse.labels import (
    PAGES,
    STOCKS,
    fit_label,
    place_labels,
    render_labels_html,
    render_packing_slips,
    render_slips_html,
)
from bakehouse.labels.layout import MINIMUM_SIZE
from tests.labels.holiday_tin import ALMOND_CRESCENTS, HOLIDAY_TIN
from tests.labels.pdf_text import pages_text, squeezed
from tests.labels.sample import BATCHES, FRIENDS, MAKER, gift_tags


def slips() -> list[PackingSlip]:
    return [
        build_packing_slip(
            event="Christmas 2026",
            event_date=date(2026, 12, 24),
            recipient=friend,
            assignments=[AssignmentFacts(friend, HOLIDAY_TIN, quantity=2, batches=BATCHES)],
            settings=MAKER,
        )
        for friend in FRIENDS[:2]
    ]


@pytest.mark.parametrize(("page", "size"), [("a4", (595.276, 841.89)), ("letter", (612, 792))])
def test_one_packing_slip_per_recipient_on_its_own_page(
    page: str, size: tuple[float, float]
) -> None:
    pdf = render_packing_slips(slips(), PAGES[page])
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 3), round(float(box.height), 3)) == size
    first, second = ("\n".join(f.text for f in p) for p in pages_text(pdf))
    assert "Łucja Dvořák" in first
    assert "Grandma Rose" in second
    assert "2 × Holiday tin (each as below)" in first
    assert "Warning: contains" in first
    assert "Warning: contains" not in second
    label = slips()[0].packages[0].label
    for role in ("ingredients", "allergens", "dates", "net_quantity", "inside"):
        block = next(b for b in label.blocks if b.role.value == role)
        assert squeezed(block.text) in squeezed(first)
    assert "Made in a home kitchen that is not inspected by the state." in first


def test_no_slips_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no packing slips"):
        render_packing_slips([], PAGES["a4"])


def test_the_html_sheet_places_the_same_labels_in_the_same_cells() -> None:
    labels = gift_tags(LabelSettings())
    stock = STOCKS["avery-5160"]
    html = render_labels_html(labels, stock, start_at=4)
    assert "@page { size: 612.000pt 792.000pt; margin: 0; }" in html
    boxes = re.findall(
        r'data-position="(\d+)" style="left:([\d.]+)pt;top:([\d.]+)pt;width:([\d.]+)pt', html
    )
    placed = place_labels(labels, stock, start_at=4)
    assert [int(p) for p, *_ in boxes] == [p.position for p in placed]
    for (_, left, top, width), label in zip(boxes, placed, strict=True):
        assert float(left) == pytest.approx(label.cell.x, abs=1e-3)
        assert float(top) == pytest.approx(792 - label.cell.y - label.cell.height, abs=1e-3)
        assert float(width) == pytest.approx(label.cell.width, abs=1e-3)
    assert "For Łucja Dvořák" in html
    assert '<strong class="avoid">Almond</strong>' in html


def test_the_html_escapes_what_people_typed() -> None:
    label = build_label(
        ALMOND_CRESCENTS,
        settings=LabelSettings(maker_name="Anna's <b>Kitchen</b>"),
        recipient=Recipient('Bob "<script>"'),
    )
    html = render_labels_html([label], STOCKS["avery-5163"], font_url="/static/font.ttf")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;Kitchen&lt;/b&gt;" in html
    assert '@font-face { font-family: "Source Sans Pro"; src: url("/static/font.ttf"); }' in html


def test_the_html_slips_hold_the_same_content() -> None:
    html = render_slips_html(slips(), PAGES["letter"])
    assert html.count('<article class="slip">') == 2
    assert "<h2>Łucja Dvořák</h2>" in html
    assert "<h3>2 × Holiday tin (each as below)</h3>" in html
    assert '<strong class="avoid">tree nuts (almonds)</strong>' in html
    assert "<p>Anna&#x27;s Kitchen</p>" in html


names = st.text(alphabet=st.sampled_from("abc ŁłŘřŐőŚśŻżØøÆæ-'"), min_size=1, max_size=120).filter(
    str.strip
)


@given(names)
def test_any_name_fits_within_the_label_at_6_pt_or_more_or_is_refused(name: str) -> None:
    label = build_label(ALMOND_CRESCENTS, settings=LabelSettings(), recipient=Recipient(name))
    stock = STOCKS["avery-5160"]
    width = stock.cell(1).width - 2 * stock.padding_x
    height = stock.cell(1).height - 2 * stock.padding_y
    fitted = fit_label(label, width, height)
    if fitted is None:
        return
    assert fitted.body_size >= MINIMUM_SIZE
    assert fitted.height <= height + 1e-6
    for line in fitted.lines:
        assert line.size >= MINIMUM_SIZE
        assert max(p.x + p.width for p in line.pieces) <= width + 1e-6
    assert squeezed("".join(line.text for line in fitted.lines)) == squeezed(
        "".join(block.text for block in label.blocks)
    )
