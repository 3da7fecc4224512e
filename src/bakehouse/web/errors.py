"""The one place errors become responses: JSON for /api, an HTML page elsewhere.

JSON error shape: ``{"error": {"code", "message", "field", "details"}}``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from bakehouse.errors import BakehouseError


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


def error_body(
    code: str, message: str, field: str | None = None, details: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field, "details": details or {}}}


def _respond(request: Request, status: int, body: dict[str, Any]) -> Response:
    if wants_json(request):
        return JSONResponse(body, status_code=status)
    from bakehouse.web.deps import render

    return render(request, "error.html", {"error": body["error"], "status": status}, status)


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "request"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(BakehouseError)
    def domain_error(request: Request, error: BakehouseError) -> Response:
        body = error_body(error.code, error.message, error.field, error.details())
        return _respond(request, error.http_status, body)

    @app.exception_handler(RequestValidationError)
    def validation_error(request: Request, error: RequestValidationError) -> Response:
        problems = [
            {"location": _location(e.get("loc", ())), "message": str(e.get("msg", "invalid"))}
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
