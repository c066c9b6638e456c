"""A function of x and y drawn as a map of character cells: shading (blank = low, dense = high)
and marks placed at points or drawn along lines.

A map is a list of rows of single characters; row 0 is the top (the largest y). Shading in
bands of equal height (`band_grid`) makes each edge between two shades a contour line, so the
edges crowd where the ground is steep, as on a hiker's map; shading by quantiles
(`shade_grid`) gives each shade a similar share of the map instead. Cells where the function
is not a finite number show '?'. Arrows (a gradient, the way downhill) are drawn along a line
of cells and end in a head pointing their way. Never imports Textual.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gradtui.scenes.kit.markers import Marker
from gradtui.scenes.kit.numbers import in_cell
from gradtui.scenes.kit.plots import quantiles

DENSITY = " .:-=+*#%@"  # a 7-bit density ramp: low to high
BLOCKS = " ░▒▓█"  # the same idea in Unicode shade blocks
HOLE = "?"  # a cell where the function has no finite value

# A map's shades and marks (never told by colour). The ASCII shading ramp leaves out every
# character a mark uses: . ~ o x * - | / \ < > ^ v and the digits.
SHADES = Marker(BLOCKS, " :;=+%#@")  # low to high
DOWNHILL = Marker("·", ".")  # the body of an arrow downhill
LINES = Marker("─│╱╲", "-|/\\")  # an arrow's body: along x, along y, rising, falling
HEADS = Marker("→↗↑↖←↙↓↘", ">^^^<vvv")  # arrowheads for E, NE, N, NW, W, SW, S, SE

Grid = list[list[str]]
Box = tuple[tuple[float, float], tuple[float, float]]  # (x_range, y_range)


def cell_centres(box: Box, width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """The x and y of every cell's centre, as two height x width arrays (top row first)."""
    (x0, x1), (y0, y1) = box
    xs = x0 + (np.arange(width) + 0.5) * (x1 - x0) / max(width, 1)
    ys = y1 - (np.arange(height) + 0.5) * (y1 - y0) / max(height, 1)
    return np.meshgrid(xs, ys)


def sample(f, box: Box, width: int, height: int) -> np.ndarray:
    """f(x, y) at every cell's centre (floating-point trouble stays quiet: inf and nan)."""
    gx, gy = cell_centres(box, width, height)
    with np.errstate(all="ignore"):
        values = np.asarray(f(x=gx, y=gy), dtype=float)
    return np.broadcast_to(values, gx.shape).astype(float)


def shade_grid(values: np.ndarray, ramp: str = DENSITY) -> list[str]:
    """Rows of shading characters from `ramp`, low values blank and high values dense.

    Levels are quantiles of the values shown, so each shade covers a similar area and the
    shape of the valleys stays visible whatever the loss's scale. Non-finite cells show '?'.
    """
    values = np.asarray(values, dtype=float)
    finite = np.isfinite(values)
    levels = len(ramp)
    shades = np.full(values.shape, levels - 1, dtype=int)
    if finite.any() and np.ptp(values[finite]) == 0:
        shades[finite] = levels // 2  # level ground: one middle shade, neither low nor high
    elif finite.any():
        cuts = quantiles(values[finite], np.linspace(0, 1, levels + 1)[1:-1])
        shades[finite] = np.searchsorted(cuts, values[finite], side="right")
    chars = np.array(list(ramp))[np.clip(shades, 0, levels - 1)]
    chars[~finite] = HOLE
    return ["".join(row) for row in chars]


def band_grid(values: np.ndarray, ramp: str = DENSITY) -> list[str]:
    """Rows of shading characters from `ramp` in bands of equal height, low values blank and
    high values dense: the edge between two shades is a contour line (a line of equal height),
    and the edges crowd together where the ground is steep, as on a hiker's map.

    The bands split the heights between the 2nd and 98th percentile of the finite values, so
    a few huge ones (near a pole) cannot squeeze the rest into one band; below and above that,
    the lowest and highest shade. Level ground takes one middle shade; non-finite cells '?'."""
    values = np.asarray(values, dtype=float)
    finite = np.isfinite(values)
    levels = len(ramp)
    shades = np.full(values.shape, levels - 1, dtype=int)
    if finite.any():
        low, high = quantiles(values[finite], [0.02, 0.98])
        if not high > low:
            low, high = float(values[finite].min()), float(values[finite].max())
        if high > low:
            step = high / levels - low / levels  # never overflows, whatever the heights
            cuts = low + step * np.arange(1, levels)
            shades[finite] = np.searchsorted(cuts, values[finite], side="right")
        else:
            shades[finite] = levels // 2  # level ground: neither low nor high
    chars = np.array(list(ramp))[np.clip(shades, 0, levels - 1)]
    chars[~finite] = HOLE
    return ["".join(row) for row in chars]


def cell_of(x: float, y: float, box: Box, width: int, height: int) -> tuple[int, int] | None:
    """The (column, row) of the cell holding (x, y), or None when it lies off the map. The
    map's far edges belong to it too: x = x1 is in the last column, y = y0 in the bottom row."""
    (x0, x1), (y0, y1) = box
    if not (math.isfinite(x) and math.isfinite(y)) or width < 1 or height < 1:
        return None
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return None
    col = min(math.floor((x - x0) / (x1 - x0) * width), width - 1)
    row = min(math.floor((y1 - y) / (y1 - y0) * height), height - 1)
    return col, row


def path_cells(xs: np.ndarray, ys: np.ndarray, box: Box, width: int, height: int):
    """The cells a path of points passes through on the map, in order, each cell once where
    the path lingers in it (points off the map, or not finite, left out): what `cell_of`
    finds for each point, worked out for all at once."""
    (x0, x1), (y0, y1) = box
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    if width < 1 or height < 1 or not xs.size:
        return []
    with np.errstate(all="ignore"):
        inside = np.isfinite(xs) & np.isfinite(ys) & (xs >= x0) & (xs <= x1)
        inside &= (ys >= y0) & (ys <= y1)
        cols = np.minimum(np.floor((xs[inside] - x0) / (x1 - x0) * width), width - 1)
        rows = np.minimum(np.floor((y1 - ys[inside]) / (y1 - y0) * height), height - 1)
    cells = list(zip(cols.astype(int).tolist(), rows.astype(int).tolist(), strict=True))
    return [cell for i, cell in enumerate(cells) if i == 0 or cell != cells[i - 1]]


def point_of(col: int, row: int, box: Box, width: int, height: int) -> tuple[float, float]:
    """The (x, y) at the centre of a cell: the inverse of `cell_of`."""
    (x0, x1), (y0, y1) = box
    x = x0 + (col + 0.5) * (x1 - x0) / max(width, 1)
    y = y1 - (row + 0.5) * (y1 - y0) / max(height, 1)
    return x, y


@dataclass(frozen=True)
class MapRuler:
    """A map of `columns` x `rows` cells over `box`, read backwards: the (x, y) at the centre
    of the cell a press falls in (`point_of`), to the digits a cell tells apart (`in_cell`)."""

    box: Box
    columns: int
    rows: int

    @property
    def cell_size(self) -> tuple[float, float]:
        """How wide and how tall a cell is, in x and in y."""
        (x0, x1), (y0, y1) = self.box
        return (x1 - x0) / max(self.columns, 1), (y1 - y0) / max(self.rows, 1)

    def point_at(self, column: int, row: int, clamp: bool = False) -> tuple[float, float] | None:
        """The (x, y) of the cell; None off the map unless `clamp` (the nearest cell on it)."""
        inside = 0 <= column < self.columns and 0 <= row < self.rows
        if not inside and not clamp:
            return None
        column = min(max(column, 0), self.columns - 1)
        row = min(max(row, 0), self.rows - 1)
        x, y = point_of(column, row, self.box, self.columns, self.rows)
        wide, tall = self.cell_size
        return in_cell(x, wide), in_cell(y, tall)


def put(grid: Grid, cell: tuple[int, int] | None, mark: str) -> None:
    """Write `mark` into a cell of the grid (nothing for a cell off the map)."""
    if cell is None or not grid:
        return
    col, row = cell
    if 0 <= row < len(grid) and 0 <= col < len(grid[row]):
        grid[row][col] = mark


def line_cells(start: tuple[int, int], end: tuple[int, int]) -> list[tuple[int, int]]:
    """The cells from `start` to `end` (both included) along a straight line (Bresenham)."""
    (c0, r0), (c1, r1) = start, end
    dc, dr = abs(c1 - c0), -abs(r1 - r0)
    sc, sr = (1 if c1 >= c0 else -1), (1 if r1 >= r0 else -1)
    error = dc + dr
    cells = []
    col, row = c0, r0
    for _ in range(dc - dr + 1):  # at most as many cells as the longer side, plus one
        cells.append((col, row))
        if (col, row) == (c1, r1):
            break
        twice = 2 * error
        if twice >= dr:
            error += dr
            col += sc
        if twice <= dc:
            error += dc
            row += sr
    return cells


def octant(dc: float, dr: float) -> int:
    """Which of eight directions (0 = E, counter-clockwise) a step of `dc` columns and `dr`
    rows points, rows counted twice (a cell is about twice as tall as it is wide)."""
    angle = math.degrees(math.atan2(-2.0 * dr, dc)) % 360.0
    return round(angle / 45.0) % 8


def line_char(dc: float, dr: float, ascii: bool) -> str:
    """The line character that runs along a step of `dc` columns and `dr` rows."""
    along_x, along_y, rising, falling = LINES.get(ascii)
    return (along_x, rising, along_y, falling)[octant(dc, dr) % 4]


def arrow(grid: Grid, start: tuple[int, int], end: tuple[int, int], body: str | None,
          ascii: bool) -> None:  # fmt: skip
    """An arrow from the cell after `start` to `end`: its body of `body` (the line character
    along its way when None), its head at `end` pointing its way."""
    cells = line_cells(start, end)[1:]
    dc, dr = end[0] - start[0], end[1] - start[1]
    mark = line_char(dc, dr, ascii) if body is None else body
    for cell in cells[:-1]:
        put(grid, cell, mark)
    if cells:
        put(grid, cells[-1], HEADS.get(ascii)[octant(dc, dr)])
