"""The door of `gradtui serve`, one rule at a time: which Host names this server, which Origin
is its own page, the token, the clamped terminal size, the page's messages, the printed URL."""

from __future__ import annotations

import json

import pytest

from gradtui.commands.serve.guard import (
    Settings,
    clamp_size,
    cookie_name,
    host_allowed,
    is_wildcard,
    new_token,
    origin_allowed,
    page_urls,
    plain_host_name,
    read_message,
    split_host,
    token_matches,
    token_problem,
)


def settings(host="127.0.0.1", port=8000, token="t0ken-t0ken", allowed=()) -> Settings:
    return Settings(host, port, token, frozenset(allowed), 50)


@pytest.mark.parametrize(
    ("header", "split"),
    [
        ("127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("LocalHost", ("localhost", 80)),
        ("[::1]:8000", ("::1", 8000)),
        ("[0:0::1]", ("::1", 80)),
        ("class.example.org:80", ("class.example.org", 80)),
    ],
)
def test_host_headers_are_read(header, split):
    assert split_host(header) == split


@pytest.mark.parametrize(
    "header",
    [None, "", "a b", "host:", "host:0", "host:99999", "[::1", "[nonsense]", "u@host", "h/x",
     "host:80:80", "'x'", "évil.example"],
)  # fmt: skip
def test_other_host_headers_are_not(header):
    assert split_host(header) is None


@pytest.mark.parametrize(
    "header",
    ["127.0.0.1:8000", "localhost:8000", "localhost", "[::1]:8000", "127.0.0.2:8000",
     "[::ffff:127.0.0.1]:8000", "LOCALHOST:8000"],
)  # fmt: skip
def test_this_machine_s_names_are_allowed(header):
    assert host_allowed(header, "127.0.0.1", settings())


@pytest.mark.parametrize(
    "header",
    ["attacker.example", "attacker.example:8000", "127.0.0.1.nip.io", "localhost.attacker.example",
     "192.168.1.20:8000", "", None, "[::1"],
)  # fmt: skip
def test_other_names_are_refused(header):
    """A DNS-rebinding page reaches 127.0.0.1 under a name its owner controls; an address of
    another machine was not where the request arrived."""
    assert not host_allowed(header, "127.0.0.1", settings())


def test_on_every_address_the_one_a_request_arrived_at_is_allowed():
    room = settings(host="0.0.0.0")
    assert host_allowed("192.168.1.20:8000", "192.168.1.20", room)
    assert not host_allowed("192.168.1.21:8000", "192.168.1.20", room)
    assert not host_allowed("gradtui.local:8000", "192.168.1.20", room)
    named = settings("0.0.0.0", allowed={"gradtui.local"})
    assert host_allowed("gradtui.local:8000", "192.168.1.20", named)


def test_a_named_listening_address_is_allowed():
    assert host_allowed("gradbox.lan:8000", "10.0.0.5", settings(host="gradbox.lan"))


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1:8000"),
        ("http://LOCALHOST:8000", "localhost:8000"),
        ("http://localhost", "localhost:80"),
        ("http://[::1]:8000", "[::1]:8000"),
    ],
)
def test_the_page_s_own_origin_is_allowed(origin, host):
    assert origin_allowed(origin, host)


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        ("http://evil.example", "127.0.0.1:8000"),
        ("null", "127.0.0.1:8000"),
        (None, "127.0.0.1:8000"),
        ("", "127.0.0.1:8000"),
        ("https://127.0.0.1:8000", "127.0.0.1:8000"),
        ("http://127.0.0.1:8001", "127.0.0.1:8000"),
        ("http://127.0.0.1", "127.0.0.1:8000"),
        ("http://localhost:8000", "127.0.0.1:8000"),
        ("http://127.0.0.1:8000/path", "127.0.0.1:8000"),
        ("http://127.0.0.1:8000", None),
    ],
)
def test_any_other_origin_is_refused(origin, host):
    assert not origin_allowed(origin, host)


def test_tokens():
    token = new_token()
    assert len(token) == 32 and token != new_token() and token_problem(token) is None
    assert token_matches(token, token)
    for given in (None, "", token[:-1], token + "x", token.upper(), "é" * 32):
        assert not token_matches(given, token)
    assert token_problem("short") and token_problem("has spaces in") and token_problem("x" * 129)
    assert token_problem("classroom-2") is None
    assert cookie_name(8000) != cookie_name(8001)


@pytest.mark.parametrize(
    ("width", "height", "size"),
    [
        (20000, 20000, (500, 200)),
        ("20000", "20000", (500, 200)),
        (-5, 0, (10, 4)),
        (120, 40, (120, 40)),
        (120.7, 40.2, (120, 40)),
        ("wide", None, (80, 24)),
        (True, False, (80, 24)),
        (float("nan"), float("inf"), (80, 24)),
        ("9" * 5000, "1e9", (80, 24)),
        ([1], {"a": 1}, (80, 24)),
    ],
)
def test_the_terminal_size_is_clamped(width, height, size):
    assert clamp_size(width, height) == size


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ('["stdin", "n"]', ("stdin", "n")),
        ('["resize", {"width": 20000, "height": 20000}]', ("resize", 500, 200)),
        ('["resize", {"width": 100, "height": 30}]', ("resize", 100, 30)),
        ('["resize", {}]', ("resize", 80, 24)),
        ('["ping", "123"]', ("ping", "123")),
        ('["focus"]', ("focus",)),
        ('["blur"]', ("blur",)),
    ],
)
def test_the_page_s_messages_are_read(text, read):
    assert read_message(text) == read


@pytest.mark.parametrize(
    "text",
    ["", "nonsense", "[" * 100_000, "{}", "[]", "[1]", '["stdin"]', '["stdin", 1]',
     json.dumps(["stdin", "x" * 70_000]), '["resize"]', '["resize", [1, 2]]', '["ping"]',
     json.dumps(["ping", "p" * 1000]), '["quit"]', '["open_url", {"url": "http://x"}]',
     '"stdin"', "null"],
)  # fmt: skip
def test_anything_else_is_dropped(text):
    assert read_message(text) is None


def test_the_printed_url_carries_the_token_and_never_names_every_address():
    url, local = page_urls(settings())
    assert (url, local) == ("http://127.0.0.1:8000/?token=t0ken-t0ken", None)
    assert page_urls(settings(token=None))[0] == "http://127.0.0.1:8000/"
    assert page_urls(settings(host="::1"))[0] == "http://[::1]:8000/?token=t0ken-t0ken"
    for wildcard, here in (("0.0.0.0", "127.0.0.1"), ("::", "[::1]")):
        url, local = page_urls(settings(host=wildcard))
        assert local == f"http://{here}:8000/?token=t0ken-t0ken"
        shown = url.removeprefix("http://").rsplit(":", 1)[0].strip("[]")
        assert not is_wildcard(shown) and url.endswith(":8000/?token=t0ken-t0ken")


@pytest.mark.parametrize("name", ["gradtui.local", "class-room", "192.168.1.20", "[::1]", "::1"])
def test_allow_host_takes_names(name):
    assert plain_host_name(name)


@pytest.mark.parametrize("name", ["evil.example:80", "http://x", "", "a b", "-x", "x/"])
def test_allow_host_refuses_other_things(name):
    assert not plain_host_name(name)
