"""The `graph` scene's picture: f's graph drawn as boxes and lines (gradtui/scenes/kit/
graph_layout.py) with every box's numbers under it, scrolled or listed when it does not fit,
and the frame that puts the words and the walk so far under it (`GraphPicture`, a part of
GraphState).
"""

from __future__ import annotations

import textwrap

from gradtui.scenes.graph.numbers import FORWARD, REVERSE, box_texts
from gradtui.scenes.graph.words import cut
from gradtui.scenes.kit import graph_layout
from gradtui.scenes.kit.graph_layout import Layout
from gradtui.scenes.kit.layout import Frame, wrap
from gradtui.scenes.kit.markers import in_ascii
from gradtui.scenes.kit.numbers import compact

NOW_MARKS = (">", "<")  # the box being worked on, told by its shape (reverse video as well)
SLOT = 9  # columns for a number under a box
WORD_ROWS_BESIDE_WALK = 7  # the words' rows when the walk so far is shown too


class GraphPicture:
    """The pictures of GraphState (a part of it: reads the boxes, the walk and the words
    GraphState sets up, and keeps its layouts)."""

    def layout(self, style: graph_layout.Style) -> Layout:
        """The graph drawn in `style` (worked out once per style)."""
        key = f"{style.name}{style.gap}"
        if key not in self._layouts:
            inputs = [box.reads for box in self.boxes]
            self._layouts[key] = graph_layout.lay_out(box_texts(self.boxes), inputs, style)
        return self._layouts[key]

    def choose(self, width: int, height: int) -> tuple[Layout | None, bool]:
        """The picture for a `width` x `height` area: the roomiest faithful one that fits whole
        (and False), else a scrolled one (and True); (None, False) when no picture will do."""
        if not self.drawable or width < 8 or height < 1:
            return None, False
        for style in graph_layout.STYLES:
            if style.cell_rows > height:
                continue
            layout = self.layout(style)
            if layout.faithful and layout.width <= width and layout.height <= height:
                return layout, False
        for style in (graph_layout.SNUG, graph_layout.BOXES):
            layout = self.layout(style)
            if layout.faithful and height >= style.cell_rows and width >= 24:
                return layout, True
        return None, False

    def picture(self, layout: Layout, ascii: bool) -> tuple[list[str], tuple[int, int, int] | None]:
        """The drawing with every box's numbers and the current box marked: (lines, the current
        box's span as (row, first column, end column))."""
        grid = [list(line) for line in layout.lines]
        texts = box_texts(self.boxes)
        second, tag = ("gradient", "g ") if self.mode == REVERSE else ("tangent", "d ")
        now = self.current.box if self.current and not self.done else None
        for i, slots in self.shown().items():
            x, y = layout.places[i]
            if layout.style.cell_rows >= 3:
                for row, text in ((1, "= " + compact(slots["value"], SLOT) if "value" in slots
                                   else ""), (2, tag + compact(slots[second], SLOT)
                                              if second in slots else "")):  # fmt: skip
                    line = grid[y + row]
                    line += [" "] * (x + len(text) - len(line))
                    line[x : x + len(text)] = list(text)
        span = None
        if now is not None:
            x, y = layout.places[now]
            end = x + len(self.boxes[now].label) + 1
            grid[y][x], grid[y][end] = NOW_MARKS
            span = (y, x, x + len(texts[now]))
        lines = ["".join(row).rstrip() for row in grid]
        if ascii:
            lines = in_ascii(lines, graph_layout.LINE_MARKERS)
        return lines, span

    def window(self, layout: Layout, width: int, height: int) -> tuple[int, int]:
        """Where a scrolled view of the picture starts: it stays put while the current box is
        in sight and jumps to centre it when it is not (so few frames move every cell)."""
        key = (layout.style.name, layout.style.gap, width, height)
        left, top = self._windows.get(key, (0, 0))
        now = self.current.box if self.current else None
        if now is not None:
            x, y = layout.places[now]
            right, bottom = x + layout.column_widths[now], y + layout.style.cell_rows
            if not (left <= x and right <= left + width and top <= y and bottom <= top + height):
                left = max(0, min(x - (width - (right - x)) // 2, layout.width - width))
                top = max(0, min(y - (height - (bottom - y)) // 2, layout.height - height))
        self._windows[key] = (left, top)
        return left, top

    def box_list(self, width: int, height: int, numbers: bool) -> tuple[list[str], int | None]:
        """The boxes one per line, in forward order (the current one marked): with their
        numbers when there is no picture. Returns (lines, the current line's row)."""
        shown = self.shown()
        now = self.current.box if self.current and not self.done else None
        second, tag = ("gradient", "g ") if self.mode == REVERSE else ("tangent", "d ")
        labels = max(len(box.label) for box in self.boxes) + 2
        room = max(width - labels - 26, 8)
        lines = []
        for i, box in enumerate(self.boxes):
            mark = ">" if i == now else " "
            line = f"{mark}{'[' + box.label + ']':<{labels}} {box.expression}"
            if numbers:
                slots = shown[i]
                value = "= " + compact(slots["value"], SLOT) if "value" in slots else ""
                grad = tag + compact(slots[second], SLOT) if second in slots else ""
                line = f"{line[: labels + 2]}{cut(box.expression, room):<{room}} {value:<11} {grad}"
            lines.append(line[:width].rstrip())
        first = 0
        if now is not None and len(lines) > height:
            first = min(max(now - height // 2, 0), len(lines) - height)
        shown_lines = lines[first : first + height]
        return shown_lines, (
            now - first if now is not None and first <= now < first + height else None
        )

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """The picture on top, what the step did under it, the mode and step count last.

        The rows kept for the words depend only on the height, so stepping never moves the
        picture: only the numbers of the box being worked on (and the words) change."""
        frame = Frame(width, height, ascii)
        if width < 1 or height < 1:
            return frame
        if self.problem is not None:
            lines = wrap(f"f cannot be used: {self.problem.message}", width)
            lines += self.problem.caret(max(width - 6, 10)).splitlines()
            frame.place("words", 0, 0, lines[:height])
            return frame
        least_words = 4 if height >= 16 else 3 if height >= 9 else 2 if height >= 6 else 1
        status_rows = 1 if height >= 3 else 0
        graph_rows = height - least_words - status_rows - (1 if height >= 18 else 0)
        layout, scrolled = self.choose(width, graph_rows)
        used = 0  # rows the picture takes: fixed for a size, so stepping never moves it
        if layout is not None:
            lines, span = self.picture(layout, ascii)
            left, top = (0, 0)
            if scrolled:
                left, top = self.window(layout, width, graph_rows)
                lines = [line[left : left + width] for line in lines[top : top + graph_rows]]
            highlight = None
            if span is not None and top <= span[0] < top + graph_rows:
                highlight = (span[0] - top, max(span[1] - left, 0), max(span[2] - left, 0))
            picture_width = min(layout.width, width)
            used = graph_rows if scrolled else layout.height
            frame.place("graph", 0, 0, lines, picture_width, highlight)
            beside = width - picture_width - 3
            named = any(box.label != box.expression for box in self.boxes)
            if beside >= 24 and not scrolled and named and used >= 2:
                legend, _ = self.box_list(beside, used, numbers=False)
                frame.place("boxes", picture_width + 3, 0, legend, beside)
        elif graph_rows >= 1:
            listed, row = self.box_list(width, graph_rows, numbers=True)
            highlight = (row, 0, len(listed[row])) if row is not None else None
            used = min(len(self.boxes), graph_rows)
            frame.place("graph", 0, 0, listed, width, highlight)
        gap = 1 if used and height - used - status_rows > least_words else 0
        word_rows = max(height - used - gap - status_rows, 0)
        numbered = layout is not None and layout.style.cell_rows >= 3
        walk_rows = word_rows - WORD_ROWS_BESIDE_WALK - 1 if width >= 40 else 0
        if walk_rows >= 6:  # room for the walk so far, under a fixed block of words
            word_rows = WORD_ROWS_BESIDE_WALK
            walk_top = used + gap + word_rows + 1
            frame.place("walk", 0, walk_top, self._walk_lines(width, walk_rows), width)
        words = self._word_lines(width, word_rows, numbered)
        frame.place("words", 0, used + gap, words, width)
        status = self.status()
        if len(status) + len(self.passes_needed()) + 3 <= width:
            status += " | " + self.passes_needed()
        frame.place("status", 0, height - status_rows, [status[:width]], width)
        return frame

    def _walk_lines(self, width: int, rows: int) -> list[str]:
        """The steps so far, one after another, a page at a time (a full page starts a new
        one, rather than every line moving up each step)."""
        entries = []
        for k, step in enumerate(self.steps[: self.position], start=1):
            entries.append(textwrap.wrap(f"{k}. {step.words}", width, subsequent_indent="    "))
        pages: list[list[str]] = [[]]
        for entry in entries:
            if len(pages[-1]) + len(entry) > rows - 1 and pages[-1]:
                pages.append([])
            pages[-1] += entry[: rows - 1]
        title = "The walk so far:" if entries else ""
        return [title, *pages[-1]] + [""] * (rows - 1 - len(pages[-1]))

    def _word_lines(self, width: int, rows: int, numbered: bool = True) -> list[str]:
        """The words of the step (the results when done, notes when there is room), cut to
        `rows` lines, padded so the panel keeps its height. `numbered`: the picture shows
        numbers under its boxes (so a line says what they are)."""
        lines = wrap(self.words(), width)
        if self.done and self.expr.variables:
            lines += [row for result in self.results() for row in wrap(result, width)]
        legend = "Under each box: = its value, g its gradient df/d(box)."
        if self.mode == FORWARD:
            legend = "Under each box: = its value, d how fast it moves per nudge of the input."
        for note in [*self.notes(), self.passes_needed() + ".", legend if numbered else ""]:
            if note and len(lines) + len(wrap(note, width)) <= rows:
                lines += wrap(note, width)
        if len(lines) > rows:
            lines = lines[:rows]
            last = lines[-1]
            lines[-1] = (
                (last[: max(width - 3, 0)] + "...") if len(last) + 3 > width else last + "..."
            )
        return lines + [""] * (rows - len(lines))
