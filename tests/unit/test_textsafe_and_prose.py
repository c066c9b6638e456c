"""Content is made inert before it reaches a terminal, and prose renders the same in both modes."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from gradtui.cli import dumb_terminal, wants_ascii
from gradtui.prose import parse_prose, prose_as_plain
from gradtui.textsafe import UNSAFE_CATEGORIES, ascii_only, for_terminal, inert


def unsafe(ch: str) -> bool:
    """A character that must never reach a terminal as it is, by its Unicode category."""
    return unicodedata.category(ch) in UNSAFE_CATEGORIES


HOSTILE = [
    "\x1b[31mred\x1b[0m",
    "\x1b]52;c;ZWNobyBoaQ==\x07",  # OSC 52 clipboard
    "\x1b]0;title\x07",  # OSC 0 window title
    "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x9b31m",  # C1 CSI
    "\u202eevil\u202c",  # bidi override
    "bell\x07 and del\x7f",
]


def test_inert_removes_every_control():
    for text in HOSTILE:
        safe = inert(text)
        assert not any(unsafe(ch) for ch in safe), repr(safe)
        assert "\x1b" not in safe and "\x9b" not in safe


@given(st.text())
def test_for_terminal_never_lets_controls_through(text):
    for ascii in (False, True):
        safe = for_terminal(text, ascii)
        assert all(ch == "\n" or not unsafe(ch) for ch in safe)
        if ascii:
            assert safe.isascii()


def test_ascii_spelling_of_math():
    assert ascii_only("x² → 2·x ≈ 6 — done…") == "x^2 -> 2*x ~= 6 -- done..."
    assert ascii_only("café") == "cafe"


def test_a_change_and_a_partial_derivative_stay_apart_in_ascii():
    # ΔL (how much L moved) and ∂L (a partial derivative) must not both read "dL"
    assert ascii_only("ΔL/Δ = 1.2; ∂L/∂w = 1.3") == "DeltaL/Delta = 1.2; dL/dw = 1.3"


def test_prose_blocks_and_plain_rendering():
    markdown = "# Title\n\nSome *soft* and **strong** `code`.\n\n- one\n- two\n\nAfter."
    kinds = [block.kind for block in parse_prose(markdown)]
    assert kinds == ["heading", "paragraph", "item", "item", "paragraph"]
    plain = prose_as_plain(markdown, width=40)
    assert plain.splitlines() == [
        "Title",
        "=====",
        "",
        "Some soft and strong code.",
        "",
        "- one",
        "- two",
        "",
        "After.",
    ]


def test_plain_prose_wraps_and_stays_inert():
    plain = prose_as_plain("word " * 40 + "\x1b[2J", width=30)
    assert all(len(line) <= 30 for line in plain.splitlines())
    assert "\x1b" not in plain


def test_ascii_is_chosen_from_the_locale():
    assert wants_ascii(True, {"LANG": "en_US.UTF-8"})
    assert not wants_ascii(False, {"LANG": "en_US.UTF-8"})
    assert not wants_ascii(False, {"LC_ALL": "C.utf8", "LANG": "C"})
    assert wants_ascii(False, {"LANG": "C"})
    assert wants_ascii(False, {})
    assert wants_ascii(False, {"LC_ALL": "POSIX", "LANG": "en_US.UTF-8"})
    # Python sets LC_CTYPE=C.UTF-8 itself when started under LANG=C (PEP 538)
    assert wants_ascii(False, {"LANG": "C", "LC_CTYPE": "C.UTF-8"})
    assert not wants_ascii(False, {"LANG": "en_GB.UTF-8", "LC_CTYPE": "C.UTF-8"})


def test_the_linux_console_gets_ascii_and_a_dumb_terminal_the_line_mode():
    utf8 = {"LANG": "en_US.UTF-8"}
    assert wants_ascii(False, {**utf8, "TERM": "linux"})
    assert not wants_ascii(False, {**utf8, "TERM": "xterm-256color"})
    # inside `gradtui serve` the browser draws, whatever terminal started the server
    served = {"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}
    assert not wants_ascii(False, {**utf8, "TERM": "linux", **served})
    assert dumb_terminal({"TERM": "dumb"})
    assert not dumb_terminal({"TERM": "dumb", **served})
    assert not dumb_terminal({"TERM": "xterm"}) and not dumb_terminal({})
