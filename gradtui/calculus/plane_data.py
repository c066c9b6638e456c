"""Two classes of points in the plane for a network to tell apart, and the features it reads.

Five ways of making them, after TensorFlow Playground's (written anew here): `circle` (one
class in a disc, the other in a ring around it), `xor` (the class is the sign of x1 * x2:
opposite corners agree), `gauss` (two round clouds), `spiral` (two arms wound round each
other) and `moons` (two interlocking half-rings). Every point lies within about 6 of the
origin. `noise` (0 to 0.5) moves each point by up to that fraction of the data's radius, 5, in
each direction, after its class was chosen: more noise, more points on the wrong side; for
`gauss` it widens the clouds instead. A seeded `random.Random` makes them (numpy's generators
cost megabytes to load), so a seed always gives the same points.

A *feature* is what the network's first layer reads: x1 and x2 themselves, or x1^2, x2^2,
x1*x2, sin(x1), sin(x2), worked out from each point.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

DATASETS = ("circle", "xor", "gauss", "spiral", "moons")
RADIUS = 5.0  # the data's scale: noise is a fraction of it
EXTENT = 6.0  # the plane shown: x1 and x2 from -EXTENT to EXTENT
MAX_NOISE = 0.5

# What the first layer can read, by name, each a function of the columns x1 and x2.
FEATURES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}


@dataclass(frozen=True)
class Points:
    """Points of the plane (`xy`, n rows of x1, x2) and their classes (`labels`, 0 or 1)."""

    xy: np.ndarray
    labels: np.ndarray

    @property
    def size(self) -> int:
        return int(self.labels.size)

    def take(self, rows: np.ndarray) -> Points:
        return Points(self.xy[rows], self.labels[rows])


def features(names: Sequence[str], xy: np.ndarray) -> np.ndarray:
    """The columns the network reads, one per feature name, for each point (n x len(names))."""
    x1, x2 = xy[:, 0], xy[:, 1]
    with np.errstate(all="ignore"):
        return np.column_stack([FEATURES[name](x1, x2) for name in names]).astype(float)


# --- the five datasets ------------------------------------------------------------------------
# Each takes the generator, how many points of each class, and the noise, and returns a list of
# (x1, x2, label). They draw every random number they use through `rng`, in a fixed order.


def _shaken(rng: random.Random, x: float, y: float, noise: float) -> tuple[float, float]:
    """(x, y) moved by up to noise * RADIUS in each direction."""
    reach = noise * RADIUS
    return x + rng.uniform(-reach, reach), y + rng.uniform(-reach, reach)


def _circle(rng: random.Random, half: int, noise: float) -> list[tuple[float, float, int]]:
    """Class 1 (x) inside radius 2.5; class 0 (o) in the ring from 3.5 to 5."""
    out = []
    for label, low, high in ((1, 0.0, 0.5 * RADIUS), (0, 0.7 * RADIUS, RADIUS)):
        for _ in range(half):
            r, angle = rng.uniform(low, high), rng.uniform(0.0, 2 * math.pi)
            out.append((*_shaken(rng, r * math.sin(angle), r * math.cos(angle), noise), label))
    return out


def _xor(rng: random.Random, half: int, noise: float) -> list[tuple[float, float, int]]:
    """Class 1 where x1 and x2 have the same sign, class 0 where they differ (kept 0.3 off
    the axes, so no point sits on the line between them before the noise)."""
    out = []
    for _ in range(2 * half):
        x, y = (v + math.copysign(0.3, v) for v in (rng.uniform(-5, 5), rng.uniform(-5, 5)))
        out.append((*_shaken(rng, x, y, noise), 1 if x * y > 0 else 0))
    return out


def _gauss(rng: random.Random, half: int, noise: float) -> list[tuple[float, float, int]]:
    """Two round clouds, class 1 around (2, 2) and class 0 around (-2, -2); noise widens
    them (spread 0.5 to 4, as noise goes from 0 to 0.5)."""
    spread = 0.5 + 3.5 * noise / MAX_NOISE
    out = []
    for label, centre in ((1, 2.0), (0, -2.0)):
        for _ in range(half):
            out.append((rng.gauss(centre, math.sqrt(spread)), rng.gauss(centre, math.sqrt(spread)),
                        label))  # fmt: skip
    return out


def _spiral(rng: random.Random, half: int, noise: float) -> list[tuple[float, float, int]]:
    """Two arms winding out from the centre, half a turn apart, each 1.75 turns long."""
    out = []
    for label, turn in ((1, 0.0), (0, math.pi)):
        for i in range(half):
            r = i / half * RADIUS
            t = 1.75 * i / half * 2 * math.pi + turn
            out.append((*_shaken(rng, r * math.sin(t), r * math.cos(t), noise / 5), label))
    return out


def _moons(rng: random.Random, half: int, noise: float) -> list[tuple[float, float, int]]:
    """Two half-rings of radius 2.5 hooked into each other: class 1 arching up, class 0
    arching down and shifted right, the pair centred on the origin."""
    out = []
    for _ in range(half):
        t = rng.uniform(0.0, math.pi)
        x, y = 2.5 * math.cos(t) - 1.25, 2.5 * math.sin(t) - 0.6
        out.append((*_shaken(rng, x, y, noise / 2), 1))
    for _ in range(half):
        t = rng.uniform(0.0, math.pi)
        x, y = 1.25 - 2.5 * math.cos(t), 0.6 - 2.5 * math.sin(t)
        out.append((*_shaken(rng, x, y, noise / 2), 0))
    return out


_MAKERS = {"circle": _circle, "xor": _xor, "gauss": _gauss, "spiral": _spiral, "moons": _moons}


def make_points(dataset: str, count: int, noise: float, seed: int) -> Points:
    """`count` points of `dataset` (at least 2), about half of each class, in a random order:
    the same points for the same seed."""
    if dataset not in _MAKERS:
        raise ValueError(f"unknown dataset {dataset!r}; the datasets are {', '.join(DATASETS)}")
    count = max(int(count), 2)
    rng = random.Random(seed)
    made = _MAKERS[dataset](rng, (count + 1) // 2, min(max(float(noise), 0.0), MAX_NOISE))
    rng.shuffle(made)
    table = np.array(made[:count], dtype=float).reshape(-1, 3)
    return Points(table[:, :2].copy(), table[:, 2].copy())


def given_points(rows: Sequence[Sequence[float]]) -> Points:
    """Points a lesson writes out as [x1, x2, label]."""
    table = np.array([[float(v) for v in row[:3]] for row in rows], dtype=float).reshape(-1, 3)
    return Points(table[:, :2].copy(), table[:, 2].copy())


def split(points: Points, test_fraction: float) -> tuple[Points, Points]:
    """(training points, test points): the last round(n * test_fraction) points are kept for
    testing (the points come in random order), leaving at least one to train on."""
    tests = min(round(points.size * float(test_fraction)), points.size - 1)
    cut = points.size - max(tests, 0)
    rows = np.arange(points.size)
    return points.take(rows[:cut]), points.take(rows[cut:])
