"""The load benchmark runs end to end: multi-worker server, sign-in, bakes, a sign-in storm,
ledger check — on PostgreSQL and on SQLite."""

from __future__ import annotations

import pytest
from benchmarks.load import main

from tests.conftest import require_postgres


@pytest.mark.slow
@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_short_load_run_finds_no_errors_and_a_consistent_ledger(
    capsys: pytest.CaptureFixture[str], database: str
) -> None:
    url = "sqlite" if database == "sqlite" else require_postgres()
    status = main(
        ["--database-url", url, "--events", "10", "--workers", "2", "--clients", "3",
         "--seconds", "4", "--max-requests", "600", "--storm-clients", "6",
         "--storm-seconds", "2"]
    )  # fmt: skip
    output = capsys.readouterr().out
    assert "Ledger consistent" in output, output
    assert "mix during the storm:" in output, output
    assert "peak server memory" in output, output
    assert status == 0, output
