"""``bakehouse demo`` writes a fresh demo season where it is told; ``serve`` serves the app."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner, Result

from bakehouse.cli.app import app
from bakehouse.cli.serve import demo_database_url
from bakehouse.db.engine import make_engine, make_session_factory, transaction
from bakehouse.errors import Conflict
from bakehouse.services.pantry.ledger import ledger_discrepancies
from bakehouse.services.production.dashboard import get_dashboard_summary
from tests.conftest import PostgresSchema, require_postgres


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty database (no tables yet) on ``backend``, as a URL the CLI can use."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'demo.sqlite3'}"
        return
    schema = PostgresSchema(require_postgres())
    schema.create()
    try:
        yield f"{schema.url}?options=-csearch_path%3D{schema.name}"
    finally:
        schema.drop()


def run_demo(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(
        app, ["demo", "--no-serve", *args], env={"BAKEHOUSE_DATABASE_URL": database_url}
    )


def test_demo_no_serve_writes_the_season_at_the_database_url(database_url: str) -> None:
    result = run_demo(database_url)
    assert result.exit_code == 0, result.output
    assert "Demo database:" in result.output
    assert "4 events, 23 recipients, 13 recipes" in " ".join(result.output.split())
    engine = make_engine(database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            rows = get_dashboard_summary(session).rows
            assert len(rows) == 4
            assert ledger_discrepancies(session) == []
    finally:
        engine.dispose()


def test_demo_refuses_a_database_that_holds_data_unless_told_to_replace_it(
    database_url: str,
) -> None:
    assert run_demo(database_url).exit_code == 0
    refused = run_demo(database_url).exception
    assert isinstance(refused, Conflict)
    assert "already holds data" in refused.message
    assert "--replace" in refused.message
    replaced = run_demo(database_url, "--replace", "--json")
    assert replaced.exit_code == 0, replaced.output
    built = json.loads(replaced.stdout)
    assert built["events"] == 4
    assert built["recipients"] >= 20


def test_demo_uses_its_own_file_without_a_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BAKEHOUSE_DATABASE_URL", raising=False)
    url = demo_database_url()
    assert url.startswith("sqlite:///")
    assert url.endswith("demo.sqlite3")
    monkeypatch.setenv("BAKEHOUSE_DATABASE_URL", "sqlite:////tmp/elsewhere.sqlite3")
    assert demo_database_url() == "sqlite:////tmp/elsewhere.sqlite3"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_answers_on_the_port_it_is_given(database_url: str) -> None:
    port = free_port()
    env = {
        **os.environ,
        "BAKEHOUSE_DATABASE_URL": database_url,
        "BAKEHOUSE_SECRET_KEY": "a key for this test only",  # none written to the home dir
    }
    entry = "from bakehouse.cli.app import main; main()"
    command = [sys.executable, "-c", entry, "serve", "--port", str(port)]
    with subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL) as server:
        try:
            health = None
            for _ in range(150):
                try:
                    health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            assert health is not None, "the server never answered"
            assert health.json()["status"] == "ok"
            assert "Totals" in httpx.get(f"http://127.0.0.1:{port}/").text
        finally:
            server.terminate()
            server.wait(timeout=10)
