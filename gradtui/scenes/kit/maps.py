"""A function of x and y drawn as a map of character cells: shading (blank = low, dense = high),
contour lines of equal height, and marks placed at points or drawn along lines.

A map is a list of rows of single characters; row 0 is the top (the largest y). Shading by
quantiles gives each shade a similar share of the map, so valleys stay visible whatever the
function's scale; contour lines are at equal steps of height, so they crowd where the ground
is steep. Cells where the function is not a finite number show '?'. Never imports Textual.
"""

from __future__ import annotations

import math

import numpy as np

from gradtui.scenes.kit.plots import quantiles

DENSITY = " .:-=+*#%@"  # a 7-bit density ramp: low to high
BLOCKS = " ░▒▓█"  # the same idea in Unicode shade blocks
HOLE = "?"  # a cell where the function has no finite value

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


def contour_cells(values: np.ndarray, lines: int = 8, most: float = 0.3) -> np.ndarray:
    """Which cells a contour line passes through: `lines` heights evenly spaced between the
    5th and 95th percentile of the finite values, the higher cell of each neighbouring pair
    (left-right or up-down) that one of those heights falls between. Equal steps of height,
    so the lines crowd together where the ground is steep. When more than `most` of the map
    would be line, fewer lines are drawn, and none if even one would be (ground as rough as
    noise): a map of nothing but lines shows nothing."""
    values = np.asarray(values, dtype=float)
    marked = np.zeros(values.shape, dtype=bool)
    finite = np.isfinite(values)
    if values.ndim != 2 or finite.sum() < 2 or lines < 1:
        return marked
    low, high = quantiles(values[finite], [0.05, 0.95])
    if not high > low:
        return marked
    while lines >= 1:
        marked = _crossings(values, finite, low, (high - low) / (lines + 1), lines)
        if marked.mean() <= most:
            return marked
        lines -= 1
    return np.zeros(values.shape, dtype=bool)  # even one line would cover the map


def _crossings(values, finite, low: float, step: float, lines: int) -> np.ndarray:
    """The higher cell of each neighbouring pair whose heights lie in different bands."""
    with np.errstate(all="ignore"):
        band = np.clip(np.floor((values - low) / step), 0, lines)  # beyond the ends: no line
    band = np.where(finite, band, np.nan)
    marked = np.zeros(values.shape, dtype=bool)
    for axis in (0, 1):
        first = band.take(range(band.shape[axis] - 1), axis=axis)
        second = band.take(range(1, band.shape[axis]), axis=axis)
        differ = np.isfinite(first) & np.isfinite(second) & (first != second)
        higher_first = differ & (first > second)
        higher_second = differ & (second > first)
        if axis == 0:
            marked[:-1, :] |= higher_first
            marked[1:, :] |= higher_second
        else:
            marked[:, :-1] |= higher_first
            marked[:, 1:] |= higher_second
    return marked


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


def point_of(col: int, row: int, box: Box, width: int, height: int) -> tuple[float, float]:
    """The (x, y) at the centre of a cell: the inverse of `cell_of`."""
    (x0, x1), (y0, y1) = box
    x = x0 + (col + 0.5) * (x1 - x0) / max(width, 1)
    y = y1 - (row + 0.5) * (y1 - y0) / max(height, 1)
    return x, y


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
