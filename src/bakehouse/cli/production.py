"""``bakehouse produce``, ``reverse``, ``write-off``, ``loss``, ``move``, ``status``,
``dashboard``, ``event progress|costs``."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import NoReturn

import typer
from rich.markup import escape
from sqlalchemy.orm import Session

from bakehouse.cli import numbers as typed
from bakehouse.cli.context import open_session
from bakehouse.cli.groups import event_group
from bakehouse.cli.output import Column, Marked, console, emit, err_console, print_json
from bakehouse.domain.confirmations import BAKE_CONFIRMATIONS, ConfirmationCode
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.numbers import money_text, to_cents
from bakehouse.domain.outcomes import LossReason
from bakehouse.domain.wording import count_of
from bakehouse.errors import ConfirmationNeeded, InvalidInput
from bakehouse.schemas.production import (
    DashboardSummaryRead,
    OutcomeRead,
    ProductionProgressRead,
    ProductionResultRead,
    RecipeCostBreakdownRead,
    StatusRead,
)
from bakehouse.services.events.events import get_assignment, get_event
from bakehouse.services.events.seasons import resolve_dashboard_scope
from bakehouse.services.events.status import correct_package_status, update_package_status
from bakehouse.services.production.bakes import record_production, reverse_production
from bakehouse.services.production.dashboard import get_dashboard_summary
from bakehouse.services.production.outcomes import move_items, record_loss, write_off_bake
from bakehouse.services.production.progress import (
    get_production_progress,
    get_recipe_cost_breakdown,
)
from bakehouse.services.recipes.recipes import get_item, get_recipe

JSON = typer.Option(False, "--json", help="Print JSON.")
CSV = typer.Option(False, "--csv", help="Print CSV.")
EVENT = typer.Argument(..., help="Event slug, name or id.")


class NextStatus(StrEnum):
    ASSEMBLED = "assembled"
    DELIVERED = "delivered"


def marked(value: Decimal, unpriced: bool = False) -> Marked:
    """A table's amount, marked ``*`` when the plan leaves out unpriced ingredients."""
    return Marked(value, "*" if unpriced else "")


def money(value: Decimal, unpriced: bool = False) -> str:
    """An amount in a sentence, as the web shows it ($12.50), marked ``*`` as above."""
    return money_text(value) + ("*" if unpriced else "")


def signed_money(value: Decimal | None) -> str | None:
    """A variance in a sentence: "+$1.20" over plan, "−$0.40" under, None (not started: no
    variance)."""
    if value is None:
        return None
    return ("+" if to_cents(value) > 0 else "") + money_text(value)


DASHBOARD_COLUMNS = (
    Column("Date", lambda r: r.event_date),
    Column("Event", lambda r: r.event_name),
    Column("Recipes done", lambda r: f"{r.recipes_complete}/{r.recipes_total}", numeric=True),
    Column("Pending", lambda r: r.packages_pending, numeric=True),
    Column("Assembled", lambda r: r.packages_assembled, numeric=True),
    Column("Delivered", lambda r: r.packages_delivered, numeric=True),
    Column("Packages", lambda r: r.packages_total, numeric=True),
    Column("Actual", lambda r: r.actual_cost, numeric=True, money=True),
    Column("Planned", lambda r: marked(r.planned_cost, r.unpriced), numeric=True),
    Column("State", lambda r: r.state.label),
)
PROGRESS_COLUMNS = (
    Column(
        "Recipe", lambda r: f"{r.recipe_name} (sub-recipe)" if r.is_sub_recipe else r.recipe_name
    ),
    Column("Required", lambda r: r.batches_required, numeric=True),
    Column("Produced", lambda r: r.batches_produced, numeric=True),
    Column("To make", lambda r: r.still_to_make if r.is_sub_recipe else "", numeric=True),
    Column("Done", lambda r: "yes" if r.is_complete else "no"),
    # A sub-recipe's cost is in the recipes that use it; it makes no items
    # (docs/product.md §6.12, §6.13).
    Column("Actual", lambda r: "" if r.is_sub_recipe else r.actual_cost, numeric=True, money=True),
    Column(
        "Planned",
        lambda r: "" if r.is_sub_recipe else marked(r.planned_cost, r.unpriced),
        numeric=True,
    ),
    Column(
        "Still to bake", lambda r: "" if r.is_sub_recipe else r.batches_still_to_bake, numeric=True
    ),
    Column(
        "Good items",
        lambda r: "" if r.is_sub_recipe else sum(i.items_made for i in r.items),
        numeric=True,
    ),
    Column(
        "Items needed",
        lambda r: "" if r.is_sub_recipe else sum(i.items_required for i in r.items),
        numeric=True,
    ),
)
COST_COLUMNS = (
    Column("Recipe", lambda r: r.recipe_name),
    Column("Required", lambda r: r.batches_required, numeric=True),
    Column("Produced", lambda r: r.batches_produced, numeric=True),
    Column("Actual", lambda r: r.actual_cost, numeric=True, money=True),
    Column("Planned", lambda r: marked(r.planned_cost, r.unpriced), numeric=True),
    Column("Still to bake", lambda r: r.still_to_bake_cost, numeric=True, money=True),
    Column("Forecast", lambda r: r.forecast_cost, numeric=True, money=True),
    Column("Variance", lambda r: r.variance, numeric=True, money=True),
    Column("Variance %", lambda r: r.variance_percent, numeric=True),
    Column("Of", lambda r: r.variance_state),
)


UNPRICED_NOTE = "* planned cost leaves out ingredients never bought"


def _qty(value: Decimal) -> str:
    return format(value.normalize(), "f")


def register(app: typer.Typer) -> None:
    """Add the production commands to ``app``."""
    events = event_group(app)

    @app.command("produce")
    def produce_command(
        event: str = EVENT,
        recipe: str = typer.Argument(..., help="Recipe slug, name or id."),
        batches: str = typer.Option(..., "--batches", "-b", help="Whole batches baked."),
        note: str | None = typer.Option(None, "--note", help="A note on this bake."),
        over_plan: bool = typer.Option(
            False, "--over-plan", help="Confirm baking more than the event's plan needs."
        ),
        make_missing: bool = typer.Option(
            False,
            ConfirmationCode.MAKE_MISSING.flag,
            help="Confirm making now the sub-recipe batches its prepared stock lacks.",
        ),
        cover_shortage: bool = typer.Option(
            False,
            ConfirmationCode.COVER_SHORTAGE.flag,
            help="Confirm booking what the pantry lacks as unrecorded stock.",
        ),
        use_expired: bool = typer.Option(
            False,
            ConfirmationCode.USE_EXPIRED.flag,
            help="Confirm drawing stock past its best-before.",
        ),
        yes: bool = typer.Option(False, "--yes", "-y", help="Confirm everything asked."),
        good: list[str] = typer.Option(
            [], "--good", help="Good items of an item, ITEM=N (repeat per item); default: all."
        ),
        loss_reason: LossReason | None = typer.Option(
            None, "--loss-reason", help="Why fewer good items came out."
        ),
        as_json: bool = JSON,
    ) -> None:
        """Record a bake: draws the pantry oldest lot first and records its real cost.

        A bake that needs confirming (more than the plan needs; short of a sub-recipe's
        prepared stock, docs/product.md §6.12; short of an ingredient or drawing expired
        stock, §6.14) is refused, nothing recorded, until its flag (--over-plan,
        --make-missing, --cover-shortage, --use-expired) or --yes is given (§6.11).
        Fewer good items than expected (--good cookie=40) is a loss for --loss-reason
        (docs/product.md §6.13).
        """
        flags = {
            ConfirmationCode.OVER_PLAN: over_plan,
            ConfirmationCode.MAKE_MISSING: make_missing,
            ConfirmationCode.COVER_SHORTAGE: cover_shortage,
            ConfirmationCode.USE_EXPIRED: use_expired,
        }
        confirm = list(BAKE_CONFIRMATIONS) if yes else [code for code, on in flags.items() if on]
        try:
            with open_session() as session:
                result = ProductionResultRead.model_validate(
                    record_production(
                        session,
                        event_id=get_event(session, event).id,
                        recipe_id=get_recipe(session, recipe).id,
                        batches=typed.batches(batches),
                        notes=note,
                        confirm=confirm,
                        good=_good_items(session, good),
                        loss_reason=loss_reason,
                    )
                )
        except ConfirmationNeeded as needed:
            _refuse_unconfirmed(needed)
        if as_json:
            print_json(result)
            return
        entry = result.record
        console.print(
            f"Recorded {count_of(entry.batches, 'batch')} of {entry.recipe_name}: "
            f"{money(result.actual_cost)} (bake {entry.id})",
            highlight=False,
        )
        for item in result.items:
            if item.lost:
                console.print(
                    f"  {item.good} good {item.item_name} of {item.expected}: {item.lost} lost "
                    f"({money(item.lost_cost)})",
                    highlight=False,
                )
        for stock in result.unrecorded:
            value = "unpriced" if stock.value is None else money(stock.value)
            console.print(
                f"  booked {_qty(stock.quantity)} {stock.unit} of {stock.ingredient} as "
                f"unrecorded stock ({value})",
                highlight=False,
            )
        if result.cost_incomplete:
            err_console.print(
                "warning: the cost is incomplete: the bake drew stock with no price",
                highlight=False,
            )
        for warning in result.warnings:
            err_console.print(f"warning: {warning}", highlight=False)

    @app.command("write-off")
    def write_off_command(
        bake_id: int = typer.Argument(..., help="The bake's id (`produce --json` gives it)."),
        note: str | None = typer.Option(None, "--note", help='E.g. "oven failed".'),
        as_json: bool = JSON,
    ) -> None:
        """A ruined bake: its items are lost, its ingredients stay used (not `reverse`)."""
        with open_session() as session:
            losses = [OutcomeRead.model_validate(o) for o in write_off_bake(session, bake_id, note)]
        if as_json:
            print_json(losses)
            return
        for loss in losses:
            console.print(
                f"Wrote off {loss.quantity} {loss.item_name} of bake {bake_id}: {money(loss.cost)}",
                highlight=False,
            )

    @app.command("loss")
    def loss_command(
        event: str = EVENT,
        item: str = typer.Argument(..., help="Item slug, name or id."),
        quantity: str = typer.Argument(..., help="How many good items were lost."),
        reason: LossReason = typer.Option(..., "--reason", help="Why they were lost."),
        note: str | None = typer.Option(None, "--note", help='E.g. "on the way".'),
        as_json: bool = JSON,
    ) -> None:
        """Good items of an event lost after the bake ("3 broke on the way")."""
        with open_session() as session:
            losses = [
                OutcomeRead.model_validate(loss)
                for loss in record_loss(
                    session,
                    event_id=get_event(session, event).id,
                    item_id=get_item(session, item).id,
                    quantity=typed.count(quantity, field="quantity"),
                    reason=reason,
                    note=note,
                )
            ]
        if as_json:
            print_json(losses)
            return
        for loss in losses:
            console.print(
                f"Lost {loss.quantity} {loss.item_name} ({loss.reason}): {money(loss.cost)}",
                highlight=False,
            )

    @app.command("move")
    def move_command(
        event: str = EVENT,
        to_event: str = typer.Argument(..., help="The event the items go to."),
        item: str = typer.Argument(..., help="Item slug, name or id."),
        quantity: str = typer.Argument(..., help="How many good items move."),
        note: str | None = typer.Option(None, "--note", help="A note on the move."),
        as_json: bool = JSON,
    ) -> None:
        """Move good items (leftovers) to another event with their share of cost."""
        with open_session() as session:
            moves = [
                OutcomeRead.model_validate(move)
                for move in move_items(
                    session,
                    from_event_id=get_event(session, event).id,
                    to_event_id=get_event(session, to_event).id,
                    item_id=get_item(session, item).id,
                    quantity=typed.count(quantity, field="quantity"),
                    note=note,
                )
            ]
        if as_json:
            print_json(moves)
            return
        for move in moves:
            console.print(
                f"Moved {move.quantity} {move.item_name} baked "
                f"{move.bake_produced_at.date()}: {money(move.cost)}",
                highlight=False,
            )

    @app.command("reverse")
    def reverse_command(
        bake_id: int = typer.Argument(..., help="The bake's id (`produce --json` gives it)."),
        reason: str = typer.Option(..., "--reason", help="Why the bake is undone."),
    ) -> None:
        """Undo a bake: its draws go back to the same lots; the bake stays, reversed."""
        with open_session() as session:
            bake = reverse_production(session, bake_id, reason)
        console.print(f"Reversed bake {bake.id}", highlight=False)

    @app.command("status")
    def status_command(
        event: str = EVENT,
        recipient: str = typer.Argument(..., help="Recipient slug, name or id."),
        package: str = typer.Argument(..., help="Package slug, name or id."),
        status: NextStatus = typer.Argument(..., help="assembled or delivered."),
        note: str | None = typer.Option(None, "--note", help='E.g. "Left with neighbour".'),
        as_json: bool = JSON,
    ) -> None:
        """Move a package one step on: pending → assembled → delivered."""
        delivering = status == NextStatus.DELIVERED
        with open_session() as session:
            assignment = update_package_status(
                session,
                get_assignment(session, event, recipient, package).id,
                status.value,
                delivered_to=note if delivering else None,
                note=None if delivering else note,
            )
            result = StatusRead.model_validate(assignment)
        if as_json:
            print_json(result)
        else:
            console.print(f"{package} for {recipient}: {result.status.value}", highlight=False)

    @app.command("correct-status")
    def correct_status_command(
        event: str = EVENT,
        recipient: str = typer.Argument(..., help="Recipient slug, name or id."),
        package: str = typer.Argument(..., help="Package slug, name or id."),
        status: AssignmentStatus = typer.Argument(..., help="pending, assembled or delivered."),
        reason: str = typer.Option(..., "--reason", help='Why, e.g. "marked by mistake".'),
        as_json: bool = JSON,
    ) -> None:
        """Set a package to any status, going back included, as a recorded correction."""
        with open_session() as session:
            assignment_id = get_assignment(session, event, recipient, package).id
            assignment = correct_package_status(session, assignment_id, status, reason)
            result = StatusRead.model_validate(assignment)
        if as_json:
            print_json(result)
        else:
            console.print(
                f"{package} for {recipient}: {result.status.value} (corrected)", highlight=False
            )

    @app.command("dashboard")
    def dashboard_command(
        hide_completed: bool = typer.Option(
            False, "--hide-completed", help="Leave out events whose packages are all delivered."
        ),
        season: str | None = typer.Option(
            None,
            "--season",
            help='A season (slug, name or id), "upcoming" or "all"; default: the current '
            "season, else the next, else all upcoming events.",
        ),
        as_json: bool = JSON,
        as_csv: bool = CSV,
    ) -> None:
        """Events of a season: batches baked, packages by status, actual, planned and
        forecast cost; the totals say what they cover."""
        with open_session() as session:
            scope = resolve_dashboard_scope(session, season)
            summary = DashboardSummaryRead.model_validate(
                get_dashboard_summary(session, include_completed=not hide_completed, scope=scope)
            )
        rows = summary.rows
        emit(
            summary,
            title=f"Events: {summary.scope}",
            columns=DASHBOARD_COLUMNS,
            rows=rows,
            as_json=as_json,
            as_csv=as_csv,
        )
        if not (as_json or as_csv):
            t = summary.totals
            console.print(
                f"Totals of the {count_of(t.events, 'event')} shown ({summary.scope}): "
                f"{money(t.actual_cost)} spent, {money(t.planned_cost, t.unpriced)} planned, "
                f"{money(t.forecast_cost)} forecast",
                highlight=False,
            )
        if not (as_json or as_csv) and any(r.unpriced for r in rows):
            console.print(UNPRICED_NOTE)

    @events.command("progress")
    def progress_command(event: str = EVENT, as_json: bool = JSON, as_csv: bool = CSV) -> None:
        """One event: batches baked vs required per recipe, packages, costs."""
        with open_session() as session:
            progress = ProductionProgressRead.model_validate(
                get_production_progress(session, get_event(session, event).id)
            )
        _print_progress(progress, as_json=as_json, as_csv=as_csv)

    @events.command("costs")
    def costs_command(event: str = EVENT, as_json: bool = JSON, as_csv: bool = CSV) -> None:
        """One event: actual vs planned cost per recipe, with variance."""
        with open_session() as session:
            breakdown = RecipeCostBreakdownRead.model_validate(
                get_recipe_cost_breakdown(session, get_event(session, event).id)
            )
        _print_costs(breakdown, as_json=as_json, as_csv=as_csv)


def _good_items(session: Session, given: list[str]) -> dict[int, object]:
    """``ITEM=N`` pairs as good items by item id."""
    good: dict[int, object] = {}
    for pair in given:
        name, sep, number = pair.rpartition("=")
        if not sep or not name.strip():
            raise InvalidInput("give good items as ITEM=N, e.g. --good cookie=40", field="good")
        good[get_item(session, name.strip()).id] = typed.count(number, field="good", minimum=0)
    return good


def _refuse_unconfirmed(needed: ConfirmationNeeded) -> NoReturn:
    """Say what the bake needs confirming and which flags accept it; nothing was recorded."""
    err_console.print(
        "[bold red]error:[/] nothing recorded: this bake needs confirming", highlight=False
    )
    for confirmation in needed.confirmations:
        err_console.print(
            f"  {confirmation.code.flag}: {escape(confirmation.message)}",
            highlight=False,
            soft_wrap=True,
        )
    flags = " ".join(c.code.flag for c in needed.confirmations)
    err_console.print(f"Run it again with {flags} (or --yes to confirm all).", highlight=False)
    raise typer.Exit(needed.exit_code)


def _print_progress(progress: ProductionProgressRead, *, as_json: bool, as_csv: bool) -> None:
    title = f"{progress.event_name} ({progress.event_date})"
    rows = progress.recipes
    emit(progress, title=title, columns=PROGRESS_COLUMNS, rows=rows, as_json=as_json, as_csv=as_csv)
    if as_json or as_csv:
        return
    p = progress.packages
    console.print(
        f"Packages: {p.pending} pending, {p.assembled} assembled, {p.delivered} delivered "
        f"of {p.total} — {progress.state.label}",
        highlight=False,
    )
    costs = progress.costs
    console.print(
        f"Cost: {money(costs.actual_total)} actual, "
        f"{money(costs.planned_total, costs.unpriced)} planned",
        highlight=False,
    )


def _print_costs(breakdown: RecipeCostBreakdownRead, *, as_json: bool, as_csv: bool) -> None:
    title = f"Costs: {breakdown.event_name} ({breakdown.event_date})"
    rows = breakdown.rows
    emit(breakdown, title=title, columns=COST_COLUMNS, rows=rows, as_json=as_json, as_csv=as_csv)
    if as_json or as_csv:
        return
    if breakdown.variance is None:
        variance = "not started: no variance yet"
    else:
        share = "" if breakdown.variance_percent is None else f" ({breakdown.variance_percent:+} %)"
        variance = f"variance {signed_money(breakdown.variance)}{share} {breakdown.variance_state}"
    console.print(
        f"Total: {money(breakdown.actual_total)} actual + "
        f"{money(breakdown.still_to_bake_total)} still to bake = "
        f"{money(breakdown.forecast_total)} forecast; "
        f"{money(breakdown.planned_total, breakdown.unpriced)} planned; {variance}",
        highlight=False,
    )
    if breakdown.budget is not None:
        standing = (
            f"{money(breakdown.over_budget)} over budget"
            if breakdown.over_budget is not None
            else f"{money(breakdown.budget_left or Decimal(0))} left"
        )
        console.print(f"Budget {money(breakdown.budget)}: {standing}", highlight=False)
    for row in breakdown.rows:
        for loss in row.losses:
            console.print(
                f"{money(loss.cost)} lost to {loss.reason.phrase} ({row.recipe_name})",
                highlight=False,
            )
    if breakdown.unpriced:
        console.print(UNPRICED_NOTE)
