"""Imports go one way: nothing below the web layer imports the web framework."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "bakehouse"
WEB_FRAMEWORKS = ("fastapi", "starlette", "uvicorn", "jinja2")
BELOW_WEB = ("domain", "units", "models", "services", "db", "io")
PURE = ("domain", "units")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def modules_in(layer: str) -> list[Path]:
    return sorted((SRC / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", BELOW_WEB)
def test_layers_below_the_web_never_import_a_web_framework(layer: str) -> None:
    for path in modules_in(layer):
        for name in imported_modules(path):
            assert not name.startswith(WEB_FRAMEWORKS), f"{path.name} imports {name}"


@pytest.mark.parametrize("layer", BELOW_WEB)
def test_layers_below_the_web_never_import_web_or_cli(layer: str) -> None:
    for path in modules_in(layer):
        for name in imported_modules(path):
            assert not name.startswith(("bakehouse.web", "bakehouse.cli")), (
                f"{path.relative_to(SRC)} imports {name}"
            )


@pytest.mark.parametrize("layer", PURE)
def test_the_pure_core_touches_no_database(layer: str) -> None:
    for path in modules_in(layer):
        for name in imported_modules(path):
            assert not name.startswith(("sqlalchemy", "bakehouse.models", "bakehouse.services")), (
                f"{path.relative_to(SRC)} imports {name}"
            )
