"""Laying out a label's blocks in its cell: wrapped lines, type shrunk from a preferred size
down to 6 pt and never smaller (docs/product.md §6.8).

A size fits when every line, at its block's size, stacks inside the cell's clear area. The
largest fitting body size wins, in half points from 9 pt down; the title is 1.3 times the body,
who it is for 1.1 times; nothing is ever below the body size. A word wider than the label
breaks between letters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bakehouse.domain.labelling import BlockRole, LabelContent, Run
from bakehouse.labels.errors import LabelDoesNotFit
from bakehouse.labels.fonts import ASCENT, DESCENT, text_width
from bakehouse.labels.stock import LabelStock, larger_stocks

PREFERRED_SIZE = 9.0
MINIMUM_SIZE = 6.0
STEP = 0.5
LEADING = 1.2

_SCALE = {BlockRole.TITLE: 1.3, BlockRole.RECIPIENT: 1.1}
_BOLD_ROLES = frozenset({BlockRole.TITLE, BlockRole.RECIPIENT})


@dataclass(frozen=True)
class Piece:
    """Text in one style, placed ``x`` points from the line's start."""

    text: str
    x: float
    bold: bool
    underline: bool
    width: float


@dataclass(frozen=True)
class Line:
    """``baseline``: points down from the top of the clear area."""

    role: BlockRole
    size: float
    baseline: float
    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


@dataclass(frozen=True)
class FittedLabel:
    label: LabelContent
    body_size: float
    lines: tuple[Line, ...]
    height: float  # points the lines take, from the top of the clear area


def fit_label(
    label: LabelContent,
    width: float,
    height: float,
    *,
    preferred: float = PREFERRED_SIZE,
    minimum: float = MINIMUM_SIZE,
) -> FittedLabel | None:
    """The label laid out at the largest body size that fits ``width`` × ``height`` points,
    or None when it does not fit even at ``minimum``."""
    size = preferred
    while size >= minimum - 1e-9:
        fitted = _layout(label, width, size)
        if fitted.height <= height + 1e-6:
            return fitted
        size -= STEP
    return None


def layout_on(label: LabelContent, stock: LabelStock) -> FittedLabel:
    """Fit ``label`` on ``stock``; raises :class:`LabelDoesNotFit` naming the label and the
    smallest larger stock it fits on."""
    fitted = fit_label(label, *clear_area(stock))
    if fitted is not None:
        return fitted
    suggestion = next(
        (s.title for s in larger_stocks(stock) if fit_label(label, *clear_area(s)) is not None),
        None,
    )
    raise LabelDoesNotFit(label.name, stock.title, suggestion)


def clear_area(stock: LabelStock) -> tuple[float, float]:
    cell = stock.cell(1)
    return cell.width - 2 * stock.padding_x, cell.height - 2 * stock.padding_y


def _layout(label: LabelContent, width: float, body: float) -> FittedLabel:
    lines: list[Line] = []
    bottom = 0.0
    for block in label.blocks:
        size = body * _SCALE.get(block.role, 1.0)
        bold = block.role in _BOLD_ROLES
        for pieces in _wrap(block.runs, width, size, bold):
            baseline = (
                (bottom + ASCENT * size) if not lines else lines[-1].baseline + LEADING * size
            )
            lines.append(Line(block.role, size, baseline, pieces))
            bottom = baseline + DESCENT * size
    return FittedLabel(label, body, tuple(lines), bottom)


# A word is the text between spaces; it may change style inside ("(milk)").
_Word = list[tuple[str, bool, bool]]


def _words(runs: Sequence[Run], bold: bool) -> list[_Word]:
    words: list[_Word] = [[]]
    for run in runs:
        style = (bold or run.strong or run.avoided, run.avoided)
        for index, chunk in enumerate(run.text.split(" ")):
            if index:
                words.append([])
            if chunk:
                words[-1].append((chunk, *style))
    return [w for w in words if w]


def _wrap(runs: Sequence[Run], width: float, size: float, bold: bool) -> list[tuple[Piece, ...]]:
    lines: list[list[Piece]] = [[]]
    x = 0.0
    for word in _words(runs, bold):
        for part in _split_long(word, width, size):
            part_width = sum(text_width(t, bold=b, size=size) for t, b, _ in part)
            # the space is drawn in the style of the text before it (see _join_neighbours)
            before = lines[-1][-1].bold if lines[-1] else False
            start = x + text_width(" ", bold=before, size=size) if lines[-1] else 0.0
            if lines[-1] and start + part_width > width + 1e-6:
                lines.append([])
                start = 0.0
            for text, is_bold, underline in part:
                w = text_width(text, bold=is_bold, size=size)
                lines[-1].append(Piece(text, start, is_bold, underline, w))
                start += w
            x = start
    return [tuple(_join_neighbours(line)) for line in lines if line]


def _split_long(word: _Word, width: float, size: float) -> list[_Word]:
    """The word as it is, or cut between letters into parts no wider than ``width``."""
    if sum(text_width(t, bold=b, size=size) for t, b, _ in word) <= width:
        return [word]
    parts: list[_Word] = [[]]
    used = 0.0
    for text, bold, underline in word:
        for char in text:
            w = text_width(char, bold=bold, size=size)
            if parts[-1] and used + w > width:
                parts.append([])
                used = 0.0
            parts[-1].append((char, bold, underline))
            used += w
    return parts


def _join_neighbours(pieces: list[Piece]) -> list[Piece]:
    """Pieces of one style that touch, or are one space apart, become one piece."""
    joined: list[Piece] = []
    for piece in pieces:
        if joined and (joined[-1].bold, joined[-1].underline) == (piece.bold, piece.underline):
            last = joined[-1]
            gap = " " if piece.x > last.x + last.width + 1e-6 else ""
            text = last.text + gap + piece.text
            joined[-1] = Piece(
                text, last.x, last.bold, last.underline, piece.x + piece.width - last.x
            )
        else:
            joined.append(piece)
    return joined
