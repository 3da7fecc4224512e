"""Imports go one way (docs/architecture.md): each layer imports only what lies below it.

Every ``import`` and ``from … import`` of a module counts, those under ``TYPE_CHECKING``
included: a type that crosses a layer is a dependency too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "bakehouse"
WEB_FRAMEWORKS = ("fastapi", "starlette", "uvicorn", "jinja2")
DOORS = ("bakehouse.web", "bakehouse.cli")
BELOW_WEB = ("domain", "units", "models", "services", "db", "io", "labels", "demo", "schemas")
PURE = ("domain", "units")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            # ``from bakehouse.web import pages`` imports the module bakehouse.web.pages.
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def modules_in(layer: str) -> list[Path]:
    found = sorted((SRC / layer).rglob("*.py"))
    assert found, f"no modules in {layer}/"
    return found


def imports_of(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    """Each import in ``layer`` of a module named by (or inside) one of ``forbidden``."""
    return [
        f"{path.relative_to(SRC)} imports {name}"
        for path in modules_in(layer)
        for name in sorted(imported_modules(path))
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    ]


@pytest.mark.parametrize("layer", BELOW_WEB)
def test_layers_below_the_web_never_import_a_web_framework(layer: str) -> None:
    assert imports_of(layer, WEB_FRAMEWORKS) == []


@pytest.mark.parametrize("layer", BELOW_WEB)
def test_layers_below_the_web_never_import_web_or_cli(layer: str) -> None:
    assert imports_of(layer, DOORS) == []


@pytest.mark.parametrize("layer", PURE)
def test_the_pure_core_touches_no_database_and_no_use_case(layer: str) -> None:
    database = ("sqlalchemy", "alembic", "psycopg", "bakehouse.models", "bakehouse.db")
    above = (
        "bakehouse.services",
        "bakehouse.io",
        "bakehouse.labels",
        "bakehouse.demo",
        "bakehouse.schemas",
    )
    assert imports_of(layer, database + above + DOORS) == []


def test_the_services_never_import_the_doors_or_the_demo() -> None:
    assert imports_of("services", (*DOORS, "bakehouse.demo", *WEB_FRAMEWORKS, "typer")) == []


def test_the_services_never_import_the_read_models_built_on_them() -> None:
    assert imports_of("services", ("bakehouse.schemas",)) == []


def test_the_api_never_imports_the_pages() -> None:
    assert imports_of("web/api", ("bakehouse.web.pages",)) == []


def test_only_the_cli_imports_the_demo_season() -> None:
    others = [p for p in SRC.rglob("*.py") if p.relative_to(SRC).parts[0] not in ("cli", "demo")]
    found = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in sorted(others)
        for name in sorted(imported_modules(path))
        if name == "bakehouse.demo" or name.startswith("bakehouse.demo.")
    ]
    assert found == []


def test_the_layer_check_sees_the_imports_that_are_allowed() -> None:
    """The checks above look at real imports: the ones that are allowed are found."""
    assert any("bakehouse.demo" in line for line in imports_of("cli", ("bakehouse.demo",)))
    assert imports_of("web/pages", ("bakehouse.web.api",))
    assert imports_of("services", ("sqlalchemy",))


def test_the_layer_check_reads_every_form_of_import(tmp_path: Path) -> None:
    module = tmp_path / "page.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "from bakehouse.web import pages\n"
        "import sqlalchemy.orm\n"
        "if TYPE_CHECKING:\n"
        "    from bakehouse.demo.season import DemoSeason\n"
    )
    assert imported_modules(module) >= {
        "bakehouse.web.pages",
        "sqlalchemy.orm",
        "bakehouse.demo.season",
    }
