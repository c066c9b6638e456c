"""The training engine: a line fit by gradient descent, run line by line, step by step, or fast.

What a learner would check: the loss falls with a good rate; a rate that is too large blows up
and is caught (flag, message, nothing infinite kept); mini-batches are noisier than the full
batch; reset starts over exactly.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradtui.calculus.data import dataset_of, make_dataset
from gradtui.calculus.expr import ExprError, parse
from gradtui.calculus.models import Loss, read_model
from gradtui.calculus.training_loop import DIVERGED_MESSAGE, LOOP_LINES, LossHistory, Trainer


def mse_loss(weights, data) -> float:
    """The model's mean squared error over all of `data`, from the loss graph's forward pass."""
    return Loss(data.model).value(weights, data.xs, data.ys)


def mse_gradient(weights, data) -> np.ndarray:
    """Its slope along each weight, from the loss graph's backward pass."""
    return Loss(data.model).value_and_gradient(weights, data.xs, data.ys)[1]


def predict(model: str, weights, xs):
    return read_model(model).predict(weights, xs)


def line_trainer(**kwargs) -> Trainer:
    data = make_dataset(points=40, noise=0.5, true_w=2.0, true_b=-1.0, seed=4)
    return Trainer(data, **kwargs)


def test_the_dataset_is_seeded_and_near_the_true_line():
    first = make_dataset(points=50, noise=0.1, true_w=3.0, true_b=1.0, seed=7)
    again = make_dataset(points=50, noise=0.1, true_w=3.0, true_b=1.0, seed=7)
    other = make_dataset(points=50, noise=0.1, true_w=3.0, true_b=1.0, seed=8)
    assert np.array_equal(first.ys, again.ys) and not np.array_equal(first.ys, other.ys)
    residual = first.ys - (3.0 * first.xs + 1.0)
    assert first.model.weights == ("w", "b") and np.allclose(first.true_weights, [3.0, 1.0])
    assert abs(residual.std() - 0.1) < 0.05


def test_loss_and_gradient_agree_with_autodiff_of_the_same_formula():
    data = make_dataset(points=5, noise=0.3, seed=1)
    weights = np.array([0.7, -0.2])
    # The same mean squared error as an expression in w and b, differentiated by autodiff.
    pairs = zip(data.xs.tolist(), data.ys.tolist(), strict=True)
    terms = [f"(w*({x!r}) + b - ({y!r}))^2" for x, y in pairs]
    expr = parse(f"({' + '.join(terms)}) / {len(terms)}", variables=("w", "b"))
    value, grad = expr.value_and_gradient(w=0.7, b=-0.2)
    assert mse_loss(weights, data) == pytest.approx(value, rel=1e-12)
    dw, db = mse_gradient(weights, data)
    assert dw == pytest.approx(grad["w"], rel=1e-10) and db == pytest.approx(grad["b"], rel=1e-10)


def test_the_quadratic_model_gradient_matches_finite_differences():
    data = make_dataset(model="quadratic", points=30, true_a=0.5, seed=2)
    weights = np.array([0.1, 0.2, 0.3])
    exact = mse_gradient(weights, data)
    h = 1e-6
    for i in range(3):
        bump = np.eye(3)[i] * h
        up = mse_loss(weights + bump, data)
        down = mse_loss(weights - bump, data)
        assert exact[i] == pytest.approx((up - down) / (2 * h), rel=1e-6)


def test_a_good_learning_rate_makes_the_loss_fall_to_the_noise_floor():
    trainer = line_trainer(learning_rate=0.05)
    assert trainer.run(500) == 500
    losses = trainer.history.losses
    assert losses[0] > 4 and losses[-1] < 0.3  # 0.5 noise: the floor is about 0.25
    assert np.all(np.diff(losses) <= 1e-12)  # full batch, small rate: never goes up
    w, b = trainer.weights
    assert w == pytest.approx(2.0, abs=0.2) and b == pytest.approx(-1.0, abs=0.2)
    assert not trainer.diverged and trainer.message == ""


def test_a_tiny_learning_rate_crawls():
    crawl = line_trainer(learning_rate=0.001)
    good = line_trainer(learning_rate=0.05)
    crawl.run(100)
    good.run(100)
    assert crawl.history.losses[-1] > 5 * good.history.losses[-1]


def test_too_large_a_rate_diverges_and_is_caught():
    trainer = line_trainer(learning_rate=1.0)
    done = trainer.run(10_000)
    assert done < 100 and trainer.diverged and trainer.stopped
    assert trainer.message == DIVERGED_MESSAGE
    assert trainer.message == "diverged: the learning rate is too large for this landscape"
    losses = trainer.history.losses
    assert np.isfinite(losses).all() and losses[-1] > losses[0]  # it grew before it stopped
    assert np.isfinite(trainer.weights).all()
    assert trainer.step_line() is False and trainer.run(10) == 0  # stays stopped


def test_divergence_found_line_by_line_too():
    trainer = line_trainer(learning_rate=1.0)
    for _ in range(4000):
        if not trainer.step_line():
            break
    assert trainer.diverged and np.isfinite(trainer.history.losses).all()


def test_lowering_the_rate_and_resetting_recovers():
    trainer = line_trainer(learning_rate=1.0)
    trainer.run(1000)
    assert trainer.diverged
    trainer.learning_rate = 0.05
    trainer.reset()
    assert not trainer.diverged and trainer.message == "" and trainer.steps == 0
    trainer.run(300)
    assert not trainer.diverged and trainer.history.losses[-1] < 0.3


def test_overflow_to_infinity_is_caught_without_warnings():
    trainer = line_trainer(learning_rate=50.0)  # overflows float64 within a few steps
    trainer.run(10_000)
    assert trainer.diverged and np.isfinite(trainer.history.losses).all()


def test_the_four_lines_run_in_order_with_their_effects():
    trainer = line_trainer(learning_rate=0.1)
    assert trainer.line == 3 and trainer.loss is None  # as if a step had just finished
    trainer.step_line()
    assert trainer.line == 0 and trainer.loss == pytest.approx(trainer.start_loss)
    assert trainer.gradient is None
    trainer.step_line()
    assert trainer.line == 1 and trainer.gradient is not None
    assert np.array_equal(trainer.weights, [0.0, 0.0])  # not moved yet
    trainer.step_line()
    assert trainer.line == 2
    assert np.allclose(trainer.weights, -0.1 * trainer.gradient)  # stepped against the slope
    assert trainer.steps == 0 and len(trainer.history) == 0
    trainer.step_line()
    assert trainer.line == 3 and trainer.steps == 1 and len(trainer.history) == 1
    assert len(LOOP_LINES) == 4 and LOOP_LINES[2] == "weights -= lr * grad"


@pytest.mark.parametrize("batch_size", [0, 8])
def test_fast_forward_matches_stepping(batch_size):
    fast = line_trainer(learning_rate=0.05, batch_size=batch_size)
    slow = line_trainer(learning_rate=0.05, batch_size=batch_size)
    fast.step_line()  # half-way through a step: run() finishes it first
    fast.run(50)
    for _ in range(50):
        slow.step()
    assert fast.steps == slow.steps == 50
    assert np.allclose(fast.weights, slow.weights, rtol=1e-12, atol=1e-15)
    assert np.allclose(fast.history.losses, slow.history.losses, rtol=1e-12)


def test_mini_batches_are_noisier_than_the_full_batch():
    full = line_trainer(learning_rate=0.05)
    mini = line_trainer(learning_rate=0.05, batch_size=4)
    full.run(400)
    mini.run(400)
    # After the first fall, the size of the wiggles from one step to the next.
    full_wiggle = np.std(np.diff(full.history.losses[100:]))
    mini_wiggle = np.std(np.diff(mini.history.losses[100:]))
    assert mini_wiggle > 100 * max(full_wiggle, 1e-12)
    assert mini.full_loss() < 0.4  # noisy, but it still learns
    assert mini.mode == "mini-batch of 4" and full.mode == "full batch of 40"


def test_mini_batches_cover_every_point_each_epoch():
    trainer = line_trainer(batch_size=8)
    seen = []
    for _ in range(5):  # 5 batches of 8 = one pass over 40 points
        seen.extend(trainer.batch.tolist())
        trainer.step()
    assert sorted(seen) == list(range(40))


def test_switching_batch_mode_between_steps_takes_effect_at_once():
    trainer = line_trainer()
    assert trainer.full_batch and len(trainer.batch) == 40
    trainer.batch_size = 8
    assert len(trainer.batch) == 8 and not trainer.full_batch
    trainer.batch_size = 0
    assert len(trainer.batch) == 40
    trainer.batch_size = 400  # more than the data: the full batch
    assert trainer.full_batch


def test_reset_restores_the_start_exactly():
    trainer = line_trainer(learning_rate=0.05, batch_size=8, start_weights=(1.0, 1.0))
    trainer.run(30)
    first = trainer.history.losses.copy()
    trainer.reset()
    assert np.array_equal(trainer.weights, [1.0, 1.0]) and trainer.steps == 0
    assert len(trainer.history) == 0 and trainer.line == 3
    trainer.run(30)
    assert np.array_equal(trainer.history.losses, first)  # same batches again: seeded


def test_bad_settings_are_refused():
    with pytest.raises(ValueError):
        line_trainer(learning_rate=0.0)
    with pytest.raises(ValueError):
        line_trainer(learning_rate=math.inf)
    with pytest.raises(ValueError):
        line_trainer(batch_size=-1)
    with pytest.raises(ValueError):
        line_trainer(start_weights=(1.0, 2.0, 3.0))
    with pytest.raises(ValueError):
        make_dataset(model="cubic")


def test_max_steps_stops_the_run():
    trainer = line_trainer(max_steps=25)
    assert trainer.run(100) == 25 and trainer.finished and not trainer.diverged
    assert "25 steps" in trainer.message and trainer.step() is False


def test_the_history_stays_bounded_and_keeps_the_whole_run():
    history = LossHistory(cap=64)
    for step in range(10_000):
        history.add(step, 1.0 / (step + 1))
    assert len(history) < 64
    assert history.steps[0] == 0 and history.steps[-1] > 9000
    assert np.all(np.diff(history.steps) > 0)
    history.add(10_000 + history.stride, math.nan)
    assert np.isfinite(history.losses).all()


def test_predict_draws_the_fitted_curve():
    xs = np.array([0.0, 1.0, 2.0])
    assert np.allclose(predict("line", np.array([2.0, -1.0]), xs), [-1.0, 1.0, 3.0])
    assert np.allclose(predict("quadratic", np.array([1.0, 0.0, 0.0]), xs), [0.0, 1.0, 4.0])


def test_a_model_is_any_expression_in_x_and_its_weights():
    model = read_model("sigmoid(w*x + b)")
    assert model.weights == ("w", "b")
    assert read_model("a*x^2 + w*x + b").weights == ("a", "w", "b")  # in the order written
    assert read_model("quadratic").weights == ("a", "w", "b")
    data = make_dataset(model=model, points=30, truth={"w": 3.0, "b": -1.0}, noise=0.05, seed=3)
    weights = np.array([0.4, 0.2])
    exact = mse_gradient(weights, data)
    h = 1e-6
    for i in range(2):  # the autodiff slope of the loss agrees with nudging each weight
        bump = np.eye(2)[i] * h
        numeric = (mse_loss(weights + bump, data) - mse_loss(weights - bump, data)) / (2 * h)
        assert exact[i] == pytest.approx(numeric, rel=1e-6)
    trainer = Trainer(data, learning_rate=2.0)
    trainer.run(3000)
    assert trainer.full_loss() < 0.01  # it learns the curve the data was made from


def test_the_loss_gradient_of_given_points_matches_a_hand_written_sum():
    data = dataset_of("w*x + b", [[0, 1], [1, 3], [2, 5.5]])
    loss, (dw, db) = Loss(data.model).value_and_gradient([1.0, 0.5], data.xs, data.ys)
    residuals = [1.0 * x + 0.5 - y for x, y in [(0, 1), (1, 3), (2, 5.5)]]
    assert loss == pytest.approx(sum(r * r for r in residuals) / 3, rel=1e-15)
    xs = [0, 1, 2]
    assert dw == pytest.approx(2 / 3 * sum(r * x for r, x in zip(residuals, xs, strict=True)))
    assert db == pytest.approx(2 / 3 * sum(residuals))


@pytest.mark.parametrize(
    "text, message",
    [("3*x", "needs a weight"), ("a*x + b*c*d*k*f*g", "at most 6 weights")],
)
def test_models_without_weights_or_with_too_many_are_refused(text, message):
    with pytest.raises(ExprError, match=message):
        read_model(text)
