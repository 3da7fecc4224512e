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
    """Validate ``form`` as ``model``: the model, or the messages by field name."""
    cleaned = {k: (None if v == "" else v) for k, v in form.items()}
    try:
        return model.model_validate(cleaned), {}
    except ValidationError as error:
        errors: dict[str, str] = {}
        for problem in error.errors():
            name = ".".join(str(p) for p in problem["loc"]) or GENERAL
            errors.setdefault(name, _readable(problem["msg"]))
        return None, errors


def errors_from(error: BakehouseError) -> dict[str, str]:
    """A domain error as form messages: on its field when it names one."""
    if isinstance(error, ValidationFailed):
        return {p.location: p.message for p in error.problems}
    return {error.field or GENERAL: error.message}


def _readable(message: str) -> str:
    return message.removeprefix("Value error, ")


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
