"""``bakehouse recipe``: a recipe card for N batches, and a pasted ingredient list read,
matched and — when every line is certain — added (docs/product.md §6.9, §6.18)."""

from __future__ import annotations

from pathlib import Path

import typer

from bakehouse.cli import numbers as typed
from bakehouse.cli.context import open_session, settings
from bakehouse.cli.output import Column, console, emit, print_json, print_table
from bakehouse.domain.wording import count_of
from bakehouse.errors import InvalidInput
from bakehouse.schemas.recipe_import import ImportResultRead, ImportReviewRead
from bakehouse.schemas.recipes import PastedLineRead, PasteReviewRead, RecipeCardRead, RecipeRead
from bakehouse.services.recipes import card, importing, paste
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
    register_import(app)
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


UNPLACED_COLUMNS = (
    Column("Recipe", lambda row: row.recipe_name),
    Column("What", lambda row: row.field),
    Column("As written", lambda row: row.text),
    Column("Why", lambda row: row.reason),
)
IMPORT_COLUMNS = (
    Column("Recipe", lambda row: row[0]),
    Column("Line", lambda row: row[1]),
    Column("Match", lambda row: row[2]),
    Column("On saving", lambda row: row[3]),
)


def register_import(app: typer.Typer) -> None:
    group = typer.Typer(help="Import recipes from pages and other apps.", no_args_is_help=True)
    app.add_typer(group, name="recipes")

    @group.command("import")
    def import_command(
        source: str = typer.Argument(
            ..., help="A file (page, Mealie/Tandoor export, .paprikarecipes, text) or a URL."
        ),
        review: bool = typer.Option(
            True,
            "--review/--yes",
            help="--review (the default) shows every line and saves nothing; --yes saves, "
            "leaving out the lines and yields listed as not placed.",
        ),
        items_per_batch: str | None = typer.Option(
            None, "--items-per-batch", help="Items one batch makes (a one-recipe source)."
        ),
        flat: bool = typer.Option(
            False, "--flat", help="Keep sections as lines instead of sub-recipes."
        ),
        as_json: bool = JSON,
    ) -> None:
        """Read recipes from a page, a URL or another app's export, match every ingredient
        line to the catalog and — with --yes — save them in one go (docs/product.md §6.22).
        A URL is fetched only from public addresses."""
        allow_loopback = settings().recipe_fetch_allow_loopback
        reading = importing.read_source(source, allow_loopback=allow_loopback)
        per_batch = (
            None
            if items_per_batch is None
            else typed.count(items_per_batch, field="items_per_batch")
        )
        if per_batch is not None and len(reading.recipes) != 1:
            raise InvalidInput(
                "--items-per-batch is for a source with one recipe; this one has "
                f"{len(reading.recipes)}; review them in the web page",
                field="items_per_batch",
            )
        with open_session() as session:
            found = importing.review_import(session, reading)
            shown = ImportReviewRead.of(found)
            if not review:
                decision = importing.RecipeDecision(items_per_batch=per_batch, sub_recipes=not flat)
                decisions = {plan.index: decision for plan in found.recipes}
                saved = ImportResultRead.of(
                    importing.save_import(session, found, decisions, accept_unplaced=True)
                )
        if review:
            emit(shown, title="Import review (nothing saved)", columns=IMPORT_COLUMNS,
                 rows=_review_rows(shown), as_json=as_json)  # fmt: skip
            if shown.unplaced and not as_json:
                print_table("Not placed", UNPLACED_COLUMNS, shown.unplaced)
            return
        if as_json:
            print_json(saved)
            return
        names = ", ".join(recipe.name for recipe in saved.recipes)
        console.print(
            f"Imported {len(saved.recipes)} recipe(s): {names}; {len(saved.items)} item(s), "
            f"{saved.ingredients_created} new ingredient(s).",
            highlight=False, markup=False,
        )  # fmt: skip
        if saved.left_out:
            print_table("Left out (kept in the recipe's notes)", UNPLACED_COLUMNS, saved.left_out)


def _review_rows(review: ImportReviewRead) -> list[tuple[str, str, str, str]]:
    rows = []
    for recipe in review.recipes:
        for section in recipe.sections:
            into = f" → {section.sub_recipe_name}" if section.sub_recipe_name else ""
            for line in section.lines:
                match = line.ingredient_name or line.status
                if line.status == "confirm":
                    match = "confirm: " + ", ".join(s.name for s in line.suggestions[:3])
                doing = {"use": "use", "create": "create the ingredient"}.get(line.action, "")
                rows.append((recipe.name, line.text, match, (doing or line.reason) + into))
    return rows
