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


def test_band_edges_are_at_equal_heights_and_crowd_where_the_ground_is_steep():
    ramp = np.tile(np.linspace(0.0, 1.0, 101), (2, 1))  # height = column / 100
    rows = maps.band_grid(ramp, maps.BLOCKS)
    edges = [x for x in range(1, 101) if rows[0][x] != rows[0][x - 1]]
    low, high = np.percentile(ramp, [2, 98])
    step = (high - low) / len(maps.BLOCKS)
    assert edges == [math.ceil(100 * (low + k * step) - 1e-9) for k in range(1, len(maps.BLOCKS))]
    steep = np.tile(np.linspace(0.0, 1.0, 60) ** 3, (2, 1))  # gentle on the left, steep right
    row = maps.band_grid(steep, maps.BLOCKS)[0]
    gaps = np.diff([x for x in range(1, 60) if row[x] != row[x - 1]])
    assert gaps[0] > gaps[-1]


def test_bands_on_level_or_broken_ground():
    assert set("".join(maps.band_grid(np.ones((3, 4)), maps.BLOCKS))) == {maps.BLOCKS[2]}
    holes = np.array([[0.0, np.nan, 5.0], [1.0, np.inf, 6.0]])
    rows = maps.band_grid(holes, maps.BLOCKS)
    assert rows[0][1] == rows[1][1] == maps.HOLE
    assert rows[0][0] == maps.BLOCKS[0] and rows[1][2] == maps.BLOCKS[-1]


def test_shading_uses_the_ramp_it_is_given():
    values = np.linspace(0, 1, 50).reshape(5, 10)
    rows = maps.shade_grid(values, maps.BLOCKS)
    assert rows[0][0] == maps.BLOCKS[0] and rows[-1][-1] == maps.BLOCKS[-1]
    assert set("".join(rows)) == set(maps.BLOCKS)
    assert maps.DENSITY.isascii()
