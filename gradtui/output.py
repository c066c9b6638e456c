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
scroll, a hyperlink) goes out as Textual wrote it and the grid is forgotten, and so does a write
that reaches past the terminal's edges (a frame laid out for the size before a resize, whose line
feed on the new bottom row scrolls the terminal); a write holding text it cannot place cell by
cell (a wide or combining character, say from a lesson's own text) goes out as written and the
rows it touched are forgotten. A terminal that may no longer show what was
sent (resized, the alternate screen switched, focus back after a loss, ctrl+l pressed) has the grid
forgotten too, and on focus and ctrl+l Textual is asked to repaint everything, which then goes out
whole. Forgotten cells are sent as Textual draws them until they are known again.
tests/app/test_light_output.py feeds recorded Textual output to two emulated terminals, one whole
and one through this module, and compares them cell by cell.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
from functools import cache
from typing import NamedTuple

from rich.cells import cell_len
from textual import events, messages
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

SYNC_START, SYNC_END = "\x1b[?2026h", "\x1b[?2026l"
UNKNOWN_CELL = "\x00\x00"  # a cell the terminal may show differently: never skipped

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
    """One row of the grid as a string of two characters a cell: the character shown and its
    pen (`_pen_mark`), UNKNOWN_CELL where not known; a version that changes with its cells, and
    the text last read at each column (see `_read_from_cursor`)."""

    __slots__ = ("cells", "version", "seen")

    def __init__(self) -> None:
        self.cells = ""
        self.version = 0
        self.seen: dict[int, tuple] = {}

    def widen(self, width: int) -> None:
        if len(self.cells) < 2 * width:
            self.cells += UNKNOWN_CELL * (width - len(self.cells) // 2)


def _pen_mark(pen: int) -> str:
    """The character that stands for a pen in a row's cells (never a character shown)."""
    return chr(0x100000 + pen)


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


def _changed_blocks(old: str, new: str) -> list[tuple[int, int]]:
    """The stretches of cells (as a row holds them, two characters a cell) where two runs
    differ, to the nearest block: whole blocks of unchanged cells between them are left out."""
    spans, start, size = [], 0, len(new) // 2
    for block in range(0, size, _BLOCK):
        end = min(block + _BLOCK, size)
        if old[2 * block : 2 * end] == new[2 * block : 2 * end]:
            if start < block:
                spans.append((start, block))
            start = end
    if start < size:
        spans.append((start, size))
    return spans


def _same_for(first: str, second: str) -> int:
    """How many leading cells two runs (two characters a cell) have in common, by halving."""
    low, high = 0, len(second) // 2
    while low < high:
        middle = (low + high + 1) // 2
        if first[: 2 * middle] == second[: 2 * middle]:
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
        self._size: tuple[int, int] | None = None  # the terminal's width and height, once told
        self._new_size: tuple[int, int] | None = None
        self._pens: list[Pen] = [Pen()]
        self._pen_ids: dict[Pen, int] = {Pen(): 0}
        self._pen_after: dict[tuple[int | None, str], int | None] = {}  # (pen, SGR codes) → pen
        self._changes: dict[tuple[int | None, int], str] = {}  # (pen, pen) → SGR sequence

    def forget(self) -> None:
        """Assume nothing about what the terminal shows from the next write on (safe to call from
        any thread or a signal handler)."""
        self._forget_requested = True

    def resize(self, width: int, height: int) -> None:
        """The terminal is now `width` × `height`: forget what it shows (safe from any thread or
        a signal handler). From then on, a write that reaches past its edges (a frame Textual
        laid out for the size before, written before it handles the resize) goes out as written:
        a line feed on the bottom row scrolls the terminal, and rows below the bottom or text past
        the right edge land on the last row or column, which the grid cannot follow."""
        self._new_size = (width, height)
        self._forget_requested = True

    def send(self, data: str) -> str:
        """What to write to the terminal in place of `data`, Textual's next write."""
        if self._forget_requested:
            self._forget_requested = False
            self._size = self._new_size
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
        self._cursor = cursor if self._inside(cursor) else None  # type: ignore[assignment]
        self._pen = None if write.lost else self._source_pen
        if write.lost:
            self._rows.clear()
        for row in write.unplaced:
            self._rows.pop(row, None)
            self._rows.pop(row + 1, None)  # a character wider than expected may wrap onto it
        return "".join(out)

    def _inside(self, cursor: tuple[int, int | None] | None, width: int = 0) -> bool:
        """Whether the cursor is at a known place from which `width` cells fit on the screen."""
        if cursor is None or cursor[1] is None:
            return False
        if self._size is None:
            return True
        columns, lines = self._size
        return cursor[0] < lines and cursor[1] + width <= columns

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
        """Read text, colour codes and other sequences; True when it was only text and colour.
        Text that follows on along a row is gathered and placed at once."""
        plain = True
        gathered: list[str] = []  # cells (two characters each) from (row, column) = start
        start = end = (0, 0)
        for match in _PIECE.finditer(text):
            styled, run, bare, codes, newline, other = match.groups()
            if styled is not None or codes is not None:
                self._source_pen = self._pen_after_codes(self._source_pen, styled or codes or "")
            run = run or bare
            if run:
                cursor, pen = self._source_cursor, self._source_pen
                narrow = run.isascii() or _NARROW.fullmatch(run)
                if pen is None or not self._inside(cursor, len(run) if narrow else cell_len(run)):
                    write.lost = True
                    self._source_cursor = None
                elif narrow:
                    if cursor != end and gathered:
                        self._place(*start, "".join(gathered), write)
                        gathered = []
                    if not gathered:
                        start = cursor  # type: ignore[assignment]
                    mark = _pen_mark(pen)
                    gathered.append(mark.join(run) + mark)
                    end = self._source_cursor = (cursor[0], cursor[1] + len(run))
                else:
                    write.unplaced.add(cursor[0])
                    self._source_cursor = (cursor[0], cursor[1] + cell_len(run))
            if styled is not None:
                self._source_pen = 0  # the reset after styled text
            elif newline is not None:
                cursor = self._source_cursor
                self._source_cursor = None if cursor is None else (cursor[0] + 1, None)
                if self._size is not None and (cursor is None or cursor[0] >= self._size[1] - 1):
                    write.lost = True  # on the bottom row (or below it) a line feed scrolls
            elif other is not None:
                plain = False
                if gathered:
                    self._place(*start, "".join(gathered), write)
                    gathered = []
                if not _HARMLESS.fullmatch(other) and not _NEW_SCREEN.fullmatch(other):
                    write.lost = True
                    self._source_cursor = None
                    if _PEN_CHANGES.fullmatch(other):
                        self._source_pen = None
                elif not write.lost:
                    if other != SYNC_START:
                        self._flush(write)
                    self._pass(other, write.out)
        if gathered:
            self._place(*start, "".join(gathered), write)
        return plain

    def _place(self, y: int, x: int, new: str, write: _Write) -> None:
        """Put cells `new` (two characters a cell: the character, its pen's mark) at row y,
        column x, noting the spans of columns whose content changes."""
        if write.lost:
            return
        row = self._rows.get(y)
        if row is None:
            row = self._rows[y] = _Row()
        end = x + len(new) // 2
        row.widen(end)
        old = row.cells[2 * x : 2 * end]
        if old == new:
            return
        spans = write.spans.setdefault(y, [])
        if not old.strip("\x00"):  # nothing known there: all of it
            spans.append((x, end))
        else:
            self._note_changes(x, old, new, spans)
        row.cells = row.cells[: 2 * x] + new + row.cells[2 * end :]
        row.version += 1

    @staticmethod
    def _note_changes(x: int, old: str, new: str, spans: list[tuple[int, int]]) -> None:
        """Add to `spans` the columns (from x) where cells `new` differ from `old`."""
        for start, stop in _changed_blocks(old, new):
            before, after = old[2 * start : 2 * stop], new[2 * start : 2 * stop]
            first = _same_for(before, after)
            last = stop - start - _same_for(before[::-1], after[::-1])
            spans.append((x + start + first, x + start + max(last, first + 1)))

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
            self._held_sync = True  # (one held stands for two in a row)
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
        cells = self._rows[y].cells
        done = 0
        for start, end in spans:
            start = max(start, done)
            if start >= end:
                continue
            parts.append(self._reach(y, start, cells))
            marks = cells[2 * start + 1 : 2 * end : 2]
            x = start
            while x < end:
                mark = marks[x - start]
                if marks.count(mark, x - start) == end - x:
                    stop = end
                else:
                    stop = x + 1
                    while stop < end and marks[stop - start] == mark:
                        stop += 1
                pen = ord(mark) - 0x100000
                if pen != self._pen:
                    parts.append(self._change_pen(self._pen, pen))
                    self._pen = pen
                parts.append(cells[2 * x : 2 * stop : 2])
                x = stop
            self._cursor = (y, end)
            done = end

    def _reach(self, y: int, x: int, cells: str) -> str:
        """What brings the cursor to row y, column x: nothing, the few cells between rewritten
        as they are (cheaper than a move), or a cursor move."""
        cursor = self._cursor
        if cursor == (y, x):
            return ""
        if (
            cursor is not None
            and cursor[0] == y
            and 0 < x - cursor[1] <= 3
            and self._pen is not None
        ):
            gap = cells[2 * cursor[1] : 2 * x : 2]
            marks = cells[2 * cursor[1] + 1 : 2 * x : 2]
            if gap.isascii() and "\x00" not in gap and marks == _pen_mark(self._pen) * len(gap):
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
    terminal's content and tells the mirror the new size, and focus regained or ctrl+l repaints
    it whole."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.mirror = TerminalMirror()
        self._mirror_lock = threading.Lock()  # writes come from the app and the input thread
        self._focus_lost = False

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
            self.mirror.resize(message.size.width, message.size.height)
        elif isinstance(message, events.AppBlur):
            self._focus_lost = True
        elif isinstance(message, events.AppFocus) and self._focus_lost:
            self._focus_lost = False
            self.repaint()
        elif isinstance(message, events.Key) and message.key == "ctrl+l":
            self.repaint()
        super().process_message(message)  # type: ignore[misc]


class LightLinuxDriver(LightOutput, LinuxDriver):
    """Textual's terminal driver, sending only the cells that change."""

    def start_application_mode(self) -> None:
        self.mirror.resize(*self._get_terminal_size())  # the size Textual lays out for
        super().start_application_mode()
        textual_handler = signal.getsignal(signal.SIGWINCH)

        def on_resize(signum, frame) -> None:
            self.mirror.resize(*self._get_terminal_size())
            if callable(textual_handler):
                textual_handler(signum, frame)

        signal.signal(signal.SIGWINCH, on_resize)


@cache
def _light_web_driver() -> type[Driver]:
    """Textual's web driver (what `gradtui serve` runs each tab with), sending only the cells
    that change: the browser's terminal (xterm.js) reads the same stream. Made on demand, so
    that a run in a terminal never imports the web driver."""
    from textual.drivers.web_driver import WebDriver

    class LightWebDriver(LightOutput, WebDriver):
        """Textual's web driver, sending only the cells that change; a resize from the page
        forgets what the browser's terminal shows. When its input ends without the app
        stopping (the server was killed: `kill -9`, the out-of-memory killer), the app is asked
        to exit, and saves as it does: Textual's own driver would leave it running for ever,
        an orphan no tab can reach."""

        _stopping = False

        def start_application_mode(self) -> None:
            if self._size is not None:  # the size the server started it with
                self.mirror.resize(*self._size)
            super().start_application_mode()

        def stop_application_mode(self) -> None:
            self._stopping = True
            super().stop_application_mode()

        def run_input_thread(self) -> None:
            super().run_input_thread()
            if not self._stopping:  # the input ended: nobody is left to see this app
                self._app.post_message(messages.ExitApp())  # thread-safe

        def on_meta(self, packet_type: str, payload: dict[str, object]) -> None:
            if packet_type == "resize":
                try:
                    self.mirror.resize(int(payload["width"]), int(payload["height"]))  # type: ignore[call-overload]
                except (KeyError, TypeError, ValueError):
                    self.mirror.forget()
            super().on_meta(packet_type, payload)

    return LightWebDriver


def light_driver(chosen: type[Driver]) -> type[Driver]:
    """The light version of the driver Textual chose (a terminal's, or the web driver
    textual-serve names), where there is one; any other driver as it is."""
    if chosen is LinuxDriver:
        return LightLinuxDriver
    web = sys.modules.get("textual.drivers.web_driver")
    if web is not None and chosen is web.WebDriver:
        return _light_web_driver()
    return chosen
