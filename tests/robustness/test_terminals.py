"""Odd terminals: the real app in a pseudo-terminal starts, steps through a scene of every
kind, and quits cleanly with LANG=C (ASCII chosen by itself), TERM=dumb/linux/vt100/xterm,
NO_COLOR=1, and in a 60x18 window.

Each run is `python -m gradtui --lessons DIR` from the checkout, with progress in a private
folder, bounded by timeouts and killed if it hangs. The screen is emulated with pyte, as a
person's terminal would draw it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gradtui.scenes import KINDS

TERMINALS = {
    "LANG=C": ({"LANG": "C"}, (80, 24)),
    "TERM=dumb": ({"TERM": "dumb"}, (80, 24)),
    "TERM=linux": ({"TERM": "linux"}, (80, 24)),
    "TERM=vt100": ({"TERM": "vt100"}, (80, 24)),
    "TERM=xterm": ({"TERM": "xterm"}, (80, 24)),
    "NO_COLOR=1": ({"NO_COLOR": "1"}, (80, 24)),
    "60x18": ({}, (60, 18)),
}

# 256-colour indices and true colours that are greys (what NO_COLOR leaves).
_COLOUR = re.compile(rb"\x1b\[([0-9;]*)m")


def colours(raw: bytes) -> set[tuple[int, ...]]:
    """Every foreground/background colour the program set, as (index,) or (r, g, b)."""
    found: set[tuple[int, ...]] = set()
    for params in _COLOUR.findall(raw):
        numbers = [int(n) for n in params.split(b";") if n]
        i = 0
        while i < len(numbers):
            if numbers[i] in (38, 48) and i + 1 < len(numbers):
                if numbers[i + 1] == 5 and i + 2 < len(numbers):
                    found.add((numbers[i + 2],))
                    i += 3
                    continue
                if numbers[i + 1] == 2 and i + 4 < len(numbers):
                    found.add(tuple(numbers[i + 2 : i + 5]))
                    i += 5
                    continue
            if 30 <= numbers[i] <= 37 or 40 <= numbers[i] <= 47 or 90 <= numbers[i] <= 107:
                found.add((numbers[i],))  # 16-colour codes: hue unless black/white/grey
            i += 1
    return found


def is_grey(colour: tuple[int, ...]) -> bool:
    if len(colour) == 3:
        return colour[0] == colour[1] == colour[2]
    (code,) = colour
    # 256-colour: black, greys, white, and the grey ramp; 16-colour SGR codes: black/white/grey.
    return code in (0, 7, 8, 15, 16, 231) or 232 <= code <= 255 or code in (30, 37, 40, 47, 90, 97, 100, 107)


@pytest.fixture
def tour(tmp_path: Path, kit) -> tuple[Path, int]:
    """A lesson with one step per scene kind (defaults), and a last prose step."""
    steps = [*kit.tour_steps(checks=False), "# The end\n\nThat was every scene."]
    path = kit.write(tmp_path / "lessons" / "01-tour.md", "Every scene", steps, "A tour.")
    return path.parent, len(steps)


@pytest.mark.parametrize("name", list(TERMINALS))
def test_app_starts_steps_and_quits(name: str, tour, terminal, visible):
    env, size = TERMINALS[name]
    folder, total = tour
    run = terminal(["--lessons", str(folder)], size=size, **env)
    run.wait_for("Every scene")  # the picker
    run.press("enter")
    for step in range(1, total + 1):
        run.wait_for(f"step {step}/{total}")
        assert "too small" not in run.text, run.text
        if step < total:
            run.press("right")
    run.press("q")
    code = run.finish(timeout=15)
    raw = bytes(run.raw)
    shown = visible(raw)
    assert code == 0, f"{name}: exit code {code}\n{run.text}"
    assert "Traceback" not in shown and "Error" not in shown, shown[-2000:]
    assert b"\x1b[?1049l" in raw[-400:], "the alternate screen was not left at exit"
    if name == "LANG=C":
        odd = sorted({ch for ch in shown if not ch.isascii()})
        assert not odd, f"LANG=C must draw in ASCII by itself; saw {odd}"
    if name == "NO_COLOR=1":
        hues = sorted(c for c in colours(raw) if not is_grey(c))
        assert not hues, f"NO_COLOR=1, yet colours were used: {hues[:10]}"


def test_every_kind_is_on_the_tour(kit):
    steps = kit.tour_steps(checks=False)
    for kind in KINDS:
        assert any(f'kind = "{kind}"' in step for step in steps), kind
