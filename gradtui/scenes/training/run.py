"""The training runs a `training` scene's lesson describes: the settings of each run (one, or
the runs of `compare`, each the scene's settings with its own changes), their trainers (the
model, the data made or given as the lesson says, the start, the optimizer), the points they
never train on, and how much of a run may happen at once.
"""

from __future__ import annotations

from gradtui.calculus.data import Dataset, dataset_of, lesson_data
from gradtui.calculus.models import Model, read_model
from gradtui.calculus.training_loop import Trainer
from gradtui.scenes.kit.plots import sane_range
from gradtui.scenes.kit.runs import optimizer_of, run_settings

# How much `gradtui print` (text_steps) or one press of f (fast_forward) may run at once: a step
# costs about as much as 100 points of data plus its own points. 3,000,000 of that is about 4 s
# for a six-weight model on this machine, about 1 s for a line.
RUN_AT_ONCE = 3_000_000

# What a run may set for itself (the rest it shares: the data, the model, the start).
RUN_SETTINGS = ("learning_rate", "optimizer", "momentum", "beta1", "beta2", "epsilon",
                "batch_size")  # fmt: skip

# The parameters that make the data, not used when the lesson gives its points (`data`).
MADE_BY = ("points", "noise", "true_w", "true_b", "true_a", "truth", "true_curve", "x_range",
           "test_range", "test_points")  # fmt: skip


def most_steps_at_once(points: int, runs: int = 1) -> int:
    """The most steps text_steps or fast_forward may ask for with `points` data points and
    `runs` runs side by side (each runs them)."""
    return RUN_AT_ONCE // ((points + 100) * max(runs, 1))


def build_held_out(params: dict, model: Model) -> Dataset | None:
    """The points the model never trains on: those given, and those made over test_range
    (from their own seed, so the training data stays what it was without them)."""
    held = None
    if params.get("held_out"):
        held = dataset_of(model, params["held_out"])
    if params.get("test_range") is not None and not params.get("data"):
        seed = (params["seed"] + 1) % 2**31
        test_range = sane_range(params["test_range"])
        made = lesson_data(model, params, test_range, points=params["test_points"], seed=seed)
        held = made if held is None else held.joined(made)
    return held


def start_of(params: dict, model: Model) -> tuple[float, ...]:
    """The weights before training: those given, in the model's order, the rest 0."""
    count = len(model.weights)
    given = list(params["start_weights"])[:count]
    return tuple(given + [0.0] * (count - len(given)))


def build_runs(params: dict) -> list[Trainer]:
    """A trainer for each run, all on the scene's model and data, from the same start."""
    model = read_model(params["model"])
    data = lesson_data(model, params, sane_range(params["x_range"]))
    start = start_of(params, model)
    return [
        Trainer(
            data,
            learning_rate=settings["learning_rate"],
            batch_size=settings["batch_size"],
            start_weights=start,
            seed=params["seed"],
            max_steps=params["max_steps"],
            optimizer=optimizer_of(settings),
        )  # fmt: skip
        for settings in run_settings(params, RUN_SETTINGS)
    ]


def build_trainer(params: dict) -> Trainer:
    """The trainer of the scene's first (or only) run."""
    return build_runs(params)[0]
