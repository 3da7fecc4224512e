"""Labelling is a pure core plus a renderer: neither reads the database nor knows the web."""

from __future__ import annotations

import pytest

from tests.unit.test_layers import SRC, imported_modules

FORBIDDEN = (
    "sqlalchemy",
    "fastapi",
    "starlette",
    "jinja2",
    "typer",
    "bakehouse.models",
    "bakehouse.services",
    "bakehouse.db",
    "bakehouse.web",
    "bakehouse.cli",
)


@pytest.mark.parametrize("folder", ["domain/labelling", "labels"])
def test_labelling_touches_no_database_web_or_cli(folder: str) -> None:
    for path in sorted((SRC / folder).rglob("*.py")):
        for name in imported_modules(path):
            assert not name.startswith(FORBIDDEN), f"{path.relative_to(SRC)} imports {name}"


def test_the_rules_draw_nothing() -> None:
    for path in sorted((SRC / "domain" / "labelling").rglob("*.py")):
        for name in imported_modules(path):
            assert not name.startswith(("reportlab", "bakehouse.labels")), (
                f"{path.relative_to(SRC)} imports {name}"
            )
