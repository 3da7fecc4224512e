"""``bakehouse labels EVENT``: gift labels and packing slips as PDF or print-CSS HTML
(docs/product.md §6.8)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from bakehouse.cli.context import open_session
from bakehouse.cli.output import console, err_console
from bakehouse.domain.labelling import LabelMode
from bakehouse.labels import STOCKS
from bakehouse.services.events import labels as service


def register(app: typer.Typer) -> None:
    """Add ``labels`` to ``app``."""

    @app.command("labels")
    def labels(
        event: str = typer.Argument(..., help="Event slug, name or id."),
        output: Path = typer.Option(..., "-o", "--output", help="The file to write."),
        stock: str = typer.Option("avery-5160", help=f"Label stock: {', '.join(STOCKS)}."),
        start: int = typer.Option(
            1, help="First free position on the sheet (1 = top left), to finish a used one."
        ),
        per: LabelMode = typer.Option(
            LabelMode.PER_PACKAGE, help="One label per package, or per item inside each."
        ),
        assignment: int | None = typer.Option(None, help="Only this assignment (its id)."),
        slips: bool = typer.Option(
            False, "--slips", help="Write a packing slip per recipient instead of labels."
        ),
        paper: str = typer.Option("letter", help="Paper for packing slips: letter or a4."),
        html: bool = typer.Option(False, "--html", help="Print-CSS HTML instead of PDF."),
    ) -> None:
        """Print an event's gift labels on label stock, or its packing slips."""
        with open_session() as session:
            preview = service.preview_event_labels(
                session, event, mode=per, assignment_id=assignment
            )
            # One read of the event: the preview is both printed and counted.
            if slips:
                made = service.packing_slips(preview, page=paper, html=html)
                what = f"{len(preview.slips)} packing slip(s)"
            else:
                made = service.label_sheets(preview, stock=stock, start_at=start, html=html)
                sheet = STOCKS[stock.strip().lower()].name
                what = f"{len(preview.labels)} label(s) on {sheet}"
        if isinstance(made, bytes):
            output.write_bytes(made)
        else:
            output.write_text(made, encoding="utf-8")
        for warning in preview.warnings:
            err_console.print(f"[yellow]note:[/yellow] {escape(warning)}", highlight=False)
        console.print(
            f"Wrote {what} for {preview.event_name} to {output}.", markup=False, highlight=False
        )
