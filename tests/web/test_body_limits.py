"""Bodies over the limit are refused before they are read, and no handler runs.

Over a real socket to uvicorn on 127.0.0.1 (in a thread of this process, so this
process's memory is the server's): a 100 MB ``Content-Length`` is answered 413 without a
byte of body being sent, and a chunked body is cut off just past the limit while the
client keeps sending.
"""

from __future__ import annotations

import select
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from bakehouse.config import Settings
from bakehouse.web import create_app
from tests.web.browser import serve
from tests.web.conftest import local_client
from tests.web.error_shape import assert_error

HUNDRED_MB = 100 * 2**20
CHUNK = 64 * 2**10


def resident_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")  # pragma: no cover - Linux only


@pytest.fixture
def handled() -> list[int]:
    return []


@pytest.fixture
def limited_app(tmp_path: Path, handled: list[int]) -> FastAPI:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'limits.sqlite3'}", secret_key="body limits",
        max_body_bytes=1_000_000, max_upload_bytes=3_000_000,
    )  # fmt: skip
    app = create_app(settings)

    async def swallow(request: Request) -> dict[str, int]:
        size = len(await request.body())
        handled.append(size)
        return {"received": size}

    for path in ("/api/echo", "/api/import"):
        app.add_api_route(path, swallow, methods=["POST"])
    return app


@pytest.fixture
def server_address(limited_app: FastAPI) -> Iterator[tuple[str, int]]:
    with serve(limited_app) as base:
        parts = urlsplit(base)
        yield parts.hostname or "127.0.0.1", parts.port or 80


def read_status(sock: socket.socket) -> int:
    sock.settimeout(10)
    head = b""
    while b"\r\n" not in head:
        data = sock.recv(4096)
        if not data:
            break
        head += data
    return int(head.split(b" ", 2)[1])


def test_a_100_mb_body_is_refused_before_a_byte_of_it_is_read(
    server_address: tuple[str, int], handled: list[int]
) -> None:
    before = resident_bytes()
    with socket.create_connection(server_address, timeout=10) as sock:
        sock.sendall(
            b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {HUNDRED_MB}\r\n\r\n".encode()
        )
        assert read_status(sock) == 413  # answered with no body sent at all
    assert handled == []
    assert resident_bytes() - before < 8 * 2**20


def test_a_chunked_body_is_cut_off_just_past_the_limit(
    server_address: tuple[str, int], handled: list[int]
) -> None:
    before = resident_bytes()
    chunk = f"{CHUNK:x}\r\n".encode() + b"x" * CHUNK + b"\r\n"
    sent = 0
    with socket.create_connection(server_address, timeout=10) as sock:
        sock.sendall(
            b"POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        deadline = time.monotonic() + 20
        try:
            while sent < HUNDRED_MB and time.monotonic() < deadline:
                if select.select([sock], [], [], 0)[0]:
                    break  # the server answered
                sock.sendall(chunk)
                sent += CHUNK
        except OSError:
            pass  # the server closed the connection on us: it stopped reading
        assert read_status(sock) == 413
    assert sent < 20 * 2**20  # the client was stopped long before 100 MB
    assert handled == []
    assert resident_bytes() - before < 8 * 2**20


def test_bodies_within_the_limit_reach_the_handler_and_only_imports_get_more(
    limited_app: FastAPI, handled: list[int]
) -> None:
    with local_client(limited_app) as client:
        small = client.post("/api/echo", content=b"x" * 999_000)
        assert small.json() == {"received": 999_000}
        too_big = client.post("/api/echo", content=b"x" * 1_000_001)
        assert_error(too_big, 413, "too_large", says="at most 1 MB")
        upload = client.post("/api/import", content=b"x" * 2_500_000)
        assert upload.json() == {"received": 2_500_000}
        chunked = client.post("/api/echo", content=iter([b"x" * 600_000, b"y" * 300_000]))
        assert chunked.json() == {"received": 900_000}
        page = client.post("/events", content=b"x" * 1_000_001)
        assert page.status_code == 413
        assert "too large" in page.text
    assert handled == [999_000, 2_500_000, 900_000]


def test_the_limits_are_settings(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}", max_body_bytes=10)
    with TestClient(create_app(settings), base_url="http://localhost") as client:
        refused = client.post("/api/users", json={"username": "someone-long"})
        assert_error(refused, 413, "too_large")
