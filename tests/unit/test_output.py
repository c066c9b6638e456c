"""gradtui.output's TerminalMirror on hand-made writes shaped like Textual's: what it sends, and
that an emulated terminal fed its output shows what one fed Textual's whole output shows."""

from __future__ import annotations

import re
import unicodedata

import pyte
import pytest
import wcwidth
from rich.cells import cell_len

from gradtui.output import (
    NARROW_CHARACTERS,
    SYNC_END,
    SYNC_START,
    Pen,
    TerminalMirror,
    pen_change,
    read_pen,
)

WIDTH, HEIGHT = 20, 4


def row(y: int, text: str, codes: str = "38;2;224;224;224;48;2;18;18;18", x: int = 0) -> str:
    """Text at row y (0-based) as Textual writes a strip: a cursor move, then styled text."""
    return f"\x1b[{y + 1};{x + 1}H\x1b[{codes}m{text}\x1b[0m"


def frame(*rows: str) -> list[str]:
    """One frame the way Textual's display writes it: sync start, the rows, the cursor home,
    sync end."""
    return [SYNC_START, "\n".join(rows) + "\x1b[1;1H", SYNC_END]


class Pair:
    """Two emulated terminals: one fed Textual's writes whole, one through a mirror."""

    def __init__(self, width: int = WIDTH, height: int = HEIGHT) -> None:
        self.whole, self.light = pyte.Screen(width, height), pyte.Screen(width, height)
        self._whole, self._light = pyte.Stream(self.whole), pyte.Stream(self.light)
        self.mirror = TerminalMirror()

    def resize(self, width: int, height: int) -> None:
        """Both terminals resized, and the mirror told, as the drivers tell it."""
        self.whole.resize(height, width)
        self.light.resize(height, width)
        self.mirror.resize(width, height)

    def feed(self, *writes: str) -> str:
        """Feed writes to both; returns what the mirror sent, having checked the screens match."""
        sent = ""
        for write in writes:
            out = self.mirror.send(write)
            self._whole.feed(write)
            self._light.feed(out)
            sent += out
        for y in range(self.whole.lines):
            whole = [self.whole.buffer[y][x] for x in range(self.whole.columns)]
            light = [self.light.buffer[y][x] for x in range(self.light.columns)]
            assert whole == light, f"row {y}: {self.whole.display[y]!r} / {self.light.display[y]!r}"
        return sent


def visible(sent: str) -> str:
    """The characters sent, less escape sequences."""
    return re.sub(r"\x1b\[[0-?]*[ -/]*[@-~]", "", sent)


def test_a_frame_the_terminal_already_shows_sends_nothing_not_even_its_sync_markers():
    pair = Pair()
    first = frame(row(0, "slope = 2.25"), row(1, "h = 0.25"))
    assert visible(pair.feed(*first)) == "slope = 2.25h = 0.25"
    assert pair.feed(*first) == ""


def test_sync_markers_stay_paired():
    pair = Pair()
    sent = pair.feed(SYNC_START, SYNC_START, row(0, "x") + "\x1b[1;1H", SYNC_END, SYNC_END)
    assert sent.count(SYNC_START) <= sent.count(SYNC_END)  # never left synchronising
    assert pair.feed(SYNC_START, SYNC_START, SYNC_END, SYNC_END) == SYNC_END  # (harmless)


def test_a_changed_readout_sends_only_its_changed_cells():
    pair = Pair()
    pair.feed(*frame(row(0, "slope = 2.25      "), row(1, "h = 0.25          ")))
    sent = pair.feed(*frame(row(0, "slope = 2.125     "), row(1, "h = 0.25          ")))
    assert visible(sent) == "125"  # "2.25 " became "2.125": only the cells that differ
    assert sent.startswith(SYNC_START) and sent.endswith(SYNC_END)
    assert "\x1b[0;" not in sent and "38;2;224" not in sent  # the colours were already right
    assert len(sent) < 40


def test_only_the_colour_attributes_that_change_are_sent():
    pair = Pair()
    pair.feed(*frame(row(0, "play", "1;38;2;224;224;224;48;2;18;18;18")))
    sent = pair.feed(*frame(row(0, "play", "1;38;2;224;224;224;48;2;40;40;40")))
    assert "\x1b[48;2;40;40;40m" in sent and "38;2;224" not in sent
    sent = pair.feed(*frame(row(0, "play", "38;2;224;224;224;48;2;40;40;40")))
    assert "\x1b[0;38;2;224;224;224;48;2;40;40;40m" in sent  # bold off: reset, then set


def test_modes_pass_through_in_order_and_the_alternate_screen_forgets_the_grid():
    pair = Pair()
    start = "\x1b[?1049h\x1b[?1000h\x1b[?25l\x1b[?7l"
    assert pair.feed(start) == start
    shown = frame(row(0, "lesson 1"))
    pair.feed(*shown)
    assert pair.feed("\x1b[?1004h") == "\x1b[?1004h"
    pair.feed("\x1b[?1049l", "\x1b[?1049h")  # away and back: the alternate screen is blank
    assert visible(pair.feed(*shown)) == "lesson 1"


def test_forget_sends_the_next_frame_whole():
    pair = Pair()
    shown = frame(row(0, "step 2/12"), row(2, "rise / run"))
    pair.feed(*shown)
    pair.mirror.forget()
    assert visible(pair.feed(*shown)) == "step 2/12rise / run"


def test_a_frame_drawn_for_the_size_before_a_resize_shows_as_textual_wrote_it():
    """Textual may still write a frame laid out for the old size after the terminal shrank (it
    lays out again only when it handles the resize). Its line feed at what is now the bottom row
    scrolls the terminal, its rows below the bottom land on the bottom row and its text past the
    right edge on the last column: the mirror cannot place such a frame, so it sends it as
    written; and the next frame, at the new size, shows on every cell."""
    pair = Pair(30, 6)
    old = [row(y, f"row {y} of the old layout ".ljust(30, ".")) for y in range(6)]
    pair.feed(*frame(*old))
    pair.resize(WIDTH, HEIGHT)
    sent = pair.feed(*frame(*old))
    assert "\n".join(old) in sent  # Textual's own write
    pair.feed(*frame(*[row(y, f"row {y} anew".ljust(WIDTH)) for y in range(HEIGHT)]))
    assert pair.light.display == [f"row {y} anew".ljust(WIDTH) for y in range(HEIGHT)]


def test_a_line_feed_on_the_bottom_row_goes_out_as_written():
    pair = Pair()
    pair.resize(WIDTH, HEIGHT)  # (the drivers tell the mirror the size as they start)
    pair.feed(*frame(*[row(y, f"line {y}") for y in range(HEIGHT)]))
    pair.feed(*frame(row(HEIGHT - 1, "last") + "\n" + row(HEIGHT - 1, "scrolled")))
    pair.feed(*frame(*[row(y, f"line {y}") for y in range(HEIGHT)]))
    assert pair.light.display[0].startswith("line 0")


def test_wide_and_combining_characters_go_out_as_written_and_their_rows_are_forgotten():
    pair = Pair()
    pair.feed(*frame(row(0, "plain"), row(1, "plain"), row(2, "plain")))
    for text in ("斜率 = 2", "e\u0301cart", "🙂 ok"):
        content = row(1, text) + "\n" + row(3, "still here")
        sent = pair.feed(SYNC_START, content, SYNC_END)
        assert content in sent  # Textual's own write
        again = pair.feed(SYNC_START, content, SYNC_END)
        assert text in again  # the row is not trusted: sent again


def test_a_sequence_it_does_not_model_goes_out_as_written_and_everything_is_forgotten():
    pair = Pair()
    shown = frame(row(0, "abc"), row(1, "def"))
    pair.feed(*shown)
    erase = "\x1b[2J"
    sent = pair.feed(erase)
    assert sent.endswith(erase) and visible(sent) == ""  # (after the colours it expects: none)
    assert visible(pair.feed(*shown)) == "abcdef"


def test_a_sequence_cut_between_two_writes_is_joined():
    pair = Pair()
    whole = row(0, "cut here")
    sent = pair.feed(SYNC_START, whole[:3], whole[3:12], whole[12:] + "\x1b[1;1H", SYNC_END)
    assert visible(sent) == "cut here"


def test_bare_text_and_colour_codes_alone_keep_their_meaning():
    pair = Pair()
    shown = "\x1b[1;1Hbare\x1b[31m\x1b[1mred bold\x1b[0m\x1b[2;1H\x1b[7mreversed\x1b[m"
    pair.feed(SYNC_START, shown, SYNC_END)
    changed = "\x1b[1;1Hbare\x1b[31m\x1b[1mred BOLD\x1b[0m\x1b[2;1H\x1b[7mreversed\x1b[m"
    assert visible(pair.feed(SYNC_START, changed, SYNC_END)) == "BOLD"


def test_colour_codes_with_sub_parameters_go_out_as_written():
    pair = Pair()
    wavy = "\x1b[1;1H\x1b[4:3mwavy\x1b[0m"
    assert pair.feed(wavy) == wavy
    assert pair.feed(wavy) == "\x1b[0m" + wavy


def test_unchanged_cells_between_changed_ones_are_jumped_or_rewritten_whichever_is_shorter():
    pair = Pair()
    pair.feed(*frame(row(0, "a b c d e f g h i j ")))
    sent = pair.feed(*frame(row(0, "A b c d e f g h i J ")))
    assert visible(sent) == "AJ"  # a cursor move over the unchanged middle
    sent = pair.feed(*frame(row(0, "a b C d e f g h i j ")))
    assert visible(sent) == "a b Cj"  # " b " rewritten: shorter than moving over it


def test_pens_read_and_changed():
    pen = read_pen("1;38;2;1;2;3;48;5;17")
    assert pen == Pen(frozenset({"1"}), ("38", "2", "1", "2", "3"), ("48", "5", "17"))
    assert read_pen("1;22;31;39") == Pen()
    assert read_pen("4:3").opaque == "4:3"
    assert pen_change(None, Pen()) == "\x1b[0m"
    assert pen_change(Pen(), pen) == "\x1b[1;38;2;1;2;3;48;5;17m"
    assert pen_change(pen, pen) == ""
    assert pen_change(pen, read_pen("1;38;2;1;2;3")) == "\x1b[49m"
    assert pen_change(pen, read_pen("38;2;1;2;3")) == "\x1b[0;38;2;1;2;3m"


# The blocks NARROW_CHARACTERS draws from, and the rule that picks characters within them.
BLOCKS = ((0x20, 0x7E), (0xA0, 0x52F), (0x1E00, 0x1FFF), (0x2010, 0x205E), (0x2070, 0x23FF),
          (0x2460, 0x2BFF))  # fmt: skip


def one_cell(ch: str) -> bool:
    """Neither wide, combining, a control, a format character nor a separator; one cell wide
    to Textual (Rich) and to terminals (wcwidth, as pyte and most terminals count)."""
    category = unicodedata.category(ch)
    return (
        category[0] not in "MC"
        and category not in ("Zl", "Zp")
        and unicodedata.east_asian_width(ch) not in ("W", "F")
        and cell_len(ch) == 1
        and wcwidth.wcwidth(ch) == 1
    )


@pytest.mark.parametrize("first, last", BLOCKS)
def test_narrow_characters_are_exactly_the_one_cell_characters_of_their_blocks(first, last):
    narrow = re.compile(f"[{NARROW_CHARACTERS}]")
    wrong = [
        f"U+{code:04X}"
        for code in range(first, last + 1)
        if bool(narrow.fullmatch(chr(code))) != one_cell(chr(code))
    ]
    assert not wrong, wrong[:20]
    outside = [chr(code) for code in (0x1F642, 0x4E2D, 0x0301, 0x200B, 0x3000, 0xFF21)]
    assert not any(narrow.fullmatch(ch) for ch in outside)


def test_the_app_runs_light_in_a_terminal_and_in_a_browser_and_other_drivers_as_they_are(
    monkeypatch,
):
    import textual.constants
    from textual.drivers.headless_driver import HeadlessDriver
    from textual.drivers.linux_driver import LinuxDriver
    from textual.drivers.web_driver import WebDriver

    from gradtui.app import GradApp
    from gradtui.output import LightLinuxDriver, LightOutput, light_driver

    assert light_driver(LinuxDriver) is LightLinuxDriver
    web = light_driver(WebDriver)
    assert issubclass(web, WebDriver) and issubclass(web, LightOutput)
    assert light_driver(HeadlessDriver) is HeadlessDriver
    monkeypatch.setattr(textual.constants, "DRIVER", None)
    assert GradApp().driver_class is LightLinuxDriver
    # textual-serve names the web driver in TEXTUAL_DRIVER for each tab
    monkeypatch.setattr(textual.constants, "DRIVER", "textual.drivers.web_driver:WebDriver")
    assert GradApp().driver_class is web
    monkeypatch.setattr(
        textual.constants, "DRIVER", "textual.drivers.headless_driver:HeadlessDriver"
    )
    assert GradApp().driver_class is HeadlessDriver
