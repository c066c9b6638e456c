"""The mouse in each scene, without a terminal: a press or a drag on what is drawn does what a
key (or `set`) does, and the picture then shows the thing where the mouse put it. Cells are
found in the frame's own lines (where a mark is drawn), never worked out from the layout."""

from __future__ import annotations

import pytest

from gradtui.scenes import scene_module
from gradtui.scenes.kit.layout import Frame
from gradtui.scenes.kit.maps import MapRuler
from gradtui.scenes.kit.numbers import in_cell
from gradtui.scenes.kit.params import fill_defaults
from gradtui.scenes.kit.plots import PlotRuler, Series, cell_value, series_cells

W, H = 80, 24


def make(kind: str, **given):
    module = scene_module(kind)
    return module.State(fill_defaults(module.PARAMS, given))


def cells_of(frame: Frame, mark: str, spot: str = "") -> list[tuple[int, int]]:
    """Every (column, row) of the frame where `mark` is drawn (on the picture of the spot
    named, if given: not on its labels)."""
    found = [(c, r) for r, line in enumerate(frame.lines) for c, ch in enumerate(line)
             if ch == mark]  # fmt: skip
    if spot:
        area = frame.spot_named(spot)
        found = [(c, r) for c, r in found
                 if area.holds(c, r) and area.meaning.point_at(c - area.x, r - area.y)]  # fmt: skip
    return found


def only(frame: Frame, mark: str, spot: str = "") -> tuple[int, int]:
    (cell,) = cells_of(frame, mark, spot)
    return cell


# --- the kit: reading a cell back ---------------------------------------------------------------


def test_a_plot_cell_reads_back_the_point_drawn_in_it():
    ruler = PlotRuler(60, 20, (-3.0, 3.0), (-1.0, 9.0))
    for x, y in [(-3.0, -1.0), (0.5, 2.0), (1.3, 8.2), (3.0, 9.0)]:
        ((row, column),) = series_cells(Series([x], [y]), 60, 20, xlim=(-3, 3), ylim=(-1, 9))
        back = ruler.point_at(column, row)
        again = series_cells(Series([back[0]], [back[1]]), 60, 20, xlim=(-3, 3), ylim=(-1, 9))
        assert again == {(row, column)}  # the value read lies in the cell pressed
    assert ruler.point_at(0, 5) is None  # on the y labels, not the canvas
    assert ruler.point_at(0, 5, clamp=True)[0] == -3.0  # a drag past the edge: the edge


def test_a_value_read_off_a_cell_is_as_short_as_the_cell_allows():
    assert in_cell(1.2481203, 0.25) == 1.2
    assert in_cell(0.05, 0.1) == 0.05  # rounding to 0.1 would leave the cell: a digit more
    assert cell_value(0, (-5.0, 5.0), 40) == -5.0 and cell_value(39, (-5.0, 5.0), 40) == 5.0


def test_a_map_cell_reads_back_its_centre():
    ruler = MapRuler(((-3.0, 3.0), (-2.0, 2.0)), 30, 10)
    assert ruler.point_at(0, 0) == (-2.9, 1.8) and ruler.point_at(29, 9) == (2.9, -1.8)
    assert ruler.point_at(30, 0) is None and ruler.point_at(35, -4, clamp=True) == (2.9, 1.8)


# --- the secant: P and Q ------------------------------------------------------------------------


def test_a_press_left_of_p_moves_p_there_and_a_new_table_starts():
    s = make("secant")  # f = x**2, P at 1, h = 1: Q at 2
    s.shrink()
    frame = s.draw(W, H)
    column, row = only(frame, "●", "plot")
    assert s.click(column - 6, row, W, H)  # nearer P than Q: P moves
    after = s.draw(W, H)
    assert only(after, "●", "plot")[0] == column - 6
    assert s.x < 1 and s.h == 0.5 and [r.h for r in s.rows] == [0.5]
    assert f"P at x = {s.x:g}" in s.readout() and f"exact = {2 * s.x:g}" in s.readout()


def test_a_drag_of_q_sets_h_and_q_follows_the_mouse():
    s = make("secant")
    frame = s.draw(W, H)
    column, row = only(frame, "◆", "plot")
    s.click(column, row, W, H)  # Q taken, where it is drawn
    assert s.x == 1.0 and s.h == pytest.approx(1.0, abs=0.05)
    assert s.drag(column - 3, row, W, H)
    assert 0 < s.h < 1 and s.x == 1.0  # P stays
    assert only(s.draw(W, H), "◆", "plot")[0] == column - 3
    assert s.settings()["h"] == s.h and f"h = {s.h:g}" in s.readout()


def test_zoomed_in_a_press_always_takes_q_and_p_stays_in_the_middle():
    s = make("secant")
    for _ in range(5):
        s.shrink()  # h = 1/32: the plot zooms around P
    assert s.zoom > 1
    frame = s.draw(W, H)
    column, row = only(frame, "●", "plot")
    assert s.click(column - 2, row, W, H)
    assert s.x == 1.0 and s.h < 0  # Q went to the left of P


def test_reset_brings_the_lessons_p_back():
    s = make("secant")
    s.set("x", 2.0)
    s.reset()
    assert s.x == 1.0 and s.fx == 1.0


# --- points walking in steps: the dashboard and the chain ---------------------------------------


@pytest.mark.parametrize("kind", ["dashboard", "chain"])
def test_a_press_walks_x_to_the_nearest_step_drawn_there(kind):
    s = make(kind)
    frame = s.draw(W, H)
    column, row = only(frame, "●", "plot")
    start = s.x
    assert s.click(column + 10, row, W, H)
    assert s.x > start
    step = s.step
    assert abs((s.x - start) / step - round((s.x - start) / step)) < 1e-9  # whole steps
    assert abs(only(s.draw(W, H), "●", "plot")[0] - (column + 10)) <= 1


@pytest.mark.parametrize("kind", ["dashboard", "chain"])
def test_a_drag_past_the_plots_edge_stops_x_at_the_ranges_end(kind):
    s = make(kind)
    frame = s.draw(W, H)
    column, row = only(frame, "●", "plot")
    s.click(column, row, W, H)
    assert s.drag(W + 30, row, W, H)
    high = s.xlim[1]
    assert high - s.step < s.x <= high


def test_the_dashboards_slope_curve_moves_x_too():
    s = make("dashboard")
    frame = s.draw(W, H)
    slope = frame.spot_named("slope")
    assert slope is not None
    before = s.x
    assert s.click(slope.x + slope.width - 5, slope.y + 2, W, H) and s.x > before


# --- the landscape: choose a start, or move the one shown ---------------------------------------


def test_a_press_on_a_numbered_start_puts_the_ball_there():
    s = make("landscape")  # starts -2, 0.4, 2
    frame = s.draw(W, H)
    column, row = only(frame, "3", "picture")
    assert s.click(column, row, W, H)
    assert s.start_index == 2 and s.shown == 0 and s.start == {"x": 2.0, "y": 0.0}


def test_a_press_elsewhere_moves_the_start_shown_and_a_drag_carries_it():
    s = make("landscape")
    column, row = only(s.draw(W, H), "●", "picture")  # the ball, on start 1
    s.step_once()
    s.draw(W, H)
    assert s.click(column + 8, row, W, H)
    assert s.start_index == 0 and s.start["x"] > -2 and s.shown == 0
    moved = s.start["x"]
    assert s.drag(column + 12, row + 3, W, H) and s.start["x"] > moved
    assert only(s.draw(W, H), "●", "picture")[0] == column + 12  # the ball is there, on f


def test_on_a_surface_a_press_on_the_map_moves_the_start_there():
    s = make("landscape", f="x^2 + 3*y^2", starts_xy=[[2.0, 1.0]])
    frame = s.draw(W, H)
    spot = frame.spot_named("picture")
    assert isinstance(spot.meaning, MapRuler)
    assert s.click(spot.x + 3, spot.y + 2, W, H)
    assert s.start["x"] < -2 and s.start["y"] > 1.5
    assert "y" in s.settings() and s.settings()["y"] == s.start["y"]


# --- sliders, the field, gears, the network, the views of the vanishing scene --------------------


def test_a_slider_dragged_past_its_end_stops_there_whatever_row_the_mouse_is_on():
    s = make("board")
    frame = s.draw(W, 12)
    track = [spot for spot in frame.spots if spot.name == "slider"][1]
    assert s.click(track.x + 2, track.y, W, 12) and s.selected == 1
    assert s.drag(track.x + track.width + 20, track.y + 4, W, 12)
    assert s.weights[1] == pytest.approx(s.track[1]) and s.selected == 1


def test_a_drag_moves_the_slider_it_began_on_not_another_one():
    s = make("board")
    frame = s.draw(W, 12)
    first, second = [spot for spot in frame.spots if spot.name == "slider"][:2]
    assert s.click(first.x + 2, first.y, W, 12) and s.selected == 0
    held, other = float(s.weights[0]), float(s.weights[1])
    assert s.drag(first.x + first.width - 2, first.y, W, 12)
    assert s.selected == 0 and s.weights[0] > held
    assert s.weights[1] == other


def test_the_fields_point_follows_a_drag_and_stops_at_the_maps_edge():
    s = make("field")
    frame = s.draw(W, H)
    spot = frame.spot_named("map")
    assert s.click(spot.x + 1, spot.y + 1, W, H) and s.in_map
    assert s.drag(-40, -40, W, H)
    (x0, _), (_, y1) = s.box
    assert s.point == spot.meaning.point_at(0, 0)
    assert s.point[0] < x0 + 0.5 and s.point[1] > y1 - 0.5


def test_a_press_on_a_gear_chooses_the_ratio_that_turns_it():
    s = make("gears")  # x -> u -> y, ratios 3 and 2
    frame = s.draw(W, 20)
    gears = [spot for spot in frame.spots if spot.name == "gear"]
    assert [g.meaning for g in gears] == [0, 1, 2]
    assert s.click(gears[2].x + 2, gears[2].y + 3, W, 20) and s.selected == 1
    assert "chosen ratio: dy/du" in s.readout()
    assert s.click(gears[0].x + 2, gears[0].y + 3, W, 20) and s.selected == 0
    assert not s.click(gears[1].x + 2, gears[1].y + 3, W, 20)  # du/dx is chosen already


def test_a_press_on_a_neuron_or_its_weights_chooses_it():
    s = make("network")
    frame = s.draw(W, H)
    boxes = cells_of(frame, "[")
    assert boxes
    out = max(boxes)  # the rightmost box: the output neuron
    assert s.click(out[0] + 1, out[1], W, H)
    assert (s.layer, s.neuron) == (2, 0) and "chosen: neuron out" in s.readout()
    first = min(boxes, key=lambda cell: (cell[0], cell[1]))  # h1's first neuron
    assert s.click(first[0] - 2, first[1], W, H)  # on its weights' marks
    assert (s.layer, s.neuron) == (1, 0)
    assert "[*]" in s.draw(W, H).lines[first[1]]  # drawn as the chosen one


def test_side_by_side_a_press_on_a_view_gives_it_the_keys():
    s = make("vanishing")
    s.draw(160, 30)
    assert not s.click(5, 5, 160, 30)  # s^n has them already
    assert s.click(120, 5, 160, 30) and s.stack_view
    s.change(1)
    assert s.weight == 1.5  # the keys now turn the stack's weight
    assert s.draw(W, H).spots == []  # one view at a time: nothing to pick
    assert not s.click(5, 5, W, H) and s.stack_view


@pytest.mark.parametrize("kind", ["plot", "graph", "training"])
def test_scenes_with_nothing_to_move_by_hand_ignore_the_mouse(kind):
    s = make(kind)
    frame = s.draw(W, H)
    assert frame.spots == []
    assert not any(s.click(x, y, W, H) for x in range(0, W, 7) for y in range(0, H, 3))
