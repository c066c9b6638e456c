"""Lessons built to be slow, each under the 128 KiB cap, for `make bench`'s rows on how long
`gradtui check` and `gradtui print` take on the worst a lesson can be.

- the key bomb: front matter of 18,277 distinct unknown keys (check took a minute once);
- the heaviest lessons check accepts: scenes whose steps, starts or text_steps are as high as
  the lesson's work budget allows (gradtui/script/budget.py), one lesson per way of being
  heavy, since the estimates lean high by different amounts for each.
"""

from __future__ import annotations

import itertools
import string
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from gradtui.scenes.kit.cost import longest_expression  # noqa: E402
from gradtui.script.budget import most_within_budget  # noqa: E402

SIX_WEIGHTS = "a*sin(x) + b*cos(x) + c*tanh(x) + d*x + e*exp(-x^2) + g*sin(2*x)*cos(3*x)"


def key_bomb(folder: Path) -> Path:
    """A lesson whose front matter sets every name of one to three letters but "title"."""
    names = (
        "".join(letters)
        for size in (1, 2, 3)
        for letters in itertools.product(string.ascii_lowercase, repeat=size)
    )
    keys = "".join(f"{name}=1\n" for name in names if name != "title")
    path = folder / "01-keys.md"
    path.write_text(f'+++\ntitle = "Keys"\n{keys}+++\n\n# One\n\nText.\n', encoding="utf-8")
    return path


def _toml(value) -> str:
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return repr(value)


def _lesson(path: Path, kind: str, params: dict, count: int) -> Path:
    block = "\n".join([f'kind = "{kind}"', *(f"{k} = {_toml(v)}" for k, v in params.items())])
    steps = [f"# Step {n}\n\nText.\n\n```scene\n{block}\n```" for n in range(count)]
    path.write_text('+++\ntitle = "Heavy"\n+++\n\n' + "\n\n---\n\n".join(steps) + "\n")
    return path


# name: (kind, parameters, the one raised as far as the budget allows, scenes, its bound)
HEAVY = {
    "landscape, curve": ("landscape", {"f": longest_expression(), "learning_rate": 1e-6,
                         "starts": [i / 10 for i in range(9)]}, "steps", 4, 5000),
    "landscape, surface": ("landscape", {"f": longest_expression(("x", "y")),
                           "learning_rate": 1e-6,
                           "starts_xy": [[i / 10, 0.1] for i in range(9)]}, "steps", 1, 5000),
    "training": ("training", {"model": SIX_WEIGHTS, "learning_rate": 0.001,
                 "true_curve": "sin(x)"}, "text_steps", 1, 21_428),
    "dashboards": ("dashboard", {"f": longest_expression()}, None, 0, 0),
}  # fmt: skip


def heaviest_accepted(folder: Path) -> dict[str, Path]:
    """One lesson per way of being heavy, each as heavy as `gradtui check` accepts."""
    from gradtui.scenes import scene_params
    from gradtui.scenes.kit.params import fill_defaults
    from gradtui.script.budget import MAX_LESSON_SECONDS, scene_seconds
    from gradtui.script.model import SceneSpec

    lessons = {}
    for name, (kind, given, raised, count, high) in HEAVY.items():
        params = dict(given)
        if raised is None:  # as many scenes as fit
            spec = SceneSpec(kind, fill_defaults(scene_params(kind), params), 1)
            count = int(MAX_LESSON_SECONDS // scene_seconds(spec))
            if count < 1:
                raise SystemExit(f"heavy_lessons: not one {kind} scene of {name} fits the budget")
        else:
            params[raised] = most_within_budget(kind, given, raised, count, high)
        slug = name.replace(", ", "-").replace(" ", "-")
        lessons[name] = _lesson(folder / f"0{len(lessons) + 1}-{slug}.md", kind, params, count)
    return lessons
