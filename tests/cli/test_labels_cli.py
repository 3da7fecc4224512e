"""``bakehouse labels EVENT --stock avery-5160 -o labels.pdf`` and packing slips
(docs/product.md §6.8), and the ingredient facts labels print."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from bakehouse.cli.app import app
from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.errors import InvalidInput
from bakehouse.labels import STOCKS, place_labels
from bakehouse.services.events.labels import preview_event_labels
from tests.labels.pdf_text import pages_text, squeezed
from tests.services.test_labels import bake, make_tin

runner = CliRunner()


def arrange(engine: Engine) -> None:
    with transaction(make_session_factory(engine)) as session:
        tin = make_tin(session)
        bake(session, tin, "crescents", date(2026, 12, 1))


def test_labels_print_each_recipients_tin_in_its_cell_from_the_start_position(
    cli_engine: Engine, tmp_path: Path
) -> None:
    arrange(cli_engine)
    out = tmp_path / "labels.pdf"
    done = runner.invoke(
        app, ["labels", "christmas", "--stock", "avery-5163", "--start", "2", "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    assert "Wrote 2 label(s) on Avery 5163 for Christmas" in done.output
    assert "not baked yet" in done.output  # the preview's notes go to the error stream
    [page] = pages_text(out.read_bytes())
    with transaction(make_session_factory(cli_engine)) as session:
        placed = place_labels(
            preview_event_labels(session, "christmas").labels, STOCKS["avery-5163"], start_at=2
        )
    for label in placed:
        inside = [f for f in page if label.cell.contains(f.x, f.y)]
        printed = squeezed("".join(f.text for f in inside))
        assert printed == squeezed(
            "".join(piece.text for line in label.fitted.lines for piece in line.pieces)
        )
    assert [p.position for p in placed] == [2, 3]
    assert "ForŁucjaDvořák" in squeezed("".join(f.text for f in page))


def test_a_tin_too_full_for_a_gift_tag_is_refused_and_nothing_is_written(
    cli_engine: Engine, tmp_path: Path
) -> None:
    arrange(cli_engine)
    out = tmp_path / "labels.pdf"
    refused = runner.invoke(app, ["labels", "christmas", "--stock", "avery-5160", "-o", str(out)])
    assert isinstance(refused.exception, InvalidInput)
    assert "use Avery 5163" in str(refused.exception)
    assert not out.exists()


def test_per_item_tags_fit_the_small_stock_and_slips_write_one_page_each(
    cli_engine: Engine, tmp_path: Path
) -> None:
    arrange(cli_engine)
    slips = tmp_path / "slips.pdf"
    done = runner.invoke(app, ["labels", "christmas", "--slips", "--paper", "a4", "-o", str(slips)])
    assert done.exit_code == 0, done.output
    assert len(pages_text(slips.read_bytes())) == 2
    html = tmp_path / "labels.html"
    done = runner.invoke(
        app, ["labels", "christmas", "--per", "item", "--stock", "a4-3x8", "--html", "-o",
              str(html)],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "6 label(s) on A4 3 × 8" in done.output
    assert "Almond crescents" in html.read_text("utf-8")


def test_ingredient_label_facts_are_set_from_the_command_line(cli_engine: Engine) -> None:
    added = runner.invoke(
        app, ["catalog", "add-ingredient", "Pecan pieces", "--measure", "mass",
              "--allergen-names", "tree nuts: pecan", "--json"],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    row = json.loads(added.output)
    assert (row["allergens"], row["allergen_names"]) == (["tree_nuts"], {"tree_nuts": ["pecans"]})
    changed = runner.invoke(
        app, ["catalog", "label-facts", "pecan-pieces", "--sub-ingredients",
              "pecans, salt (sea salt, iodine)"],
    )  # fmt: skip
    assert changed.exit_code == 0, changed.output
    assert (
        "Pecan pieces: tree nuts: pecans; made of pecans, salt (sea salt, iodine)."
        in changed.output
    )
