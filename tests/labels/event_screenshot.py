"""Render the docs screenshot of an event's labels read from the database:
``python -m tests.labels.event_screenshot OUT.png``.

The Holiday tin of tests/services/test_labels.py in a fresh SQLite file: two recipients, the
crescents baked on Dec 1 and the chocolate chip cookies on Dec 10, the maker block and a
cottage-food statement set, one tag per kind of cookie on an Avery 5163 sheet from position 3
(the first two labels of the sheet already used). Needs ``pdftoppm`` (poppler-utils).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from bakehouse.db.engine import make_engine
from bakehouse.db.migrate import upgrade_to_head
from bakehouse.services.core.settings import set_setting
from bakehouse.services.events.labels import event_label_sheets
from tests.services.test_labels import bake, make_tin

STATEMENT = "Made in a home kitchen that is not inspected by the state or local health department."


def sheet_pdf(folder: Path) -> bytes:
    engine = make_engine(f"sqlite:///{folder / 'bakehouse.sqlite3'}")
    upgrade_to_head(engine)
    with Session(engine) as session:
        tin = make_tin(session)
        bake(session, tin, "crescents", date(2026, 12, 1))
        bake(session, tin, "chip", date(2026, 12, 10))
        bake(session, tin, "frosted", date(2026, 12, 12))
        for key, value in (
            ("label_maker_name", "Anna's Kitchen"),
            ("label_maker_address", "12 Elm St\nSpringfield, IL 62701"),
            ("label_statement", STATEMENT),
        ):
            set_setting(session, key, value, environ={})
        pdf = event_label_sheets(session, "christmas", stock="avery-5163", start_at=3, mode="item")
        session.rollback()
    engine.dispose()
    assert isinstance(pdf, bytes)
    return pdf


def main(out: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        pdf = folder / "sheet.pdf"
        pdf.write_bytes(sheet_pdf(folder))
        stem = folder / "sheet"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "100", "-singlefile", str(pdf), str(stem)], check=True
        )
        Path(out).write_bytes(stem.with_suffix(".png").read_bytes())


if __name__ == "__main__":
    main(sys.argv[1])
