"""Every test runs with the network closed: only loopback connections go out.

Each test gets a socket layer that refuses to connect to, or resolve, anything that is not
loopback (the autouse fixture in ``tests/conftest.py``), so code that reached for the
internet (a schema download, a DNS lookup, a redirect followed to a private address, a
recipe page fetched for real) fails loudly here instead of quietly working on a
developer's machine. PostgreSQL at 127.0.0.1 and local test servers stay reachable.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest


class BlockedConnection(OSError):
    """A test tried to reach beyond this machine."""


def is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or (mapped is not None and mapped.is_loopback)


def limit_network_to_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def refuse_unless_loopback(sock: socket.socket, address: Any) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
            raise BlockedConnection(f"network blocked in tests: connect to {address!r}")

    def connect(self: socket.socket, address: Any) -> None:
        refuse_unless_loopback(self, address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        refuse_unless_loopback(self, address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not is_loopback(host):
            raise socket.gaierror(socket.EAI_NONAME, f"name lookup blocked in tests: {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
