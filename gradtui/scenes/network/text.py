"""The network scene as plain text, for `gradtui print`: the network in a sentence, a gradient
check at the start (every weight's slope by the backward pass beside a central difference),
the decision map after `text_steps` steps in 7-bit characters, and one final line with the
losses and accuracies."""

from __future__ import annotations

import textwrap

from gradtui.calculus.network import gradient_check, largest_difference
from gradtui.scenes.kit.numbers import error_size, number, precise, short
from gradtui.scenes.network.state import NetworkState
from gradtui.scenes.network.words import accuracy_words, loss_on_test_words


def render_text(params: dict, ascii: bool = False) -> str:
    """For `gradtui print`: the network, a gradient check at the start, the decision map in
    7-bit characters after `text_steps` steps, and one final line."""
    scene = NetworkState(params)
    t = scene.trainer
    out = textwrap.wrap(
        f"A network of {t.shape.describe()} ({t.shape.weight_count} weights) learns to sort "
        f"{t.train.size} training points ({scene.dataset}) into o and x; {t.test.size} more "
        f"are kept for testing. Learning rate {params['learning_rate']:g}, batch "
        f"{params['batch_size'] or 'all'}, seed {params['seed']}.",
        76,
    )
    out += ["", *check_lines(scene), ""]
    t.run(params["text_steps"])
    out.append(f"The decision map after {t.steps} steps (shading by p, the network's chance of x: "
               f"{scene.map_legend(True)}):")  # fmt: skip
    out += ["  " + line for line in scene.map_lines(48, 24, True)]
    if t.diverged:
        out += ["", t.message + "."]
    out += ["", final_line(scene)]
    return "\n".join(out)


def check_lines(scene: NetworkState, most: int = 400) -> list[str]:
    """The gradient check at the start: each weight's slope of the loss on every training
    point by the backward pass beside a central difference, and the largest relative
    difference (at most `most` rows listed)."""
    t = scene.trainer
    checks = gradient_check(t.graph, t.weights, t.train_columns, t.train.labels)
    lines = textwrap.wrap(
        f"Gradient check at the start, on all {t.train.size} training points: each weight's "
        "slope of the loss by the backward pass, beside a central difference.",
        76,
    ) + [
        "",
        f"  {'weight':<10} {'value':>10} {'backward pass':>18} {'central difference':>20} "
        f"{'rel. diff.':>10}",
    ]
    for check in checks[:most]:
        lines.append(
            f"  {check.name:<10} {short(check.value):>10} {precise(check.autodiff):>18} "
            f"{precise(check.central):>20} {error_size(check.relative_difference):>10}"
        )
    if len(checks) > most:
        lines.append(f"  ... and {len(checks) - most} more")
    lines.append(f"Largest relative difference: {number(largest_difference(checks), 3)}.")
    return lines


def final_line(scene: NetworkState) -> str:
    """`after N steps: train loss = L, test loss = T, train accuracy = A% (k of n points), test
    accuracy = B% (k of n points)`: accuracies to four digits, with the counts they come from."""
    t = scene.trainer
    train, test, train_acc, test_acc = scene.losses()
    return (f"after {t.steps} steps: train loss = {short(train)}, test loss = "
            f"{loss_on_test_words(test, t.test.size)}, train accuracy = "
            f"{accuracy_words(train_acc, t.train.size)}, test accuracy = "
            f"{accuracy_words(test_acc, t.test.size)}")  # fmt: skip
