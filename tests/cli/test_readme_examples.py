"""README.md's command-line examples run, as written, on the demo season (docs/product.md
§6.16): ``bakehouse demo`` prints the line that points the CLI at its own database, and
every example after that line succeeds there."""

from __future__ import annotations

import functools
import re
import shlex
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bakehouse.cli import serve
from bakehouse.cli.app import app
from bakehouse.cli.context import close_engines
from bakehouse.demo.season import build_demo_season
from tests.test_docs import README, Text, shell_commands

#: The season README.md's examples name (``christmas-2026``): the demo as built that December.
README_SEASON = date(2026, 12, 1)
EXPORT = re.compile(r"^[ \t]*export BAKEHOUSE_DATABASE_URL=(\S+)[ \t]*$", re.MULTILINE)


def readme_examples() -> tuple[str, list[list[str]]]:
    """The README's block that starts with the demo's export line: that line and the
    ``bakehouse`` commands after it (arguments only)."""
    for language, body in Text.read(README).blocks:
        line = EXPORT.search(body)
        if language == "bash" and line is not None:
            block = Text.read(README, f"```bash\n{body}\n```\n")
            return line.group(0).strip(), list(shell_commands(block))
    raise AssertionError("README.md has no block starting with the demo's export line")


def test_the_readme_shows_the_demos_line_before_its_examples() -> None:
    line, commands = readme_examples()
    assert line.startswith("export BAKEHOUSE_DATABASE_URL=sqlite:///")
    assert line.endswith("/bakehouse/demo.sqlite3")
    assert len(commands) >= 15


def test_every_readme_example_runs_on_the_demo_season(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BAKEHOUSE_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        serve, "build_demo_season", functools.partial(build_demo_season, today=README_SEASON)
    )
    runner = CliRunner(env={"COLUMNS": "160"})
    close_engines()
    try:
        built = runner.invoke(app, ["demo", "--no-serve"])
        assert built.exit_code == 0, built.output
        printed = EXPORT.search(built.stdout)
        assert printed is not None, built.stdout
        url = shlex.split(printed.group(1))[0]
        assert url == f"sqlite:///{tmp_path / 'data' / 'bakehouse' / 'demo.sqlite3'}"
        monkeypatch.setenv("BAKEHOUSE_DATABASE_URL", url)
        _line, commands = readme_examples()
        for words in commands:
            result = runner.invoke(app, words)
            assert result.exit_code == 0, (words, result.output, result.exception)
    finally:
        close_engines()
