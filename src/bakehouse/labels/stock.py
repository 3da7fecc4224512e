"""Label stock: sheets of labels with their exact geometry (docs/product.md §6.8).

Each stock is defined in the unit its maker publishes (inches or millimetres), as exact
decimals; points (1/72 in) are derived for drawing. Positions count from 1, left to right,
then top to bottom, as on the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bakehouse.errors import InvalidInput

_POINTS_PER = {"in": Decimal(72), "mm": Decimal(72) / Decimal("25.4")}


@dataclass(frozen=True)
class PageSize:
    name: str
    unit: str
    width: Decimal
    height: Decimal

    @property
    def points(self) -> tuple[float, float]:
        scale = _POINTS_PER[self.unit]
        return float(self.width * scale), float(self.height * scale)


LETTER = PageSize("US Letter", "in", Decimal("8.5"), Decimal(11))
A4 = PageSize("A4", "mm", Decimal(210), Decimal(297))
PAGES = {"letter": LETTER, "a4": A4}


@dataclass(frozen=True)
class Cell:
    """A label's rectangle on the page, in points from the page's bottom-left corner."""

    x: float
    y: float
    width: float
    height: float

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + self.width and self.y <= y <= self.y + self.height


@dataclass(frozen=True)
class LabelStock:
    """A sheet of ``columns`` × ``rows`` labels; lengths in ``page.unit``."""

    key: str
    name: str
    size_text: str
    page: PageSize
    columns: int
    rows: int
    label_width: Decimal
    label_height: Decimal
    left_margin: Decimal
    top_margin: Decimal
    column_pitch: Decimal  # left edge to left edge
    row_pitch: Decimal  # top edge to top edge
    padding_x: float = 5.0  # points of clear space inside each label
    padding_y: float = 3.5

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def title(self) -> str:
        return f"{self.name} ({self.size_text})"

    def cell(self, position: int) -> Cell:
        """The rectangle of label ``position`` (1 = top left) on a sheet."""
        if not 1 <= position <= self.per_sheet:
            raise InvalidInput(
                f"{self.name} has positions 1 to {self.per_sheet}; {position} is not one",
                field="start_at",
            )
        row, column = divmod(position - 1, self.columns)
        scale = _POINTS_PER[self.page.unit]
        left = (self.left_margin + column * self.column_pitch) * scale
        top = (self.top_margin + row * self.row_pitch + self.label_height) * scale
        _, page_height = self.page.points
        return Cell(
            x=float(left),
            y=page_height - float(top),
            width=float(self.label_width * scale),
            height=float(self.label_height * scale),
        )


STOCKS: dict[str, LabelStock] = {
    stock.key: stock
    for stock in (
        LabelStock(
            key="avery-5160",
            name="Avery 5160",
            size_text="2⅝ × 1 in, 30 a sheet",
            page=LETTER,
            columns=3,
            rows=10,
            label_width=Decimal("2.625"),
            label_height=Decimal(1),
            left_margin=Decimal("0.1875"),
            top_margin=Decimal("0.5"),
            column_pitch=Decimal("2.75"),
            row_pitch=Decimal(1),
        ),
        LabelStock(
            key="a4-3x8",
            name="A4 3 × 8",
            size_text="63.5 × 33.9 mm, 24 a sheet, like Avery L7159",
            page=A4,
            columns=3,
            rows=8,
            label_width=Decimal("63.5"),
            label_height=Decimal("33.9"),
            left_margin=Decimal("7.21"),
            top_margin=Decimal("12.9"),
            column_pitch=Decimal("66.04"),
            row_pitch=Decimal("33.9"),
        ),
        LabelStock(
            key="avery-5163",
            name="Avery 5163",
            size_text="4 × 2 in, 10 a sheet",
            page=LETTER,
            columns=2,
            rows=5,
            label_width=Decimal(4),
            label_height=Decimal(2),
            left_margin=Decimal("0.15625"),
            top_margin=Decimal("0.5"),
            column_pitch=Decimal("4.1875"),
            row_pitch=Decimal(2),
            padding_x=7.0,
            padding_y=6.0,
        ),
    )
}


def stock_by_key(key: str) -> LabelStock:
    """The stock named ``key`` ("avery-5160"); :class:`InvalidInput` lists the known ones."""
    stock = STOCKS.get(key.strip().lower())
    if stock is None:
        raise InvalidInput(
            f"unknown label stock {key!r}; use one of: {', '.join(STOCKS)}", field="stock"
        )
    return stock


def larger_stocks(stock: LabelStock) -> list[LabelStock]:
    """Stocks whose labels are larger than ``stock``'s: those on the same paper first, then
    the others, each smallest first."""

    def area(s: LabelStock) -> float:
        cell = s.cell(1)
        return cell.width * cell.height

    larger = (s for s in STOCKS.values() if area(s) > area(stock))
    return sorted(larger, key=lambda s: (s.page != stock.page, area(s)))
