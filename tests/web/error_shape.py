"""One check for the JSON error shape every API error must have."""

from __future__ import annotations

from typing import Any

import httpx


def assert_error(
    response: httpx.Response,
    status: int,
    code: str,
    *,
    field: str | None = None,
    says: str | None = None,
) -> dict[str, Any]:
    """The response is ``{"error": {code, message, field, details}}`` with this status.

    ``says``: a piece of the message a person would need to fix the request.
    """
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message", "field", "details"}
    assert error["code"] == code, error
    assert error["message"], error
    if field is not None:
        assert error["field"] == field, error
    if says is not None:
        assert says.lower() in error["message"].lower(), error
    return dict(error)
