"""The one function that makes outside text safe: every character that hides or reorders text
is replaced visibly, the list of them is the Unicode categories it claims, and `as_text` hands
Textual a Rich Text that is never read as markup."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from rich.text import Text

from gradtui.textsafe import (
    REPLACEMENT,
    UNSAFE_CATEGORIES,
    for_terminal,
    inert,
    shortened,
)
from gradtui.views.text import as_text

# Named in issue 8: they hide or reorder what the learner sees.
HIDING = (
    [chr(c) for c in range(0x00, 0x20) if chr(c) not in "\t\n"]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in range(0x200B, 0x2010)]
    + ["\u2028", "\u2029"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\ufeff", "\u061c", "\u00ad", "\u2060", "\U000e0041", "\ud800"]
)


@pytest.mark.parametrize("ch", HIDING, ids=lambda ch: f"U+{ord(ch):04X}")
def test_each_hiding_character_is_replaced_visibly(ch):
    for text in (f"a{ch}b", ch):
        shown = inert(text)
        assert ch not in shown
        assert shown.replace(REPLACEMENT, "") == text.replace(ch, "")
        assert shown.count(REPLACEMENT) == text.count(ch)  # one mark per character, in place
    assert for_terminal(f"a{ch}b", ascii=True) == "a?b"


def test_tabs_and_newlines():
    assert inert("a\tb\nc") == "a    b\nc"
    assert inert("a\nb", keep_newlines=False) == f"a{REPLACEMENT}b"
    assert inert("\r\n") == f"{REPLACEMENT}\n"


def test_ordinary_text_is_untouched():
    text = "x² → 2·x, café, 日本語, emoji 😀, a\u00a0b, [/bold] [@click=app.quit] [link=x]y"
    assert inert(text) == text
    assert inert(inert(text + "\u200d")) == inert(text + "\u200d")  # applying twice changes nothing


def test_the_spelled_out_ranges_are_exactly_the_categories():
    listed = {c for c in range(sys.maxunicode + 1) if inert(chr(c), keep_newlines=False) != chr(c)}
    wanted = {
        c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in UNSAFE_CATEGORIES
    }
    assert listed == wanted, sorted(listed ^ wanted)[:10]


@pytest.mark.parametrize(
    "markup", ["[/bold]", "[", "[[", "[/]", "[reverse blink]x[/]", "[@click=app.bell]b[/]"]
)
def test_as_text_is_plain_text_never_markup(markup):
    shown = as_text(markup + "\u202e")
    assert isinstance(shown, Text)
    assert shown.plain == markup + REPLACEMENT
    assert shown.spans == [] and not shown.style  # no style, no link, no action came from it
    assert as_text(markup, style="bold").style == "bold"


def test_shortened_marks_the_cut():
    assert shortened("abcdef", 6) == "abcdef"
    assert shortened("abcdefg", 6) == "abcde…"
    assert shortened("abcdefg", 6, ascii=True) == "abcde~"
