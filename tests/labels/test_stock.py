"""Label stock geometry: every sheet adds up to its paper exactly (docs/product.md §6.8)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bakehouse.errors import InvalidInput
from bakehouse.labels import STOCKS, stock_by_key
from bakehouse.labels.stock import larger_stocks


@pytest.mark.parametrize("key", sorted(STOCKS))
def test_margins_labels_and_gaps_add_up_to_the_paper(key: str) -> None:
    stock = STOCKS[key]
    across = 2 * stock.left_margin + (stock.columns - 1) * stock.column_pitch + stock.label_width
    down = 2 * stock.top_margin + (stock.rows - 1) * stock.row_pitch + stock.label_height
    assert (across, down) == (stock.page.width, stock.page.height)
    assert stock.column_pitch >= stock.label_width
    assert stock.row_pitch >= stock.label_height


@pytest.mark.parametrize(
    ("key", "per_sheet", "size_in_points"),
    [
        ("avery-5160", 30, (189.0, 72.0)),  # 2⅝ × 1 in
        ("avery-5163", 10, (288.0, 144.0)),  # 4 × 2 in
        ("a4-3x8", 24, (180.0, 96.094)),  # 63.5 × 33.9 mm
    ],
)
def test_each_stock_has_its_count_and_label_size(
    key: str, per_sheet: int, size_in_points: tuple[float, float]
) -> None:
    stock = STOCKS[key]
    cell = stock.cell(1)
    assert stock.per_sheet == per_sheet
    assert (round(cell.width, 3), round(cell.height, 3)) == size_in_points


def test_avery_5160_cells_sit_where_the_template_puts_them() -> None:
    stock = STOCKS["avery-5160"]
    top_left, top_right, bottom_right = stock.cell(1), stock.cell(3), stock.cell(30)
    assert (top_left.x, top_left.y) == (13.5, 792 - 36 - 72)  # 3/16 in, ½ in from the top
    assert top_right.x == 13.5 + 2 * 198  # 2¾ in pitch
    assert (bottom_right.x + bottom_right.width, bottom_right.y) == (612 - 13.5, 36)


def test_cells_never_overlap_and_stay_on_the_page() -> None:
    for stock in STOCKS.values():
        width, height = stock.page.points
        cells = [stock.cell(p) for p in range(1, stock.per_sheet + 1)]
        for cell in cells:
            assert cell.x >= 0
            assert cell.x + cell.width <= width + 1e-9
            assert cell.y >= 0
            assert cell.y + cell.height <= height + 1e-9
        for a, b in ((a, b) for i, a in enumerate(cells) for b in cells[i + 1 :]):
            apart_x = a.x + a.width <= b.x + 1e-9 or b.x + b.width <= a.x + 1e-9
            apart_y = a.y + a.height <= b.y + 1e-9 or b.y + b.height <= a.y + 1e-9
            assert apart_x or apart_y


def test_a_position_outside_the_sheet_or_an_unknown_stock_is_refused() -> None:
    with pytest.raises(InvalidInput, match="Avery 5160 has positions 1 to 30; 31 is not one"):
        STOCKS["avery-5160"].cell(31)
    with pytest.raises(InvalidInput, match="unknown label stock 'avery-9999'; use one of"):
        stock_by_key("avery-9999")
    assert stock_by_key(" Avery-5163 ") is STOCKS["avery-5163"]


def test_larger_stocks_on_the_same_paper_come_first() -> None:
    assert [s.key for s in larger_stocks(STOCKS["avery-5160"])] == ["avery-5163", "a4-3x8"]
    assert [s.key for s in larger_stocks(STOCKS["a4-3x8"])] == ["avery-5163"]
    assert larger_stocks(STOCKS["avery-5163"]) == []
    assert STOCKS["a4-3x8"].label_height == Decimal("33.9")
