"""The network's maths: its gradient against finite differences over many random networks, its
training against a plain numpy network written here (the same initial weights and batches),
the documented initialisation and batch order, the datasets and features, the matrix product
in autodiff, and one example's scalar graph against the batch's matrix pass."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradtui.calculus.autodiff import Node, backward, forward, forward_order
from gradtui.calculus.forward_mode import tangent_pass
from gradtui.calculus.network import (
    NetworkGraph,
    NetworkTrainer,
    Shape,
    gradient_check,
    initial_weights,
    largest_difference,
    weights_generator,
)
from gradtui.calculus.one_example import ExampleGraph
from gradtui.calculus.plane_data import (
    DATASETS,
    FEATURES,
    features,
    given_points,
    make_points,
    split,
)

# --- a network written out with numpy alone, forward and backward by hand ---------------------


def act(name: str, z: np.ndarray) -> np.ndarray:
    return {"tanh": np.tanh, "relu": lambda v: np.maximum(v, 0), "linear": lambda v: v,
            "sigmoid": lambda v: 1 / (1 + np.exp(-v))}[name](z)  # fmt: skip


def act_slope(name: str, z: np.ndarray) -> np.ndarray:
    if name == "tanh":
        return 1 - np.tanh(z) ** 2
    if name == "relu":
        return (z > 0).astype(float)
    if name == "sigmoid":
        s = 1 / (1 + np.exp(-z))
        return s * (1 - s)
    return np.ones_like(z)


def reference_loss(weights, x, y, activation, l2=0.0) -> float:
    """Mean log loss of a sigmoid output (plus l2 * sum of squared weights), by numpy alone."""
    a = x
    layers = len(weights) // 2
    for k in range(layers):
        z = a @ weights[2 * k] + weights[2 * k + 1]
        a = z if k == layers - 1 else act(activation, z)
    z = a[:, 0]
    loss = np.mean(np.logaddexp(0, z) - y * z)
    return float(loss + l2 * sum(np.sum(w * w) for w in weights[::2]))


def reference_gradient(weights, x, y, activation, l2=0.0) -> list[np.ndarray]:
    """The same loss's gradient, by the chain rule written out by hand."""
    layers = len(weights) // 2
    inputs, zs, a = [], [], x
    for k in range(layers):
        inputs.append(a)
        z = a @ weights[2 * k] + weights[2 * k + 1]
        zs.append(z)
        a = z if k == layers - 1 else act(activation, z)
    p = 1 / (1 + np.exp(-zs[-1]))
    dz = (p - y.reshape(-1, 1)) / len(y)
    grads: list[np.ndarray] = [np.empty(0)] * len(weights)
    for k in range(layers - 1, -1, -1):
        grads[2 * k] = inputs[k].T @ dz + 2 * l2 * weights[2 * k]
        grads[2 * k + 1] = dz.sum(axis=0)
        if k:
            dz = (dz @ weights[2 * k].T) * act_slope(activation, zs[k - 1])
    return grads


def reference_training(weights, x, y, batches, rate, activation, l2=0.0):
    weights = [w.copy() for w in weights]
    for rows in batches:
        grads = reference_gradient(weights, x[rows], y[rows], activation, l2)
        weights = [w - rate * g for w, g in zip(weights, grads, strict=True)]
    return weights


# --- random networks ------------------------------------------------------------------------------

shapes = st.builds(
    Shape,
    features=st.lists(st.sampled_from(list(FEATURES)), min_size=1, max_size=4, unique=True).map(
        tuple
    ),
    hidden=st.lists(st.integers(1, 5), max_size=3).map(tuple),
    activation=st.sampled_from(["tanh", "sigmoid", "linear", "relu"]),
)


@settings(max_examples=60, deadline=None)
@given(shape=shapes, seed=st.integers(0, 10_000), l2=st.sampled_from([0.0, 0.01, 0.3]),
       count=st.integers(1, 12))  # fmt: skip
def test_every_weights_gradient_matches_a_central_difference(shape, seed, l2, count):
    """The backward pass against central differences of the loss, for every weight of
    random networks (shapes, activations, L2, batches); and against the hand-written chain
    rule."""
    rng = random.Random(seed)
    xy = np.array([[rng.uniform(-5, 5), rng.uniform(-5, 5)] for _ in range(count)])
    labels = np.array([float(rng.random() < 0.5) for _ in range(count)])
    columns = features(shape.features, xy)
    weights = [w * 2 for w in initial_weights(shape, weights_generator(seed))]
    graph = NetworkGraph(shape, l2)
    loss, gradient = graph.loss_and_gradient(weights, columns, labels)
    assert loss == pytest.approx(reference_loss(weights, columns, labels, shape.activation, l2),
                                 rel=1e-12, abs=1e-12)  # fmt: skip
    by_hand = reference_gradient(weights, columns, labels, shape.activation, l2)
    for got, want in zip(gradient, by_hand, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
    for k, array in enumerate(weights):
        for index in np.ndindex(array.shape):
            h = 1e-6 * max(1.0, abs(array[index]))
            up, down = [w.copy() for w in weights], [w.copy() for w in weights]
            up[k][index] += h
            down[k][index] -= h
            central = (
                reference_loss(up, columns, labels, shape.activation, l2)
                - reference_loss(down, columns, labels, shape.activation, l2)
            ) / (2 * h)
            assert gradient[k][index] == pytest.approx(central, rel=1e-5, abs=1e-7), (k, index)


def test_the_gradient_check_finds_no_difference_and_would_find_one():
    shape = Shape(("x1", "x2", "x1*x2"), (4, 3), "tanh")
    points = make_points("circle", 40, 0.1, 3)
    columns = features(shape.features, points.xy)
    weights = initial_weights(shape, weights_generator(3))
    checks = gradient_check(NetworkGraph(shape), weights, columns, points.labels)
    assert len(checks) == shape.weight_count == (3 + 1) * 4 + (4 + 1) * 3 + (3 + 1) * 1
    assert largest_difference(checks) < 1e-5
    assert checks[0].name == "W1[1,1]" and checks[-1].name == "b3[1]"
    wrong = checks[0].__class__("W1[1,1]", 0.0, checks[0].central * 1.01 + 1e-6, checks[0].central)
    assert largest_difference([wrong]) > 1e-3


# --- training against the plain numpy network ----------------------------------------------------


@pytest.mark.parametrize(
    ("activation", "hidden", "batch", "l2", "names"),
    [
        ("tanh", (8, 8), 10, 0.0, ("x1", "x2")),
        ("relu", (5,), 7, 0.001, ("x1", "x2", "x1^2")),
        ("sigmoid", (3, 3, 3), 0, 0.0, ("x1", "x2", "sin(x1)")),
        ("linear", (), 16, 0.01, ("x1^2", "x2^2", "x1*x2")),
    ],
)
def test_training_matches_a_plain_numpy_network_after_100_steps(activation, hidden, batch, l2,
                                                                names):  # fmt: skip
    shape = Shape(names, hidden, activation)
    train, test = split(make_points("xor", 120, 0.2, 5), 0.5)
    trainer = NetworkTrainer(shape, train, test, learning_rate=0.1, batch_size=batch, l2=l2,
                             seed=9)  # fmt: skip
    start = [w.copy() for w in trainer.weights]
    batches = []
    for _ in range(100):
        batches.append(trainer.batch.copy())
        assert trainer.step()
    x, y = features(names, train.xy), train.labels
    expected = reference_training(start, x, y, batches, 0.1, activation, l2)
    for got, want in zip(trainer.weights, expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)


def test_initial_weights_and_batches_follow_the_documented_rule():
    """Weights uniform in [-0.5, 0.5] drawn row by row from random.Random(2**31 + seed), biases
    0.1; then each epoch a fresh rng.sample of the training rows, cut into batches."""
    shape = Shape(("x1", "x2"), (3,), "tanh")
    train, test = split(make_points("circle", 50, 0.1, 2), 0.5)
    trainer = NetworkTrainer(shape, train, test, batch_size=10, seed=7)
    rng = random.Random(2**31 + 7)
    w1 = np.array([rng.uniform(-0.5, 0.5) for _ in range(6)]).reshape(2, 3)
    w2 = np.array([rng.uniform(-0.5, 0.5) for _ in range(3)]).reshape(3, 1)
    np.testing.assert_array_equal(trainer.weights[0], w1)
    np.testing.assert_array_equal(trainer.weights[1], [0.1] * 3)
    np.testing.assert_array_equal(trainer.weights[2], w2)
    np.testing.assert_array_equal(trainer.weights[3], [0.1])
    expected = []
    for _epoch in range(3):
        order = rng.sample(range(train.size), train.size)
        expected += [order[i : i + 10] for i in range(0, train.size, 10)]
    seen = []
    for _ in range(len(expected)):
        seen.append(trainer.batch.tolist())
        trainer.step()
    assert seen == expected
    assert train.size == 25 and [len(b) for b in seen[:3]] == [10, 10, 5]
    assert trainer.epochs == 3 and trainer.steps == 9


def test_a_learning_rate_far_too_large_diverges_and_stops():
    shape = Shape(("x1", "x2"), (8, 8), "relu")
    train, test = split(make_points("circle", 100, 0.1, 1), 0.5)
    trainer = NetworkTrainer(shape, train, test, learning_rate=1e300, seed=1)
    done = trainer.run(50)
    assert trainer.diverged and done < 50 and "diverged" in trainer.message
    assert not trainer.step()  # it stays stopped
    assert all(np.isfinite(w).all() for w in trainer.weights)  # the last finite weights stay


# --- the course's claims about the circle -------------------------------------------------------


def circle_run(hidden, steps, seed=1):
    train, test = split(make_points("circle", 200, 0.1, seed), 0.5)
    trainer = NetworkTrainer(Shape(("x1", "x2"), hidden, "tanh"), train, test, seed=seed)
    trainer.run(steps)
    return trainer.accuracies()[1]


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_a_straight_boundary_cannot_split_the_circle(seed):
    assert circle_run((), 3000, seed) < 0.75


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_one_hidden_layer_of_eight_learns_the_circle(seed):
    assert circle_run((8,), 6000, seed) >= 0.95


# --- the data ----------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", DATASETS)
def test_datasets_are_two_balanced_classes_on_the_plane_the_same_for_a_seed(dataset):
    points = make_points(dataset, 201, 0.2, 11)
    again = make_points(dataset, 201, 0.2, 11)
    other = make_points(dataset, 201, 0.2, 12)
    assert points.size == 201
    np.testing.assert_array_equal(points.xy, again.xy)
    assert not np.array_equal(points.xy, other.xy)
    assert set(points.labels.tolist()) == {0.0, 1.0}
    assert abs(points.labels.mean() - 0.5) < 0.05
    assert np.abs(points.xy).max() < 9  # within sight of the map's -6 to 6 (noise aside)


def test_noise_moves_points_across_the_circle():
    clean = make_points("circle", 400, 0.0, 3)
    radius = np.hypot(*clean.xy.T)
    assert (radius[clean.labels == 1] <= 2.5).all() and (radius[clean.labels == 0] >= 3.5).all()
    noisy = make_points("circle", 400, 0.5, 3)
    radius = np.hypot(*noisy.xy.T)
    assert (radius[noisy.labels == 1] > 3.5).any()


def test_features_and_the_split():
    xy = np.array([[1.0, 2.0], [-3.0, 0.5]])
    columns = features(["x1*x2", "x2^2", "sin(x1)"], xy)
    np.testing.assert_allclose(columns, [[2.0, 4.0, np.sin(1.0)], [-1.5, 0.25, np.sin(-3.0)]])
    train, test = split(given_points([[0, 0, 0], [1, 1, 1], [2, 2, 0], [3, 3, 1]]), 0.5)
    assert train.xy.tolist() == [[0, 0], [1, 1]] and test.labels.tolist() == [0, 1]
    alone, none = split(given_points([[0, 0, 1], [1, 1, 0]]), 0.9)
    assert alone.size == 1 and none.size == 1  # at least one point to train on


# --- the matrix product in autodiff, and one example as single numbers --------------------------


def test_the_matrix_products_slopes_by_reverse_and_forward_mode():
    a, b = Node("variable", name="a"), Node("variable", name="b")
    loss = Node("sum", (Node("*", (Node("@", (a, b)), Node("@", (a, b)))),))
    order = forward_order(loss)
    rng = np.random.default_rng(0)
    av, bv = rng.normal(size=(3, 2)), rng.normal(size=(2, 4))
    with np.errstate(all="ignore"):
        grads = backward(forward(order, {"a": av, "b": bv}))
    # d/dA sum((AB)^2) = 2 (AB) B^T, d/dB = 2 A^T (AB)
    np.testing.assert_allclose(grads[a], 2 * (av @ bv) @ bv.T, rtol=1e-12)
    np.testing.assert_allclose(grads[b], 2 * av.T @ (av @ bv), rtol=1e-12)
    # forward mode nudges every entry of one factor at once: AB moves by 1 @ B, or by A @ 1
    product = forward_order(Node("@", (a, b)))
    moved_a = tangent_pass(product, {"a": av, "b": bv}, "a")[-1].tangent
    moved_b = tangent_pass(product, {"a": av, "b": bv}, "b")[-1].tangent
    np.testing.assert_allclose(np.broadcast_to(moved_a, (3, 4)), np.ones((3, 2)) @ bv)
    np.testing.assert_allclose(np.broadcast_to(moved_b, (3, 4)), av @ np.ones((2, 4)))


@settings(max_examples=40, deadline=None)
@given(shape=shapes, seed=st.integers(0, 10_000))
def test_one_example_as_single_numbers_matches_the_matrix_pass(shape, seed):
    """Every weight's gradient from the scalar graph of one example equals the matrix graph's
    for a batch of that example alone; the neuron's story adds up as the chain rule says."""
    rng = random.Random(seed)
    xy = np.array([[rng.uniform(-5, 5), rng.uniform(-5, 5)]])
    label = float(rng.random() < 0.5)
    columns = features(shape.features, xy)
    weights = initial_weights(shape, weights_generator(seed))
    loss, gradient = NetworkGraph(shape).loss_and_gradient(weights, columns, np.array([label]))
    example = ExampleGraph(shape, weights, columns[0], label)
    assert example.loss == pytest.approx(loss, rel=1e-12)
    for layer in range(1, shape.layers + 1):
        for j in range(shape.sizes[layer]):
            story = example.story(layer, j)
            for i, source in enumerate(story.inputs):
                assert source.weight_gradient == pytest.approx(
                    float(gradient[2 * layer - 2][i, j]), rel=1e-9, abs=1e-15
                )
                assert source.weight == weights[2 * layer - 2][i, j]
                assert source.gradient == pytest.approx(sum(s.amount for s in source.shares),
                                                        rel=1e-12, abs=1e-15)  # fmt: skip
            assert story.z_gradient == pytest.approx(float(gradient[2 * layer - 1][j]),
                                                     rel=1e-9, abs=1e-15)  # fmt: skip
            if story.local_slope is not None:
                assert story.z_gradient == pytest.approx(story.upstream * story.local_slope,
                                                         rel=1e-12, abs=1e-15)  # fmt: skip
            if story.activation:
                fed = sum(share.amount for _, share in story.fed)
                assert story.upstream == pytest.approx(fed, rel=1e-12, abs=1e-15)
                assert len(story.fed) == shape.sizes[layer + 1]
            else:
                assert story.z_gradient == pytest.approx(story.p - label, rel=1e-12, abs=1e-15)
