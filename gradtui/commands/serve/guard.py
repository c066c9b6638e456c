"""Who and what `gradtui serve` lets in, as plain functions over strings (no web framework):
the Host a request names, the Origin of a websocket, the token, the terminal size a page asks
for and the messages a page sends. The model is the Jupyter server's defaults: a Host
allowlist against DNS rebinding, same-origin websockets, and a token in the printed URL.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import math
import re
import secrets
import socket
from collections.abc import Mapping
from dataclasses import dataclass

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
# The terminal a page may ask for: what a screen can show, and not less than a line of text.
MOST_COLUMNS, MOST_ROWS = 500, 200
FEWEST_COLUMNS, FEWEST_ROWS = 10, 4
DEFAULT_SIZE = (80, 24)
LONGEST_INPUT = 64 * 1024  # characters in one stdin message: a generous paste
LONGEST_PING = 64
TOKEN_BYTES = 24  # secrets.token_urlsafe: 32 characters, 192 random bits
# A token a teacher types: URL-safe characters only (it goes into a URL and a cookie).
GIVEN_TOKEN = re.compile(r"[A-Za-z0-9_.~-]{8,128}")
HOST_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.\-]{0,251}[A-Za-z0-9])?")
HOST_HEADER = re.compile(r"(?P<name>[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::(?P<port>[0-9]{1,5}))?")


@dataclass(frozen=True)
class Settings:
    """What one `gradtui serve` was started with, as the checks below need it."""

    host: str  # the address it listens on, as given (a name, an address, 0.0.0.0 or ::)
    port: int
    token: str | None  # None: --no-token (only ever on loopback)
    allowed_hosts: frozenset[str]  # --allow-host names, lower-case
    max_sessions: int
    teacher_key: str | None = None  # opens the teacher's table (/class); None: no table


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """True for 0.0.0.0 and ::, which mean every address of this machine."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def plain_host_name(name: str) -> bool:
    """True for a name --allow-host accepts: a host name or an IP address, without a port."""
    try:
        ipaddress.ip_address(name.strip("[]"))
        return True
    except ValueError:
        return HOST_NAME.fullmatch(name) is not None


def split_host(header: str | None) -> tuple[str, int] | None:
    """A Host header (or the host part of an Origin) as (lower-case name, port), the port 80
    when none is written; IPv6 addresses lose their brackets. None when it is not that shape."""
    match = HOST_HEADER.fullmatch(header or "")
    if match is None:
        return None
    port = int(match["port"]) if match["port"] else 80
    if not 1 <= port <= 65535:
        return None
    name = match["name"].lower()
    if name.startswith("["):
        try:
            name = str(ipaddress.IPv6Address(name[1:-1]))
        except ValueError:
            return None
    return name, port


def host_allowed(header: str | None, arrived_on: str | None, settings: Settings) -> bool:
    """True when a request's Host header names this server: the address it listens on, the
    address the request arrived at (an IP address cannot be rebound to someone else),
    localhost and the loopback addresses, or an --allow-host name. Anything else may be a
    DNS-rebinding page using a name its owner controls."""
    split = split_host(header)
    if split is None:
        return False
    name = split[0]
    own = {settings.host.lower().strip("[]"), *LOOPBACK_NAMES, *settings.allowed_hosts}
    if arrived_on:
        own.add(arrived_on.lower())
    if name in own:
        return True
    try:  # 127.0.0.2 and ::ffff:127.0.0.1 are this machine too
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return (getattr(address, "ipv4_mapped", None) or address).is_loopback


def origin_allowed(origin: str | None, host_header: str | None) -> bool:
    """True when a websocket's Origin is the page this server served: http:// and the very
    host and port the request names. A missing Origin (no browser sends none) is refused."""
    if not origin or not origin.startswith("http://"):
        return False
    own, theirs = split_host(host_header), split_host(origin.removeprefix("http://"))
    return own is not None and own == theirs


def token_matches(given: str | None, token: str) -> bool:
    """True when `given` is the token, compared in constant time."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8"))


def new_token() -> str:
    """A fresh random token for one run of the server."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_problem(token: str) -> str | None:
    """Why a token given with --token will not do, or None."""
    if GIVEN_TOKEN.fullmatch(token):
        return None
    return (
        "a token is 8 to 128 characters: letters, digits and - _ . ~ "
        "(it goes into the URL people open)"
    )


TOKEN_COOKIE_PREFIX = "gradtui-token-"


def cookie_name(port: int) -> str:
    """The cookie that carries the token after the first visit; browsers keep cookies per
    host, not per port, so two servers on one machine each have their own."""
    return f"{TOKEN_COOKIE_PREFIX}{port}"


def token_in_cookies(cookies: Mapping[str, str], token: str) -> bool:
    """True when one of the token cookies carries `token`: this server's, or that of another
    server with the same token (several servers behind one proxy each name it by their own
    port, and a learner's page may come from one and its websocket from another)."""
    return any(
        token_matches(value, token)
        for name, value in cookies.items()
        if name.startswith(TOKEN_COOKIE_PREFIX)
    )


def clamp_size(width: object, height: object) -> tuple[int, int]:
    """The terminal size a page asked for, made one a screen can show. Anything that is not a
    finite number (text, true/false, NaN) counts as the usual 80 × 24."""

    def number(value: object, default: int, low: int, high: int) -> int:
        if isinstance(value, str):
            try:
                value = int(value.strip(), 10)
            except ValueError:
                return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            return default
        if isinstance(value, float) and not math.isfinite(value):
            return default
        return max(low, min(high, int(value)))

    return (
        number(width, DEFAULT_SIZE[0], FEWEST_COLUMNS, MOST_COLUMNS),
        number(height, DEFAULT_SIZE[1], FEWEST_ROWS, MOST_ROWS),
    )


def read_message(text: str) -> tuple | None:
    """One message from the page, checked: ("stdin", text), ("resize", width, height) with
    the size clamped, ("ping", text), ("focus",) or ("blur",). None for anything else, which
    is dropped: a page cannot crash its session or the server with a malformed message."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    kind, rest = envelope[0], envelope[1:]
    if kind == "stdin" and rest and isinstance(rest[0], str) and len(rest[0]) <= LONGEST_INPUT:
        return ("stdin", rest[0])
    if kind == "resize" and rest and isinstance(rest[0], dict):
        return ("resize", *clamp_size(rest[0].get("width"), rest[0].get("height")))
    if kind == "ping" and rest and isinstance(rest[0], str) and len(rest[0]) <= LONGEST_PING:
        return ("ping", rest[0])
    if kind in ("focus", "blur"):
        return (kind,)
    return None


def url_host(address: str) -> str:
    """An address as it is written in a URL: IPv6 in brackets."""
    return f"[{address}]" if ":" in address else address


def reachable_address(host: str) -> str | None:
    """An address other machines can open when the server listens on every address (0.0.0.0
    or ::): the one this machine would send from towards the network. Nothing is sent (a UDP
    socket only asks for the route). None when the machine has no route to find one by."""
    family, probe = (
        (socket.AF_INET6, "2001:db8::1") if ":" in host else (socket.AF_INET, "192.0.2.1")
    )
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as udp:
            udp.connect((probe, 9))
            address = udp.getsockname()[0]
    except OSError:
        return None
    return None if is_wildcard(address) or is_loopback(address) else address


def page_urls(settings: Settings, path: str | None = None) -> tuple[str, str | None]:
    """The URL to print for people to open (never 0.0.0.0), and, when listening on every
    address, the one for this machine itself. Each carries the token when there is one;
    `path` (with its query) instead: another page of this server."""
    query = path or (f"/?token={settings.token}" if settings.token else "/")
    local = "::1" if ":" in settings.host else "127.0.0.1"
    if not is_wildcard(settings.host):
        return f"http://{url_host(settings.host)}:{settings.port}{query}", None
    address = reachable_address(settings.host) or local
    local_url = f"http://{url_host(local)}:{settings.port}{query}"
    return f"http://{url_host(address)}:{settings.port}{query}", local_url
