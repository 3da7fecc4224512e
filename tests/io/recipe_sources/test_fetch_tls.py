"""https to a pinned address: the server name and certificate check still use the host name.

The fetch connects to the address it checked, not to the name, so it must tell the TLS
layer which name to expect; a certificate for another name is refused. The certificates
come from a throwaway authority made for the test (trustme); nothing leaves loopback.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import trustme

from bakehouse.io.recipe_sources import FetchFailed, FetchPolicy, fetch_page

PAGE = b"<!doctype html><title>Over TLS</title>"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so a pooled connection could be reused

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/to-cakes":
            self.send_response(302)
            self.send_header("Location", f"https://cakes.test:{self.server.server_address[1]}/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def tls_port(authority: trustme.CA) -> Iterator[int]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("pies.test").configure_cert(context)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def policy_for(authority: trustme.CA, names: dict[str, str]) -> FetchPolicy:
    context = ssl.create_default_context()
    authority.configure_trust(context)
    return FetchPolicy(
        allow_loopback=True,
        timeout_seconds=5.0,
        ssl_context=context,
        resolver=lambda host, port: [names[host]],
    )


def test_https_to_the_checked_address_verifies_the_host_names_certificate(
    authority: trustme.CA, tls_port: int
) -> None:
    policy = policy_for(authority, {"pies.test": "127.0.0.1"})

    page = fetch_page(f"https://pies.test:{tls_port}/", policy)

    assert page.body == PAGE


def test_a_certificate_for_another_name_is_refused(authority: trustme.CA, tls_port: int) -> None:
    policy = policy_for(authority, {"cakes.test": "127.0.0.1"})

    with pytest.raises(FetchFailed, match=r"CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
        fetch_page(f"https://cakes.test:{tls_port}/", policy)


def test_an_authority_the_fetch_does_not_trust_is_refused(tls_port: int) -> None:
    untrusting = policy_for(trustme.CA(), {"pies.test": "127.0.0.1"})

    with pytest.raises(FetchFailed, match=r"CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
        fetch_page(f"https://pies.test:{tls_port}/", untrusting)


def test_a_redirect_to_another_name_on_the_same_address_checks_its_own_certificate(
    authority: trustme.CA, tls_port: int
) -> None:
    policy = policy_for(authority, {"pies.test": "127.0.0.1", "cakes.test": "127.0.0.1"})

    with pytest.raises(FetchFailed, match=r"CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
        fetch_page(f"https://pies.test:{tls_port}/to-cakes", policy)
