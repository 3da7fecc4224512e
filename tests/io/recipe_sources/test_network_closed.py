"""Every test runs with the network closed but for loopback (docs/product.md §5)."""

from __future__ import annotations

import socket

import pytest

from tests.io.recipe_sources.conftest import BlockedConnection


def test_a_connection_beyond_loopback_is_refused_before_it_is_made() -> None:
    # A closed socket: were the guard missing, connect would fail on the descriptor
    # (EBADF) without sending anything, and the test would fail on the error's type.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.close()

    with pytest.raises(BlockedConnection, match=r"192\.0\.2\.1"):
        sock.connect(("192.0.2.1", 80))
    with pytest.raises(BlockedConnection):
        sock.connect_ex(("192.0.2.1", 80))


def test_a_name_lookup_beyond_this_machine_is_refused() -> None:
    assert socket.getaddrinfo.__module__ == "tests.network"

    with pytest.raises(socket.gaierror, match="name lookup blocked in tests"):
        socket.getaddrinfo("recipes.invalid", 443)


def test_loopback_stays_open() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
