"""Text plots tell the truth about where things are: each y label sits on the row where a point
of that value is drawn, no label reads -0, and a point marked on a curve sits on it."""

from __future__ import annotations

import re

import pytest

from gradtui.scenes.kit.plots import Series, row_ticks, text_plot

LABEL = re.compile(r"^\s*(-?[\d.]+(?:e[+-]\d+)?)┤")


def labelled_rows(lines: list[str]) -> dict[int, float]:
    return {i: float(m[1]) for i, line in enumerate(lines) if (m := LABEL.match(line))}


@pytest.mark.parametrize("low, high, height", [(-1.0, 9.0, 12), (-0.7, 9.7, 20), (0.0, 1e-3, 9),
                                               (-250.0, 250.0, 15), (3.0, 3.5, 7)])  # fmt: skip
def test_a_point_at_each_labels_value_lands_on_that_labels_row(low, high, height):
    lines = text_plot([Series([0.0], [low], "•")], 40, height, xlim=(-1, 1), ylim=(low, high))
    labels = labelled_rows(lines)
    assert len(labels) >= 2
    for row, value in labels.items():
        drawn = text_plot([Series([0.0], [value], "•")], 40, height, xlim=(-1, 1),
                          ylim=(low, high))  # fmt: skip
        marked = [i for i, line in enumerate(drawn) if "•" in line]
        assert marked == [row], f"the point at {value} is on row {marked}, its label on {row}"


def test_no_label_reads_minus_zero():
    values, labels = row_ticks(-1.0, 1.0, 9)  # the middle row is 0
    assert "0" in labels and not any(label in ("-0", "-0.0", "-0.00") for label in labels)


def test_no_x_label_reads_minus_zero():
    lines = text_plot([Series([0.0], [0.0], "•")], 38, 10, xlim=(-1.93, 1.91), ylim=(0, 1))
    assert re.search(r"(?<![\d.])0\.0(?![\d])", lines[-1])  # the label near the middle
    assert not re.search(r"-0\.0(?![\d])", lines[-1]), lines[-1]


def test_the_bottom_of_a_bowl_sits_on_the_curve():
    from gradtui.scenes import landscape
    from gradtui.scenes.kit.params import fill_defaults

    scene = landscape.State(fill_defaults(landscape.PARAMS, {"f": "x^2", "starts": [0.013]}))
    picture = scene.curve(60, 16)
    ball = next(i for i, line in enumerate(picture) if "●" in line and "┌" not in line)
    row = picture[ball]  # (the top edge names the ball in its legend)
    column = row.index("●")
    neighbours = row[column - 2 : column] + row[column + 1 : column + 3]
    assert "·" in neighbours, "the ball is not on the curve's row:\n" + "\n".join(picture)


def test_a_line_to_a_point_far_outside_is_cut_at_the_plot():
    # a mark at x = 1e6 on a plot of -3 to 3 once rasterised a million cells (print took 18 s)
    import numpy as np

    from gradtui.scenes.kit.plots import _segments

    cols, rows = _segments(np.array([10, 10_000_000]), np.array([2, 2]), 60, 10)
    drawn = {(int(c), int(r)) for c, r in zip(cols, rows, strict=True) if c < 60}
    assert drawn == {(c, 2) for c in range(10, 60)}  # every cell from the point to the edge
    assert cols.size < 100
    steep = _segments(np.array([5, 5]), np.array([-5_000_000, 3]), 60, 10)
    assert {(int(c), int(r)) for c, r in zip(*steep, strict=True) if r >= 0} == {
        (5, r) for r in range(0, 4)
    }


def test_a_marked_point_where_f_has_no_value_says_which_operation():
    from gradtui.scenes import plot
    from gradtui.scenes.kit.params import fill_defaults

    s = plot.PlotState(fill_defaults(plot.PARAMS, {"f": "sqrt(x - 1)", "mark": [0, 2]}))
    lines = s.readout_lines()
    assert (
        lines[0] == "at x = 0: f(x) = undefined: sqrt(x - 1) has no value here (square root "
        "of a negative number)"
    )
    assert lines[1].startswith("at x = 2: f(x) = 1, slope = 0.5")


def test_a_legend_entry_is_never_split_from_its_mark():
    from gradtui.scenes import plot
    from gradtui.scenes.kit.params import fill_defaults

    params = {"f": "sigmoid(x)", "also": ["sigmoid(x)*(1 - sigmoid(x))"], "mark": [-3, 0, 3],
              "range": [-6, 6]}  # lesson 3 step 7  # fmt: skip
    lines = plot.PlotState(fill_defaults(plot.PARAMS, params)).frame(60, 16).lines
    assert "● marked points" in "\n".join(lines)
