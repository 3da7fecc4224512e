"""Fetching a recipe page, only when a baker asks, and only from the public internet.

A URL is refused unless it is http or https. Its host name is resolved once per hop, and
the fetch is refused if any address it resolves to is not public: private, loopback,
link-local, multicast, reserved or unspecified, in IPv4 or IPv6 (an IPv4 address inside an
IPv6 one, such as ``::ffff:10.0.0.1``, is judged as the IPv4 address). The connection
then goes to the address that was checked, never to a second lookup's answer, so a name
that changes its answer between check and use (DNS rebinding) gains nothing; the Host
header and, for https, the server name and certificate check still use the host name.
Redirects are followed by hand, each target checked the same way, at most
``max_redirects`` of them. The body is streamed and the fetch stops once it passes
``max_bytes`` or the whole exchange passes ``timeout_seconds``.

``allow_loopback`` exists for tests, which serve fixture pages from 127.0.0.1; nothing in
the product sets it.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx

from bakehouse.domain.inputs import TextLimit
from bakehouse.io.recipe_sources.errors import FetchFailed, FetchRefused, SourceTooLarge
from bakehouse.io.recipe_sources.limits import DEFAULT_LIMITS

#: Resolves a host name and port to IP address strings (``socket.getaddrinfo`` by default).
Resolver = Callable[[str, int], Sequence[str]]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_MAX_URL = TextLimit.URL

# Not public, whatever the running Python's ipaddress tables say (they changed in 3.12).
_REFUSED_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
        "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
        "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "::/96", "64:ff9b:1::/48", "100::/64", "2001::/23",
        "2001:db8::/32", "2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    )
)  # fmt: skip
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, by the system's resolver."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


@dataclass(frozen=True)
class FetchPolicy:
    """How a page is fetched: the caps, and the test-only loopback switch."""

    max_bytes: int = DEFAULT_LIMITS.max_document_bytes
    timeout_seconds: float = 20.0
    connect_timeout_seconds: float = 5.0
    max_redirects: int = 5
    #: Tests only: let 127.0.0.0/8 and ::1 through (never other private addresses).
    allow_loopback: bool = False
    resolver: Resolver = field(default=system_resolver)
    #: Certificates to trust for https; ``None`` is the default trust store.
    ssl_context: ssl.SSLContext | None = None
    user_agent: str = "Bakehouse recipe import (+https://bakehouse.invalid)"


DEFAULT_POLICY = FetchPolicy()


@dataclass(frozen=True)
class FetchedPage:
    """A fetched page: its final URL, its body and what the server said it is."""

    url: str
    body: bytes
    content_type: str
    charset: str | None
    redirects: tuple[str, ...] = ()


def address_refusal(address: str, *, allow_loopback: bool = False) -> str | None:
    """Why ``address`` may not be fetched from ("a private address"), or ``None``."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
        if embedded is not None:
            reason = address_refusal(str(embedded), allow_loopback=allow_loopback)
            return f"{reason} ({embedded} inside an IPv6 address)" if reason else None
    if ip.is_loopback:
        return None if allow_loopback else "a loopback address (this machine)"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved:
        return "a reserved address"
    if not ip.is_global or any(ip in network for network in _REFUSED_NETWORKS):
        return "not a public address"
    return None


def fetch_page(url: str, policy: FetchPolicy = DEFAULT_POLICY) -> FetchedPage:
    """The page at ``url``, fetched safely (see the module's notes).

    Raises :class:`FetchRefused` (scheme, address, too many redirects),
    :class:`FetchFailed` (no answer in time, an error status, a broken connection) and
    :class:`SourceTooLarge` (past ``max_bytes``).
    """
    deadline = time.monotonic() + policy.timeout_seconds
    current = _checked_url(url)
    redirects: list[str] = []
    with httpx.Client(
        trust_env=False,  # no proxy from the environment: we connect where we checked
        follow_redirects=False,
        verify=policy.ssl_context if policy.ssl_context is not None else True,
        # A fresh connection per hop: a pooled one keyed by address could carry a request
        # for another host name over a TLS session checked for the first.
        limits=httpx.Limits(max_keepalive_connections=0),
    ) as client:
        while True:
            address = _checked_address(current, policy)
            request = _request(client, current, address, policy, deadline)
            try:
                response = client.send(request, stream=True)
            except httpx.TimeoutException:
                raise FetchFailed(url, _too_slow(policy)) from None
            except httpx.HTTPError as error:
                raise FetchFailed(url, f"the connection failed ({error})") from None
            try:
                if response.status_code in _REDIRECTS:
                    current = _redirect_target(url, current, response, redirects, policy)
                    continue
                if response.status_code != 200:
                    status = f"{response.status_code} {response.reason_phrase}"
                    raise FetchFailed(url, f"the server answered {status}")
                body = _read_body(url, response, policy, deadline)
            finally:
                response.close()
            media_type, charset = _content_type(response.headers.get("content-type", ""))
            return FetchedPage(str(current), body, media_type, charset, tuple(redirects))


def _checked_url(url: str) -> httpx.URL:
    if len(url) > _MAX_URL:
        raise FetchRefused(url[:80] + "…", f"the address is longer than {_MAX_URL} characters")
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in url.strip()):
        raise FetchRefused(url, "the address contains spaces or control characters")
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, ValueError) as error:
        raise FetchRefused(url, f"it is not a valid address ({error})") from None
    if parsed.scheme not in ("http", "https"):
        raise FetchRefused(url, "only http and https addresses are fetched")
    if not parsed.host:
        raise FetchRefused(url, "the address has no host name")
    if parsed.userinfo:
        raise FetchRefused(url, "the address carries a user name or password")
    return parsed


def _checked_address(url: httpx.URL, policy: FetchPolicy) -> str:
    """The one address to connect to, after checking every address the host resolves to."""
    host = url.raw_host.decode("ascii")
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            addresses = list(policy.resolver(host, port))
        except (OSError, UnicodeError) as error:
            raise FetchFailed(
                str(url), f"the host name {host} cannot be resolved ({error})"
            ) from None
    if not addresses:
        raise FetchFailed(str(url), f"the host name {host} has no address")
    for address in addresses:
        reason = address_refusal(address, allow_loopback=policy.allow_loopback)
        if reason is not None:
            named = f"{host} is {address}" if address != host else address
            raise FetchRefused(str(url), f"{named}, {reason}")
    return addresses[0].split("%", 1)[0]


def _request(
    client: httpx.Client, url: httpx.URL, address: str, policy: FetchPolicy, deadline: float
) -> httpx.Request:
    remaining = max(deadline - time.monotonic(), 0.001)
    extensions: dict[str, object] = {}
    if url.scheme == "https":
        # Connect to the checked address; name the host for SNI and the certificate check.
        extensions["sni_hostname"] = url.raw_host.decode("ascii")
    return client.build_request(
        "GET",
        url.copy_with(host=address, fragment=None),
        headers={
            "Host": url.netloc.decode("ascii"),
            "User-Agent": policy.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.5",
            "Accept-Encoding": "gzip, identity",
        },
        timeout=httpx.Timeout(remaining, connect=min(policy.connect_timeout_seconds, remaining)),
        extensions=extensions,
    )


def _redirect_target(
    url: str,
    current: httpx.URL,
    response: httpx.Response,
    redirects: list[str],
    policy: FetchPolicy,
) -> httpx.URL:
    location = response.headers.get("location", "").strip()
    if not location:
        raise FetchFailed(url, f"the server answered {response.status_code} without a Location")
    if len(redirects) >= policy.max_redirects:
        raise FetchRefused(url, f"it redirects more than {policy.max_redirects} times")
    try:
        target = current.join(location)
    except (httpx.InvalidURL, ValueError) as error:
        raise FetchRefused(url, f"it redirects to an invalid address ({error})") from None
    redirects.append(str(target))
    return _checked_url(str(target))


def _read_body(url: str, response: httpx.Response, policy: FetchPolicy, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise SourceTooLarge(url, "the page", policy.max_bytes)
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", ""):
        raise FetchFailed(url, f"the page is compressed as {encoding!r}, which is not read")
    inflater = zlib.decompressobj(wbits=47) if "gzip" in encoding else None
    body = bytearray()
    try:
        for chunk in response.iter_raw():  # as it arrives, so the clock is checked
            if inflater is None:
                body += chunk
            else:
                pending = chunk
                while pending and not inflater.eof:
                    body += inflater.decompress(pending, policy.max_bytes + 1 - len(body))
                    pending = inflater.unconsumed_tail
                    if len(body) > policy.max_bytes:
                        break
            if len(body) > policy.max_bytes:
                raise SourceTooLarge(url, "the page", policy.max_bytes)
            if time.monotonic() > deadline:
                raise FetchFailed(url, _too_slow(policy))
    except httpx.TimeoutException:
        raise FetchFailed(url, _too_slow(policy)) from None
    except httpx.HTTPError as error:
        raise FetchFailed(url, f"the connection broke while reading ({error})") from None
    except zlib.error as error:
        raise FetchFailed(url, f"the page's compression is damaged ({error})") from None
    return bytes(body)


def _content_type(header: str) -> tuple[str, str | None]:
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"').strip("'")
    return media_type.strip().lower(), charset


def _too_slow(policy: FetchPolicy) -> str:
    return f"the page did not arrive within {policy.timeout_seconds:g} seconds"
