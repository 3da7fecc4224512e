"""A guard for tests that must run offline (docs/product.md §5): only loopback may be reached.

Tests that use the ``loopback_only`` fixture fail at once, naming the address, if anything
they call tries to resolve a name other than localhost or to connect or send to an address
outside 127.0.0.0/8 and ::1 — before a single packet leaves the machine.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


class NetworkUsed(AssertionError):
    """A test under ``loopback_only`` reached for the network."""


def is_loopback(host: object) -> bool:
    """Whether ``host`` (a name or an address) is this machine."""
    if not isinstance(host, str | bytes):
        return False
    text = host.decode() if isinstance(host, bytes) else host
    if text.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(text.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _check_address(address: Any) -> None:
    if isinstance(address, str | bytes):
        return  # a Unix socket path: never leaves the machine
    host = address[0] if isinstance(address, tuple) and address else address
    if not is_loopback(host):
        raise NetworkUsed(f"a test tried to reach {address!r}; only loopback is allowed")


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse every connection, datagram and name lookup that is not loopback."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_sendto = socket.socket.sendto
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        _check_address(address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        _check_address(address)
        return real_connect_ex(self, address)

    def sendto(self: socket.socket, data: Any, *args: Any) -> int:
        _check_address(args[-1])
        return real_sendto(self, data, *args)  # type: ignore[arg-type]

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not is_loopback(host):
            raise NetworkUsed(f"a test tried to look up {host!r}; only loopback is allowed")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket.socket, "sendto", sendto)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
