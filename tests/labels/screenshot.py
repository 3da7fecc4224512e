"""Render the docs screenshot of a label sheet: ``python -m tests.labels.screenshot OUT.png``.

A partly used Avery 5160 sheet (printing from position 4) of gift tags: one per kind of
cookie in three friends' tins (US style), one friend's in the EU/UK style, and a tag for a
120-character name. Needs ``pdftoppm`` (poppler-utils).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from bakehouse.domain.labelling import (
    AssignmentFacts,
    LabelMode,
    LabelSettings,
    LabelStyle,
    Recipient,
    build_labels,
)
from bakehouse.labels import STOCKS, render_label_sheets
from tests.labels.holiday_tin import HOLIDAY_TIN
from tests.labels.sample import BATCHES, gift_tags
from tests.labels.test_label_sheets import LONG_NAME


def sheet_pdf() -> bytes:
    eu = build_labels(
        [
            AssignmentFacts(
                Recipient("Aoife Ní Bhriain", frozenset({"milk"})), HOLIDAY_TIN, batches=BATCHES
            )
        ],
        mode=LabelMode.PER_ITEM,
        settings=LabelSettings(style=LabelStyle.EU, locale="en_GB"),
    )
    long_name = build_labels(
        [AssignmentFacts(Recipient(LONG_NAME), HOLIDAY_TIN, batches=BATCHES)],
        mode=LabelMode.PER_ITEM,
        settings=LabelSettings(),
    )[:1]
    labels = [*gift_tags(), *eu, *long_name]
    return render_label_sheets(labels, STOCKS["avery-5160"], start_at=4, outlines=True)


def main(out: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "sheet.pdf"
        pdf.write_bytes(sheet_pdf())
        stem = Path(folder) / "sheet"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(stem)], check=True
        )
        Path(out).write_bytes(stem.with_suffix(".png").read_bytes())


if __name__ == "__main__":
    main(sys.argv[1])
