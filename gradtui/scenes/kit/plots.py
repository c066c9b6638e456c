"""Text plots: series of points drawn into plain lines of text, on axes drawn by plotext.

Used by every scene, in the app and in `gradtui print`. Never imports Textual. Output is
plain text (no escape sequences); in ASCII mode every character is 7-bit.
Non-finite values are masked before they are drawn; plotext sees only the finite limits.
Also the pieces scenes share to set up a plot (a y-range that a pole cannot flatten, a line cut
to the plot's box) and `PlotCache`, which skips redrawing a plot whose picture cannot have
changed.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gradtui.scenes.kit.numbers import in_cell
from gradtui.textsafe import ascii_only

# plotext keeps one global figure: serialise access so worker threads cannot interleave.
_PLOTEXT_LOCK = threading.Lock()

# The largest magnitude plotted: beyond it values are clipped (plotext fails near 1e308).
PLOT_LIMIT = 1e12


@dataclass(frozen=True)
class Series:
    """One thing to draw: points joined by a line, or scattered markers.

    `marker` is a single character (from gradtui.scenes.kit.markers, picked for ASCII or
    not); pick distinct ones per series so nothing is told by colour alone. `lines=True`
    joins the points.
    """

    xs: Sequence[float]
    ys: Sequence[float]
    marker: str = "•"
    label: str = ""
    lines: bool = False


def finite_pairs(xs: Sequence[float], ys: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Only the (x, y) pairs where both are finite and within the plotting limit."""
    x = np.asarray(xs, dtype=float).ravel()
    y = np.asarray(ys, dtype=float).ravel()
    n = min(x.size, y.size)
    x, y = x[:n], y[:n]
    keep = np.isfinite(x) & np.isfinite(y) & (np.abs(y) <= PLOT_LIMIT) & (np.abs(x) <= PLOT_LIMIT)
    return x[keep], y[keep]


def auto_limits(values: Sequence[float], pad: float = 0.05) -> tuple[float, float]:
    """A [low, high] range that holds every finite value, padded; never empty or inverted."""
    arr = np.asarray(values, dtype=float)
    arr = arr[np.isfinite(arr) & (np.abs(arr) <= PLOT_LIMIT)]
    if arr.size == 0:
        return (-1.0, 1.0)
    low, high = float(arr.min()), float(arr.max())
    if high - low < 1e-12 * max(1.0, abs(low), abs(high)):
        span = max(1.0, abs(low)) * 0.5
        return (low - span, high + span)
    margin = (high - low) * pad
    return (low - margin, high + margin)


def line_in_box(
    x0: float, y0: float, slope: float, xlim: tuple[float, float], ylim: tuple[float, float]
) -> tuple[list[float], list[float]]:
    """The two ends of the line through (x0, y0) with `slope`, cut to the plot's box.

    Cutting it ourselves keeps the drawn tilt true: the plotter would clip the y of far-away
    ends and so bend the line.
    """
    lo, hi = xlim
    if math.isinf(slope):  # a vertical line through x0
        return ([x0, x0], [ylim[0], ylim[1]]) if lo <= x0 <= hi else ([], [])
    if not (math.isfinite(slope) and math.isfinite(y0)):
        return [], []
    if slope == 0:
        return ([lo, hi], [y0, y0]) if ylim[0] <= y0 <= ylim[1] else ([], [])
    # x where the line meets the bottom and the top of the box
    xa = x0 + (ylim[0] - y0) / slope
    xb = x0 + (ylim[1] - y0) / slope
    start, end = max(lo, min(xa, xb)), min(hi, max(xa, xb))
    if start >= end:
        return [], []
    return [start, end], [y0 + slope * (start - x0), y0 + slope * (end - x0)]


def quantiles(values: np.ndarray, fractions: Sequence[float]) -> np.ndarray:
    """The values below which the given fractions of `values` lie, interpolating linearly
    between neighbours (numpy's default method). Written out because numpy's own quantile
    costs a few MiB of memory the first time it runs, and every byte counts here."""
    ordered = np.sort(np.asarray(values, dtype=float).ravel())
    if ordered.size == 0:
        return np.full(len(fractions), np.nan)
    where = np.asarray(fractions, dtype=float) * (ordered.size - 1)
    low = np.floor(where).astype(np.int64)
    high = np.minimum(low + 1, ordered.size - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (where - low)


def plot_limits(xs: np.ndarray, ys: np.ndarray, must_hold: list[float]) -> tuple[float, float]:
    """A y-range for the curve that a few huge values (near a pole) cannot flatten."""
    finite = ys[np.isfinite(ys)]
    if finite.size:
        low, high = quantiles(finite, [0.02, 0.98])
        full_low, full_high = float(finite.min()), float(finite.max())
        if (full_high - full_low) <= 20 * max(high - low, 1e-12):
            low, high = full_low, full_high
        finite = np.array([low, high])
    held = np.array([v for v in must_hold if math.isfinite(v)], dtype=float)
    return auto_limits(np.concatenate([finite, held]), pad=0.08)


def text_plot(
    series: Sequence[Series],
    width: int,
    height: int,
    *,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
    ascii: bool = False,
    xlabel: str = "",
    ylabel: str = "",
    log_labels: bool = False,
) -> list[str]:
    """Draw `series` into `height` lines of at most `width` characters.

    Ranges default to the finite data; pass `xlim`/`ylim` to hold the axes still between
    frames (a moving range makes every line change, which costs bandwidth). Each y label sits
    on the row whose value it names (see `row_ticks`); with `log_labels` the y values are
    log10 of what is shown, and the labels say the values themselves.

    plotext draws the frame, ticks and labels, once per size and range (`_axes`, cached);
    the points and lines are then put into its cells here, the way plotext itself would place
    them. An animation frame is thus a few numpy operations, not a plotext build.
    """
    width = max(int(width), 12)
    height = max(int(height), 5)
    cleaned = [(s, *finite_pairs(s.xs, s.ys)) for s in series]
    if xlim is None:
        xlim = auto_limits(np.concatenate([c[1] for c in cleaned] or [np.zeros(0)]))
    if ylim is None:
        ylim = auto_limits(np.concatenate([c[2] for c in cleaned] or [np.zeros(0)]))
    xlim = _safe_limits(xlim)
    ylim = _safe_limits(ylim)
    axes = _axes(width, height, xlim, ylim, xlabel, ylabel, log_labels)
    grid = [list(line) for line in axes.lines]
    for s, x, y in cleaned:
        if x.size:
            marker = (ascii_only(s.marker) if ascii else s.marker)[:1] or " "
            for row, col in axes.cells_of(x, y, s.lines):
                grid[row][col] = marker
    lines = ["".join(row).rstrip() for row in grid]
    if ascii:
        lines = [ascii_only(line) for line in lines]  # plotext's frame: ┌ ─ │ in 7 bits
    return lines[:height]


def zero_on_a_row(
    width: int, height: int, ylim: tuple[float, float], xlim: tuple[float, float] = (0.0, 1.0)
) -> tuple[float, float]:
    """`ylim` widened as little as it takes for 0 to be the value of one of the plot's rows,
    so that a line drawn at 0 sits on the row labelled 0 (on 4 rows from -4 to 17 it sat on
    the row labelled 3). Unchanged unless 0 lies strictly inside it."""
    low, high = _safe_limits(ylim)
    rows = _sized_axes(width, height, xlim, (low, high), "", "", False).rows
    if not low < 0 < high or rows < 3:
        return (low, high)
    # row k from the bottom holds 0 when low = -k * s and high = (rows - 1 - k) * s
    steps = [(max(-low / k, high / (rows - 1 - k)), k) for k in range(1, rows - 1)]
    step, k = min(steps)
    return (-k * step, (rows - 1 - k) * step)


def series_cells(
    series: Series,
    width: int,
    height: int,
    *,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    xlabel: str = "",
    ylabel: str = "",
    log_labels: bool = False,
) -> set[tuple[int, int]]:
    """The (line, column) cells `series` takes in a `text_plot` of this size, these ranges
    and labels: what a test compares to tell whether a mark sits on a curve."""
    axes = _sized_axes(width, height, xlim, ylim, xlabel, ylabel, log_labels)
    x, y = finite_pairs(series.xs, series.ys)
    return set(axes.cells_of(x, y, series.lines)) if x.size else set()


@dataclass(frozen=True)
class PlotRuler:
    """A `text_plot` of this size, these ranges and labels, read backwards: the (x, y) each
    cell of its canvas shows, by the very mapping that puts points into cells, so a press on
    a drawn point reads that point's x. Ranges as `text_plot` was given them."""

    width: int
    height: int
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    xlabel: str = ""
    ylabel: str = ""
    log_labels: bool = False

    @property
    def cell_size(self) -> tuple[float, float]:
        """How far apart in x and in y the centres of neighbouring cells lie."""
        axes = self._axes()
        return (
            (axes.xlim[1] - axes.xlim[0]) / max(axes.columns - 1, 1),
            (axes.ylim[1] - axes.ylim[0]) / max(axes.rows - 1, 1),
        )

    def _axes(self) -> _Axes:
        return _sized_axes(self.width, self.height, self.xlim, self.ylim, self.xlabel,
                           self.ylabel, self.log_labels)  # fmt: skip

    def point_at(self, column: int, row: int, clamp: bool = False) -> tuple[float, float] | None:
        """The (x, y) at the centre of the cell `column`, `row` of the plot's lines (row 0 is
        its top line); None off the canvas (on the frame, the ticks, the labels) unless
        `clamp`, which takes the nearest cell of the canvas. y is log10 of the value for a
        plot with `log_labels`."""
        axes = self._axes()
        col = column - axes.left
        up = axes.top + axes.rows - 1 - row  # canvas rows count from the bottom
        inside = 0 <= col < axes.columns and 0 <= up < axes.rows
        if not inside and not clamp:
            return None
        col = min(max(col, 0), axes.columns - 1)
        up = min(max(up, 0), axes.rows - 1)
        return (
            cell_value(col, axes.xlim, axes.columns),
            cell_value(up, axes.ylim, axes.rows),
        )


def cell_value(cell: int, limits: tuple[float, float], cells: int) -> float:
    """The value a press on `cell` of a plot's `cells` across `limits` stands for: the value
    drawn there, to the digits a cell tells apart (`in_cell`). A slider's track reads the
    same way: its ends are `limits`, one cell each."""
    step = (limits[1] - limits[0]) / max(cells - 1, 1)
    return in_cell(_Axes.value(cell, limits, cells), step)


def _sized_axes(width, height, xlim, ylim, xlabel: str, ylabel: str, log_labels: bool) -> _Axes:
    """The axes `text_plot` draws for a size and ranges given as it is given them."""
    width, height = max(int(width), 12), max(int(height), 5)
    limits = (_safe_limits(xlim), _safe_limits(ylim))
    return _axes(width, height, *limits, xlabel, ylabel, log_labels)


def onto_curve(
    curve: Series,
    xs: Sequence[float],
    ys: Sequence[float],
    width: int,
    height: int,
    *,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
) -> np.ndarray:
    """Heights at which marks at `xs` sit on `curve` as a `text_plot` of this size draws it:
    each y itself when its cell is one of the curve's, else the height of the nearest row the
    drawn curve takes in that column. A curve drawn from samples can miss by one row the cell
    its true value falls in (at the bottom of a valley, where the samples either side sit a
    row higher), and a mark a row off its curve reads as off it."""
    ys = np.array(ys, dtype=float)
    axes = _sized_axes(width, height, xlim, ylim, "", "", False)
    on = series_cells(curve, width, height, xlim=xlim, ylim=ylim)
    rows_of: dict[int, list[int]] = {}
    for row, col in on:
        rows_of.setdefault(col, []).append(row)
    bottom = axes.top + axes.rows - 1  # the text line of the canvas's lowest row
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        cells = series_cells(Series([x], [y]), width, height, xlim=xlim, ylim=ylim)
        if len(cells) != 1 or cells <= on:
            continue
        ((row, col),) = cells
        if col in rows_of:
            nearest = min(rows_of[col], key=lambda r: abs(r - row))
            ys[i] = axes.value(bottom - nearest, axes.ylim, axes.rows)
    return ys


@dataclass(frozen=True)
class _Axes:
    """An empty plot as plotext draws it, and where its canvas of cells lies inside it."""

    lines: tuple[str, ...]
    left: int  # column of the canvas's first cell
    top: int  # line of the canvas's top row
    columns: int
    rows: int
    xlim: tuple[float, float]
    ylim: tuple[float, float]

    def cells(self, values: np.ndarray, limits: tuple[float, float], bins: int) -> np.ndarray:
        """plotext's own mapping of values to cells: floor(0.5 + (bins - 1) * fraction)."""
        low, high = limits
        with np.errstate(all="ignore"):
            where = 0.5 + (bins - 1) * (values - low) / (high - low)
        return np.floor(np.round(where, 8)).astype(np.int64)

    @staticmethod
    def value(cell: int, limits: tuple[float, float], bins: int) -> float:
        """The value at the centre of a cell: what `cells` maps into cell `cell` exactly."""
        low, high = limits
        return low + cell * (high - low) / max(bins - 1, 1)

    def cells_of(self, xs: np.ndarray, ys: np.ndarray, joined: bool) -> list[tuple[int, int]]:
        """The (line, column) of the text where each point goes (and each cell of the line
        between points, if joined), in drawing order; only those inside the canvas."""
        span = float(self.ylim[1] - self.ylim[0])
        ys = np.clip(ys, self.ylim[0] - span, self.ylim[1] + span)  # far points: near the edge
        cols = self.cells(xs, self.xlim, self.columns)
        rows = self.cells(ys, self.ylim, self.rows)
        if joined and cols.size > 1:
            cols, rows = _segments(cols, rows, self.columns, self.rows)
        inside = (cols >= 0) & (cols < self.columns) & (rows >= 0) & (rows < self.rows)
        return [
            (self.top + self.rows - 1 - row, self.left + col)
            for col, row in zip(cols[inside].tolist(), rows[inside].tolist(), strict=True)
        ]


def _segments(
    cols: np.ndarray, rows: np.ndarray, columns: int, height: int
) -> tuple[np.ndarray, np.ndarray]:
    """Every cell on the straight lines joining consecutive cells, one per step along the
    longer of the two directions (so a steep line has no gaps). Each line is first cut to the
    plot (and one cell around it), so a point far outside -- a mark at x = 1e6 on a plot
    of -3 to 3 -- costs a few cells, not a million."""
    start_c, start_r = cols[:-1].astype(float), rows[:-1].astype(float)
    dc, dr = np.diff(cols).astype(float), np.diff(rows).astype(float)
    enter, leave = np.zeros(dc.size), np.ones(dc.size)
    for start, delta, size in ((start_c, dc, columns), (start_r, dr, height)):
        low, high = -1.0, float(size)  # the cells just outside each edge still count
        with np.errstate(divide="ignore", invalid="ignore"):
            ta, tb = (low - start) / delta, (high - start) / delta
        still = delta == 0
        within = (start >= low) & (start <= high)
        enter = np.where(still, np.where(within, enter, np.inf), np.maximum(enter, np.fmin(ta, tb)))
        leave = np.where(still, leave, np.minimum(leave, np.fmax(ta, tb)))
    keep = enter <= leave
    enter, leave, start_c, start_r, dc, dr = (
        a[keep] for a in (enter, leave, start_c, start_r, dc, dr)
    )
    from_c, from_r = start_c + enter * dc, start_r + enter * dr
    run_c, run_r = (leave - enter) * dc, (leave - enter) * dr
    steps = np.maximum(np.ceil(np.maximum(np.abs(run_c), np.abs(run_r))), 1).astype(np.int64)
    starts = np.repeat(np.arange(steps.size), steps)
    offsets = np.arange(int(steps.sum())) - np.repeat(np.cumsum(steps) - steps, steps)
    fraction = offsets / np.repeat(steps, steps)
    c = np.rint(from_c[starts] + fraction * run_c[starts]).astype(np.int64)
    r = np.rint(from_r[starts] + fraction * run_r[starts]).astype(np.int64)
    return np.append(c, cols[-1]), np.append(r, rows[-1])


_AXES_CACHE: dict[tuple, _Axes] = {}
_AXES_KEPT = 64  # plots of different sizes and ranges remembered at once


def _axes(
    width: int,
    height: int,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    xlabel: str,
    ylabel: str,
    log_labels: bool,
) -> _Axes:
    """The empty plot for a size and ranges, drawn by plotext the first time it is asked for."""
    key = (width, height, xlim, ylim, xlabel, ylabel, log_labels)
    cached = _AXES_CACHE.get(key)
    if cached is not None:
        return cached
    import plotext as plt  # imported here: the picker and `gradtui check` never need it

    with _PLOTEXT_LOCK:
        plt.clear_figure()
        plt.limit_size(False, False)  # else plotext caps the size at the terminal's
        plt.plotsize(width, height)
        plt.theme("clear")
        plt.xlim(*xlim)
        plt.ylim(*ylim)
        rows = height - 3 - (1 if xlabel else 0)  # less the frame's top and bottom and x labels
        plt.yticks(*row_ticks(ylim[0], ylim[1], rows, log_labels))
        if xlabel:
            plt.xlabel(xlabel)
        if ylabel:
            plt.ylabel(ylabel)
        plt.scatter([xlim[0]], [ylim[0]], marker=" ")  # an empty plot would draw no ticks
        text = plt.uncolorize(plt.build())
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    top = next(i for i, line in enumerate(lines) if "┌" in line)
    bottom = next(i for i, line in enumerate(lines) if "└" in line)
    if bottom + 1 < len(lines):  # plotext's x labels: a label rounded to -0 reads 0
        lines[bottom + 1] = unsigned_zeros(lines[bottom + 1])
    left = lines[top].index("┌") + 1
    right = lines[top].index("┐")
    width_of = max(len(line) for line in lines)
    axes = _Axes(
        tuple(line.ljust(width_of) for line in lines),
        left,
        top + 1,
        right - left,
        bottom - top - 1,
        xlim,
        ylim,
    )
    if len(_AXES_CACHE) >= _AXES_KEPT:
        _AXES_CACHE.pop(next(iter(_AXES_CACHE)))
    _AXES_CACHE[key] = axes
    return axes


def titled(lines: list[str], title: str | Sequence[str]) -> list[str]:
    """The plot with `title` written into the top edge of its frame (`┌ title ───┐`), which
    saves the row a caption above it would take. Given several titles, longest first, the
    first that fits between the corners is written; the last is cut to fit if none does."""
    if not lines:
        return lines
    top = lines[0]
    start = max(top.find("┌"), top.find("+"))
    end = max(top.rfind("┐"), top.rfind("+"))
    room = end - start - 3
    if start < 0 or room < 4:
        return lines
    titles = [title] if isinstance(title, str) else list(title)
    chosen = next((t for t in titles if len(t) <= room), titles[-1] if titles else "")
    label = f" {chosen[:room]} "
    return [top[: start + 1] + label + top[start + 1 + len(label) :], *lines[1:]]


def row_ticks(
    low: float, high: float, rows: int, log_labels: bool = False
) -> tuple[list[float], list[str]]:
    """Y ticks placed on plot rows: the value of row r (counting from the bottom) is exactly
    low + r * (high - low) / (rows - 1), which is where plotext draws a point of that value, so
    a label never names a row a point of that value would not sit on. Every few rows, bottom and
    top included; labels as short as they can be while telling neighbours apart."""
    if rows < 2:
        return [low], [_tick_label(low, high - low, log_labels)]
    per_row = (high - low) / (rows - 1)
    every = max(1, round(rows / 5))
    chosen = list(range(0, rows, every))
    if rows - 1 - chosen[-1] >= max(every // 2, 1):
        chosen.append(rows - 1)
    else:
        chosen[-1] = rows - 1
    values = [low + r * per_row for r in chosen]
    return values, [_tick_label(v, per_row, log_labels) for v in values]


def _tick_label(value: float, per_row: float, log_labels: bool) -> str:
    """A row's value in as few digits as keep it within half a row of the truth (-0 reads 0)."""
    if log_labels:
        return f"{10.0**value:.2g}"
    if value == 0 or abs(value) < abs(per_row) * 1e-9:
        return "0"
    magnitude = max(abs(value), abs(per_row))
    if magnitude >= 1e5 or magnitude < 1e-3:
        return f"{value:.2e}"
    decimals = min(max(0, math.ceil(-math.log10(abs(per_row) / 2))), 6) if per_row else 2
    text = f"{value:.{decimals}f}"
    return "0" if float(text) == 0 else text


_NEGATIVE_ZERO = re.compile(r"(?<![\w.])-(0(?:\.0+)?)(?![\w.])")


def unsigned_zeros(line: str) -> str:
    """A line of labels with each "-0" or "-0.0" written as zero, keeping the columns."""
    return _NEGATIVE_ZERO.sub(lambda match: " " + match[1], line)


def sane_range(
    limits: tuple[float, float], limit: float = 1e6, min_width: float = 1e-6
) -> tuple[float, float]:
    """A lesson's [low, high] clamped to ±`limit` and at least `min_width` wide.

    The validator only checks low < high; a range like [-1e308, 1e308] (whose width
    overflows) or [0, 5e-324] (with no room for a plot) would break the arithmetic.
    """
    low, high = (max(min(float(v), limit), -limit) for v in limits)
    if not high - low >= min_width:
        middle = (low + high) / 2
        low, high = middle - min_width / 2, middle + min_width / 2
    return (low, high)


def _safe_limits(limits: tuple[float, float]) -> tuple[float, float]:
    low, high = (float(v) for v in limits)
    if not (math.isfinite(low) and math.isfinite(high)):
        return (-1.0, 1.0)
    low = max(min(low, PLOT_LIMIT), -PLOT_LIMIT)
    high = max(min(high, PLOT_LIMIT), -PLOT_LIMIT)
    if high <= low:
        high = low + 1.0
    return (low, high)


def raster(values: np.ndarray, low: float, high: float, cells: int) -> bytes:
    """Which of `cells` equal slices of [low, high] each value falls in (clipped), as bytes:
    two sets of points with the same raster draw the same picture."""
    values = np.asarray(values, dtype=float)
    span = (high - low) or 1.0
    with np.errstate(all="ignore"):
        index = np.nan_to_num((values - low) / span * cells, nan=-1.0)
    return np.clip(np.floor(index), -1, cells + 1).astype(np.int32).tobytes()


class PlotCache:
    """The last drawing of each named plot, reused while its key stays the same.

    Drawing a plot costs milliseconds; once an animation has settled most frames would redraw
    the very same picture. A key made with `raster` (where the points fall on a grid finer than
    the character cells) tells when the picture cannot have changed.
    """

    def __init__(self) -> None:
        self._drawn: dict[str, tuple[tuple, list[str]]] = {}

    def get(self, name: str, key: tuple, draw) -> list[str]:
        """The lines of plot `name`: the cached ones if drawn with this key, else `draw()`."""
        cached = self._drawn.get(name)
        if cached is not None and cached[0] == key:
            return cached[1]
        lines = draw()
        self._drawn[name] = (key, lines)
        return lines
