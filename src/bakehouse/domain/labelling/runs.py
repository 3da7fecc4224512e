"""Text with emphasis: plain, an allergen in bold, or one the recipient avoids."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """A piece of a label's line. ``strong``: printed bold (an allergen, EU/UK style);
    ``avoided``: an allergen the recipient avoids, printed bold and underlined."""

    text: str
    strong: bool = False
    avoided: bool = False


def plain_text(runs: Iterable[Run]) -> str:
    return "".join(run.text for run in runs)


def merge_runs(runs: Iterable[Run]) -> tuple[Run, ...]:
    """Join neighbours of the same emphasis and drop empty runs."""
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and (merged[-1].strong, merged[-1].avoided) == (run.strong, run.avoided):
            merged[-1] = Run(merged[-1].text + run.text, run.strong, run.avoided)
        else:
            merged.append(run)
    return tuple(merged)
