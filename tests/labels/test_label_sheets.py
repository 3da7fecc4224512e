"""Label sheets as PDF: each label's lines inside its own cell, read back from the PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from bakehouse.domain.labelling import (
    AssignmentFacts,
    LabelContent,
    LabelMode,
    LabelSettings,
    Recipient,
    build_label,
    build_labels,
)
from bakehouse.errors import InvalidInput
from bakehouse.labels import (
    STOCKS,
    Cell,
    LabelDoesNotFit,
    Line,
    layout_on,
    place_labels,
    render_label_sheets,
)
from bakehouse.labels.layout import MINIMUM_SIZE, clear_area, fit_label
from tests.labels.holiday_tin import ALMOND_CRESCENTS, HOLIDAY_TIN
from tests.labels.pdf_text import Fragment, pages_text, squeezed
from tests.labels.sample import BATCHES, LUCJA, MAKER, gift_tags

AVERY_5160 = STOCKS["avery-5160"]
AVERY_5163 = STOCKS["avery-5163"]

# 120 characters, with letters Latin-1 does not have (Ł, ř, ő, ś, ž, ą …).
LONG_NAME = (
    "Łucja Dvořák-Szőke née Świętochowska, Žofie Kovářová, Ağca Şükrü Ćosić, "
    "Ørsted Ūla Ėglė, Jiří Mňačko & Gheorghiță Ștefan"
)


def label_text(label: LabelContent) -> str:
    return squeezed("".join(block.text for block in label.blocks))


def fragments_in(fragments: list[Fragment], cell: Cell) -> list[Fragment]:
    return [f for f in fragments if cell.contains(f.x, f.y)]


def test_long_name_is_120_characters_beyond_latin_1() -> None:
    assert len(LONG_NAME) == 120
    assert any(ord(char) > 0xFF for char in LONG_NAME)


def test_each_labels_lines_print_inside_its_own_cell() -> None:
    labels = gift_tags()
    placed = place_labels(labels, AVERY_5160, start_at=4)
    [page] = pages_text(render_label_sheets(labels, AVERY_5160, start_at=4))
    assert [p.position for p in placed] == list(range(4, 13))
    for label in placed:
        inside = fragments_in(page, label.cell)
        assert squeezed("".join(f.text for f in inside)) == label_text(label.fitted.label)
        for fragment in inside:  # the glyphs, not only their start, stay in the cell
            assert fragment.y - 0.25 * fragment.size >= label.cell.y
            assert fragment.y + 0.95 * fragment.size <= label.cell.y + label.cell.height
            assert fragment.x >= label.cell.x + AVERY_5160.padding_x - 1e-6
    # position 4 is the first cell of the second row: x 13.5-202.5 pt, y 612-684 pt by hand
    first = [f for f in page if 13.5 <= f.x <= 202.5 and 612 <= f.y <= 684]
    assert first[:2] == fragments_in(page, placed[0].cell)[:2]
    assert [f.text for f in first[:2]] == ["Almond crescents", "For Łucja Dvořák"]
    taken = [p.cell for p in placed]
    assert all(any(cell.contains(f.x, f.y) for cell in taken) for f in page)
    for position in (1, 2, 3, *range(13, 31)):
        assert fragments_in(page, AVERY_5160.cell(position)) == []


def test_the_names_print_in_latin_extended_and_the_font_is_embedded() -> None:
    pdf = render_label_sheets(gift_tags(), AVERY_5160)
    [page] = pages_text(pdf)
    text = " ".join(f.text for f in page)
    assert "For Łucja Dvořák" in text
    assert "For Søren Ølgaard" in text
    assert b"/FontFile2" in pdf  # embedded TrueType
    assert {f.font.split("+")[-1] for f in page} == {"SourceSansPro-Regular", "SourceSansPro-Bold"}


def test_type_is_never_below_6_pt_and_shrinks_only_as_needed() -> None:
    pdf = render_label_sheets(gift_tags(MAKER), AVERY_5163)
    assert min(f.size for page in pages_text(pdf) for f in page) >= MINIMUM_SIZE
    fitted = layout_on(build_label(HOLIDAY_TIN, settings=MAKER, recipient=LUCJA), AVERY_5163)
    assert MINIMUM_SIZE <= fitted.body_size < 9
    larger = fit_label(fitted.label, *clear_area(AVERY_5163), preferred=fitted.body_size + 0.5)
    assert larger is None or larger.body_size == fitted.body_size


def test_labels_run_onto_more_sheets_from_the_start_position() -> None:
    labels = gift_tags() * 4  # 36 labels from position 28: 3 + 30 + 3
    placed = place_labels(labels, AVERY_5160, start_at=28)
    assert [(p.sheet, p.position) for p in placed[:4]] == [(1, 28), (1, 29), (1, 30), (2, 1)]
    assert (placed[-1].sheet, placed[-1].position) == (3, 3)
    pages = pages_text(render_label_sheets(labels, AVERY_5160, start_at=28))
    assert len(pages) == 3
    first_on_page_two = fragments_in(pages[1], AVERY_5160.cell(1))
    assert squeezed("".join(f.text for f in first_on_page_two)) == label_text(labels[3])


def test_a_label_too_full_for_its_stock_is_refused_naming_it_and_a_larger_stock() -> None:
    tin = build_label(HOLIDAY_TIN, settings=MAKER, recipient=LUCJA, batches=BATCHES)
    with pytest.raises(LabelDoesNotFit) as refused:
        render_label_sheets([*gift_tags(), tin], AVERY_5160)
    assert refused.value.message == (
        "the label 'Holiday tin for Łucja Dvořák' does not fit on Avery 5160 (2⅝ × 1 in, "
        "30 a sheet) even at 6 pt; use Avery 5163 (4 × 2 in, 10 a sheet)"
    )
    assert refused.value.details()["suggestion"] == "Avery 5163 (4 × 2 in, 10 a sheet)"
    assert layout_on(tin, AVERY_5163).body_size >= MINIMUM_SIZE


def test_a_120_character_name_fits_a_larger_label_and_prints_whole() -> None:
    friend = Recipient(LONG_NAME)
    [tag] = build_labels(
        [AssignmentFacts(friend, HOLIDAY_TIN)], mode=LabelMode.PER_PACKAGE, settings=MAKER
    )
    [page] = pages_text(render_label_sheets([tag], AVERY_5163))
    cell = AVERY_5163.cell(1)
    inside = fragments_in(page, cell)
    assert squeezed("".join(f.text for f in inside)) == label_text(tag)
    assert squeezed(f"For {LONG_NAME}") in squeezed("".join(f.text for f in inside))
    assert min(f.size for f in inside) >= MINIMUM_SIZE


def test_a_120_character_name_on_a_small_tag_is_refused_with_a_larger_stock() -> None:
    tag = build_label(ALMOND_CRESCENTS, settings=MAKER, recipient=Recipient(LONG_NAME))
    with pytest.raises(LabelDoesNotFit, match=r"use Avery 5163 \(4 × 2 in"):
        layout_on(tag, AVERY_5160)
    # without the maker block the same tag fits the small label at 6 pt or more
    bare = build_label(ALMOND_CRESCENTS, settings=LabelSettings(), recipient=Recipient(LONG_NAME))
    assert layout_on(bare, AVERY_5160).body_size >= MINIMUM_SIZE


def test_a_label_that_fits_nowhere_says_so() -> None:
    huge = build_label(HOLIDAY_TIN, settings=MAKER, recipient=Recipient(LONG_NAME * 8))
    with pytest.raises(LabelDoesNotFit, match="it fits on no stock Bakehouse knows"):
        layout_on(huge, AVERY_5163)


def test_a_word_wider_than_the_label_breaks_between_letters() -> None:
    word = "Ż" * 80
    label = build_label(ALMOND_CRESCENTS, settings=LabelSettings(), recipient=Recipient(word))
    fitted = layout_on(label, AVERY_5163)
    width, _ = clear_area(AVERY_5163)
    recipient_lines = [line for line in fitted.lines if line.role.value == "recipient"]
    assert len(recipient_lines) > 1
    assert all(_right_edge(line) <= width + 1e-6 for line in fitted.lines)
    assert recipient_lines[0].text == "For"
    assert "".join(line.text for line in recipient_lines[1:]) == word


def test_nothing_to_print_or_a_bad_start_position_is_refused() -> None:
    with pytest.raises(InvalidInput, match="there are no labels to print"):
        render_label_sheets([], AVERY_5160)
    with pytest.raises(InvalidInput, match="positions 1 to 30; 0 is not one"):
        render_label_sheets(gift_tags(), AVERY_5160, start_at=0)


def test_the_same_labels_make_the_same_pdf() -> None:
    assert render_label_sheets(gift_tags(), AVERY_5160) == render_label_sheets(
        gift_tags(), AVERY_5160
    )


def _right_edge(line: Line) -> float:
    return max(piece.x + piece.width for piece in line.pieces)


def test_outlines_for_a_test_print_leave_the_text_as_it_was() -> None:
    plain = render_label_sheets(gift_tags(), AVERY_5160)
    outlined = render_label_sheets(gift_tags(), AVERY_5160, outlines=True)
    assert pages_text(outlined) == pages_text(plain)
    strokes = [
        PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().count(b"h\nS")  # type: ignore[union-attr]
        for pdf in (plain, outlined)
    ]
    assert strokes == [0, 30]  # one closed outline per cell of the sheet
