"""Recipe-source fixtures, written for these tests. Like every test, these run with the
network closed to all but loopback (``tests/network.py``, applied in ``tests/conftest.py``).
"""

from __future__ import annotations

from pathlib import Path

from tests.network import BlockedConnection, is_loopback

__all__ = ["FIXTURES", "BlockedConnection", "fixture_bytes", "is_loopback"]

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()
