"""Text plots: series of points drawn with plotext into plain lines of text.

Used by every scene, in the app and in `gradtui print`. Never imports Textual. Output is
plain text (no escape sequences); in ASCII mode every character is 7-bit.
Non-finite values are masked before plotext sees them (plotext crashes on inf and nan).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# plotext keeps one global figure: serialise access so worker threads cannot interleave.
_PLOTEXT_LOCK = threading.Lock()

# Unicode box drawing and markers → ASCII, for consoles without a Unicode font.
_ASCII = str.maketrans(
    {
        "┌": "+", "┐": "+", "└": "+", "┘": "+",
        "─": "-", "│": "|", "┤": "|", "├": "|", "┬": "+", "┴": "+", "┼": "+",
        "•": "*", "●": "o", "▄": "_", "▀": "^", "█": "#", "·": ".", "⋅": ".",
        "▶": ">", "◀": "<", "▲": "^", "▼": "v", "×": "x", "−": "-", "…": "...",
    }
)  # fmt: skip

# The largest magnitude plotted: beyond it values are clipped (plotext fails near 1e308).
PLOT_LIMIT = 1e12


@dataclass(frozen=True)
class Series:
    """One thing to draw: points joined by a line, or scattered markers.

    `marker` is a single character; pick distinct ones per series so nothing is told by
    colour alone. `lines=True` joins the points.
    """

    xs: Sequence[float]
    ys: Sequence[float]
    marker: str = "•"
    label: str = ""
    lines: bool = False


def to_ascii(text: str) -> str:
    """Replace the Unicode drawing characters the project uses by ASCII look-alikes."""
    return text.translate(_ASCII)


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
) -> list[str]:
    """Draw `series` into `height` lines of at most `width` characters.

    Ranges default to the finite data; pass `xlim`/`ylim` to hold the axes still between
    frames (a moving range makes every line change, which costs bandwidth).
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
    import plotext as plt  # imported here: the picker and `gradtui check` never need it

    with _PLOTEXT_LOCK:
        plt.clear_figure()
        plt.limit_size(False, False)  # else plotext caps the size at the terminal's
        plt.plotsize(width, height)
        plt.theme("clear")
        plt.xlim(*xlim)
        plt.ylim(*ylim)
        if xlabel:
            plt.xlabel(xlabel)
        if ylabel:
            plt.ylabel(ylabel)
        for s, x, y in cleaned:
            y = np.clip(y, ylim[0] - (ylim[1] - ylim[0]), ylim[1] + (ylim[1] - ylim[0]))
            if x.size == 0:
                continue
            marker = to_ascii(s.marker) if ascii else s.marker
            if s.lines:
                plt.plot(x.tolist(), y.tolist(), marker=marker)
            else:
                plt.scatter(x.tolist(), y.tolist(), marker=marker)
        text = plt.uncolorize(plt.build())
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    if ascii:
        lines = [to_ascii(line) for line in lines]
    return lines[:height]


def _safe_limits(limits: tuple[float, float]) -> tuple[float, float]:
    low, high = (float(v) for v in limits)
    if not (math.isfinite(low) and math.isfinite(high)):
        return (-1.0, 1.0)
    low = max(min(low, PLOT_LIMIT), -PLOT_LIMIT)
    high = max(min(high, PLOT_LIMIT), -PLOT_LIMIT)
    if high <= low:
        high = low + 1.0
    return (low, high)


def format_number(value: float, digits: int = 6) -> str:
    """A number as a learner reads it: short, with 'inf'/'nan' spelled out in words."""
    if value is None:
        return "—"
    value = float(value)
    if math.isnan(value):
        return "undefined (nan)"
    if math.isinf(value):
        return "+infinity" if value > 0 else "-infinity"
    if value == 0:
        return "0"
    magnitude = abs(value)
    if 1e-4 <= magnitude < 1e6:
        text = f"{value:.{digits}g}"
    else:
        text = f"{value:.{max(digits - 3, 2)}e}"
    return text
