"""The map kit (gradtui.scenes.kit.maps): cells and points, lines between cells, contour lines
at equal heights, and shading with a chosen ramp."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradtui.scenes.kit import maps

BOX = ((-2.0, 2.0), (-1.0, 1.0))


def test_a_cells_centre_lies_in_that_cell():
    for col in range(8):
        for row in range(4):
            x, y = maps.point_of(col, row, BOX, 8, 4)
            assert maps.cell_of(x, y, BOX, 8, 4) == (col, row)
    assert maps.point_of(0, 0, BOX, 8, 4) == (-1.75, 0.75)  # top left: small x, large y


def test_the_maps_four_edges_and_corners_are_on_it():
    # a point exactly on the right or bottom edge was dropped: the field's o and the
    # landscape's start marks went missing there
    assert maps.cell_of(2.0, 0.0, BOX, 8, 4) == (7, 2)
    assert maps.cell_of(0.0, -1.0, BOX, 8, 4) == (4, 3)
    assert maps.cell_of(2.0, -1.0, BOX, 8, 4) == (7, 3)
    assert maps.cell_of(-2.0, 1.0, BOX, 8, 4) == (0, 0)


def test_points_off_the_map_or_not_numbers_have_no_cell():
    assert maps.cell_of(2.5, 0.0, BOX, 8, 4) is None
    assert maps.cell_of(0.0, -1.5, BOX, 8, 4) is None
    assert maps.cell_of(float("nan"), 0.0, BOX, 8, 4) is None
    assert maps.cell_of(0.0, 0.0, BOX, 0, 0) is None


@pytest.mark.parametrize("end", [(7, 2), (0, 9), (-5, -5), (3, 0), (0, 0), (-6, 4)])
def test_a_line_runs_cell_by_cell_from_start_to_end(end):
    cells = maps.line_cells((0, 0), end)
    assert cells[0] == (0, 0) and cells[-1] == end
    assert len(cells) == max(abs(end[0]), abs(end[1])) + 1
    for (c0, r0), (c1, r1) in zip(cells, cells[1:], strict=False):
        assert max(abs(c1 - c0), abs(r1 - r0)) == 1  # touching cells, no gaps


def test_put_ignores_cells_off_the_grid():
    grid = [list("...."), list("....")]
    maps.put(grid, (1, 1), "o")
    maps.put(grid, (9, 0), "x")
    maps.put(grid, None, "x")
    assert ["".join(r) for r in grid] == ["....", ".o.."]


def test_sampling_reads_f_at_every_cell_centre():
    values = maps.sample(lambda x, y: x + 10 * y, BOX, 4, 2)
    gx, gy = maps.cell_centres(BOX, 4, 2)
    assert values.tolist() == (gx + 10 * gy).tolist()
    assert values[0, 0] == pytest.approx(-1.5 + 5.0)


def test_contour_lines_are_at_equal_heights_one_cell_thick():
    ramp = np.tile(np.arange(40, dtype=float), (3, 1))  # height = column, 0 to 39
    marked = maps.contour_cells(ramp, lines=3, most=1.0)
    columns = sorted(set(np.nonzero(marked)[1].tolist()))
    low, high = np.percentile(ramp, [5, 95])
    step = (high - low) / 4
    # Line k is at height low + k * step, drawn in the first column at or above it (the
    # higher cell of the pair it falls between); none at the 5th and 95th percentiles.
    assert columns == [math.ceil(low + k * step) for k in (1, 2, 3)] == [11, 20, 29]


def test_steep_ground_crowds_the_lines_together():
    xs = np.linspace(0, 1, 60)
    values = np.tile(xs**3, (2, 1))  # gentle on the left, steep on the right
    columns = np.nonzero(maps.contour_cells(values, lines=6, most=1.0)[0])[0]
    gaps = np.diff(columns)
    assert gaps[0] > gaps[-1]


def test_too_many_lines_are_thinned_and_flat_or_broken_maps_have_none():
    noise = np.random.default_rng(1).normal(size=(20, 40))
    assert maps.contour_cells(noise, lines=8, most=0.25).mean() <= 0.25
    assert not maps.contour_cells(np.ones((5, 5))).any()
    holes = np.array([[0.0, np.nan, 5.0], [1.0, np.inf, 6.0]])
    marked = maps.contour_cells(holes, lines=2, most=1.0)
    assert not marked[0, 1] and not marked[1, 1]


def test_shading_uses_the_ramp_it_is_given():
    values = np.linspace(0, 1, 50).reshape(5, 10)
    rows = maps.shade_grid(values, maps.BLOCKS)
    assert rows[0][0] == maps.BLOCKS[0] and rows[-1][-1] == maps.BLOCKS[-1]
    assert set("".join(rows)) == set(maps.BLOCKS)
    assert maps.DENSITY.isascii()
