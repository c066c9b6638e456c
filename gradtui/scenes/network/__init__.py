"""The `network` scene: TensorFlow Playground in a terminal. A small network learns to tell two
classes of points apart, live, every gradient from the project's own backward pass.

The learner picks the data, the features, the layers, the activation and the learning rate,
and watches the decision map, the network's weights and the training and test loss change; `b`
stops to show the backward pass of one example through one neuron, in the graph scene's words.
The maths is gradtui.calculus.network (the network and its training), plane_data (the points and
features) and one_example (one example as a graph of single numbers). Here: the parameters and
keys (this module), the state (state.py: NetworkState), its words (words.py) and its picture
(picture.py), and the text `gradtui print` shows (text.py).
"""

from __future__ import annotations

from gradtui.calculus.network import ACTIVATIONS, MAX_LAYERS, MAX_NEURONS, NetworkGraph, Shape
from gradtui.calculus.plane_data import DATASETS, FEATURES, MAX_NOISE
from gradtui.scenes.kit import cost as units
from gradtui.scenes.kit import rates
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.params import (
    FLAG,
    INTEGER,
    NUMBER,
    NUMBERS,
    POINTS,
    TEXT,
    TEXTS,
    Param,
)
from gradtui.scenes.network.state import NetworkState
from gradtui.scenes.network.text import render_text

SUMMARY = (
    "A small neural network learns to sort two classes of points, live: the decision map, the "
    "network's weights, training and test loss; b shows one example's backward pass."
)

MAX_POINTS = 1000
# How much one frame or `gradtui print` may train at once: a step costs about as much as 100
# points plus the points of its batch.
FRAME_WORK = 100_000
PRINT_WORK = 2_000_000

PARAMS = (
    Param("dataset", TEXT, "circle", "The two classes of points: circle (a disc inside a ring), "
          "xor (opposite corners agree), gauss (two clouds), spiral (two arms), moons (two "
          "hooked half-rings).", choices=DATASETS),
    Param("data", POINTS, [], "Points written out as [x1, x2, label], label 0 (o) or 1 (x), "
          f"used instead of a dataset: at least 4, at most {MAX_POINTS}, x1 and x2 from -6 to "
          "6 to be seen on the map.", max_items=MAX_POINTS),
    Param("points", INTEGER, 200, "How many points the dataset makes (half of each class).",
          low=20, high=MAX_POINTS),
    Param("noise", NUMBER, 0.1, "How far each point is shaken from where its class put it, as a "
          "share of the data's radius 5 (for gauss: how wide the clouds spread).",
          low=0.0, high=MAX_NOISE),
    Param("seed", INTEGER, 1, "Seed of the data (random.Random(seed)) and of the initial "
          "weights and the batches' order (random.Random(2**31 + seed)); reset (r) moves on "
          "to the next seed for the weights.", low=0, high=2**31 - 1),
    Param("features", TEXTS, ["x1", "x2"], "What the first layer reads: one or more of "
          f"{', '.join(FEATURES)}.", choices=tuple(FEATURES), max_items=len(FEATURES)),
    Param("hidden", NUMBERS, [4], f"The hidden layers' sizes: 0 to {MAX_LAYERS} layers of 1 to "
          f"{MAX_NEURONS} neurons ([] feeds the features straight to the output: logistic "
          "regression).", low=1, high=MAX_NEURONS, max_items=MAX_LAYERS),
    Param("activation", TEXT, "tanh", "What each hidden neuron applies to its sum.",
          choices=ACTIVATIONS),
    Param("learning_rate", NUMBER, 0.03, "Step size: how far each step moves the weights "
          "against the gradient.", low=rates.LEARNING_RATE_LIMITS[0],
          high=rates.LEARNING_RATE_LIMITS[1]),
    Param("batch_size", INTEGER, 10, "Training points per step, 0 for all of them.",
          low=0, high=MAX_POINTS),
    Param("l2", NUMBER, 0.0, "Adds l2 times the sum of every weight squared (biases left out) "
          "to what training lowers, which keeps weights small; the losses shown leave it out.",
          low=0.0, high=10.0),
    Param("test_fraction", NUMBER, 0.5, "The share of the points kept apart for testing: the "
          "network never trains on them.", low=0.0, high=0.9),
    Param("steps_per_frame", INTEGER, 25, "Training steps per screen update while playing (11 "
          f"a second); steps_per_frame x (points per batch + 100) may be at most {FRAME_WORK:,}.",
          low=1, high=1000),
    Param("text_steps", INTEGER, 300, "Steps trained for the plain-text version, gradtui print; "
          f"text_steps x (points per batch + 100) may be at most {PRINT_WORK:,}.",
          low=0, high=20_000),
    Param("show_test", FLAG, True, "Whether the map shows the test points (t switches)."),
)  # fmt: skip

_FEATURE_KEYS = tuple(
    Key(str(k), "toggle_feature", f"{name} on/off", args=(k - 1,))
    for k, name in enumerate(FEATURES, start=1)
)

KEYS = (
    Key("space", "toggle_play", "play/pause"),
    Key("s", "step", "one step"),
    *rates.RATE_KEYS,
    Key("b", "toggle_backward", "backward pass"),
    Key("r", "reset", "new weights"),
    Key("a", "next_activation", "activation"),
    Key("d", "next_dataset", "dataset"),
    Key("c", "next_layer", "choose layer"),
    Key("plus,equals_sign", "add_neuron", "neuron +", show="+"),
    Key("minus", "remove_neuron", "neuron -", show="-"),
    Key("right_square_bracket", "add_layer", "layer +", show="]"),
    Key("left_square_bracket", "remove_layer", "layer -", show="["),
    *_FEATURE_KEYS,
    Key("full_stop", "more_noise", "noise +", show="."),
    Key("comma", "less_noise", "noise -", show=","),
    Key("t", "toggle_test", "test points on/off"),
    Key("k", "next_neuron", "next neuron", when="explaining"),
    Key("x", "next_example", "next example", when="explaining"),
)


def per_step(params: dict) -> int:
    """Training points in one step of these parameters."""
    total = len(params["data"]) if params["data"] else params["points"]
    train = total - min(round(total * params["test_fraction"]), total - 1)
    size = params["batch_size"]
    return train if size <= 0 else min(size, train)


def check(params: dict) -> list[tuple[str, str]]:
    """Problems that span parameters, or that a list's own declaration cannot say."""
    problems = []
    if not params["features"]:
        problems.append(("features", "the network needs at least one feature"))
    if len(set(params["features"])) < len(params["features"]):
        problems.append(("features", "each feature at most once"))
    if any(size != int(size) for size in params["hidden"]):
        problems.append(("hidden", "each layer's size is a whole number of neurons"))
    data = params["data"]
    if data:
        if len(data) < 4:
            problems.append(("data", f"at least 4 points, not {len(data)}"))
        if any(len(point) != 3 for point in data):
            problems.append(("data", "each point is [x1, x2, label]: three numbers"))
        elif any(point[2] not in (0, 1) for point in data):
            problems.append(("data", "each label (the third number) is 0 or 1"))
        elif any(abs(v) > 1e6 for point in data for v in point[:2]):
            problems.append(("data", "x1 and x2 must lie within -1,000,000 and 1,000,000"))
    work = per_step(params) + 100
    if params["steps_per_frame"] * work > FRAME_WORK:
        most = FRAME_WORK // work
        problems.append(("steps_per_frame", f"at most {most:,} with {work - 100:,} points per "
                         "step: every frame must be drawn in time"))  # fmt: skip
    if params["text_steps"] * work > PRINT_WORK:
        most = PRINT_WORK // work
        problems.append(("text_steps", f"at most {most:,} with {work - 100:,} points per step: "
                         "these steps run at once"))  # fmt: skip
    return problems


def cost(params: dict) -> float:
    """What `gradtui print` of this scene costs, in the units of kit/cost.py: `text_steps`
    training passes over a batch, the gradient check at the start (two passes over every
    training point per weight), and a score of passes over the training points, the test
    points or the map's cells (losses, accuracies, the decision map)."""
    shape = Shape(tuple(params["features"]), tuple(int(n) for n in params["hidden"]),
                  params["activation"])  # fmt: skip
    nodes = len(NetworkGraph(shape, params["l2"]).loss_order)
    total = len(params["data"]) if params["data"] else params["points"]
    widest = max(shape.sizes[k] * shape.sizes[k + 1] for k in range(len(shape.sizes) - 1))
    features = len(shape.features)

    def passes(count: float, rows: int) -> float:
        return count * units.pass_seconds(nodes, max(features * rows, widest, rows))

    return (
        units.SCENE_SECONDS
        + passes(params["text_steps"], per_step(params))
        + passes(2 * shape.weight_count + 1, total)
        + passes(20, max(total, MAP_CELLS))
    )


MAP_CELLS = 48 * 24  # the decision map print draws

State = NetworkState

__all__ = ["KEYS", "PARAMS", "SUMMARY", "State", "check", "cost", "render_text"]
