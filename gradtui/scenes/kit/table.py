"""A table a scene reads out: its columns' names and its rows, as data. A picture lays a table
out in aligned columns; a readout (words, for screen readers and the line mode) says each row
with its columns' names, "h 0.25, slope 2.25, error 0.25", since a column's name is far away
once the rows are heard one by one. Never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    """Named columns and rows of cells (a row may stop short; an empty cell is not said)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()

    def said(self) -> list[str]:
        """Each row as words: every cell after its column's name, "h 0.25, slope 2.25"."""
        return [
            ", ".join(f"{n} {cell}" for n, cell in zip(self.columns, row, strict=False) if cell)
            for row in self.rows
        ]
