"""Odd terminals and odd state folders: the real app, in a pseudo-terminal.

It starts, steps through a scene of every kind, and quits cleanly with LANG=C (ASCII chosen
by itself), TERM=linux (ASCII too)/vt100/xterm, NO_COLOR=1, and in a 60x18 window; TERM=dumb
gets the line mode instead, and says so. And it starts
and runs when its saved progress is damaged, from another version, has a folder in its place
(the old file kept as `.bad`, the learner told once), was saved by a newer gradtui (left as
it is, not saved over), or cannot be saved at all (told once, not at every step).

Each run is `python -m gradtui --lessons DIR` from the checkout, with progress in a private
folder, bounded by timeouts and killed if it hangs; runs go three at a time (each is mostly
Python starting up). The screen is emulated with pyte, as a person's terminal would draw it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from gradtui.scenes import KINDS

# Under `make test` (pytest-xdist) one worker takes the whole module: its runs are started once,
# together, for the whole module.
pytestmark = pytest.mark.xdist_group("terminals")

TERMINALS = {
    "LANG=C": ({"LANG": "C"}, (80, 24)),
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
    return (
        code in (0, 7, 8, 15, 16, 231)
        or 232 <= code <= 255
        or code in (30, 37, 40, 47, 90, 97, 100, 107)
    )


@dataclass
class TourRun:
    """What one terminal saw of the tour: exit code, every byte, the last screen, and the
    first thing that went wrong while driving it (empty if nothing did)."""

    code: int | None
    raw: bytes
    screen: str
    problem: str


def drive(start, folder: Path, total: int, env: dict[str, str], size: tuple[int, int]) -> TourRun:
    """Open the tour from the picker, step to the end (checking each step shows), quit."""
    run = start(["--lessons", str(folder)], size=size, **env)
    try:
        run.wait_for("Every scene")  # the picker
        run.press("enter")
        for step in range(1, total + 1):
            run.wait_for(f"step {step}/{total}")
            assert "too small" not in run.text, run.text
            if step < total:
                run.press("right")
        run.press("q")
        code = run.finish(timeout=20)
    except AssertionError as error:
        run.kill()
        return TourRun(None, bytes(run.raw), run.text, str(error))
    return TourRun(code, bytes(run.raw), run.text, "")


def damaged(home: Path) -> None:
    _progress_file(home).write_bytes(b'{"version": 1, "lessons": {"a": {"st')


def foreign(home: Path) -> None:
    _progress_file(home).write_text(json.dumps({"version": 0, "lessons": []}))


NEWER = json.dumps({"version": 2, "lessons": {"builtin:slope": {"where": 3}}})


def newer(home: Path) -> None:
    _progress_file(home).write_text(NEWER)


def folder_in_the_way(home: Path) -> None:
    _progress_file(home).mkdir()


def unwritable(home: Path) -> None:
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("a file where the state folder should be")  # (root ignores chmod)


def _progress_file(home: Path) -> Path:
    (home / "gradtui").mkdir(parents=True)
    return home / "gradtui" / "progress.json"


# name: (how the state folder is broken, how the notice starts, whether a .bad is kept)
STATES = {  # (the notices start a toast line; these first words fit on it)
    "damaged": (damaged, "the progress file was damaged", True),
    "another version": (foreign, "the progress file is from", True),
    "a newer version": (newer, "the progress file was saved by", False),
    "folder in the way": (folder_in_the_way, "a folder stands where", True),
    "cannot save": (unwritable, "cannot save progress", False),
}


@dataclass
class StateRun:
    """What the learner saw with a broken state folder: the run, and how many times the
    notice was on the screen after three steps (each of which saves)."""

    run: TourRun
    notices: int


def drive_state(start, folder: Path, home: Path, notice: str) -> StateRun:
    run = start(["--lessons", str(folder)], XDG_STATE_HOME=str(home))
    count = 0
    try:
        run.wait_for("Every scene")
        run.press("enter")
        run.wait_for("step 1/")
        run.wait_for(notice)  # said at start, or at the first save (opening the lesson)
        for step in (2, 3):
            run.press("right")
            run.wait_for(f"step {step}/")
        run.pump(0.3)  # time for a repeated notice to show, if the last save made one
        count = run.text.count(notice)  # toasts stay for 8 s: a repeat would stack up
        run.press("q")
        code = run.finish(timeout=20)
    except AssertionError as error:
        run.kill()
        return StateRun(TourRun(None, bytes(run.raw), run.text, str(error)), count)
    return StateRun(TourRun(code, bytes(run.raw), run.text, ""), count)


@pytest.fixture(scope="module")
def runs(module_terminal, tmp_path_factory, kit) -> dict[str, TourRun | StateRun]:
    """Every terminal of TERMINALS and every state of STATES on one tour lesson (a step per
    scene kind, then a prose step), three runs at a time."""
    steps = [*kit.tour_steps(checks=False), "# The end\n\nThat was every scene."]
    folder = tmp_path_factory.mktemp("tour")
    kit.write(folder / "01-tour.md", "Every scene", steps, "A tour.")
    homes = tmp_path_factory.mktemp("homes")
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {
            name: pool.submit(drive, module_terminal, folder, len(steps), env, size)
            for name, (env, size) in TERMINALS.items()
        }
        for name, (breaks, notice, _) in STATES.items():
            home = homes / name.replace(" ", "-") / "state"
            breaks(home)
            futures["state:" + name] = pool.submit(
                drive_state, module_terminal, folder, home, notice
            )
        return {name: future.result() for name, future in futures.items()}


@pytest.fixture(scope="module")
def tours(runs) -> dict[str, TourRun]:
    return runs


@pytest.mark.parametrize("name", list(TERMINALS))
def test_app_starts_steps_and_quits(name: str, tours, visible):
    tour = tours[name]
    assert not tour.problem, f"{name}: {tour.problem}"
    shown = visible(tour.raw)
    assert tour.code == 0, f"{name}: exit code {tour.code}\n{tour.screen}"
    for trouble in ("Traceback", "Error", "could not be shown"):
        assert trouble not in shown, f"{name}: {trouble!r} on screen:\n{shown[-2000:]}"
    assert b"\x1b[?1049l" in tour.raw[-400:], "the alternate screen was not left at exit"
    if name in ("LANG=C", "TERM=linux"):  # the Linux console's fonts lack ━ ◆ • ▔ ▊
        odd = sorted({ch for ch in shown if not ch.isascii()})
        assert not odd, f"{name} must draw in ASCII by itself; saw {odd}"
    if name == "NO_COLOR=1":
        hues = sorted(c for c in colours(tour.raw) if not is_grey(c))
        assert not hues, f"NO_COLOR=1, yet colours were used: {hues[:10]}"


def test_every_kind_is_on_the_tour(kit):
    steps = kit.tour_steps(checks=False)
    for kind in KINDS:
        assert any(f'kind = "{kind}"' in step for step in steps), kind


@pytest.mark.parametrize("name", list(STATES))
def test_app_runs_with_broken_saved_progress(name: str, runs, tmp_path_factory, visible):
    _, notice, keeps_bad = STATES[name]
    state = runs["state:" + name]
    assert not state.run.problem, f"{name}: {state.run.problem}"
    assert state.run.code == 0, f"{name}: exit code {state.run.code}\n{state.run.screen}"
    assert state.notices == 1, f"{name}: the notice was shown {state.notices} times"
    assert "Traceback" not in visible(state.run.raw)
    home = tmp_path_factory.getbasetemp() / "homes0" / name.replace(" ", "-") / "state"
    if keeps_bad:
        assert (home / "gradtui" / "progress.json.bad").exists(), "the old file was not kept"
        saved = json.loads((home / "gradtui" / "progress.json").read_text())
        assert saved["version"] == 1 and saved["last_lesson"], "no fresh progress was saved"
    if name == "a newer version":
        assert (home / "gradtui" / "progress.json").read_text() == NEWER, "it was saved over"


def test_a_dumb_terminal_gets_the_line_mode_and_is_told_so(kit, tmp_path):
    """TERM=dumb used to get the full-screen app anyway, escape codes and all."""
    kit.write(tmp_path / "01-tour.md", "Every scene", kit.tour_steps(checks=False), "A tour.")
    env = {**os.environ, "TERM": "dumb", "XDG_STATE_HOME": str(tmp_path / "state")}
    result = subprocess.run(
        [sys.executable, "-m", "gradtui", "--lessons", str(tmp_path)],
        input="1\nn\nq\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "TERM=dumb" in result.stderr and "line mode" in result.stderr
    assert "\x1b" not in result.stdout  # no escape sequence reaches a dumb terminal
    assert "Step 2 of" in result.stdout or "step 2 of" in result.stdout, result.stdout[-800:]
