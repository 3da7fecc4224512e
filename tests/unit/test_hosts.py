"""Which Host names the server answers to: loopback always, others only when configured."""

from __future__ import annotations

import pytest

from bakehouse.web.hosts import host_is_allowed, host_name


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Bakery.Example:8443", "bakery.example"),
        ("localhost", "localhost"),
        ("localhost.:8000", "localhost"),
        ("[::1]:8000", "::1"),
        ("[::1]", "::1"),
        ("127.0.0.1:8000", "127.0.0.1"),
        ("", ""),
    ],
)
def test_the_host_name_is_read_without_its_port(header: str, name: str) -> None:
    assert host_name(header) == name


@pytest.mark.parametrize(
    "header", ["localhost", "localhost:8000", "127.0.0.1", "127.8.9.10:80", "[::1]:8000"]
)
def test_loopback_names_and_addresses_are_always_allowed(header: str) -> None:
    assert host_is_allowed(header, ())


@pytest.mark.parametrize(
    "header",
    ["evil.example", "localhost.evil.example", "127.0.0.1.evil.example", "192.0.2.10", "", "[::2]"],
)
def test_anything_else_needs_to_be_configured(header: str) -> None:
    assert not host_is_allowed(header, ())


def test_configured_names_are_allowed_whatever_their_case_or_port() -> None:
    allowed = ("Bakery.Example", "192.168.1.20:8000")
    assert host_is_allowed("bakery.example:443", allowed)
    assert host_is_allowed("192.168.1.20", allowed)
    assert not host_is_allowed("www.bakery.example", allowed)
