"""Signing in from tests, and the app's route table as (method, path) pairs."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.factories.accounts import PASSWORD

_CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]*)">')
_PARAM = re.compile(r"\{[^}]+\}")


def csrf_from(html: str) -> str:
    """The CSRF token a page carries in ``<meta name="csrf-token">``."""
    found = _CSRF_META.search(html)
    assert found is not None, "the page has no csrf-token meta tag"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Sign in through the login form; returns the session's CSRF token."""
    token = csrf_from(client.get("/login").text)
    form = {"username": username, "password": password, "csrf_token": token, "next": "/account"}
    response = client.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 303, (response.status_code, response.text[:2000])
    return csrf_from(client.get("/account").text)


def route_table(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path template) the app serves, mounted static files aside."""
    routes: list[Any]
    try:  # FastAPI ≥ 0.150 keeps included routers as lazy branches
        from fastapi.routing import iter_route_contexts

        routes = list(iter_route_contexts(app.routes))
    except ImportError:  # pragma: no cover - older FastAPI lists every route flat
        routes = list(app.routes)
    pairs = {
        (method, route.path)
        for route in routes
        if getattr(route, "methods", None)
        for method in route.methods
        if method != "HEAD"
    }
    return sorted(pairs, key=lambda pair: (pair[1], pair[0]))


def concrete(path: str) -> str:
    """A path template with every parameter filled in (``/events/{id}`` → ``/events/1``)."""
    return _PARAM.sub("1", path)
