"""``bakehouse recipe``: a recipe card for N batches, and a pasted ingredient list read,
matched and — when every line is certain — added (docs/product.md §6.9, §6.18)."""

from __future__ import annotations

from pathlib import Path

import typer

from bakehouse.cli import numbers as typed
from bakehouse.cli.context import open_session
from bakehouse.cli.output import Column, console, emit
from bakehouse.domain.wording import count_of
from bakehouse.errors import InvalidInput
from bakehouse.schemas.recipes import PastedLineRead, PasteReviewRead, RecipeCardRead, RecipeRead
from bakehouse.services.recipes import card, paste
from bakehouse.services.recipes.recipes import get_recipe

JSON = typer.Option(False, "--json", help="Print JSON.")

CARD_COLUMNS = (
    Column("Amount", lambda line: line.amount, numeric=True),
    Column("Unit", lambda line: "" if line.unit == "each" else line.unit),
    Column("Ingredient", lambda line: line.name),
    Column("Note", lambda line: line.note),
)
REVIEW_COLUMNS = (
    Column("Line", lambda row: row.line, numeric=True),
    Column("As written", lambda row: row.text),
    Column("Match", lambda row: _match_text(row)),
    Column("To fix", lambda row: row.problem["message"] if row.problem else ""),
)


def _match_text(row: PastedLineRead) -> str:
    if row.status is None:
        return "(heading)"
    if row.status in ("exact", "alias"):
        return f"{row.status}: ingredient {row.ingredient_id}"
    if row.status == "confirm":
        names = ", ".join(s.name for s in row.suggestions)
        return f"confirm: close to {names}"
    return "new ingredient"


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Recipe cards and pasted ingredient lists.", no_args_is_help=True)
    app.add_typer(group, name="recipe")

    @group.command("card")
    def card_command(
        recipe: str = typer.Argument(..., help="Recipe slug, name or id."),
        batches: str = typer.Option("1", "--batches", "-b", help="Whole batches."),
        as_json: bool = JSON,
    ) -> None:
        """The recipe for N batches, amounts as measured ("2 ¼" cup)."""
        with open_session() as session:
            found = get_recipe(session, recipe).id
            result = RecipeCardRead.model_validate(
                card.recipe_card(session, found, typed.batches(batches))
            )
        title = f"{result.name} × {result.batches}" if result.batches != 1 else result.name
        emit(result, title=title, columns=CARD_COLUMNS, rows=result.lines, as_json=as_json)

    @group.command("paste")
    def paste_command(
        recipe: str = typer.Argument(..., help="Recipe slug, name or id."),
        file: Path = typer.Argument(..., help="A text file, one ingredient a line; - for stdin."),
        save: bool = typer.Option(
            False, "--save", help="Add the lines, when every one is an exact match."
        ),
        as_json: bool = JSON,
    ) -> None:
        """Read an ingredient list and match each line; nothing is saved without --save, and
        --save refuses a list with a close name, a new ingredient or a line to fix (review
        those in the web page)."""
        text = typer.get_text_stream("stdin").read() if str(file) == "-" else _read(file)
        with open_session() as session:
            recipe_id = get_recipe(session, recipe).id
            review = paste.review_pasted_lines(session, text)
            shown = PasteReviewRead.of(review)
            if save:
                added = paste.add_pasted_lines(session, recipe_id, _certain(shown))
                saved = RecipeRead.of(added)
        if save and not as_json:
            console.print(
                f"Added {count_of(len(review.ingredient_lines), 'line')} to {saved.name}."
            )
            return
        emit(shown, title="Pasted lines", columns=REVIEW_COLUMNS, rows=shown.lines, as_json=as_json)


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"file {file} cannot be read: {error}", field="file") from None


def _certain(review: PasteReviewRead) -> list[paste.PastedLineInput]:
    """Every line as an exact match, or the first one that is not, as the error."""
    lines = []
    for row in review.lines:
        if row.status is None:
            continue
        if row.problem:
            raise InvalidInput(f"line {row.line} ({row.text}): {row.problem['message']}")
        if row.ingredient_id is None or row.quantity is None:
            raise InvalidInput(
                f"line {row.line} ({row.text}) is not an exact match; confirm it or create "
                "the ingredient in the web page (Paste its ingredient list)"
            )
        lines.append(
            paste.PastedLineInput(row.quantity, row.unit or "each", row.note, row.ingredient_id)
        )
    return lines
