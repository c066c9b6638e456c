"""What scenes that walk downhill share about their update rule and their runs side by side:
the parameters of the rule (optimizer, momentum, beta1, beta2, epsilon), `compare` (runs that
each change some settings), each run's settings and rule, the keys that turn the rule, and each
run's mark. Never imports Textual.
"""

from __future__ import annotations

from collections.abc import Sequence

from gradtui.calculus.optimizers import MOST_BETA, OPTIMIZERS, Optimizer
from gradtui.scenes.kit import rates
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.markers import Marker
from gradtui.scenes.kit.params import NUMBER, RUNS, TEXT, Param, within

OPTIMIZER = Param(
    "optimizer",
    TEXT,
    "sgd",
    "The update rule: sgd (weights -= lr * grad), "
    "momentum (velocity = β * velocity + grad, then weights -= lr * velocity) or "
    "adam (running averages m and v of grad and grad², then weights -= lr * m̂ / "
    "(√(v̂) + ε)); m switches.",
    choices=OPTIMIZERS,
)
MOMENTUM = Param(
    "momentum",
    NUMBER,
    0.9,
    "Momentum's β: the share of the velocity kept from "
    "one step to the next (0 is plain descent); + and - turn it.",
    low=0.0,
    high=MOST_BETA,
)
BETA1 = Param(
    "beta1",
    NUMBER,
    0.9,
    "Adam's β1: the share of the average gradient m kept each step; + and - turn it.",
    low=0.0,
    high=MOST_BETA,
)
BETA2 = Param(
    "beta2",
    NUMBER,
    0.999,
    "Adam's β2: the share of the average squared gradient v kept each step.",
    low=0.0,
    high=0.99999,
)
EPSILON = Param(
    "epsilon",
    NUMBER,
    1e-8,
    "Adam's ε, added to √(v̂) so a step never divides by 0.",
    low=1e-12,
    high=1.0,
)
RULE_PARAMS = (OPTIMIZER, MOMENTUM, BETA1, BETA2, EPSILON)

MOST_RUNS = 4
RUN_MARKS = (Marker("o", "o"), Marker("x", "x"), Marker("*", "*"), Marker("&", "&"))  # 1 to 4

BETA_LIMITS = (0.0, MOST_BETA)

RULE_KEYS = (
    Key("m", "next_optimizer", "sgd/momentum/adam"),
    Key("plus,equals_sign", "more_beta", "β nearer 1", show="+", when="has_beta"),
    Key("minus", "less_beta", "β further from 1", show="-", when="has_beta"),
)
"""The keys that turn the update rule of the run the keys turn; a scene with them has
`next_optimizer`, `more_beta`, `less_beta` and a `has_beta` attribute."""

NEXT_RUN = Key("c", "next_run", "next run", when="comparing")


def compare_param(fields: Sequence[Param], what: str) -> Param:
    """The `compare` parameter of a scene whose runs may each set `fields`."""
    return Param("compare", RUNS, [], f"Up to {MOST_RUNS} runs side by side {what}, each a "
                 "table of the settings it changes (e.g. [{ learning_rate = 0.02 }, "
                 "{ learning_rate = 0.02, optimizer = \"momentum\" }]): each run in its own "
                 "mark, a verdict for each (settles, crawls, zig-zags, bounces, diverges, or "
                 "stops where the loss has no value) and "
                 "which reaches the target loss first; c picks the run the keys turn.",
                 max_items=MOST_RUNS, fields=tuple(fields))  # fmt: skip


def run_settings(params: dict, names: Sequence[str]) -> list[dict]:
    """Each run's own settings (those `names`): the scene's, with each table of `compare`
    laid over them (one run of the scene's own when it compares nothing)."""
    base = {name: params[name] for name in names}
    return [{**base, **changes} for changes in params.get("compare") or [{}]]


def optimizer_of(settings: dict) -> Optimizer:
    """The update rule a run's settings name, with its own settings."""
    return Optimizer(settings["optimizer"], learning_rate=settings["learning_rate"],
                     momentum=settings["momentum"], beta1=settings["beta1"],
                     beta2=settings["beta2"], epsilon=settings["epsilon"])  # fmt: skip


def next_rule(optimizer: Optimizer) -> Optimizer:
    """The next update rule: sgd, momentum, adam, and round again (the settings kept)."""
    return optimizer.but(name=OPTIMIZERS[(OPTIMIZERS.index(optimizer.name) + 1) % len(OPTIMIZERS)])


def nearer_one(beta: float) -> float:
    """β a step nearer 1: half as far from it (0.9 -> 0.95 -> 0.975), never past 0.999."""
    return min(1 - (1 - beta) / 2, BETA_LIMITS[1])


def further_from_one(beta: float) -> float:
    """β a step further from 1: twice as far from it (0.9 -> 0.8 -> 0.6), never below 0."""
    return max(1 - (1 - beta) * 2, BETA_LIMITS[0])


def turned(rule: Optimizer, nearer: bool) -> Optimizer:
    """The rule with its β a step nearer 1 (`nearer`) or further from it; the rule as it is
    when it has none (plain descent)."""
    if rule.beta is None:
        return rule
    return rule.with_beta((nearer_one if nearer else further_from_one)(rule.beta))


def rule_settings(rule: Optimizer) -> dict[str, float]:
    """The numbers of a rule a learner may type (`set lr 0.01`, `set beta 0.99`)."""
    found = {"lr": rule.learning_rate}
    if rule.beta is not None:
        found["beta"] = rule.beta
    return found


def rule_set(rule: Optimizer, name: str, value: float) -> Optimizer:
    """The rule with `name` (lr, or beta where it has one) set to `value`; ValueError, in
    words, for a name it does not have or a value out of bounds."""
    if name == "lr":
        return rule.but(learning_rate=rates.typed(value))
    if name == "beta" and rule.beta is not None:
        return rule.with_beta(within("beta", value, *BETA_LIMITS))
    raise ValueError(f"{name} cannot be set in this scene")


def beta_name(optimizer: Optimizer) -> str:
    """How a readout names the rule's β: "β" (momentum), "β1" (Adam)."""
    return "β" if optimizer.name == "momentum" else "β1"
