"""An error nobody expected still gets the JSON error shape (or the error page) with an id,
and the log line with the traceback carries the same id; every answer refuses framing."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import local_client
from tests.web.error_shape import assert_error
from tests.web.page_text import page_text


def explode() -> None:
    raise RuntimeError("the oven caught fire")


@pytest.fixture
def fragile(app: FastAPI) -> Iterator[TestClient]:
    """The app with a route that fails the way a bug would."""
    app.add_api_route("/api/explode", explode)
    app.add_api_route("/explode", explode)
    with local_client(app, raise_server_exceptions=False) as client:
        yield client


def test_an_unexpected_api_error_is_json_with_an_id_that_is_in_the_log(
    fragile: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="bakehouse.web"):
        response = fragile.get("/api/explode")

    error = assert_error(response, 500, "internal_error", says="something went wrong")
    error_id = error["details"]["error_id"]
    assert re.fullmatch(r"[0-9a-f]{12}", error_id)
    assert error_id in error["message"]
    [record] = [r for r in caplog.records if r.name == "bakehouse.web"]
    assert error_id in record.getMessage()
    assert record.exc_info is not None
    assert "the oven caught fire" in str(record.exc_info[1])
    assert "oven" not in response.text, "the cause stays in the log, not in the answer"


def test_an_unexpected_page_error_shows_the_error_page_with_its_id(fragile: TestClient) -> None:
    response = fragile.get("/explode")

    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")
    text = page_text(response.text)
    assert "Something went wrong" in text
    assert re.search(r"error id [0-9a-f]{12}", text)


@pytest.mark.parametrize("path", ["/", "/api/dashboard", "/no-such-page", "/static/app.css"])
def test_no_answer_may_be_framed_by_another_site(client: TestClient, path: str) -> None:
    response = client.get(path)

    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["content-security-policy"] == "frame-ancestors 'none'"
