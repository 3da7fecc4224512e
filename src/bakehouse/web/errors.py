"""The one place errors become responses: JSON for /api, an HTML page elsewhere.

JSON error shape: ``{"error": {"code", "message", "field", "details"}}``. An error nobody
expected (a bug, a database gone away) is logged with a short id and answered with the
same shape — code ``internal_error`` and the id in the message and ``details.error_id`` —
so a person can quote the id and the log line can be found.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from bakehouse.errors import BakehouseError, ServerBusy

logger = logging.getLogger("bakehouse.web")


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


def error_body(
    code: str, message: str, field: str | None = None, details: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field, "details": details or {}}}


def error_response(request: Request, error: BakehouseError) -> Response:
    """A domain error as the JSON error shape (``/api``) or the error page."""
    body = error_body(error.code, error.message, error.field, error.details())
    return _respond(request, error.http_status, body)


def _respond(request: Request, status: int, body: dict[str, Any]) -> Response:
    if wants_json(request):
        return JSONResponse(body, status_code=status)
    from bakehouse.web.deps import render

    return render(request, "error.html", {"error": body["error"], "status": status}, status)


def status_error_response(request: Request, status: int, code: str, message: str) -> Response:
    """The error shape for ``status`` (JSON under /api, the error page elsewhere)."""
    return _respond(request, status, error_body(code, message))


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "request"


def _message(problem: Any) -> str:
    """A validation problem as a person reads it (our rules' phrases without pydantic's
    "Value error, " in front)."""
    return str(problem.get("msg", "invalid")).removeprefix("Value error, ")


def unexpected_error_response(request: Request, error: BaseException) -> Response:
    """Log ``error`` with a new id; answer 500 in the JSON error shape or the error page."""
    error_id = secrets.token_hex(6)
    logger.error(
        "unexpected error %s on %s %s",
        error_id,
        request.method,
        request.url.path,
        exc_info=(type(error), error, error.__traceback__),
    )
    message = f"something went wrong on our side; it was logged with the id {error_id}"
    body = error_body("internal_error", message, details={"error_id": error_id})
    try:
        return _respond(request, 500, body)
    except Exception:  # the error page itself failed: say it plainly
        return PlainTextResponse(message, status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(BakehouseError)
    def domain_error(request: Request, error: BakehouseError) -> Response:
        response = error_response(request, error)
        if isinstance(error, ServerBusy):
            response.headers["Retry-After"] = str(error.retry_after_seconds)
        return response

    @app.exception_handler(RequestValidationError)
    def validation_error(request: Request, error: RequestValidationError) -> Response:
        problems = [
            {"location": _location(e.get("loc", ())), "message": _message(e)}
            for e in error.errors()
        ]
        first = problems[0] if problems else {"location": "request", "message": "invalid input"}
        message = f"{first['location']}: {first['message']}"
        if len(problems) > 1:
            message += f" (and {len(problems) - 1} more)"
        body = error_body("invalid_input", message, first["location"], {"problems": problems})
        return _respond(request, 422, body)

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, error: StarletteHTTPException) -> Response:
        code = "not_found" if error.status_code == 404 else "http_error"
        message = "page not found" if error.status_code == 404 else str(error.detail)
        return _respond(request, error.status_code, error_body(code, message))

    # The last resort: Starlette's ServerErrorMiddleware calls this for any other
    # exception (and then re-raises it, so the server logs the traceback too).
    app.add_exception_handler(Exception, unexpected_error_response)
