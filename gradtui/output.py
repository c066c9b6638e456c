"""What reaches the terminal: each frame Textual draws, sent as only the cells that changed.

Textual repaints every cell of a region it refreshes, with full colour codes for each piece of
text, so a step change re-sends the whole screen (about 17 KB at 80×24: two seconds over a
64 kbit/s link). curses, tmux and mosh instead remember what the terminal already shows and send
the difference. So does this module, as the Textual driver the app runs with (`light_driver`):

- It keeps the last frame sent: a grid of cells (a character and its colour attributes), where
  the terminal's cursor is, and which colour attributes are in force there (the pen).
- Each write from Textual is read into cells (cursor moves, SGR colour codes, text), and only the
  cells that differ from the grid go out, with short cursor moves and only the SGR codes that
  differ from the pen. A frame that changes nothing sends nothing, not even its sync markers.
- Everything else Textual writes (modes, queries, titles, the synchronized-output markers) goes
  through unchanged and in order.

It keeps nothing it cannot be sure of. A write holding a sequence it does not model (an erase, a
scroll, a hyperlink) goes out as Textual wrote it and the grid is forgotten; a write holding text
it cannot place cell by cell (a wide or combining character, say from a lesson's own text) goes
out as written and the rows it touched are forgotten. A terminal that may no longer show what was
sent (resized, the alternate screen switched, focus back after a loss, ctrl+l pressed) has the grid
forgotten too, and on focus and ctrl+l Textual is asked to repaint everything, which then goes out
whole. Forgotten cells are sent as Textual draws them until they are known again.
tests/app/test_light_output.py feeds recorded Textual output to two emulated terminals, one whole
and one through this module, and compares them cell by cell.
"""

from __future__ import annotations

import re
import signal
import threading
from typing import NamedTuple

from rich.cells import cell_len
from textual import events
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

SYNC_START, SYNC_END = "\x1b[?2026h", "\x1b[?2026l"
UNKNOWN = "\x00"  # a cell whose content the terminal may show differently: never skipped

# One piece of what Textual writes. Text excludes every C0/C1 control and DEL.
_TEXT = r"[^\x00-\x1f\x7f-\x9f]"
_PIECE = re.compile(
    rf"\x1b\[([0-9;]*)m({_TEXT}*)\x1b\[0?m"  # 1, 2: styled text, then a reset (Textual's way)
    rf"|({_TEXT}+)"  # 3: text in the pen in force
    r"|\x1b\[([0-9;]*)m"  # 4: an SGR code alone
    r"|(\n)"  # 5: a line feed (Textual writes one between rows, then moves the cursor)
    r"|(\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # 6: anything else: CSI, OSC,
    r"|\x1b[ -/]*[0-Z\\^-~]|[\x00-\x1f\x7f-\x9f])"  # two-character escapes, controls
)
_CURSOR_TO = re.compile(r"\x1b\[([0-9]+);([0-9]+)H")  # cursor to row;column, as Textual moves
_COMPLETE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[ -/]*[0-Z\\^-~])"
)
# Sequences that change no cell, passed through in order: private modes (mouse, focus, paste,
# cursor, line wrap), mode and status queries, the kitty keyboard protocol, cursor shape, the
# bell, and OSC titles, clipboard and pointer shape.
_HARMLESS = re.compile(
    r"\x1b\[\?[0-9;]*[hl]|\x1b\[\??[0-9;]*\$p|\x1b\[[<>=?][0-9;]*u|\x1b\[\??[0-9]*n"
    r"|\x1b\[[0-9]* q|\x1b\[>?[0-9]*c|\x07|\x1b\](?:0|1|2|22|52);[^\x07\x1b]*(?:\x07|\x1b\\)"
)
# Sequences not modelled that may change the pen: colour codes with sub-parameters, a cursor
# restore, a reset.
_PEN_CHANGES = re.compile(r"\x1b\[[0-9;:]*m|\x1b[78c]|\x1b\[!p")
# Switching to or from the alternate screen changes every cell.
_NEW_SCREEN = re.compile(r"\x1b\[\?(?:1049|1047|47)[hl]")
# Characters one cell wide to Textual and to every terminal: in the blocks from Latin to braille
# (U+0020-U+2BFF less the scripts between Cyrillic and Latin Extended Additional), those that
# are neither wide (East Asian W or F), combining, controls, format characters nor separators.
# Text made only of these is placed cell by cell; any other goes out as Textual wrote it.
# tests/unit/test_output.py holds the list to that rule.
NARROW_CHARACTERS = (
    "\x20-\x7e\xa0-\xac\xae-\u02ff\u0370-\u0377\u037a-\u037f\u0384-\u038a\u038c\u038e-\u03a1"
    "\u03a3-\u0482\u048a-\u052f\u1e00-\u1f15\u1f18-\u1f1d\u1f20-\u1f45\u1f48-\u1f4d"
    "\u1f50-\u1f57\u1f59\u1f5b\u1f5d\u1f5f-\u1f7d\u1f80-\u1fb4\u1fb6-\u1fc4\u1fc6-\u1fd3"
    "\u1fd6-\u1fdb\u1fdd-\u1fef\u1ff2-\u1ff4\u1ff6-\u1ffe\u2010-\u2027\u202f-\u205e"
    "\u2070-\u2071\u2074-\u208e\u2090-\u209c\u20a0-\u20c0\u2100-\u218b\u2190-\u2319"
    "\u231c-\u2328\u232b-\u23e8\u23ed-\u23ef\u23f1-\u23f2\u23f4-\u23ff\u2460-\u25fc"
    "\u25ff-\u2613\u2616-\u262f\u2638-\u2647\u2654-\u267e\u2680-\u2689\u2690-\u2692"
    "\u2694-\u26a0\u26a2-\u26a9\u26ac-\u26bc\u26bf-\u26c3\u26c6-\u26cd\u26cf-\u26d3"
    "\u26d5-\u26e9\u26eb-\u26f1\u26f4\u26f6-\u26f9\u26fb-\u26fc\u26fe-\u2704\u2706-\u2709"
    "\u270c-\u2727\u2729-\u274b\u274d\u274f-\u2752\u2756\u2758-\u2794\u2798-\u27af"
    "\u27b1-\u27be\u27c0-\u2b1a\u2b1d-\u2b4f\u2b51-\u2b54\u2b56-\u2b73\u2b76-\u2b95"
    "\u2b97-\u2bff"
)
_NARROW = re.compile(f"[{NARROW_CHARACTERS}]*")


# --- colour attributes -------------------------------------------------------------------------


class Pen(NamedTuple):
    """Colour attributes in force: SGR attribute codes, foreground, background (None: the
    terminal's default). `opaque` holds codes this module does not model, replayed as they are."""

    attributes: frozenset[str] = frozenset()
    foreground: tuple[str, ...] | None = None
    background: tuple[str, ...] | None = None
    opaque: str = ""

    @property
    def codes(self) -> str:
        """The SGR parameters that set this pen from the terminal's default."""
        if self.opaque:
            return self.opaque
        return ";".join(
            [*sorted(self.attributes), *(self.foreground or ()), *(self.background or ())]
        )


_ATTRIBUTES = {str(code) for code in (1, 2, 3, 4, 5, 6, 7, 8, 9, 21, 51, 52, 53)}
_FOREGROUNDS = {str(code) for code in (*range(30, 38), *range(90, 98))}
_BACKGROUNDS = {str(code) for code in (*range(40, 48), *range(100, 108))}
_ATTRIBUTES_OFF = {
    "22": {"1", "2"}, "23": {"3"}, "24": {"4", "21"}, "25": {"5", "6"}, "27": {"7"}, "28": {"8"},
    "29": {"9"}, "54": {"51", "52"}, "55": {"53"},
}  # fmt: skip


def read_pen(codes: str) -> Pen:
    """The pen that SGR parameters `codes` (applied from the default pen) leave in force."""
    attributes: set[str] = set()
    colours: list[tuple[str, ...] | None] = [None, None]
    parts = codes.split(";") if codes else []
    index = 0
    while index < len(parts):
        code = parts[index]
        index += 1
        if code in ("", "0"):
            attributes.clear()
            colours = [None, None]
        elif code in _ATTRIBUTES:
            attributes.add(code)
        elif code in _ATTRIBUTES_OFF:
            attributes -= _ATTRIBUTES_OFF[code]
        elif code in ("39", "49"):
            colours[code == "49"] = None
        elif code in _FOREGROUNDS or code in _BACKGROUNDS:
            colours[code in _BACKGROUNDS] = (code,)
        elif code in ("38", "48") and index < len(parts) and parts[index] in ("2", "5"):
            length = 4 if parts[index] == "2" else 2
            colour = tuple(parts[index - 1 : index + length])
            if len(colour) != length + 1 or not all(part.isdigit() for part in colour):
                return Pen(opaque=codes)
            colours[code == "48"] = colour
            index += length
        else:
            return Pen(opaque=codes)
    return Pen(frozenset(attributes), colours[0], colours[1])


def pen_change(before: Pen | None, after: Pen) -> str:
    """The shortest SGR sequence that turns pen `before` (None: unknown) into `after`."""
    whole = f"\x1b[0;{after.codes}m" if after.codes else "\x1b[0m"
    if before is None or before.opaque or after.opaque:
        return whole
    if before == after:
        return ""
    if not before.attributes <= after.attributes:
        return whole
    codes = sorted(after.attributes - before.attributes)
    if after.foreground != before.foreground:
        codes += after.foreground or ("39",)
    if after.background != before.background:
        codes += after.background or ("49",)
    return f"\x1b[{';'.join(codes)}m"


# --- the terminal's screen, as far as it is known ----------------------------------------------


class _Row:
    """One row of the grid: its characters (UNKNOWN where not known), each cell's pen id, a
    version that changes with its cells, and the text last read at each column (see `_seen`)."""

    __slots__ = ("chars", "pens", "version", "seen")

    def __init__(self) -> None:
        self.chars = ""
        self.pens: list[int] = []
        self.version = 0
        self.seen: dict[int, tuple] = {}

    def widen(self, width: int) -> None:
        if len(self.chars) < width:
            self.pens.extend([-1] * (width - len(self.chars)))
            self.chars += UNKNOWN * (width - len(self.chars))


class _Write:
    """What reading one write found: cells changed (spans of columns, by row), rows holding
    text not placed cell by cell, whether it held something not modelled, and what to send."""

    __slots__ = ("spans", "unplaced", "lost", "out")

    def __init__(self) -> None:
        self.spans: dict[int, list[tuple[int, int]]] = {}
        self.unplaced: set[int] = set()
        self.lost = False
        self.out: list[str] = []


_BLOCK = 8  # unchanged cells amid changed ones are skipped when a whole block of them is


def _changed_blocks(old: str, new: str, old_pens: list, new_pens: list) -> list[tuple[int, int]]:
    """The stretches of a run where cells change, to the nearest block: whole blocks of
    unchanged cells between them are left out."""
    spans, start = [], 0
    for block in range(0, len(new), _BLOCK):
        end = min(block + _BLOCK, len(new))
        if old[block:end] == new[block:end] and old_pens[block:end] == new_pens[block:end]:
            if start < block:
                spans.append((start, block))
            start = end
    if start < len(new):
        spans.append((start, len(new)))
    return spans


def _same_for(first: str, second: str, first_pens: list, second_pens: list) -> int:
    """How many leading cells two runs (characters and pens) have in common, by halving."""
    low, high = 0, len(second)
    while low < high:
        middle = (low + high + 1) // 2
        if first[:middle] == second[:middle] and first_pens[:middle] == second_pens[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


class TerminalMirror:
    """What the terminal shows, cell by cell, and the writes that bring it up to date.

    `send(data)` takes what Textual would write and returns what to write instead: the same
    picture, sent as the change from the last one. Not thread-safe: the driver serialises calls.
    """

    def __init__(self) -> None:
        self._rows: dict[int, _Row] = {}
        self._cursor: tuple[int, int] | None = None  # where the terminal's cursor is
        self._pen: int | None = 0  # the pen in force in the terminal (an id; None: unknown)
        # Where Textual's cursor is (the column is None after a line feed) and its pen
        self._source_cursor: tuple[int, int | None] | None = None
        self._source_pen: int | None = 0
        self._held_sync = False  # a sync-start marker not yet sent: dropped if nothing follows
        self._carry = ""  # an escape sequence cut off at the end of a write
        self._forget_requested = False
        self._pens: list[Pen] = [Pen()]
        self._pen_ids: dict[Pen, int] = {Pen(): 0}
        self._pen_after: dict[tuple[int | None, str], int | None] = {}  # (pen, SGR codes) → pen
        self._changes: dict[tuple[int | None, int], str] = {}  # (pen, pen) → SGR sequence

    def forget(self) -> None:
        """Assume nothing about what the terminal shows from the next write on (safe to call from
        any thread or a signal handler)."""
        self._forget_requested = True

    def send(self, data: str) -> str:
        """What to write to the terminal in place of `data`, Textual's next write."""
        if self._forget_requested:
            self._forget_requested = False
            self._rows.clear()
            self._cursor, self._pen = None, None
        data, self._carry = self._carry + data, ""
        cut = data.rfind("\x1b")
        if cut >= 0 and not _COMPLETE.match(data, cut):
            data, self._carry = data[:cut], data[cut:]
        if not data:
            return ""
        pens_before = (self._pen, self._source_pen)
        write = _Write()
        self._read(data, write)
        if not write.lost and not write.unplaced:
            return "".join(write.out)
        # Send Textual's own write, from the pen it expects; then forget what it may have changed
        # beyond the cells read: everything, or the rows holding text not placed cell by cell.
        out = [SYNC_START] if self._held_sync else []
        self._held_sync = False
        if pens_before[1] is not None:
            out.append(self._change_pen(*pens_before))
        out.append(data)
        cursor = self._source_cursor
        self._cursor = cursor if cursor is not None and cursor[1] is not None else None  # type: ignore[assignment]
        self._pen = None if write.lost else self._source_pen
        if write.lost:
            self._rows.clear()
        for row in write.unplaced:
            self._rows.pop(row, None)
            self._rows.pop(row + 1, None)  # a character wider than expected may wrap onto it
        return "".join(out)

    # --- reading Textual's write ---------------------------------------------------------------

    def _read(self, data: str, write: _Write) -> None:
        """Read `data` into the grid, noting in `write` what changed and what to send."""
        pieces = _CURSOR_TO.split(data)
        self._read_from_cursor(pieces[0], write)
        for index in range(1, len(pieces), 3):
            self._source_cursor = (int(pieces[index]) - 1, int(pieces[index + 1]) - 1)
            self._read_from_cursor(pieces[index + 2], write)
        cursor = self._source_cursor
        if cursor is not None and cursor[1] is None:
            write.lost = True  # a line feed with no cursor move after it: where it lands varies
        if not write.lost and not write.unplaced:
            self._flush(write)
            if cursor is not None and self._cursor != cursor:
                self._emit(write.out, self._move(*cursor))  # type: ignore[misc]

    def _read_from_cursor(self, text: str, write: _Write) -> None:
        """Read what Textual writes from one cursor move to the next. Text read before at the
        same place, over cells unchanged since, is skipped at once: a repaint of the same row."""
        if not text:
            return
        cursor, pen = self._source_cursor, self._source_pen
        row = None
        if cursor is not None and cursor[1] is not None:
            row = self._rows.get(cursor[0])
            seen = row.seen.get(cursor[1]) if row is not None else None
            if seen is not None and seen[:3] == (text, pen, row.version):
                self._source_cursor, self._source_pen = seen[3]
                return
        plain = self._read_pieces(text, write)
        if plain and row is not None and not write.lost and cursor[0] not in write.unplaced:  # type: ignore[index]
            ending = (self._source_cursor, self._source_pen)
            row.seen[cursor[1]] = (text, pen, row.version, ending)  # type: ignore[index]

    def _read_pieces(self, text: str, write: _Write) -> bool:
        """Read text, colour codes and other sequences; True when it was only text and colour."""
        plain = True
        for match in _PIECE.finditer(text):
            styled, run, bare, codes, newline, other = match.groups()
            if styled is not None or codes is not None:
                self._source_pen = self._pen_after_codes(self._source_pen, styled or codes or "")
            run = run or bare
            if run:
                self._read_run(run, write)
            if styled is not None:
                self._source_pen = 0  # the reset after styled text
            elif newline is not None:
                cursor = self._source_cursor
                self._source_cursor = None if cursor is None else (cursor[0] + 1, None)
            elif other is not None:
                plain = False
                if not _HARMLESS.fullmatch(other) and not _NEW_SCREEN.fullmatch(other):
                    write.lost = True
                    self._source_cursor = None
                    if _PEN_CHANGES.fullmatch(other):
                        self._source_pen = None
                elif not write.lost:
                    if other != SYNC_START:
                        self._flush(write)
                    self._pass(other, write.out)
        return plain

    def _read_run(self, run: str, write: _Write) -> None:
        """Place a run of text at Textual's cursor, in its pen."""
        cursor = self._source_cursor
        if cursor is None or cursor[1] is None or self._source_pen is None:
            write.lost = True
            self._source_cursor = None
            return
        y, x = cursor
        if write.lost:
            pass
        elif run.isascii() or _NARROW.fullmatch(run):
            self._place(y, x, run, write)
        else:
            write.unplaced.add(y)
        self._source_cursor = (y, x + cell_len(run))

    def _place(self, y: int, x: int, run: str, write: _Write) -> None:
        """Put `run` (one-cell characters) at row y, column x, in Textual's pen, noting the span
        of columns whose content changes."""
        row = self._rows.get(y)
        if row is None:
            row = self._rows[y] = _Row()
        end = x + len(run)
        row.widen(end)
        pen = self._source_pen
        old_chars, old_pens = row.chars[x:end], row.pens[x:end]
        if old_chars == run and old_pens.count(pen) == len(run):
            return
        new_pens = [pen] * len(run)
        spans = write.spans.setdefault(y, [])
        for start, stop in _changed_blocks(old_chars, run, old_pens, new_pens):
            old, new = old_chars[start:stop], run[start:stop]
            olds, news = old_pens[start:stop], new_pens[start:stop]
            first = _same_for(old, new, olds, news)
            last = len(new) - _same_for(old[::-1], new[::-1], olds[::-1], news)
            spans.append((x + start + first, x + start + max(last, first + 1)))
        row.chars = row.chars[:x] + run + row.chars[end:]
        row.pens[x:end] = new_pens  # type: ignore[assignment]
        row.version += 1

    def _pen_after_codes(self, pen: int | None, codes: str) -> int | None:
        """The pen (id) in force after SGR `codes` are applied to `pen` (None: unknown)."""
        key = (pen, codes)
        if key in self._pen_after:
            return self._pen_after[key]
        if codes in ("", "0"):
            found: int | None = 0
        elif pen is None:
            found = self._pen_id(read_pen(codes)) if codes.startswith("0;") else None
        else:
            base = self._pens[pen].codes
            found = self._pen_id(read_pen(f"{base};{codes}" if base else codes))
        self._pen_after[key] = found
        return found

    def _pen_id(self, pen: Pen) -> int:
        found = self._pen_ids.get(pen)
        if found is None:
            found = self._pen_ids[pen] = len(self._pens)
            self._pens.append(pen)
        return found

    def _pass(self, sequence: str, out: list[str]) -> None:
        """Send a sequence that changes no cell, holding back a sync start until something
        follows it (a sync end right after it drops both)."""
        if sequence == SYNC_START:
            if self._held_sync:
                out.append(SYNC_START)
            self._held_sync = True
        elif sequence == SYNC_END and self._held_sync:
            self._held_sync = False
        else:
            self._emit(out, sequence)
            if _NEW_SCREEN.fullmatch(sequence):
                self._rows.clear()
                self._cursor = None

    def _emit(self, out: list[str], text: str) -> None:
        if self._held_sync:
            out.append(SYNC_START)
            self._held_sync = False
        out.append(text)

    # --- writing the change ----------------------------------------------------------------------

    def _flush(self, write: _Write) -> None:
        """Append to what to send the writes that put every changed cell on the terminal."""
        if not write.spans:
            return
        parts: list[str] = []
        for y, spans in write.spans.items():
            self._write_spans(y, sorted(spans), parts)
        write.spans.clear()
        if parts:
            self._emit(write.out, "".join(parts))

    def _write_spans(self, y: int, spans: list[tuple[int, int]], parts: list[str]) -> None:
        """Write the cells of row y in `spans` (sorted), from the grid."""
        row = self._rows[y]
        chars, pens = row.chars, row.pens
        done = 0
        for start, end in spans:
            start = max(start, done)
            if start >= end:
                continue
            parts.append(self._reach(y, start, chars, pens))
            x = start
            while x < end:
                pen = pens[x]
                stop = end if pens[x:end].count(pen) == end - x else x + 1
                while stop < end and pens[stop] == pen:
                    stop += 1
                if pen != self._pen:
                    parts.append(self._change_pen(self._pen, pen))
                    self._pen = pen
                parts.append(chars[x:stop])
                x = stop
            self._cursor = (y, end)
            done = end

    def _reach(self, y: int, x: int, chars: str, pens: list[int]) -> str:
        """What brings the cursor to row y, column x: nothing, the few cells between rewritten
        as they are (cheaper than a move), or a cursor move."""
        cursor = self._cursor
        if cursor == (y, x):
            return ""
        if cursor is not None and cursor[0] == y and 0 < x - cursor[1] <= 3:
            gap = chars[cursor[1] : x]
            if (
                gap.isascii()
                and UNKNOWN not in gap
                and pens[cursor[1] : x].count(self._pen) == len(gap)
            ):
                self._cursor = (y, x)
                return gap
        return self._move(y, x)

    def _move(self, y: int, x: int) -> str:
        """The shortest cursor move from where the terminal's cursor is to row y, column x."""
        cursor = self._cursor
        self._cursor = (y, x)
        if cursor is not None and cursor[0] == y:
            gap = x - cursor[1]
            forward = "\x1b[C" if gap == 1 else f"\x1b[{gap}C"
            column = f"\x1b[{x + 1}G"
            return forward if gap > 0 and len(forward) <= len(column) else column
        if x == 0:
            return "\x1b[H" if y == 0 else f"\x1b[{y + 1}H"
        return f"\x1b[{y + 1};{x + 1}H"

    def _change_pen(self, before: int | None, after: int) -> str:
        key = (before, after)
        found = self._changes.get(key)
        if found is None:
            found = self._changes[key] = pen_change(
                None if before is None else self._pens[before], self._pens[after]
            )
        return found


# --- the drivers -------------------------------------------------------------------------------


class LightOutput:
    """A driver mixin: every write goes through a `TerminalMirror`; a resize forgets the
    terminal's content, and focus regained or ctrl+l repaints it whole."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.mirror = TerminalMirror()
        self._mirror_lock = threading.Lock()  # writes come from the app and the input thread

    def write(self, data: str) -> None:
        with self._mirror_lock:
            light = self.mirror.send(data)
            if light:
                super().write(light)  # type: ignore[misc]

    def repaint(self) -> None:
        """Forget what the terminal shows and have Textual draw every cell again (from any
        thread)."""
        self.mirror.forget()
        self._app.call_later(self._app.refresh)  # type: ignore[attr-defined]

    def process_message(self, message) -> None:
        if isinstance(message, events.Resize):  # reported in band, by the terminal itself
            self.mirror.forget()
        elif isinstance(message, events.AppFocus) or (
            isinstance(message, events.Key) and message.key == "ctrl+l"
        ):
            self.repaint()
        super().process_message(message)  # type: ignore[misc]


class LightLinuxDriver(LightOutput, LinuxDriver):
    """Textual's terminal driver, sending only the cells that change."""

    def start_application_mode(self) -> None:
        super().start_application_mode()
        textual_handler = signal.getsignal(signal.SIGWINCH)

        def on_resize(signum, frame) -> None:
            self.mirror.forget()
            if callable(textual_handler):
                textual_handler(signum, frame)

        signal.signal(signal.SIGWINCH, on_resize)


def light_driver(chosen: type[Driver]) -> type[Driver]:
    """The light version of the driver Textual chose, where there is one."""
    return LightLinuxDriver if chosen is LinuxDriver else chosen
