"""`gradtui print 2` as a reader runs it: lesson 2's board and field numbers, checked against
hand sums and closed forms worked out here from the lesson's own parameters."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gradtui.script.parse import load_lesson

# Under `make test` (pytest-xdist) one worker takes the whole module: lesson 2 is printed once for
# the whole module.
pytestmark = pytest.mark.xdist_group("print-lesson-2")

ROOT = Path(__file__).resolve().parent.parent.parent
LESSON = ROOT / "lessons" / "02-gradient.md"


@pytest.fixture(scope="module")
def printed() -> str:
    result = subprocess.run(
        [sys.executable, "-m", "gradtui", "print", "2"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 0 and not result.stderr, result.stderr
    return result.stdout


def step_text(printed: str, number: int) -> str:
    start = printed.index(f"[step {number} of ")
    end = printed.find("[step ", start + 1)
    return printed[start : end if end > 0 else None]


def scene_params(kind: str, index: int = 0) -> tuple[int, dict]:
    steps = [s for s in load_lesson(LESSON).steps if s.scene is not None and s.scene.kind == kind]
    return steps[index].number, steps[index].scene.params


def nudge_row(text: str, name: str) -> list[float]:
    """The numbers of a weight's row in the nudge table: start, L after, ΔL, ΔL/Δ, exact."""
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 6 and parts[0] == name and re.fullmatch(r"[-\d.e+]+", parts[1]):
            return [float(p) for p in parts[1:]]
    raise AssertionError(f"no nudge row for {name}")


def mse(model, weights, xs, ys) -> float:
    return float(np.mean((model(weights, xs) - ys) ** 2))


def test_the_lesson_has_eight_steps_or_more_and_three_checks():
    lesson = load_lesson(LESSON)
    assert len(lesson.steps) >= 8
    assert sum(step.check is not None for step in lesson.steps) >= 3
    kinds = {step.scene.kind for step in lesson.steps if step.scene is not None}
    assert {"board", "field"} <= kinds


def test_the_first_board_prints_its_loss_nudges_gradient_and_one_step(printed):
    number, params = scene_params("board")
    text = step_text(printed, number)
    data = np.array(params["data"], dtype=float)
    xs, ys = data[:, 0], data[:, 1]

    def line(weights, x):
        return weights[0] * x + weights[1]

    start = (params["weights"]["w"], params["weights"]["b"])
    loss = mse(line, start, xs, ys)
    assert f"At the start, loss L = {loss:.6g}." in text
    residual = line(start, xs) - ys
    exact = (2 * np.mean(residual * xs), 2 * np.mean(residual))  # the closed-form partials
    delta = params["nudge"]
    for name, index, partial in (("w", 0, exact[0]), ("b", 1, exact[1])):
        _, after_shown, _, ratio, autodiff = nudge_row(text, name)
        moved = list(start)
        moved[index] += delta
        after = mse(line, moved, xs, ys)
        assert after_shown == pytest.approx(after, rel=1e-5)
        assert ratio == pytest.approx((after - loss) / delta, rel=1e-5)  # by nudge
        assert autodiff == pytest.approx(partial, rel=1e-5)  # by autodiff
    length = math.hypot(*exact)
    assert re.search(rf"\|∇L\| =\s+{length:.6g}\.", text)
    rate = params["learning_rate"]
    stepped = (start[0] - rate * exact[0], start[1] - rate * exact[1])
    assert f"the loss falls from {loss:.6g} to {mse(line, stepped, xs, ys):.6g}." in " ".join(
        text.split()
    )


def test_the_quadratic_board_prints_three_partials(printed):
    number, params = scene_params("board", 2)
    text = step_text(printed, number)
    data = np.array(params["data"], dtype=float)
    xs, ys = data[:, 0], data[:, 1]
    a, w, b = (params["weights"][n] for n in ("a", "w", "b"))
    residual = a * xs**2 + w * xs + b - ys
    partials = [2 * np.mean(residual * xs**2), 2 * np.mean(residual * xs), 2 * np.mean(residual)]
    for name, partial in zip("awb", partials, strict=True):
        assert nudge_row(text, name)[4] == pytest.approx(partial, rel=1e-5)


def test_the_first_field_prints_f_its_partials_length_compass_and_map(printed):
    number, params = scene_params("field")
    text = step_text(printed, number)
    x, y = params["at"]
    assert params["f"] == "x^2 + 2*y^2"
    gx, gy = 2 * x, 4 * y  # the closed form
    assert re.search(rf"f\s+= {x**2 + 2 * y**2:.6g}\n", text)
    assert re.search(rf"∂f/∂x\s+= {gx:.6g} ", text) and re.search(rf"∂f/∂y\s+= {gy:.6g} ", text)
    assert re.search(rf"\|∇f\|\s+= {math.hypot(gx, gy):.6g}\n", text)
    heading = math.degrees(math.atan2(gy, gx))
    assert f"uphill   = {heading:.5g}° (NE)" in text
    rows = re.findall(r"^\s+([\d.]+)°\s+([A-Z]+)\s+(-?[\d.]+)", text, re.MULTILINE)
    assert len(rows) == params["headings"] + 1  # and, in its place, the gradient's own heading
    assert f"{heading:.5g}°  NE" in text
    for degrees, _, slope in rows:
        expected = gx * math.cos(math.radians(float(degrees))) + gy * math.sin(
            math.radians(float(degrees))
        )
        assert float(slope) == pytest.approx(expected, rel=1e-4, abs=1e-4)
    map_lines = text[text.index("The map in 7-bit text") :].splitlines()[1:19]
    assert all(line.isascii() for line in map_lines) and "o" in "".join(map_lines)


def test_the_flat_field_says_so(printed):
    number, _ = scene_params("field", 3)
    text = step_text(printed, number)
    assert "uphill   = none: flat here" in text and "Flat here" in " ".join(text.split())
