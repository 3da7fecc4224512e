"""The app factory, the error shape and the offline guarantee."""

from __future__ import annotations

from decimal import Decimal

from fastapi import FastAPI
from fastapi.testclient import TestClient

from bakehouse.errors import InsufficientStock, Shortage
from tests.web.conftest import local_client


def test_health_reports_the_database_it_uses(client: TestClient, backend: str) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json()["database"] == backend


def test_unknown_api_route_returns_the_json_error_shape(client: TestClient) -> None:
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_unknown_page_returns_an_html_error_page(client: TestClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "Not found" in response.text


def test_openapi_document_is_served_under_api(client: TestClient) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Bakehouse"


def test_no_page_or_asset_loads_anything_from_another_host(client: TestClient) -> None:
    for path in ("/static/app.css", "/static/app.js", "/static/print.css"):
        body = client.get(path).text
        assert "http://" not in body
        assert "https://" not in body


def test_a_shortage_on_a_page_lists_every_short_ingredient(app: FastAPI) -> None:
    def bake_too_much() -> None:
        raise InsufficientStock(
            [Shortage(1, "Flour", "g", Decimal("2500.123456"), Decimal("1204.024448"))]
        )

    app.add_api_route("/test-shortage", bake_too_much, include_in_schema=False)
    with local_client(app) as client:
        response = client.get("/test-shortage")

    assert response.status_code == 409
    assert "text/html" in response.headers["content-type"]
    assert "Flour" in response.text
    assert "2,500.12 g" in response.text
    assert "1,204.02 g" in response.text
    assert "1,296.1 g" in response.text
