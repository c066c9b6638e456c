"""Gradient descent: walking downhill, and stopping cleanly when the walk runs away."""

from __future__ import annotations

import numpy as np
import pytest

from gradtui.calculus.descent import MAX_STEPS, descend
from gradtui.calculus.expr import ExprError, parse

BOWL = parse("(x-1)^2 + 10*y^2")


def test_a_small_learning_rate_reaches_the_bottom_of_the_bowl():
    path = descend(BOWL, {"x": 3.0, "y": 1.0}, learning_rate=0.04, steps=300)
    assert path.variables == ("x", "y")
    assert path.points.shape == (301, 2)
    assert path.losses.shape == (301,)
    assert path.gradients.shape == (301, 2)
    assert path.diverged_at is None
    np.testing.assert_allclose(path.points[-1], [1.0, 0.0], atol=1e-6)
    assert path.point() == {"x": pytest.approx(1.0), "y": pytest.approx(0.0, abs=1e-6)}


def test_each_step_goes_against_the_gradient():
    path = descend(BOWL, {"x": 3.0, "y": 1.0}, learning_rate=0.01, steps=5)
    np.testing.assert_allclose(path.points[0], [3.0, 1.0])
    np.testing.assert_allclose(path.gradients[0], [4.0, 20.0])
    np.testing.assert_allclose(path.points[1], [3.0 - 0.04, 1.0 - 0.2])
    assert np.all(np.diff(path.losses) < 0)


def test_too_large_a_learning_rate_diverges_and_stops_with_finite_records():
    path = descend(BOWL, {"x": 3.0, "y": 1.0}, learning_rate=0.2, steps=10_000)
    assert path.diverged_at is not None
    assert path.diverged
    assert path.steps < 100
    assert len(path.points) == path.diverged_at
    assert np.all(np.isfinite(path.points))
    assert np.all(np.isfinite(path.losses))
    assert np.abs(path.points).max() <= 1e12


def test_a_start_outside_the_domain_records_nothing():
    path = descend(parse("log(x)"), {"x": -1.0}, learning_rate=0.1, steps=10)
    assert path.diverged_at == 0
    assert path.points.shape == (0, 1)
    assert path.losses.shape == (0,)


def test_an_infinite_gradient_stops_the_walk_after_recording_the_point():
    path = descend(parse("sqrt(x)"), {"x": 0.0}, learning_rate=0.1, steps=10)
    assert path.points.tolist() == [[0.0]]
    assert path.diverged_at == 1


def test_nan_learning_rate_is_caught_not_recorded():
    path = descend(BOWL, {"x": 3.0, "y": 1.0}, learning_rate=float("nan"), steps=10)
    assert path.diverged_at == 1
    assert np.all(np.isfinite(path.points))


def test_steps_are_capped_and_never_negative():
    assert descend(BOWL, {"x": 1.0, "y": 0.0}, 0.0, -5).points.shape == (1, 2)
    flat = descend(parse("x * 0"), {"x": 1.0}, 0.1, 10**9)
    assert flat.steps == MAX_STEPS


def test_zero_steps_records_the_start():
    path = descend(BOWL, {"x": 2.0, "y": 0.5}, 0.1, 0)
    assert path.points.tolist() == [[2.0, 0.5]]
    assert path.losses.tolist() == [pytest.approx(1.0 + 2.5)]


def test_missing_start_value_is_named():
    with pytest.raises(ExprError, match="y"):
        descend(BOWL, {"x": 1.0}, 0.1, 10)


def test_extra_start_values_are_ignored():
    path = descend(parse("x**2"), {"x": 1.0, "unused": 5.0}, 0.25, 3)
    assert path.variables == ("x",)
    np.testing.assert_allclose(path.points[:, 0], [1.0, 0.5, 0.25, 0.125])


def test_local_minimum_depends_on_the_start():
    wavy = parse("x**4 - 3*x**2 + x")
    left = descend(wavy, {"x": -2.0}, 0.01, 2000).point()["x"]
    right = descend(wavy, {"x": 2.0}, 0.01, 2000).point()["x"]
    assert left < 0 < right
