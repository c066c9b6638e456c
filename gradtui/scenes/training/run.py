"""The training run a `training` scene's lesson describes: its trainer (the model, the data
made as the lesson says, the start and the rate) and the points it never trains on, and how
much of the run may happen at once.
"""

from __future__ import annotations

from gradtui.calculus.data import Dataset, dataset_of, lesson_data
from gradtui.calculus.models import Model, read_model
from gradtui.calculus.training_loop import Trainer
from gradtui.scenes.kit.plots import sane_range

# How much `gradtui print` (text_steps) or one press of f (fast_forward) may run at once: a step
# costs about as much as 100 points of data plus its own points. 3,000,000 of that is about 4 s
# for a six-weight model on this machine, about 1 s for a line.
RUN_AT_ONCE = 3_000_000


def most_steps_at_once(points: int) -> int:
    """The most steps text_steps or fast_forward may ask for with `points` data points."""
    return RUN_AT_ONCE // (points + 100)


def build_held_out(params: dict, model: Model) -> Dataset | None:
    """The points the model never trains on: those given, and those made over test_range
    (from their own seed, so the training data stays what it was without them)."""
    held = None
    if params.get("held_out"):
        held = dataset_of(model, params["held_out"])
    if params.get("test_range") is not None:
        seed = (params["seed"] + 1) % 2**31
        test_range = sane_range(params["test_range"])
        made = lesson_data(model, params, test_range, points=params["test_points"], seed=seed)
        held = made if held is None else held.joined(made)
    return held


def build_trainer(params: dict) -> Trainer:
    """A trainer for the scene's model and data, as the lesson script describes them."""
    model = read_model(params["model"])
    data = lesson_data(model, params, sane_range(params["x_range"]))
    count = len(model.weights)
    given = list(params["start_weights"])[:count]
    start = tuple(given + [0.0] * (count - len(given)))
    return Trainer(
        data,
        learning_rate=params["learning_rate"],
        batch_size=params["batch_size"],
        start_weights=start,
        seed=params["seed"],
        max_steps=params["max_steps"],
    )
