"""The `secant` scene's picture: the curve, P and Q, the run and the rise, the secant and (on
demand) the tangent, each with its own marker, zoomed in on P as h shrinks so Q stays in
sight; and the frame that puts the readouts, the table's newest rows and the words around it
(`SecantPicture`, a part of SecantState).
"""

from __future__ import annotations

import math
from types import SimpleNamespace

from gradtui.scenes.kit import markers
from gradtui.scenes.kit.curve import Curve
from gradtui.scenes.kit.layout import PICTURE_ROWS, Frame, pack, wrap
from gradtui.scenes.kit.plots import PlotRuler, Series, line_in_box, text_plot, titled
from gradtui.scenes.secant.words import ERROR_WIDTH, H_WIDTH, SLOPE_WIDTH
from gradtui.textsafe import for_terminal

TABLE_WIDTH = H_WIDTH + 2 + SLOPE_WIDTH + 2 + ERROR_WIDTH
GAP = 2  # blank columns between the plot and the numbers beside it
WIDE = 72  # from this width the numbers sit beside the plot
SENTENCE_LINES = 3  # lines kept for the sentence when there is room (the longest needs 3 at 72)
TABLE_AT_LEAST = 4  # on a small screen the table keeps its header and three newest rows

ZOOM_STEP = 4  # the plot zooms in around P by this factor at a time...
ZOOM_MOST = ZOOM_STEP**5  # ...up to 1024 times, where the axis labels still tell rows apart
NEAREST = 16  # ...whenever Q comes closer to P than this fraction of the plot's width


def zoom_for(h: float, span: float) -> int:
    """How many times the plot is magnified around P for a step h on a plot `span` wide: a
    power of ZOOM_STEP that keeps Q at least span / NEAREST from P (Q slides in, then the
    plot zooms and Q is back out), never more than ZOOM_MOST."""
    zoom = 1
    if not (math.isfinite(h) and h != 0 and math.isfinite(span) and span > 0):
        return zoom
    while abs(h) * zoom < span / NEAREST and zoom < ZOOM_MOST:
        zoom *= ZOOM_STEP
    return zoom


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

    # --- the zoom around P ---

    @property
    def zoom(self) -> int:
        """How many times the plot is magnified around P now (1: the lesson's ranges). At
        h = 0 it stays where the last step left it."""
        if not math.isfinite(self.fx):
            return 1
        h = self.h if self.h != 0 else self._last_nonzero
        return zoom_for(h, self.xlim[1] - self.xlim[0])

    def view(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The x- and y-ranges on screen: the lesson's, or, zoomed, ranges as many times
        narrower centred on P (both alike, so the tangent keeps its tilt and the curve
        straightens as it magnifies)."""
        zoom = self.zoom
        if zoom == 1:
            return self.xlim, self.ylim
        half_x = (self.xlim[1] - self.xlim[0]) / 2 / zoom
        half_y = (self.ylim[1] - self.ylim[0]) / 2 / zoom
        return (self.x - half_x, self.x + half_x), (self.fx - half_y, self.fx + half_y)

    def view_curve(self) -> Curve:
        """The curve sampled across the ranges on screen (one per zoom, kept)."""
        zoom = self.zoom
        if zoom not in self._curves:
            xlim, ylim = self.view()
            self._curves[zoom] = Curve(self.expr, xlim, y_range=ylim)
        return self._curves[zoom]

    def zoom_words(self) -> tuple[str, ...]:
        """The plot's title while it is zoomed, longest first (the plot's top edge takes the
        first that fits whole): how much, and when it can zoom no further."""
        zoom = self.zoom
        if zoom == 1:
            return ()
        if zoom == ZOOM_MOST:
            return (f"zoom ×{zoom} around P, the most", f"zoom ×{zoom}, the most",
                    f"×{zoom}, the most", f"×{zoom}")  # fmt: skip
        return (f"zoom ×{zoom} around P", f"zoom ×{zoom}", f"×{zoom}")

    # --- what is drawn ---

    def series(self, ascii: bool) -> list[Series]:
        """What the plot draws, back to front, each thing with its own marker. The tangent
        and the secant go under the curve, so the curve shows on both sides of P and Q."""
        m = _markers(ascii)
        xlim, ylim = self.view()
        drawn = []
        if self.tangent_visible:
            for xs, ys in self.tangent_segments():
                drawn.append(Series(xs, ys, m.tangent, "tangent", lines=True))
        fq = self.fq
        has_q = self.h != 0 and math.isfinite(fq) and math.isfinite(self.fx)
        if has_q:
            xs, ys = line_in_box(self.x, self.fx, self.slope, xlim, ylim)
            if xs:
                drawn.append(Series(xs, ys, m.secant, "secant", lines=True))
        xs, ys = self.view_curve().through(self.x, self.q_x)
        drawn.append(Series(xs, ys, m.curve, "f", lines=True))
        if has_q:
            drawn.append(Series([self.x, self.q_x], [self.fx, self.fx], m.run, "run", lines=True))
            drawn.append(Series([self.q_x, self.q_x], [self.fx, fq], m.rise, "rise", lines=True))
            drawn.append(Series([self.q_x], [fq], m.q, "Q"))
        if math.isfinite(self.fx):
            drawn.append(Series([self.x], [self.fx], m.p, "P"))
        return drawn

    def tangent_segments(self) -> list[tuple[list[float], list[float]]]:
        """The exact tangent; at a corner the two one-sided tangents, each on its own side."""
        kind, x, y = self.point.kind, self.x, self.fx
        xlim, ylim = self.view()
        if kind == "smooth" or kind == "vertical":
            xs, ys = line_in_box(x, y, self.exact, xlim, ylim)
            return [(xs, ys)] if xs else []
        if kind == "corner":
            left = line_in_box(x, y, self.point.left, (xlim[0], x), ylim)
            right = line_in_box(x, y, self.point.right, (x, xlim[1]), ylim)
            return [seg for seg in (left, right) if seg[0]]
        return []

    def legend_parts(self, ascii: bool = False) -> list[str]:
        """Which marker is which, an entry each. At a corner the tangent is two one-sided
        lines, and says so: there is no single tangent there."""
        m = _markers(ascii)
        parts = [f"{m.p} {self.p_words()}", f"{m.q} Q", f"{m.secant} secant",
                 f"{m.run}{m.rise} run/rise"]  # fmt: skip
        if self.tangent_visible:
            one_sided = self.point.kind == "corner"
            parts.append(f"{m.tangent} {'one-sided tangents' if one_sided else 'tangent'}")
        parts.append(f"{m.curve} y = {self.expr.text}")
        return [for_terminal(part, ascii) for part in parts]

    def legend(self, ascii: bool = False) -> str:
        """Which marker is which, in words, on one line."""
        return "  ".join(self.legend_parts(ascii))

    def plot_lines(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The plot; its ranges stay put until the zoom steps (frames differ only where
        something moved), and a zoomed plot says so in its top edge."""
        xlim, ylim = self.view()
        lines = text_plot(self.series(ascii), width, height, xlim=xlim, ylim=ylim, ascii=ascii)
        titles = [for_terminal(title, ascii) for title in self.zoom_words()]
        return titled(lines, titles) if titles else lines

    # --- the frame ---

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """The whole scene in width x height.

        Wide: the plot on the left with its legend under it, the readouts and the table's
        newest rows on the right, the sentence underneath. Narrow: the readouts, the table's
        newest rows and the words above a plot of at least PICTURE_ROWS rows; on a small
        screen the words are the one-line verdict and the readouts the exact slope, so the
        table keeps its header and three rows.
        """
        frame = Frame(width, height, ascii)
        if width < 1 or height < 1:
            return frame
        fields = [for_terminal(f, ascii) for f in self.readout_fields()]
        if width >= WIDE and self._wide(frame, fields, ascii):
            return frame
        if width >= 30 and height >= PICTURE_ROWS + 3:
            self._narrow(frame, fields, ascii)
            return frame
        lines = pack(fields, width) + wrap(for_terminal(self.verdict(), ascii), width)
        frame.place("numbers", 0, 0, lines + newest(self.table_lines(ascii), height - len(lines)))
        return frame

    def _wide(self, frame: Frame, fields: list[str], ascii: bool) -> bool:
        """The wide layout; False when the height leaves the plot too few rows for it."""
        width, height = frame.width, frame.height
        sentence = wrap(for_terminal(self.sentence(), ascii), width)
        if height >= 12:  # keep room for a long sentence, so the plot does not jump about
            sentence += [""] * (SENTENCE_LINES - len(sentence))
        plot_width = width - TABLE_WIDTH - GAP
        legend = pack(self.legend_parts(ascii), plot_width, gap="  ")
        plot_height = height - len(sentence) - len(legend)
        if plot_height < 7:
            return False
        side = pack(fields, TABLE_WIDTH)
        side += newest(self.table_lines(ascii), plot_height + len(legend) - len(side))
        self._place_plot(frame, 0, plot_width, plot_height, ascii)
        frame.place("legend", 0, plot_height, legend, plot_width)
        frame.place("numbers", plot_width + GAP, 0, side, TABLE_WIDTH)
        frame.place("sentence", 0, plot_height + len(legend), sentence, width)
        return True

    def _narrow(self, frame: Frame, fields: list[str], ascii: bool) -> None:
        """Readouts, table and words above a plot that keeps at least PICTURE_ROWS rows."""
        width, height = frame.width, frame.height
        table = self.table_lines(ascii)
        legend = pack(self.legend_parts(ascii), width, gap="  ")
        every = pack(fields, width)
        key = pack([fields[4]] + (["(playing)"] if self.playing else []), width)  # exact
        sentence = wrap(for_terminal(self.sentence(), ascii), width)
        verdict = wrap(for_terminal(self.verdict(), ascii), width)
        room = height - PICTURE_ROWS - len(legend)
        least = min(len(table), TABLE_AT_LEAST)
        choices = [(every, sentence), (key, sentence), (every, verdict), (key, verdict)]
        readouts, words = next(
            ((r, w) for r, w in choices if len(r) + len(w) + least <= room), (key, verdict)
        )
        rows = min(len(table), max(room - len(readouts) - len(words), 0), TABLE_AT_LEAST + 3)
        top = readouts + newest(table, rows) + words
        frame.place("numbers", 0, 0, top[: max(room, 0)], width)
        plot_height = height - min(len(top), max(room, 0)) - len(legend)
        self._place_plot(frame, frame.bottom, width, plot_height, ascii)
        frame.place("legend", 0, frame.bottom, legend, width)

    def _place_plot(self, frame: Frame, y: int, width: int, height: int, ascii: bool) -> None:
        """The plot at row `y`, answering the mouse (P and Q can be pressed and dragged)."""
        frame.place("plot", 0, y, self.plot_lines(width, height, ascii), width)
        frame.spot("plot", 0, y, width, height, PlotRuler(width, height, *self.view()))
