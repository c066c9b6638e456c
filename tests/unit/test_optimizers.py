"""Momentum and Adam, checked against an independent implementation.

The reference (tests/unit/conftest.py, `numpy_descent`) is written from the update rules as
PyTorch documents them
(``SGD(momentum=β)``: velocity = β·velocity + grad, weights -= lr·velocity; ``Adam``: running
averages m and v of grad and grad², bias-corrected, weights -= lr·m̂ / (√v̂ + ε)), with the
gradient of the mean squared error worked out by hand, and the mini-batch order the training
loop documents (each epoch ``random.Random(seed).sample(range(n), n)``, consecutive slices, a
short tail skipped). It imports nothing of gradtui's optimizers, loss or autodiff: a learner
checking the project's numbers with their own numpy would write this.
"""

from __future__ import annotations

import numpy as np
import pytest

from gradtui.calculus.data import dataset_of
from gradtui.calculus.descent import descend
from gradtui.calculus.expr import parse
from gradtui.calculus.optimizers import Optimizer
from gradtui.calculus.training_loop import Trainer, loop_lines

CASES = [
    # rule, model, learning rate, batch size, the rule's own settings
    ("sgd", "line", 0.05, 0, {}),
    ("momentum", "line", 0.02, 0, {"momentum": 0.9}),
    ("momentum", "quadratic", 0.01, 0, {"momentum": 0.5}),
    ("adam", "line", 0.1, 0, {}),
    ("adam", "quadratic", 0.05, 0, {"beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6}),
    ("sgd", "line", 0.05, 8, {}),
    ("momentum", "line", 0.02, 8, {"momentum": 0.9}),
    ("momentum", "quadratic", 0.01, 6, {"momentum": 0.99}),
    ("adam", "line", 0.05, 1, {}),
    ("adam", "quadratic", 0.05, 7, {"beta1": 0.5}),
]


def project_trainer(points, rule, model, lr, batch, settings, start, seed=3) -> Trainer:
    """The project's trainer on the reference's points (`points`, numpy_descent.points)."""
    xs, ys = points()
    data = dataset_of(model, np.stack([xs, ys], axis=1).tolist())
    optimizer = Optimizer(rule, learning_rate=lr, **settings)
    return Trainer(data, learning_rate=lr, batch_size=batch, start_weights=start, seed=seed,
                   optimizer=optimizer)  # fmt: skip


@pytest.mark.parametrize(("rule", "model", "lr", "batch", "settings"), CASES)
@pytest.mark.parametrize("how", ["run", "lines"])
def test_the_trainer_matches_the_reference_after_n_steps(
    numpy_descent, rule, model, lr, batch, settings, how
):
    start = [0.3, -0.2] if model == "line" else [0.1, 0.3, -0.2]
    trainer = project_trainer(numpy_descent.points, rule, model, lr, batch, settings, start)
    steps = 150
    if how == "run":
        assert trainer.run(steps) == steps
    else:  # line by line, as a learner pressing s
        while trainer.steps < steps:
            assert trainer.step_line()
    xs, ys = numpy_descent.points()
    renamed = {"momentum": "beta", "epsilon": "eps"}
    own = {renamed.get(k, k): value for k, value in settings.items()}
    weights, loss = numpy_descent.run(model, xs, ys, start, steps, rule, lr, batch, seed=3, **own)
    assert trainer.weights == pytest.approx(weights, rel=1e-9, abs=1e-12)
    assert trainer.full_loss() == pytest.approx(loss, rel=1e-9)


def test_momentum_with_beta_zero_is_plain_descent_and_adam_steps_each_weight_about_lr(
    numpy_descent,
):
    start, points = [0.3, -0.2], numpy_descent.points
    plain = project_trainer(points, "sgd", "line", 0.05, 0, {}, start)
    heavy = project_trainer(points, "momentum", "line", 0.05, 0, {"momentum": 0.0}, start)
    plain.run(40)
    heavy.run(40)
    assert heavy.weights == pytest.approx(plain.weights, rel=1e-12)
    adam = project_trainer(points, "adam", "line", 0.01, 0, {}, start)
    adam.run(1)  # the first step: m̂ / √v̂ is the gradient's sign, so each weight moves lr
    assert np.abs(adam.weights - np.array(start)) == pytest.approx([0.01, 0.01], rel=1e-6)


def test_the_update_line_shows_what_each_rule_changes():
    assert loop_lines("sgd")[2] == "weights -= lr * grad" and len(loop_lines("sgd")) == 4
    momentum = loop_lines("momentum")
    assert momentum[2] == "velocity = β * velocity + grad"
    assert momentum[3] == "weights -= lr * velocity" and momentum[-1] == "repeat"
    assert any("m̂" in line and "√(v̂)" in line for line in loop_lines("adam"))


def test_the_memory_line_runs_before_the_move_when_stepping_by_hand(numpy_descent):
    trainer = project_trainer(
        numpy_descent.points, "momentum", "line", 0.05, 0, {"momentum": 0.9}, [0.3, -0.2]
    )
    for _ in range(2):
        trainer.step_line()  # the loss, then the gradient
    before = trainer.weights.copy()
    trainer.step_line()  # the velocity: the weights have not moved yet
    assert trainer.lines[trainer.line].startswith("velocity")
    assert np.array_equal(trainer.weights, before)
    assert trainer.memory.velocity == pytest.approx(trainer.gradient)
    trainer.step_line()
    assert trainer.weights == pytest.approx(before - 0.05 * trainer.gradient)


def test_settings_out_of_bounds_are_refused_in_words():
    with pytest.raises(ValueError, match="momentum must be from 0 to 0.999"):
        Optimizer("momentum", momentum=1.0)
    with pytest.raises(ValueError, match="one of sgd, momentum, adam"):
        Optimizer("rmsprop")
    with pytest.raises(ValueError, match="epsilon"):
        Optimizer("adam", epsilon=0.0)


@pytest.mark.parametrize("rule", ["sgd", "momentum", "adam"])
def test_the_walk_on_a_landscape_matches_the_reference(rule, numpy_descent):
    valley = parse("0.1*x^2 + 2*y^2", variables=("x", "y"))
    path = descend(valley, {"x": -4.0, "y": 1.0}, 0.4, 60, Optimizer(rule))
    assert path.steps == 60

    def slope(point):  # of 0.1x² + 2y², by hand
        return np.array([0.2 * point[0], 4 * point[1]])

    expected = numpy_descent.by_hand(slope, [-4.0, 1.0], 60, rule, 0.4)
    assert path.points[-1] == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_on_a_long_narrow_valley_momentum_gets_much_further_along_the_floor():
    valley = parse("0.01*x^2 + 2*y^2", variables=("x", "y"))  # 200 times steeper across
    plain = descend(valley, {"x": -4.0, "y": 1.0}, 0.45, 60, Optimizer("sgd"))
    heavy = descend(valley, {"x": -4.0, "y": 1.0}, 0.45, 60, Optimizer("momentum"))
    across = plain.points[:6, 1]
    assert np.all(across[1:] * across[:-1] < 0)  # plain descent zig-zags across the valley
    assert abs(plain.points[-1][0]) > 2  # and is barely half-way along it
    assert abs(heavy.points[-1][0]) < abs(plain.points[-1][0]) / 10
    assert heavy.losses[-1] < plain.losses[-1] / 10
