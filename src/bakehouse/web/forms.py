"""HTML forms: read, validate with pydantic, and put each message next to its field.

A form page re-renders with ``errors`` (field name → message) and the values the baker
typed, status 422, and nothing saved — the service call ran in a transaction that was
rolled back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from bakehouse.errors import BakehouseError, ValidationFailed
from bakehouse.web.deps import Database, render

Model = TypeVar("Model", bound=BaseModel)
GENERAL = "__all__"


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


def submit_form(
    request: Request,
    db: Database,
    form: Mapping[str, Any],
    model: type[Model],
    action: Callable[[Any, Model], str],
    template: str,
    context: Callable[[Any], dict[str, Any]] | None = None,
) -> Response:
    """Validate, run ``action(session, data)`` in one transaction, redirect to the URL it returns.

    On any validation or domain error, re-render ``template`` with the messages next to
    their fields and the typed values kept (422); nothing is saved. ``context(session)``
    supplies what the template needs besides ``errors`` and ``values``.
    """
    data, errors = parse_form(model, form)
    if data is not None:
        try:
            with db.transaction() as session:
                target = action(session, data)
            return RedirectResponse(target, status_code=303)
        except BakehouseError as error:
            errors = errors_from(error)
    with db.transaction() as session:
        extra = context(session) if context else {}
        return render(
            request, template, {**extra, "errors": errors, "values": dict(form)}, status_code=422
        )
