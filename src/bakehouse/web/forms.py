"""HTML forms: read, validate with pydantic, and put each message next to its field.

Every form is submitted the same way (:func:`run_form`): what was typed is checked, the
action runs in one transaction, and the browser is sent on to the URL it returns. On a
problem the page is drawn again (:class:`Redraw`) with ``errors`` (field name → message),
what the baker typed, status 422, and nothing saved — the action's transaction was rolled
back. :func:`submit_form` is the usual case: one pydantic model for the whole form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from bakehouse.errors import BakehouseError, ValidationFailed
from bakehouse.web.deps import Database, render

Model = TypeVar("Model", bound=BaseModel)
Data = TypeVar("Data")
GENERAL = "__all__"
#: What a page's template needs besides the form's problems, read in a transaction.
Context = Callable[[Session], dict[str, Any]]
#: What a form's action returns: the URL to go on to (303), or the answer itself.
Outcome = str | Response


async def read_form(request: Request) -> dict[str, Any]:
    """The submitted form: single values as strings, repeated fields as lists."""
    form = await request.form()
    values: dict[str, Any] = {}
    for key in form:
        items = [v for v in form.getlist(key) if isinstance(v, str)]
        values[key] = items if len(items) > 1 or key.endswith("[]") else (items[0] if items else "")
    return values


FormData = Annotated[dict[str, Any], Depends(read_form)]


def parse_form(model: type[Model], form: Mapping[str, Any]) -> tuple[Model | None, dict[str, str]]:
    """Validate ``form`` as ``model``: the model, or every problem by field name at once,
    each in plain words without the field's name (the page puts its label in front,
    docs/product.md §6.19)."""
    cleaned = {k: (None if v == "" else v) for k, v in form.items()}
    try:
        return model.model_validate(cleaned), {}
    except ValidationError as error:
        return None, problems_from(error)


def problems_from(error: ValidationError) -> dict[str, str]:
    """Every problem of a pydantic validation, by field name, in plain words."""
    errors: dict[str, str] = {}
    for problem in error.errors():
        name = ".".join(str(p) for p in problem["loc"][:1]) or GENERAL
        said = plain_problem(problem)
        if name.endswith(("_id", "_ids")) and str(problem.get("type")) in _NUMBER_PROBLEMS:
            said = "choose one from the list"  # a record picked: its number means nothing
        errors.setdefault(name, said)
    return errors


#: Problems with a number: for a record picked from a list, the number means nothing.
_NUMBER_PROBLEMS = {"int_parsing", "int_type", "int_from_float", "greater_than",
                    "greater_than_equal", "less_than", "less_than_equal"}  # fmt: skip
#: What a blank box means for each kind of pydantic type error.
_BLANK = {"missing", "string_type", "int_type", "decimal_type", "date_type", "datetime_type",
          "bool_type", "float_type", "enum", "literal_error", "list_type"}  # fmt: skip


def plain_problem(problem: Mapping[str, Any]) -> str:
    """One pydantic problem as the words a person reads after the field's label: "is
    required", "must be a whole number like 12"… never pydantic's own text."""
    kind = str(problem.get("type", ""))
    context = problem.get("ctx") or {}
    given = problem.get("input")
    if kind == "value_error":
        error = context.get("error")
        return str(getattr(error, "problem", error) or "is not valid")
    if kind == "missing" or (given is None and kind in _BLANK):
        return "is required"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "must be a whole number like 12"
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "float_type"):
        return "must be a number like 2.5"
    if kind in ("greater_than", "greater_than_equal"):
        return (
            "must be more than 0"
            if str(context.get("gt", "")) == "0"
            else (f"must be at least {context.get('ge', context.get('gt'))}")
        )
    if kind in ("less_than", "less_than_equal"):
        return f"must be at most {context.get('le', context.get('lt'))}"
    if kind in ("string_too_long", "too_long"):
        return f"is too long (at most {context.get('max_length', 0):,} characters)"
    if kind in ("string_too_short", "too_short"):
        return "is required"
    if kind.startswith(("date_", "datetime_")):
        return "must be a date like 2026-12-01"
    if kind in ("enum", "literal_error"):
        return "must be one of the choices offered"
    if kind.startswith("bool"):
        return "must be ticked or not"
    return "is not valid"


def errors_from(error: BakehouseError) -> dict[str, str]:
    """A domain error as form messages: on its field when it names one, without the
    field's internal name in front (the page shows the field's label there)."""
    if isinstance(error, ValidationFailed):
        return {p.location: without_name(p.message, p.location) for p in error.problems}
    if error.field:
        return {error.field: without_name(error.message, error.field)}
    return {GENERAL: error.message}


def without_name(message: str, field: str) -> str:
    """``message`` less a leading ``field`` name ("quantity must be…" → "must be…")."""
    for name in (field, field.replace("_", " "), field.removesuffix("_id")):
        if message.startswith(name + " "):
            return message[len(name) + 1 :]
    return message


@dataclass(frozen=True)
class Redraw:
    """How a form's page is drawn again when the form has a problem."""

    template: str
    #: What the template needs besides the problems (its records, its lists).
    context: Context | None = None
    #: Drawn as well, over the context: what was typed (``values``), which form failed…
    shown: Mapping[str, Any] = field(default_factory=dict)
    #: A domain error as messages by input name.
    messages: Callable[[BakehouseError], dict[str, str]] = errors_from
    #: Answer a domain error with its own status (409, 404…) instead of 422.
    error_status: bool = False

    def response(
        self,
        request: Request,
        db: Database,
        errors: Mapping[str, str],
        problem: BakehouseError | None = None,
    ) -> Response:
        """The page with the problems shown; ``problem`` is the domain error, if one."""
        status = problem.http_status if problem is not None and self.error_status else 422
        with db.transaction() as session:
            context = self.context(session) if self.context else {}
            page = {**context, **self.shown, "errors": dict(errors), "problem": problem}
            return render(request, self.template, page, status_code=status)


def run_form(
    request: Request,
    db: Database,
    data: Data | None,
    errors: Mapping[str, str],
    action: Callable[[Session, Data], Outcome],
    redraw: Redraw,
) -> Response:
    """Run ``action(session, data)`` in one transaction and go on to the URL it returns
    (303), or answer with the response it returns.

    ``data`` is what the form checked out to, or None with ``errors`` when it did not; then,
    or when the action raises a domain error, ``redraw`` draws the page again and nothing
    is saved.
    """
    if data is not None:
        try:
            with db.transaction() as session:
                outcome = action(session, data)
        except BakehouseError as error:
            return redraw.response(request, db, redraw.messages(error), error)
        if isinstance(outcome, Response):
            return outcome
        return RedirectResponse(outcome, status_code=303)
    return redraw.response(request, db, errors)


def submit_form(
    request: Request,
    db: Database,
    form: Mapping[str, Any],
    model: type[Model],
    action: Callable[[Session, Model], Outcome],
    template: str,
    context: Context | None = None,
) -> Response:
    """Validate ``form`` as ``model`` and :func:`run_form` ``action`` with it; on a problem
    ``template`` is drawn again with the messages next to their fields and the typed values
    kept (422). ``context(session)`` supplies what the template needs besides ``errors``
    and ``values``."""
    data, errors = parse_form(model, form)
    redraw = Redraw(template, context, {"values": dict(form)})
    return run_form(request, db, data, errors, action, redraw)
