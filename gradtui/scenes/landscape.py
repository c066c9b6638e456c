"""The `landscape` scene: a ball rolling downhill on a loss curve (x) or surface (x, y).

Gradient descent from several starting points: each walk is computed once with
gradtui.calculus.descent and revealed step by step. A verdict in words says whether the ball
is still rolling, overshooting, settled in a valley, or stopped on a saddle that is flat but
not a bottom (told by the curvature around it: the Hessian's signs).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import numpy as np

from gradtui.calculus.descent import DescentPath, descend
from gradtui.calculus.expr import parse
from gradtui.calculus.points import curvatures
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit import maps, markers, rates
from gradtui.scenes.kit.cost import SCENE_SECONDS, at_points, drawn, expression, over_arrays
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.layout import Frame, cells
from gradtui.scenes.kit.maps import shade_grid
from gradtui.scenes.kit.numbers import plural, short
from gradtui.scenes.kit.params import EXPRESSION, INTEGER, NUMBER, NUMBERS, POINTS, RANGE, Param
from gradtui.scenes.kit.plots import Series, auto_limits, sane_range, text_plot, to_ascii

SUMMARY = "A ball rolling downhill on a loss curve or surface: valleys, overshoots, saddles."
FUNCTION = "f"
LIGHTER = "fewer steps or starts, or a shorter f"
VERDICT_EVALUATIONS = 20  # of f at the end of each walk, to tell a valley from a saddle

PARAMS = (
    Param("f", EXPRESSION, "x^4 - 3*x^2 + x + 4",
          "The loss: a curve in x, or a surface in x and y.", variables=("x", "y")),
    Param("starts", NUMBERS, [-2.0, 0.4, 2.0], "Starting x values (for a curve in x).",
          low=-1e6, high=1e6, max_items=9),
    Param("starts_xy", POINTS, [], "Starting points [x, y] (for a surface in x and y).",
          max_items=9),
    Param("learning_rate", NUMBER, 0.05, "The step size of the walk.", low=1e-6, high=100.0),
    Param("steps", INTEGER, 200, "The most steps a walk takes.", low=1, high=5000),
    Param("steps_per_frame", INTEGER, 1, "Steps per screen update while playing.",
          low=1, high=100),
    Param("x_range", RANGE, (-2.5, 2.5), "The x-range shown, [low, high]."),
    Param("y_range", RANGE, (-2.5, 2.5), "The y-range shown for a surface, [low, high]."),
    Param("loss_range", RANGE, None, "The loss range shown for a curve (from the curve if unset)."),
)  # fmt: skip

KEYS = (
    Key("space", "toggle_play", "play/pause"),
    Key("s", "step_once", "one step"),
    Key("t", "next_start", "next start"),
    *rates.RATE_KEYS,
    Key("r", "reset", "back to start"),
)

FLAT = 1e-3  # a gradient shorter than this counts as flat
SHADES = maps.DENSITY  # low loss to high loss; plain ASCII so it works on any console
TRAIL = markers.TRAIL.unicode
CURVE = markers.LINE.unicode

STILL = "still rolling"
CRAWL = "crawling: tiny steps on a real slope (a small learning rate)"
OVERSHOOT = "overshooting: the step jumped past the bottom"
DIVERGING = (
    "diverging: each step is longer than the last and lands higher (the learning rate is too large)"
)
RUNAWAY = "flew off: each step lands higher (the learning rate is too large)"
NO_FOOTING = "no footing here: the loss is infinite or undefined at this start"
BOTTOMLESS = "rolled away downhill for ever: this landscape has no bottom that way"
SADDLE = "stopped at a flat point that is not a bottom (saddle)"
PEAK = "balanced on a peak: flat, but every way is down"
PLATEAU = "stopped on a flat stretch: no slope to follow"


def ball_mark(ascii: bool) -> str:
    return markers.BALL.get(ascii)


@dataclass(frozen=True)
class Verdict:
    """What the ball is doing, in words, and the shape of the ground where it is."""

    text: str
    curvatures: tuple[float, ...] = ()  # Hessian eigenvalues where it stopped, if flat
    settled: bool = False  # nothing more will happen if the walk goes on


def judge(
    f, path: DescentPath, k: int, coords: dict[str, float], ended: bool, width: float = 0.0
) -> Verdict:
    """The verdict after `k` steps of `path` (at `coords`); `ended` = no more steps exist.

    `width` is how wide the picture is in x: a step shorter than a thousandth of it on a
    clear slope counts as crawling, and a position within a ten-millionth of it of 0 reads
    as "≈ 0".
    """
    crawl_below = 1e-3 * width
    if len(path.points) == 0:
        return Verdict(NO_FOOTING, settled=True)
    if path.diverged and ended:
        falling = len(path.losses) >= 2 and path.losses[-1] < path.losses[-2]
        return Verdict(BOTTOMLESS if falling else RUNAWAY, settled=True)
    names = path.variables
    gradient = path.gradients[k] if len(path.gradients) > k else np.zeros(len(names))
    norm = float(np.linalg.norm(gradient)) if gradient.size else 0.0
    if norm < FLAT:
        bends = curvatures(f, coords, names)
        scale = 1e-3 * max([1.0, *(abs(b) for b in bends)])
        if bends and all(b > scale for b in bends):
            where = ", ".join(f"{name} {near(coords[name], width)}" for name in names)
            return Verdict(f"settled in a valley at {where}", bends, True)
        if any(b > scale for b in bends) and any(b < -scale for b in bends):
            return Verdict(SADDLE, bends, True)
        if bends and all(b < -scale for b in bends):
            return Verdict(PEAK, bends, True)
        return Verdict(PLATEAU, bends, True)
    if k >= 2 and growing_geometrically(path.points[k - 2 : k + 1], path.losses[k - 2 : k + 1]):
        return Verdict(DIVERGING)
    if k >= 1:
        before = path.gradients[k - 1]
        if float(np.dot(before, gradient)) < 0 or path.losses[k] > path.losses[k - 1]:
            return Verdict(OVERSHOOT)
    if k == 0:
        return Verdict("at the start: step (s) or play (space)")
    if ended:
        return Verdict(f"still rolling after {plural(k, 'step')}", settled=True)
    if norm > 0.05 and path.learning_rate * norm < crawl_below:
        # Short steps alone may just mean the bottom is near; crawling means each step closes
        # only a sliver of the way even where the ground bends (rate x curvature is tiny).
        bends = curvatures(f, coords, names)
        if path.learning_rate * max([0.0, *(abs(b) for b in bends)]) < 0.01:
            return Verdict(CRAWL)
    return Verdict(STILL)


def growing_geometrically(points: np.ndarray, losses: np.ndarray) -> bool:
    """True when the last two steps each went farther than the one before and landed higher:
    the walk is running away, not settling."""
    first, second = (float(np.linalg.norm(b - a)) for a, b in zip(points, points[1:], strict=False))
    return second > 1.2 * first > 0 and losses[2] > losses[1] > losses[0]


def near(value: float, width: float = 5.0) -> str:
    """A position in a sentence: round-off dust next to zero (within a ten-millionth of the
    picture's `width`) reads as "≈ 0", never "0"; anything larger is written out."""
    return "≈ 0" if value != 0 and abs(value) < 1e-7 * width else f"= {short(value)}"


class LandscapeScene(SceneState):
    """The walks, which one is shown, how far along it, and the picture for any size."""

    def __init__(self, params: dict) -> None:
        self.params = params
        self.f = parse(params["f"], variables=("x", "y"))
        self.two_d = "y" in self.f.variables
        if self.two_d:
            given = params["starts_xy"] or [(2.0, 0.5), (-2.0, -0.5), (0.5, 2.0)]
            self.starts = [{"x": float(p[0]), "y": float(p[1])} for p in given]
        else:
            given = params["starts"] or [0.0]
            self.starts = [{"x": float(x), "y": 0.0} for x in given]
        self.x_range = sane_range(params["x_range"])
        self.y_range = sane_range(params["y_range"])
        self.learning_rate = params["learning_rate"]
        self.start_index = 0
        self.shown = 0
        self.playing = False
        self.steps_per_frame = params["steps_per_frame"]
        self._grid_cache: tuple[tuple[int, int], list[str]] | None = None
        self._walks: dict[tuple[int, float], DescentPath] = {}
        self.height = "loss" if self._never_negative() else "f"
        self._walk()

    def _never_negative(self) -> bool:
        """Whether the ground never dips below 0 in the picture: only then is its height
        called a loss (a loss, an average of squares, cannot be negative)."""
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        xs = np.linspace(x0, x1, 201)
        ys = np.linspace(y0, y1, 41) if self.two_d else np.zeros(1)
        gx, gy = np.meshgrid(xs, ys)
        with np.errstate(all="ignore"):
            values = np.asarray(self.f.evaluate(x=gx, y=gy), dtype=float)
        finite = values[np.isfinite(values)]
        return bool(finite.size) and float(finite.min()) >= 0

    # --- the walk -------------------------------------------------------------------------

    def _walk(self) -> None:
        """The whole walk from the current start at the current rate, worked out once: going
        back to a start (t) or a rate (up, down) shows the walk already found."""
        key = (self.start_index, self.learning_rate)
        path = self._walks.get(key)
        if path is None:
            path = descend(self.f, self.start, self.learning_rate, self.params["steps"])
            self._walks[key] = path
        self.path = path

    @property
    def start(self) -> dict[str, float]:
        return self.starts[self.start_index]

    def coords(self, k: int | None = None) -> dict[str, float]:
        """Where the ball is after `k` steps (default: the step shown), x and y both given."""
        k = self.shown if k is None else k
        point = dict(self.start)
        if len(self.path.points):
            point.update(self.path.point(min(k, len(self.path.points) - 1)))
        return point

    @property
    def ended(self) -> bool:
        """No further step exists: the walk used all its steps or ran away."""
        return self.shown >= self.path.steps

    def verdict(self) -> Verdict:
        k = min(self.shown, max(len(self.path.points) - 1, 0))
        low, high = self.x_range
        return judge(self.f, self.path, k, self.coords(k), self.ended, high - low)

    def loss(self) -> float:
        point = self.coords()
        return float(self.f.evaluate(**point))

    def gradient(self) -> dict[str, float]:
        point = self.coords()
        grad = self.f.gradient(**point)
        return {name: float(grad.get(name, 0.0)) for name in self.names}

    @property
    def names(self) -> tuple[str, ...]:
        return ("x", "y") if self.two_d else ("x",)

    # --- actions (keys) -------------------------------------------------------------------

    def step(self) -> bool:
        """Reveal one more step; False when the walk has nowhere further to go."""
        if self.ended:
            return False
        self.shown += 1
        return True

    def tick(self) -> bool:
        """One animation frame; returns whether to keep playing (stops once settled)."""
        if self.playing:
            for _ in range(self.steps_per_frame):
                if not self.step():
                    break
            verdict = self.verdict()
            self.playing = not (self.ended or verdict.settled)
        return self.playing

    def toggle_play(self) -> bool:
        """Play or pause; a walk that has already come to rest plays again from its start."""
        if not self.playing and (self.ended or self.verdict().settled):
            self.shown = 0
        self.playing = not self.playing
        return self.playing

    def step_once(self) -> None:
        """One step by hand (pausing a walk that was playing)."""
        self.playing = False
        self.step()

    def next_start(self) -> None:
        """Put the ball at the next starting point."""
        self.playing = False
        self.select_start(self.start_index + 1)

    def select_start(self, index: int) -> None:
        """Put the ball at start `index` (counting from 0, wrapping around)."""
        self.start_index = index % len(self.starts)
        self.shown = 0
        self._walk()

    def faster(self) -> None:
        """Double the learning rate and walk again from the start."""
        self._set_rate(rates.doubled(self.learning_rate))

    def slower(self) -> None:
        """Halve the learning rate and walk again from the start."""
        self._set_rate(rates.halved(self.learning_rate))

    def settings(self) -> dict[str, float]:
        """The learning rate can be typed (`set lr 0.01`)."""
        return {"lr": self.learning_rate}

    def set(self, name: str, value: float) -> None:
        """Set the learning rate (`lr`) and walk again from the start."""
        if name != "lr":
            super().set(name, value)
        self.playing = False
        self._set_rate(rates.typed(value))

    def _set_rate(self, rate: float) -> None:
        self.learning_rate = rate
        self.shown = 0
        self._walk()

    def reset(self) -> None:
        self.playing = False
        self.shown = 0

    # --- words ----------------------------------------------------------------------------

    def readouts(self) -> list[str]:
        point = self.coords()
        grad = self.gradient()
        lines = [
            f"start {self.start_index + 1} of {len(self.starts)}",
            f"step = {self.shown}",
            f"lr = {short(self.learning_rate)}",
        ]
        lines += [f"{name} = {short(point[name])}" for name in self.names]
        lines.append(f"{self.height} = {short(self.loss())}")
        if self.two_d:
            top = "dL" if self.height == "loss" else "df"
            lines += [f"{top}/d{name} = {short(grad[name])}" for name in self.names]
        else:
            lines.append(f"slope = {short(grad['x'])}")
        return lines

    def verdict_text(self) -> str:
        verdict = self.verdict()
        text = verdict.text
        if verdict.text == SADDLE and len(verdict.curvatures) == 2:
            low, high = verdict.curvatures
            text = (
                f"{SADDLE}: the slope is 0, but the ground curves up one way (its curvature, "
                f"how fast the slope changes, is {short(high)}) and down another ({short(low)})"
            )
        away = self.off_picture()
        return f"{text}; the ball has left the picture at {away}" if away else text

    def off_picture(self) -> str:
        """Where the ball is, in words, when it is outside the picture ("" when inside)."""
        point = self.coords()
        ranges = {"x": self.x_range, "y": self.y_range}
        outside = [n for n in self.names if not ranges[n][0] <= point[n] <= ranges[n][1]]
        return ", ".join(f"{n} = {short(point[n])}" for n in self.names) if outside else ""

    def readout(self) -> str:
        """The numbers and the verdict, in words (for tests and screen readers)."""
        state = "playing" if self.playing else "paused"
        return "\n".join([*self.readouts(), f"verdict = {self.verdict_text()}", f"state = {state}"])

    # --- pictures -------------------------------------------------------------------------

    def frame(self, width: int, height: int, ascii: bool = False) -> Frame:
        """Picture, readouts and verdict in `height` lines of at most `width` characters.

        Readouts sit beside the picture when there is room, else below it; the verdict is
        last. When short of rows the picture goes first, then readouts from the end.
        """
        frame = Frame(width, height, ascii)
        if width < 1 or height < 1:
            return frame
        verdict = textwrap.wrap("verdict: " + self.verdict_text(), width)[:3]
        readouts = self.readouts()
        side = width >= 60
        packed = [] if side else cells(readouts, width)
        picture_height = height - len(verdict) - len(packed)
        picture_width = width - 24 if side else width
        body = max(height - len(verdict), 0)
        if picture_height >= 5 and picture_width >= 20:
            picture = self.picture(picture_width, picture_height, ascii)
            frame.place("picture", 0, 0, picture, picture_width)
            if side:
                frame.place("readouts", picture_width + 2, 0, readouts[:body], 22)
            else:
                frame.place("readouts", 0, len(picture), packed, width)
        else:
            frame.place("readouts", 0, 0, cells(readouts, width)[:body], width)
        frame.place("verdict", 0, min(frame.bottom, body), verdict, width)
        return frame

    def picture(self, width: int, height: int, ascii: bool = False) -> list[str]:
        return self.map(width, height, ascii) if self.two_d else self.curve(width, height, ascii)

    def trail(self) -> np.ndarray:
        """The points visited so far (one row per step, x and y columns)."""
        k = min(self.shown, max(len(self.path.points) - 1, 0))
        rows = [self.coords(i) for i in range(k + 1)]
        return np.array([[p["x"], p["y"]] for p in rows])

    def curve(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The loss curve, the numbered starts, the trail and the ball."""
        low, high = self.x_range
        xs = np.linspace(low, high, max(2 * width, 50))
        ys = np.broadcast_to(np.asarray(self.f.evaluate(x=xs, y=0.0), dtype=float), xs.shape)
        given = self.params["loss_range"]
        ylim = sane_range(given, limit=1e12, min_width=1e-9) if given else auto_limits(ys)
        ball = self.coords()["x"]
        if math.isfinite(ball) and low <= ball <= high:  # the ball sits on the drawn curve
            at = int(np.searchsorted(xs, ball))
            xs = np.insert(xs, at, ball)
            ys = np.insert(ys, at, float(self.f.evaluate(x=ball, y=0.0)))
        series = [Series(xs, ys, marker=CURVE, lines=True)]
        for i, start in enumerate(self.starts[:9]):
            x0 = start["x"]
            series.append(Series([x0], [float(self.f.evaluate(x=x0, y=0.0))], marker=str(i + 1)))
        trail = self.trail()
        losses = self.path.losses[: len(trail)]
        if len(trail) > 1:
            series.append(Series(trail[:-1, 0], losses[:-1], marker=TRAIL))
        point = self.coords()
        height_here = self.loss()
        if low <= point["x"] <= high and ylim[0] <= height_here <= ylim[1]:
            series.append(Series([point["x"]], [height_here], marker=ball_mark(ascii)))
        else:  # gone: an arrow on the edge it left by
            edge_x = min(max(point["x"], low), high)
            edge_y = (
                min(max(height_here, ylim[0]), ylim[1]) if math.isfinite(height_here) else ylim[1]
            )
            series.append(
                Series([edge_x], [edge_y], marker=self._away_mark(point["x"], low, ascii))
            )
        return text_plot(series, width, height, xlim=(low, high), ylim=tuple(ylim), ascii=ascii)

    @staticmethod
    def _away_mark(x: float, low: float, ascii: bool) -> str:
        """The arrow drawn on the edge where the ball left the picture."""
        left = x < low
        return ("<" if left else ">") if ascii else ("◀" if left else "▶")

    def map(self, width: int, height: int, ascii: bool = False) -> list[str]:
        """The shaded surface (blank = low), the numbered starts, the trail and the ball."""
        rows = self._shading(width, height - 1)
        grid = [list(row) for row in rows]
        for x, y in self.trail()[:-1]:
            self._put(grid, x, y, TRAIL)
        for i, start in enumerate(self.starts[:9]):
            self._put(grid, start["x"], start["y"], str(i + 1))
        point = self.coords()
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        if x0 <= point["x"] <= x1 and y0 <= point["y"] <= y1:
            self._put(grid, point["x"], point["y"], ball_mark(ascii))
        elif math.isfinite(point["x"]) and math.isfinite(point["y"]):  # gone: mark the edge
            inside_x = min(max(point["x"], x0), x1 - 1e-9 * (x1 - x0))
            inside_y = min(max(point["y"], y0 + 1e-9 * (y1 - y0)), y1)
            self._put(grid, inside_x, inside_y, self._away_mark(point["x"], x0, ascii))
        axis = f"x {short(x0)} to {short(x1)} ->, y {short(y0)} to {short(y1)} ^ (blank = low)"
        return ["".join(row) for row in grid] + [axis[:width]]

    @property
    def box(self) -> maps.Box:
        return (self.x_range, self.y_range)

    def _shading(self, width: int, height: int) -> list[str]:
        """The shaded map for a size, computed once per size (the surface never changes)."""
        key = (width, height)
        if self._grid_cache is None or self._grid_cache[0] != key:
            values = maps.sample(self.f.evaluate, self.box, width, height)
            self._grid_cache = (key, shade_grid(values))
        return self._grid_cache[1]

    def _put(self, grid: list[list[str]], x: float, y: float, mark: str) -> None:
        """Write `mark` at the cell holding (x, y), if it is on the map."""
        if grid and grid[0]:
            maps.put(grid, maps.cell_of(x, y, self.box, len(grid[0]), len(grid)), mark)


State = LandscapeScene


def check(params: dict) -> list[tuple[str, str]]:
    """The starts must suit f: x values (`starts`) for a curve in x, [x, y] points
    (`starts_xy`) for a surface in x and y; each point two numbers."""
    try:
        f = parse(params["f"], variables=("x", "y"))
    except ValueError:
        return []  # f's own mistake is reported at f
    default_starts = next(p.default for p in PARAMS if p.name == "starts")
    problems = []
    if "y" in f.variables and list(params["starts"]) != list(default_starts):
        words = "f is a surface in x and y: give its starts as points, starts_xy = [[x, y], ...]"
        problems.append(("starts", words + "; starts are x values for a curve in x"))
    if "y" not in f.variables and params["starts_xy"]:
        words = "f is a curve in x alone: give its starts as x values, starts = [...]"
        problems.append(("starts_xy", words + "; starts_xy are points for a surface in x and y"))
    if any(len(point) != 2 for point in params["starts_xy"]):
        problems.append(("starts_xy", "each starting point is [x, y]: two numbers"))
    return problems


def outcomes(
    params: dict, scene: LandscapeScene | None = None
) -> list[tuple[str, str, float, str]]:
    """For each start: (start, end, loss at the end, verdict) after the whole walk (on a
    scene of `params`, or on `scene`, whose walks are then reused)."""
    scene = LandscapeScene(params) if scene is None else scene
    shown = (scene.start_index, scene.shown)
    rows = []
    for index in range(len(scene.starts)):
        scene.select_start(index)
        scene.shown = scene.path.steps
        start = ", ".join(f"{n} = {short(scene.start[n])}" for n in scene.names)
        width = scene.x_range[1] - scene.x_range[0]
        end = ", ".join(f"{n} {near(scene.coords()[n], width)}" for n in scene.names)
        rows.append((start, end, scene.loss(), scene.verdict_text()))
    scene.select_start(shown[0])
    scene.shown = shown[1]
    return rows


def cost(params: dict) -> float:
    """Seconds `render_text` may take here (gradtui/scenes/kit/cost.py): every start's whole
    walk, each step one evaluation of f with its gradient, then the picture."""
    f = expression(params["f"])
    if f is None:
        return SCENE_SECONDS
    nodes = len(f.order)
    two_d = "y" in f.variables
    starts = (len(params["starts_xy"]) or 3) if two_d else (len(params["starts"]) or 1)
    walks = starts * (params["steps"] + 1 + VERDICT_EVALUATIONS)
    return SCENE_SECONDS + at_points(walks, nodes) + over_arrays(3, nodes, 201 * 41) + drawn(1152)


def render_text(params: dict, ascii: bool = False) -> str:
    """The landscape with every start's whole walk, and where each one ended."""
    scene = LandscapeScene(params)
    kind = "surface" if scene.two_d else "curve"
    intro = (
        f"Gradient descent on the {'loss ' if scene.height == 'loss' else ''}{kind} "
        f"f = {scene.f.text}, learning rate "
        f"{short(scene.learning_rate)}, up to {plural(params['steps'], 'step')}. The ball "
        f"({ball_mark(ascii)}) and its trail ({TRAIL}) show start 1's walk; the numbers mark "
        "the starts."
    )
    out = [*textwrap.wrap(intro, 76), ""]
    scene.shown = scene.path.steps
    out += scene.picture(72, 16, ascii)
    out.append("")
    for i, (start, end, loss, verdict) in enumerate(outcomes(params, scene), start=1):
        out.append(f"start {i}: {start} -> {end}, {scene.height} = {short(loss)}")
        out += textwrap.wrap(verdict, 72, initial_indent="    ", subsequent_indent="    ")
    text = "\n".join(out)
    return to_ascii(text) if ascii else text
