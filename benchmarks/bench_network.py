"""How fast and how light the network scene is: training steps per second beside a plain numpy
network in the same run, and the scene animating at 80x24 in a pseudo-terminal (bytes/s,
updates/s, CPU, seconds of play until the circle is learned, memory).

The engine: a 2-8-8-1 tanh network on 200 points (100 to train on), batches of 10, trained by
gradtui.calculus.network (forward and backward through the autodiff graph) and by the numpy
network below (the same maths written out by hand), with the same initial weights and batches,
in turns; the best of several runs each.

The scene: lesson 7's "A hidden layer finds its own" step (the scene at its defaults), played
from the start until the screen says the test accuracy reached 95%.

    python benchmarks/bench_network.py            # about 40 s
    python benchmarks/bench_network.py --quick    # about 15 s: proves it runs (numbers rough)
    python benchmarks/bench_network.py --strict   # exit 1 when a target is missed
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from terminal import Terminal, python_command, table_main  # noqa: E402

# Targets from issue 23.
MIN_SPEED_RATIO = 1 / 3  # an aim: the autodiff graph against hand-written numpy
MIN_UPDATES_PER_SECOND = 10.0
MAX_ANIMATING_BYTES_PER_SECOND = 4 * 1024
MAX_ANIMATING_CPU_PERCENT = 25.0
MAX_SECONDS_TO_LEARN = 20.0
MAX_MEMORY_MIB = 90.0
TEST_ACCURACY = re.compile(r"accuracy train +(\d+)% test +(\d+)%")


def _mark(ok: bool) -> str:
    return "ok" if ok else "MISSED"


# --- the engine ---------------------------------------------------------------------------------


def numpy_training(weights, x, y, batches, rate):
    """The same network, step for step, written out with numpy alone (tanh hidden layers, a
    sigmoid output, the mean log loss): forward and the batch's loss, backward by hand,
    update."""
    weights = [w.copy() for w in weights]
    layers = len(weights) // 2
    for rows in batches:
        inputs, a = [], x[rows]
        for k in range(layers):
            inputs.append(a)
            z = a @ weights[2 * k] + weights[2 * k + 1]
            a = z if k == layers - 1 else np.tanh(z)
        labels = y[rows].reshape(-1, 1)
        loss = float(np.mean(np.logaddexp(0.0, a) - labels * a))  # the batch's log loss
        if not np.isfinite(loss):
            break
        dz = (1 / (1 + np.exp(-a)) - labels) / len(rows)
        grads = [None] * len(weights)
        for k in range(layers - 1, -1, -1):
            grads[2 * k] = inputs[k].T @ dz
            grads[2 * k + 1] = dz.sum(axis=0)
            if k:
                dz = (dz @ weights[2 * k].T) * (1 - inputs[k] ** 2)
        weights = [w - rate * g for w, g in zip(weights, grads, strict=True)]
    return weights


def engine_speeds(steps: int, repeats: int) -> tuple[float, float]:
    """(gradtui's steps per second, numpy's), the best of `repeats` runs each, in turns."""
    from gradtui.calculus.network import NetworkTrainer, Shape
    from gradtui.calculus.plane_data import features, make_points, split

    train, test = split(make_points("circle", 200, 0.1, 1), 0.5)
    shape = Shape(("x1", "x2"), (8, 8), "tanh")
    x = features(shape.features, train.xy)
    ours, theirs = [], []
    for _ in range(repeats):
        trainer = NetworkTrainer(shape, train, test, learning_rate=0.03, batch_size=10, seed=1)
        start, batches = [w.copy() for w in trainer.weights], []
        began = time.process_time()
        for _ in range(steps):
            batches.append(trainer.batch)
            trainer.step()
        ours.append(time.process_time() - began)
        began = time.process_time()
        same = numpy_training(start, x, train.labels, batches, 0.03)
        theirs.append(time.process_time() - began)
        gap = max(float(np.max(np.abs(a - b))) for a, b in zip(same, trainer.weights, strict=True))
        if gap > 1e-9:
            raise SystemExit(f"the two networks disagree by {gap:g}: a bug")
    return steps / min(ours), steps / min(theirs)


# --- the scene ----------------------------------------------------------------------------------


def hidden_layer_step() -> int:
    from gradtui.script.catalog import builtin_lessons_dir, find_lesson
    from gradtui.script.parse import load_lesson

    lesson = load_lesson(find_lesson("network", builtin_lessons_dir()))
    return next(step.number for step in lesson.steps if step.id == "hidden")


def test_accuracy(term: Terminal) -> int | None:
    found = TEST_ACCURACY.search(term.screen_text())
    return int(found[2]) if found else None


def scene_rows(quick: bool, env: dict[str, str]) -> list[tuple[str, str, str]]:
    """The scene playing at 80x24: light enough, and how soon it learns the circle."""
    animate = 2.0 if quick else 6.0
    command = python_command("-m", "gradtui", "7", "--step", str(hidden_layer_step()))
    with Terminal(command, 80, 24, env=env, cwd=str(HERE.parent)) as term:
        startup = term.startup_seconds("accuracy train")
        if startup is None:
            raise SystemExit(f"the network scene never appeared:\n{term.screen_text()}")
        term.wait_quiet(0.5)
        term.press("space")
        began = time.monotonic()
        time.sleep(0.3)
        playing = term.measure(animate)
        learned = None
        while time.monotonic() - began < 60:
            accuracy = test_accuracy(term)
            if accuracy is not None and accuracy >= 95:
                learned = time.monotonic() - began
                break
            time.sleep(0.05)
        term.press("space")
        term.wait_quiet(0.5)
        idle = term.measure(1.0 if quick else 3.0)
        latency = term.key_latency("s")
        term.press("q", gap=0)
        time.sleep(0.2)
    learned_text = f"{learned:.1f} s" if learned is not None else "not within 60 s"
    return [
        ("first frame (start-up)", f"{startup:.2f} s", ""),
        ("playing at the defaults", f"{playing.bytes_per_second / 1024:.2f} KB/s",
         f"<= 4 KB/s {_mark(playing.bytes_per_second <= MAX_ANIMATING_BYTES_PER_SECOND)}"),
        ("  updates", f"{playing.updates_per_second:.1f} /s",
         f">= 10 /s {_mark(playing.updates_per_second >= MIN_UPDATES_PER_SECOND)}"),
        ("  CPU", f"{playing.cpu_percent:.1f} % of a core",
         f"<= 25 % {_mark(playing.cpu_percent <= MAX_ANIMATING_CPU_PERCENT)}"),
        ("circle learned (test accuracy 95%)", f"{learned_text} of play",
         f"<= 20 s {_mark(learned is not None and learned <= MAX_SECONDS_TO_LEARN)}"),
        ("paused", f"{idle.bytes_per_second:.0f} B/s", f"0 B/s {_mark(idle.bytes == 0)}"),
        ("key s to new frame", f"{latency * 1000:.0f} ms" if latency else "no change", ""),
    ]  # fmt: skip


def memory_after_every_lesson(env: dict[str, str]) -> float:
    """Peak memory (MiB) of one session that opens every built-in lesson from the picker at
    its first step, then goes on in lesson 7 (the last) to its hidden-layer step, plays it
    for three seconds and opens the backward pass."""
    from run import open_every_lesson

    from gradtui.script.catalog import builtin_lessons_dir, list_lessons

    count = len(list_lessons(builtin_lessons_dir()))
    with Terminal(python_command("-m", "gradtui"), 80, 24, env=env, cwd=str(HERE.parent)) as term:
        open_every_lesson(term, count)  # ends on the picker, the last lesson highlighted
        term.press("s")
        term.wait_for_text("step 1/", 10)
        for _ in range(hidden_layer_step() - 1):
            term.press("right")
        if term.wait_for_text("accuracy train", 10) is None:
            raise SystemExit(f"lesson 7's network did not appear:\n{term.screen_text()}")
        term.press("space")
        time.sleep(3.0)
        term.press("b")
        term.wait_quiet(0.5)
        peak = term.peak_rss_mib()
        term.press("q", gap=0)
    return peak


def rows(quick: bool) -> list[tuple[str, str, str]]:
    """(measure, value, target) rows: the engine beside numpy, the scene at 80x24, memory."""
    state = tempfile.mkdtemp(prefix="gradtui-bench-network-")
    env = dict(os.environ, XDG_STATE_HOME=state, LANG="C.UTF-8", TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    ours, numpy_speed = engine_speeds(1000 if quick else 3000, 3 if quick else 7)
    ratio = ours / numpy_speed
    out = [
        ("2-8-8-1 tanh, batch 10: gradtui", f"{ours:,.0f} steps/s", ""),
        ("  the same network in plain numpy", f"{numpy_speed:,.0f} steps/s", ""),
        ("  gradtui / numpy", f"{ratio:.2f}", f">= 0.33 (aim) {_mark(ratio >= MIN_SPEED_RATIO)}"),
    ]
    out += scene_rows(quick, env)
    peak = memory_after_every_lesson(env)
    out.append(("peak memory, every lesson and lesson 7 played", f"{peak:.0f} MiB",
                f"<= {MAX_MEMORY_MIB:.0f} MiB {_mark(peak <= MAX_MEMORY_MIB)}"))  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    return table_main(
        argv, __doc__, rows, "network scene: lesson 7 at 80x24, and its training engine"
    )


if __name__ == "__main__":
    raise SystemExit(main())
