"""The pieces of a lesson script that hold TOML, and the report of what is wrong with a file.

A `Block` is the lines of the front matter or of a fenced ```scene/```check block, with where
they sit in the file, so every problem can be reported at its `path:line:col`. tomllib tells
positions only inside its messages; `Block` turns them into file positions.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from gradtui.script.problems import Problem

MAX_PROBLEMS = 50  # stop collecting after this many; the author fixes those first

# A key at the start of a line: bare, "quoted" (without escapes) or 'literal'; set by `=`,
# dotted (`key.more =`), or named as a [table] or [[table]].
_KEY = r"""(?:(?P<bare>[A-Za-z0-9_-]+)|"(?P<basic>[^"\\]*)"|'(?P<literal>[^']*)')"""
_ASSIGNMENT = re.compile(rf"^\s*{_KEY}\s*(?:=[ \t]*|\.)")
_HEADER = re.compile(rf"^\s*\[+\s*{_KEY}\s*[\].]")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_AT_END = " (at end of document)"


class Report:
    """Collects the problems of one file, up to MAX_PROBLEMS, and counts the rest without
    keeping them; `sorted()` puts them in order."""

    def __init__(self, path: Path | str):
        self.path = path
        self.problems: list[Problem] = []
        self.more = 0  # problems found past MAX_PROBLEMS: counted, not kept

    def add(self, line: int | None, column: int | None, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.path, line, column, message))
        else:
            self.more += 1

    @property
    def full(self) -> bool:
        """True once MAX_PROBLEMS are kept: further ones need not be located, only counted."""
        return len(self.problems) >= MAX_PROBLEMS

    def count(self, more: int) -> None:
        """Count `more` problems past the cap, found but not located."""
        self.more += more

    def sorted(self) -> list[Problem]:
        """Whole-file problems first, then by line and column; a last line when some were cut."""
        ordered = sorted(self.problems, key=lambda p: (p.line or 0, p.column or 0))
        if self.more:
            ordered.append(
                Problem(
                    self.path,
                    None,
                    None,
                    f"stopped after {MAX_PROBLEMS} problems; {self.more:,} more not shown",
                )
            )
        return ordered

    def __bool__(self) -> bool:
        return bool(self.problems)


@dataclass(frozen=True)
class Block:
    """Lines of TOML inside the front matter or a fenced block, and where they sit in the file."""

    lines: tuple[str, ...]
    first_line: int  # file line of lines[0]
    opening_line: int  # file line of the `+++` or fence that opens the block

    def load(self, report: Report, what: str) -> dict[str, Any] | None:
        """The parsed TOML table, or None after reporting where the TOML is broken."""
        try:
            return tomllib.loads("\n".join(self.lines))
        except tomllib.TOMLDecodeError as err:
            line, column, message = self._locate(str(err))
            report.add(line, column, f"invalid TOML in {what}: {message}")
        except RecursionError:
            report.add(self.opening_line, 1, f"{what} is nested too deeply")
        return None

    def _locate(self, message: str) -> tuple[int, int | None, str]:
        """tomllib tells positions only in its message: turn them into file positions."""
        match = _TOML_POSITION.search(message)
        if match:
            line, column = self.first_line + int(match[1]) - 1, int(match[2])
            message = message[: match.start()]
        else:
            message = message.removesuffix(_TOML_AT_END)
            line, column = self.opening_line, 1
            for index in range(len(self.lines) - 1, -1, -1):
                if self.lines[index].strip():
                    line, column = self.first_line + index, len(self.lines[index]) + 1
                    break
        message = message[:1].lower() + message[1:]
        if message.startswith("invalid value"):
            message += " (is some text missing its quotes?)"
        return line, column, message

    def key_position(self, key: str) -> tuple[int, int]:
        """File (line, column) of a key's value, or of the block's opening line if not found."""
        found = self._find_key(key)
        if found is None:
            return self.opening_line, 1
        index, match = found
        text = self.lines[index]
        if match.group().rstrip().endswith("="):
            return self.first_line + index, match.end() + 1
        return self.first_line + index, len(text) - len(text.lstrip()) + 1

    def key_start(self, key: str) -> tuple[int, int]:
        """File (line, column) where a key itself is written (for unknown keys)."""
        found = self._find_key(key)
        if found is None:
            return self.opening_line, 1
        index, _ = found
        text = self.lines[index]
        return self.first_line + index, len(text) - len(text.lstrip()) + 1

    def _find_key(self, key: str) -> tuple[int, re.Match[str]] | None:
        """The first line that sets `key` (bare or quoted, plain, dotted or as a [table])."""
        return self._keys.get(key)

    @cached_property
    def _keys(self) -> dict[str, tuple[int, re.Match[str]]]:
        """Every key a line of the block starts by setting, with the first such line and its
        match: found in one pass, so locating any number of keys takes time in proportion to
        the block, not to keys x lines."""
        found: dict[str, tuple[int, re.Match[str]]] = {}
        for index, text in enumerate(self.lines):
            match = _ASSIGNMENT.match(text) or _HEADER.match(text)
            if match:
                key = next(
                    name for name in match.group("bare", "basic", "literal") if name is not None
                )
                found.setdefault(key, (index, match))
        return found

    def raw_value(self, key: str) -> str:
        """The text after `key =` on the key's line ("" when the key was not found)."""
        line, column = self.key_position(key)
        if line == self.opening_line:
            return ""
        return self.lines[line - self.first_line][column - 1 :]


def did_you_mean(word: Any, choices: tuple[str, ...] | list[str]) -> str:
    """' (did you mean "x"?)' for a near miss, else ''."""
    import difflib

    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def report_unknown_keys(
    block: Block,
    report: Report,
    keys: Iterable[str],
    known: tuple[str, ...],
    message: Callable[[str], str],
) -> bool:
    """Report each of `keys` not in `known` where it is written, with `message(key)`; True
    when there was any. Past the report's cap the rest are only counted: a block of
    thousands of unknown keys costs no more than its length."""
    unknown = [key for key in keys if key not in known]
    for index, key in enumerate(unknown):
        if report.full:
            report.count(len(unknown) - index)
            break
        report.add(*block.key_start(key), message(key))
    return bool(unknown)
