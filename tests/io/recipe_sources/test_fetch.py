"""Fetching pages: only on request, only public addresses, capped in size and time.

Fixture pages are served by a small HTTP server on 127.0.0.1, which the tests reach with
the test-only ``allow_loopback`` switch; every private address is refused before any
connection is made (the package's conftest would turn a connection into another error).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bakehouse.io.recipe_sources import (
    FetchFailed,
    FetchPolicy,
    FetchRefused,
    SourceFormat,
    SourceTooLarge,
    fetch_page,
    read_recipe_url,
)
from bakehouse.io.recipe_sources.fetch import address_refusal
from tests.io.recipe_sources.builders import deflated_spaces, gzip_of
from tests.io.recipe_sources.conftest import fixture_bytes

MIB = 1024 * 1024
PAGE = fixture_bytes("jsonld-graph.html")
LOOPBACK = FetchPolicy(allow_loopback=True, timeout_seconds=5.0)


@dataclass
class Served:
    base: str
    port: int
    requests: list[tuple[str, str]] = field(default_factory=list)
    streamed_bytes: int = 0


class _Handler(BaseHTTPRequestHandler):
    served: Served

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self.served.requests.append((self.path, self.headers.get("Host", "")))
        name = self.path.strip("/").replace("/", "_").replace("-", "_").replace(".", "_")
        route = getattr(self, f"route_{name}", None)
        if route is None:
            self.send_error(404, "Not Found")
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route()  # a client that stops reading (past a cap) is expected

    def _send(self, body: bytes, *, content_type: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:  # fmt: skip
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, status: int, location: str) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_page_html(self) -> None:
        self._send(PAGE)

    def route_gzip_page(self) -> None:
        self._send(gzip_of(PAGE), headers={"Content-Encoding": "gzip"})

    def route_gzip_bomb(self) -> None:
        self._send(deflated_spaces(64 * MIB), headers={"Content-Encoding": "gzip"})

    def route_redirect_to_page(self) -> None:
        self._redirect(302, "/page.html")

    def route_redirect_private(self) -> None:
        self._redirect(302, "http://10.1.2.3/recipe")

    def route_redirect_metadata(self) -> None:
        self._redirect(301, "http://169.254.169.254/latest/meta-data/")

    def route_redirect_mapped(self) -> None:
        self._redirect(307, "http://[::ffff:192.168.0.1]/recipe")

    def route_redirect_name(self) -> None:
        self._redirect(308, "http://intranet.test/recipe")

    def route_redirect_loop(self) -> None:
        self._redirect(302, "/redirect/loop")

    def route_huge_declared(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(50 * MIB))
        self.end_headers()

    def route_huge_streamed(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()  # no length: the page goes on until the connection closes
        chunk = b"<p>" + b"x" * (MIB - 7) + b"</p>\n"
        self.wfile.write(b"<!doctype html><html><body>")
        for _ in range(50):
            self.wfile.write(chunk)
            self.served.streamed_bytes += len(chunk)

    def route_slow(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "40")
        self.end_headers()
        for _ in range(40):  # one byte every quarter second: 10 s in all, unless cut off
            self.wfile.write(b" ")
            self.wfile.flush()
            time.sleep(0.25)


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    port = httpd.server_address[1]
    served = Served(base=f"http://127.0.0.1:{port}", port=port)
    _Handler.served = served
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield served
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def resolving(table: dict[str, list[str]], calls: list[str] | None = None) -> FetchPolicy:
    """The loopback test policy with a resolver answering from ``table``."""

    def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        return table[host]

    return replace(LOOPBACK, resolver=resolve)


def test_a_page_is_fetched_and_read_like_a_saved_one(server: Served) -> None:
    reading = read_recipe_url(f"{server.base}/page.html", policy=LOOPBACK)

    (recipe,) = reading.recipes
    assert recipe.name == "Brown Butter Sugar Cookies"
    assert recipe.source.format is SourceFormat.HTML_JSON_LD
    assert recipe.source.location == f"{server.base}/page.html"
    assert recipe.source.url == "https://crumbjournal.example/brown-butter-sugar-cookies/"
    assert len(recipe.lines) == 8


def test_loopback_is_refused_without_the_test_switch(server: Served) -> None:
    before = len(server.requests)

    with pytest.raises(FetchRefused, match="a loopback address"):
        fetch_page(f"{server.base}/page.html")
    with pytest.raises(FetchRefused, match=r"localhost is .*, a loopback address"):
        fetch_page(f"http://localhost:{server.port}/page.html")

    assert len(server.requests) == before


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.0.0.1/recipe", "10.0.0.1, a private address"),
        ("http://172.16.5.4/recipe", "172.16.5.4, a private address"),
        ("https://192.168.1.1/recipe", "192.168.1.1, a private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address"),
        ("http://100.64.0.1/", "100.64.0.1, not a public address"),
        ("http://0.0.0.0:8000/", "0.0.0.0, an unspecified address"),
        ("http://224.0.0.1/", "224.0.0.1, a multicast address"),
        ("http://240.0.0.1/", "240.0.0.1, a private address"),
        ("http://[::]/", ":, an unspecified address"),
        ("http://[fe80::1]/", "fe80::1, a link-local address"),
        ("http://[fc00::1]/", "fc00::1, a private address"),
        ("http://[ff02::1]/", "ff02::1, a multicast address"),
        ("http://[::ffff:10.0.0.1]/", "a private address (10.0.0.1 inside an IPv6 address)"),
        ("http://[64:ff9b::a00:1]/", "a private address (10.0.0.1 inside an IPv6 address)"),
        ("http://[2001:db8::1]/", "2001:db8::1, a private address"),
    ],
)
def test_private_addresses_are_refused_before_connecting(url: str, reason: str) -> None:
    # The tests' loopback switch is on here: it opens loopback and nothing else.
    with pytest.raises(FetchRefused) as refused:
        fetch_page(url, LOOPBACK)

    assert refused.value.message.endswith(reason)


def test_loopback_inside_ipv6_is_loopback() -> None:
    with pytest.raises(
        FetchRefused, match=r"a loopback address \(this machine\) \(127.0.0.1 inside"
    ):
        fetch_page("http://[::ffff:127.0.0.1]:8080/")


def test_a_name_resolving_to_any_private_address_is_refused() -> None:
    mixed = resolving({"recipes.test": ["93.184.216.34", "10.0.0.7"]})
    private = resolving({"intranet.test": ["192.168.1.20"]})

    with pytest.raises(FetchRefused, match=r"recipes.test is 10.0.0.7, a private address"):
        fetch_page("https://recipes.test/cookies", mixed)
    with pytest.raises(FetchRefused, match=r"intranet.test is 192.168.1.20, a private address"):
        fetch_page("http://intranet.test/cookies", private)


@pytest.mark.parametrize(
    ("route", "target"),
    [
        ("/redirect/private", "10.1.2.3, a private address"),
        ("/redirect/metadata", "169.254.169.254, a link-local address"),
        ("/redirect/mapped", "a private address (192.168.0.1 inside an IPv6 address)"),
        ("/redirect/name", "intranet.test is 192.168.1.20, a private address"),
    ],
)
def test_a_redirect_to_a_private_address_is_refused(
    server: Served, route: str, target: str
) -> None:
    policy = resolving({"intranet.test": ["192.168.1.20"]})

    with pytest.raises(FetchRefused) as refused:
        fetch_page(f"{server.base}{route}", policy)

    assert target in refused.value.message
    assert server.requests[-1][0] == route  # the target was never asked


def test_redirects_are_followed_by_hand_and_capped(server: Served) -> None:
    page = fetch_page(f"{server.base}/redirect/to-page", LOOPBACK)
    assert page.url == f"{server.base}/page.html"
    assert page.redirects == (f"{server.base}/page.html",)
    assert (page.content_type, page.charset) == ("text/html", "utf-8")

    before = len(server.requests)
    with pytest.raises(FetchRefused, match="redirects more than 5 times"):
        fetch_page(f"{server.base}/redirect/loop", LOOPBACK)
    assert len(server.requests) - before == 6


def test_the_connection_goes_to_the_address_that_was_checked(server: Served) -> None:
    # A name that answers loopback once, then a private address: a second lookup at
    # connection time (DNS rebinding) would reach the private one; the fetch never asks.
    calls: list[str] = []
    answers = iter([["127.0.0.1"]])

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers, ["10.0.0.9"])

    page = fetch_page(
        f"http://pies.test:{server.port}/page.html", replace(LOOPBACK, resolver=rebinding)
    )

    assert page.body == PAGE
    assert calls == ["pies.test"]
    assert server.requests[-1] == ("/page.html", f"pies.test:{server.port}")


def test_a_page_past_the_size_cap_is_refused_declared_or_streamed(server: Served) -> None:
    with pytest.raises(SourceTooLarge, match="larger than the limit of 16 MiB"):
        fetch_page(f"{server.base}/huge-declared", LOOPBACK)

    with pytest.raises(SourceTooLarge, match="larger than the limit of 16 MiB"):
        read_recipe_url(f"{server.base}/huge-streamed", policy=LOOPBACK)
    time.sleep(0.2)  # let the server notice the closed connection
    assert server.streamed_bytes < 30 * MIB  # it was cut off well before its 50 MiB


def test_a_gzip_page_is_inflated_within_the_cap(server: Served) -> None:
    assert fetch_page(f"{server.base}/gzip-page", LOOPBACK).body == PAGE

    with pytest.raises(SourceTooLarge):
        fetch_page(f"{server.base}/gzip-bomb", LOOPBACK)


def test_a_page_that_arrives_too_slowly_is_abandoned(server: Served) -> None:
    started = time.monotonic()

    with pytest.raises(FetchFailed, match="did not arrive within 1 seconds"):
        fetch_page(f"{server.base}/slow", replace(LOOPBACK, timeout_seconds=1.0))

    assert time.monotonic() - started < 3


def test_an_error_status_is_a_failed_fetch(server: Served) -> None:
    with pytest.raises(FetchFailed, match="the server answered 404"):
        fetch_page(f"{server.base}/missing", LOOPBACK)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("ftp://recipes.test/cookies.html", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("http://baker:secret@recipes.test/", "carries a user name or password"),
        ("http://recipes.test/a b", "spaces or control characters"),
        ("http:///no-host", "no host name"),
        ("http://recipes.test/" + "a" * 2_000, "longer than 2000 characters"),
    ],
)
def test_addresses_that_are_not_plain_web_pages_are_refused(url: str, reason: str) -> None:
    with pytest.raises(FetchRefused, match=reason):
        fetch_page(url)


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:93.184.216.34"]
)
def test_public_addresses_pass_the_check(address: str) -> None:
    assert address_refusal(address) is None
