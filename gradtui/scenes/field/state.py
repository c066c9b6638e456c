"""The `field` scene's state: the point on the map, the gradient and the compass readings
there (from f's autodiff graph), the chosen heading and slice, and the keys and clicks that
move them. Its words and its picture are its parts FieldWords (words.py) and FieldPicture
(picture.py).
"""

from __future__ import annotations

import math

import numpy as np

from gradtui.calculus import gradient as grad
from gradtui.calculus.expr import parse
from gradtui.calculus.numeric import central_difference
from gradtui.scenes.contract import SceneState
from gradtui.scenes.field.picture import FieldPicture
from gradtui.scenes.field.words import FieldWords
from gradtui.scenes.kit import maps
from gradtui.scenes.kit.params import within
from gradtui.scenes.kit.plots import PlotCache, quantiles, sane_range

STEPS_ACROSS = 20  # the default step is this fraction of a range
GRADIENT_SAMPLES = (33, 17)  # where |grad f| is sampled to scale the arrow


class FieldState(FieldWords, FieldPicture, SceneState):
    """The point, its gradient and compass, the chosen heading, and the picture for any size."""

    def __init__(self, params: dict) -> None:
        self.params = params
        self.f = parse(params["f"], variables=("x", "y"))
        at = list(params["at"]) + [0.0, 0.0]
        self.start = (float(at[0]), float(at[1]))
        self.x_range = self._widened(sane_range(params["x_range"]), self.start[0])
        self.y_range = self._widened(sane_range(params["y_range"]), self.start[1])
        step = params["step"]
        self.steps = (
            (float(step), float(step))
            if step
            else tuple((high - low) / STEPS_ACROSS for low, high in (self.x_range, self.y_range))
        )
        self.count = int(params["headings"])
        self.start_heading = float(params["heading"]) % 360.0
        self.contours = bool(params["contours"])
        self.steepness_scale = self._steepness_scale()
        # whether the map has holes (cells where f has no value), for its legend
        self.holes = not np.isfinite(maps.sample(self.f.evaluate, self.box, 65, 33)).all()
        self._base: tuple[tuple, list[str]] | None = None
        self._plots = PlotCache()
        self.reset()

    @staticmethod
    def _widened(limits: tuple[float, float], value: float) -> tuple[float, float]:
        low, high = limits
        if math.isfinite(value):
            low, high = min(low, value), max(high, value)
        return sane_range((low, high))

    @property
    def box(self) -> maps.Box:
        return (self.x_range, self.y_range)

    def _steepness_scale(self) -> float:
        """A steepness the arrow's longest length stands for: a high share of |grad f|
        over the map (75th percentile), so the arrow's length compares from point to point."""
        columns, rows = GRADIENT_SAMPLES
        gx, gy = maps.cell_centres(self.box, columns, rows)
        with np.errstate(all="ignore"):
            _, slopes = self.f.value_and_gradient(x=gx, y=gy)
            sizes = np.hypot(slopes.get("x", 0.0 * gx), slopes.get("y", 0.0 * gy))
        sizes = np.asarray(sizes, dtype=float)
        sizes = sizes[np.isfinite(sizes) & (sizes > 0)]
        return float(quantiles(sizes, [0.75])[0]) if sizes.size else 1.0

    def _measure(self) -> None:
        """The value, the gradient and the compass at the point. On a crease (a corner: |x|
        + y^2 along x = 0) there is no gradient: the compass then reads the one-sided slope
        along each heading, and the steepest climb and fall are found from those."""
        x, y = self.point
        value, slopes = self.f.value_and_gradient(x=x, y=y)
        self.value = float(value)
        self.gradient = (float(slopes.get("x", 0.0)), float(slopes.get("y", 0.0)))
        self.corner = grad.has_crease(self.f.evaluate, self.point, self.gradient)
        if self.corner:
            self.readings = grad.one_sided_compass(self.f.evaluate, self.point, self.count)
            ground, slopes = self.f.evaluate, self.gradient_at
            self.climbs = grad.steepest_headings(ground, self.point, True, slopes)
            self.falls = grad.steepest_headings(ground, self.point, False, slopes)
        else:
            self.readings = grad.compass(self.gradient, self.count)
            uphill = grad.uphill_heading(self.gradient)
            size = grad.length(self.gradient)
            self.climbs = [] if uphill is None else [grad.CompassReading(uphill, size)]
            self.falls = [] if uphill is None else [grad.CompassReading((uphill + 180) % 360,
                                                                        -size)]  # fmt: skip
        self.best = grad.steepest(self.readings)

    def gradient_at(self, x: float, y: float) -> tuple[float, float]:
        """The gradient at any (x, y), by autodiff."""
        slopes = self.f.gradient(x=x, y=y)
        return float(slopes.get("x", 0.0)), float(slopes.get("y", 0.0))

    @property
    def steepness(self) -> float:
        """How steep the fastest climb from the point is: |grad f|, or at a corner the
        steepest one-sided slope (nan where it has none: every heading alike)."""
        if self.corner:
            return self.climbs[0].slope if self.climbs else math.nan
        return grad.length(self.gradient)

    @property
    def uphill(self) -> float | None:
        """The heading that climbs fastest (the first of equals at a corner), or None."""
        return self.climbs[0].degrees if self.climbs else None

    def one_sided(self, degrees: float) -> float:
        """The slope met walking away from the point along a heading (at a corner, where
        there is no gradient to read it from)."""
        return float(grad.one_sided_slopes(self.f.evaluate, self.point, [degrees])[0])

    @property
    def slice_heading(self) -> float:
        """The heading the slice walks: the chosen one, or 0 / 90 for the x- / y-slice."""
        return {"x": 0.0, "y": 90.0}.get(self.slice, self.heading)

    @property
    def slice_slope(self) -> float:
        """The slope of the slice at the point: grad f . u (for the x-slice, df/dx); at a
        corner the one-sided slope walking forward along the slice."""
        if self.corner:
            return self.one_sided(self.slice_heading)
        return grad.directional_slope(self.gradient, self.slice_heading)

    def measured_slice_slope(self) -> float:
        """The same slope measured on the slice itself, by a central difference."""
        scale = max(abs(self.point[0]), abs(self.point[1]), 1.0)

        def along(t):
            return grad.slice_along(self.f.evaluate, self.point, self.slice_heading, t)

        if self.corner:  # the two sides differ: measure walking forward, as the slope is read
            step = 1e-5 * scale
            return float((along(step) - along(0.0)) / step)
        return float(central_difference(along, 0.0, 1e-5 * scale))

    def reset(self) -> None:
        """The point back at its start, the chosen heading as the lesson set it."""
        self.point = self.start
        self.heading = self.start_heading
        self.slice = "heading"  # or "x" / "y": which slice is shown beside the map
        self.side_view = "compass"  # what the side shows when compass and slice do not both fit
        self.in_map = False
        self._measure()

    def enter_map(self) -> None:
        """Take the arrow keys into the map (Esc gives them back to the lesson)."""
        self.in_map = True

    def leave_map(self) -> None:
        self.in_map = False

    def move(self, dx: int, dy: int) -> None:
        """One step of the point (kept on the map)."""
        (x0, x1), (y0, y1) = self.box
        x = min(max(self.point[0] + dx * self.steps[0], x0), x1)
        y = min(max(self.point[1] + dy * self.steps[1], y0), y1)
        self.point = (float(f"{x:.12g}") + 0.0, float(f"{y:.12g}") + 0.0)
        self._measure()

    def settings(self) -> dict[str, float]:
        """The point's x and y can be typed (`set x 0.5`, `nudge y -0.1`)."""
        return {"x": self.point[0], "y": self.point[1]}

    def set(self, name: str, value: float) -> None:
        """Put the point at `value` along x or y, on the map."""
        if name not in ("x", "y"):
            super().set(name, value)
        (x0, x1), (y0, y1) = self.box
        low, high = (x0, x1) if name == "x" else (y0, y1)
        typed = within(name, value, low, high)
        self.point = (typed, self.point[1]) if name == "x" else (self.point[0], typed)
        self._measure()

    def turn(self, direction: int) -> None:
        """Turn the chosen heading one compass step (360 / headings degrees)."""
        self.slice = "heading"
        self.side_view = "slice"
        self.heading = round((self.heading + direction * 360.0 / self.count) % 360.0, 9) % 360.0

    def face_uphill(self) -> None:
        """Turn the chosen heading to the gradient's own (where there is one)."""
        if self.uphill is not None:
            self.slice = "heading"
            self.heading = self.uphill

    def show_slice(self, which: str) -> None:
        """Show the x- or y-slice (the other knob held still); again: back to the heading."""
        self.slice = "heading" if self.slice == which else which
        self.side_view = "slice"

    def switch_side(self) -> None:
        """Show the compass or the slice beside the map (when both do not fit)."""
        self.side_view = "slice" if self.side_view == "compass" else "compass"

    def toggle_contours(self) -> None:
        self.contours = not self.contours

    def click(self, x: int, y: int, width: int, height: int) -> bool:
        """A press on the map puts the point there, and the arrow keys into the map."""
        columns, rows = self.map_size(width, height)
        if not (0 <= x < columns and 0 <= y < rows):
            return False
        px, py = maps.point_of(x, y, self.box, columns, rows)
        self.point = (float(f"{px:.6g}") + 0.0, float(f"{py:.6g}") + 0.0)
        self.in_map = True
        self._measure()
        return True
