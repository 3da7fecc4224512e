"""The app factory, the error shape and the offline guarantee."""

from __future__ import annotations

from fastapi.testclient import TestClient


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
