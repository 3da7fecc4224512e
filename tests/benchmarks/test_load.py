"""The load benchmark runs end to end: multi-worker server, sign-in, bakes, ledger check."""

from __future__ import annotations

import pytest
from benchmarks.load import main

from tests.conftest import require_postgres


@pytest.mark.slow
@pytest.mark.postgres_only
def test_a_short_load_run_finds_no_errors_and_a_consistent_ledger(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = require_postgres()
    status = main(
        ["--database-url", url, "--events", "10", "--workers", "2", "--clients", "3",
         "--seconds", "4", "--max-requests", "400"]
    )  # fmt: skip
    output = capsys.readouterr().out
    assert "Ledger consistent" in output, output
    assert status == 0, output
