"""Every door reads its limits from ``domain.inputs``: no door writes its own maximum.

A bound written as a number in a field or a check (``max_length=200``, ``le=500``,
``maximum=100_000``) is how the same limit came to be written three times; bounds of 0 and 1
(not negative, at least one) are not limits and may be written where they apply.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "bakehouse"
DOORS = ("services", "web", "cli", "io")
BOUNDS = {"max_length", "min_length", "le", "lt", "ge", "gt", "maximum", "minimum"}


def written_bounds(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.keyword) and node.arg in BOUNDS:
            value = node.value
            if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub):
                value = value.operand
            written = isinstance(value, ast.Constant) and isinstance(value.value, int | float)
            if written and value.value not in (0, 1):
                found.append(f"{path.relative_to(SRC)}:{node.lineno} {node.arg}={value.value}")
    return found


@pytest.mark.parametrize("door", DOORS)
def test_no_door_writes_a_limit_of_its_own(door: str) -> None:
    found = [line for path in sorted((SRC / door).rglob("*.py")) for line in written_bounds(path)]
    assert found == []
