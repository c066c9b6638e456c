"""The `secant` scene's picture: the curve, P and Q, the run and the rise, the secant and (on
demand) the tangent, each with its own marker; and the frame that puts the readouts, the
table's newest rows and the sentence around it (`SecantPicture`, a part of SecantState).
"""

from __future__ import annotations

import math
from types import SimpleNamespace

from gradtui.scenes.kit import markers
from gradtui.scenes.kit.layout import PICTURE_ROWS, above_picture, beside, fit, pack, wrap
from gradtui.scenes.kit.plots import Series, line_in_box, text_plot
from gradtui.textsafe import for_terminal

TABLE_WIDTH = 35  # h (9) + 2 + slope (13) + 2 + error (9)
WIDE = 72  # from this width the table sits beside the plot
SENTENCE_LINES = 3  # lines kept for the sentence when there is room (the longest needs 3 at 72)


def newest(table: list[str], height: int) -> list[str]:
    """The table's header and as many of its newest rows as fit in height lines (none if < 2)."""
    if height < 2:
        return []
    return [table[0], *table[1:][-(height - 1) :]]


def _markers(ascii: bool) -> SimpleNamespace:
    """The character drawing each thing: told apart by shape, never by colour alone."""
    pick = {
        "curve": markers.CURVE, "secant": markers.LINE, "tangent": markers.TANGENT,
        "run": markers.RUN, "rise": markers.RISE, "p": markers.POINT, "q": markers.SECOND_POINT,
    }  # fmt: skip
    return SimpleNamespace(**{name: marker.get(ascii) for name, marker in pick.items()})


class SecantPicture:
    """The plot and the frame of SecantState (a part of it: reads h, P, Q and the words)."""

    def series(self, ascii: bool) -> list[Series]:
        """What the plot draws, back to front, each thing with its own marker."""
        m = _markers(ascii)
        xs, ys = self.curve.through(self.x, self.q_x)
        drawn = [Series(xs, ys, m.curve, "f", lines=True)]
        fq = self.fq
        has_q = self.h != 0 and math.isfinite(fq) and math.isfinite(self.fx)
        if has_q:
            drawn.append(Series([self.x, self.q_x], [self.fx, self.fx], m.run, "run", lines=True))
            drawn.append(Series([self.q_x, self.q_x], [self.fx, fq], m.rise, "rise", lines=True))
        if self.tangent_visible:
            for xs, ys in self.tangent_segments():
                drawn.append(Series(xs, ys, m.tangent, "tangent", lines=True))
        if has_q:
            xs, ys = line_in_box(self.x, self.fx, self.slope, self.xlim, self.ylim)
            if xs:
                drawn.append(Series(xs, ys, m.secant, "secant", lines=True))
            drawn.append(Series([self.q_x], [fq], m.q, "Q"))
        if math.isfinite(self.fx):
            drawn.append(Series([self.x], [self.fx], m.p, "P"))
        return drawn

    def tangent_segments(self) -> list[tuple[list[float], list[float]]]:
        """The exact tangent; at a corner the two one-sided tangents, each on its own side."""
        kind, x, y = self.point.kind, self.x, self.fx
        if kind == "smooth" or kind == "vertical":
            xs, ys = line_in_box(x, y, self.exact, self.xlim, self.ylim)
            return [(xs, ys)] if xs else []
        if kind == "corner":
            left = line_in_box(x, y, self.point.left, (self.xlim[0], x), self.ylim)
            right = line_in_box(x, y, self.point.right, (x, self.xlim[1]), self.ylim)
            return [seg for seg in (left, right) if seg[0]]
        return []

    def legend(self, ascii: bool = False) -> str:
        """Which marker is which, in words."""
        m = _markers(ascii)
        parts = [f"{m.p} P", f"{m.q} Q", f"{m.secant} secant", f"{m.run}{m.rise} run/rise"]
        if self.tangent_visible:
            parts.append(f"{m.tangent} tangent")
        parts.append(f"{m.curve} y = {self.expr.text}")
        return for_terminal("  ".join(parts), ascii)

    def plot_lines(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The plot at a fixed range (frames differ only where something moved)."""
        lines = text_plot(
            self.series(ascii), width, height, xlim=self.xlim, ylim=self.ylim, ascii=ascii
        )
        return fit(lines, width, height)

    def frame_lines(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The whole scene fitted into width x height.

        Wide: the plot on the left; the readouts and the table's newest rows on the right;
        the sentence underneath. Narrow: the readouts (on a small screen only h, the slope,
        the exact slope and the error), the sentence as far as it fits, then the plot with at
        least PICTURE_ROWS rows, and the table's newest rows when there is room to spare.
        """
        if width <= 0 or height <= 0:
            return []
        fields = [for_terminal(f, ascii) for f in self.readout_fields()]
        sentence = wrap(for_terminal(self.sentence(), ascii), width)
        table = self.table_lines(ascii)
        if width < WIDE and width >= 30 and height >= PICTURE_ROWS + 3:
            return self._narrow(fields, sentence, table, width, height, ascii)
        if height >= 12:  # keep room for a long sentence, so the plot does not jump about
            sentence += [""] * (SENTENCE_LINES - len(sentence))
        plot_height = height - len(sentence) - 1  # one line for the legend
        if width >= WIDE and plot_height >= 7:
            plot_width = width - TABLE_WIDTH - 2
            side = pack(fields, TABLE_WIDTH)
            side += newest(table, plot_height + 1 - len(side))
            plot = self.plot_lines(plot_width, plot_height, ascii)
            plot.append(self.legend(ascii)[:plot_width])
            rows = beside(plot, side, plot_width)
            return fit(rows + sentence, width, height)
        top = pack(fields, width) + sentence
        return fit(top + newest(table, height - len(top)), width, height)

    def _narrow(self, fields, sentence, table, width: int, height: int, ascii: bool) -> list[str]:
        """Readouts and sentence above a plot that keeps at least PICTURE_ROWS rows."""
        every = pack(fields, width)
        core = pack([fields[i] for i in (0, 3, 4, 5)], width)  # h, slope, exact, error
        readouts = every if len(every) + len(sentence) + PICTURE_ROWS + 1 <= height else core
        top = above_picture(height, [readouts, sentence], PICTURE_ROWS + 1)
        room = height - len(top)
        table_height = min(len(table), room // 3) if room >= 14 else 0
        below = self.plot_lines(width, room - 1 - table_height, ascii)
        below.append(self.legend(ascii))
        return fit(top + below + newest(table, table_height), width, height)
