"""The light output shows the learner exactly what Textual's whole output shows (issue 21).

A scripted run through the course is recorded once per size (benchmarks/recording.py): the
picker, its help and the palette, every step of every built-in lesson, a second of each kind of
scene that plays, the help screen on a step, each end-of-lesson screen, and resizes. The writes
are then fed to two emulated terminals (pyte), one as Textual wrote them and one through
gradtui.output's TerminalMirror (told the new size at each resize, as the drivers tell it),
and after every write the two screens must match cell for cell: character, colours, bold,
italics, underline, strikethrough, reverse and blink.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

import pyte
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from recording import Recorder, Resize, record, until, walk  # noqa: E402

from gradtui.output import SYNC_END, SYNC_START, TerminalMirror  # noqa: E402
from gradtui.script.catalog import builtin_lessons_dir, list_lessons  # noqa: E402
from gradtui.script.parse import load_lesson  # noqa: E402

PLAY_SECONDS = 0.8  # about nine frames of each kind of scene that plays


@pytest.fixture(autouse=True)
def truecolour(monkeypatch):
    """Colours as most terminals get them (the heaviest output), whatever this shell has."""
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)


def replay(writes: list, size: tuple[int, int]) -> tuple[int, int]:
    """Feed `writes` whole to one emulated terminal and through a TerminalMirror to another,
    asserting after each write that both show the same cells. Returns the bytes of each."""
    width, height = size
    whole, light = pyte.Screen(width, height), pyte.Screen(width, height)
    whole_stream, light_stream = pyte.Stream(whole), pyte.Stream(light)
    mirror = TerminalMirror()
    mirror.resize(width, height)
    sent = [0, 0]
    for index, write in enumerate(writes):
        if isinstance(write, Resize):
            whole.resize(write.height, write.width)
            light.resize(write.height, write.width)
            mirror.resize(write.width, write.height)
            continue
        out = mirror.send(write)
        whole_stream.feed(write)
        light_stream.feed(out)
        sent[0] += len(write.encode())
        sent[1] += len(out.encode())
        if write in (SYNC_START, SYNC_END):
            continue  # no cell changes
        for y in range(whole.lines):
            if whole.buffer[y] == light.buffer[y]:
                continue  # the same cells written (a cell never written is blank in both)
            expected = [whole.buffer[y][x] for x in range(whole.columns)]
            seen = [light.buffer[y][x] for x in range(light.columns)]
            if expected != seen:
                x = next(x for x in range(len(seen)) if expected[x] != seen[x])
                pytest.fail(
                    f"after write {index}, row {y} differs from column {x}:\n"
                    f"whole: {''.join(c.data for c in expected)!r}\n"
                    f"light: {''.join(c.data for c in seen)!r}\n"
                    f"cell whole {expected[x]}\ncell light {seen[x]}"
                )
    return sent[0], sent[1]


async def course(pilot, recorder: Recorder, size: tuple[int, int]) -> None:
    """The picker with its help and the palette, then every lesson in turn (each end screen
    leads to the next), with a resize to the other size and back on the first lesson."""
    await pilot.press("question_mark", "escape", "ctrl+p", *"chain")
    await pilot.app.workers.wait_for_complete()  # the palette's search runs in a worker
    await pilot.pause()  # and its results are drawn
    await pilot.press("escape", "home", "s")  # the first lesson, from its first step
    await until(pilot, lambda: pilot.app.lesson_screen is not None, "lesson 1")
    await pilot.press("right", "question_mark", "escape")  # help on a step with a scene
    other = (60, 18) if size == (80, 24) else (80, 24)
    await recorder.resize(pilot, *other)
    await recorder.resize(pilot, *size)
    await pilot.press("left")
    played: set[str] = set()
    lessons = list_lessons(builtin_lessons_dir())
    for number, lesson in enumerate(lessons, 1):
        await until(pilot, lambda lesson=lesson: opened(pilot.app, lesson), f"lesson {number}")
        await walk(pilot, recorder, PLAY_SECONDS, played)
        await pilot.press("right", "right" if number < len(lessons) else "escape")  # past the end
    await until(pilot, lambda: pilot.app.lesson_screen is None, "the picker")


def opened(app, lesson) -> bool:
    """Whether `lesson` (a catalog entry) is on screen at its first step."""
    screen = app.lesson_screen
    return screen is not None and screen.lesson.path == lesson.path and screen.step_number == 1


@pytest.mark.parametrize("size", [(80, 24), (60, 18)])
async def test_the_light_output_shows_every_cell_textual_draws(size):
    recorder = await record(
        lambda pilot, recorder: course(pilot, recorder, size),
        size,
        lessons_dir=builtin_lessons_dir(),
    )
    lessons = [load_lesson(entry.path) for entry in list_lessons(builtin_lessons_dir())]
    assert len(recorder.step_changes) == sum(len(lesson.steps) - 1 for lesson in lessons)
    whole, light = replay(recorder.writes, size)
    assert light < whole / 4
    if size == (80, 24):  # the issue's figures: lesson 1's step changes at the design size
        lesson_1 = step_change_bytes(recorder)[: len(lessons[0].steps) - 1]
        assert statistics.median(lesson_1) <= 4096, lesson_1
        assert max(lesson_1) <= 6144, lesson_1


def step_change_bytes(recorder: Recorder) -> list[int]:
    """What each step change of the recording sent through a mirror that followed the run."""
    mirror = TerminalMirror()
    sent, counted = [], dict(recorder.step_changes)
    index = 0
    while index < len(recorder.writes):
        end = counted.get(index)
        if end is None:
            write = recorder.writes[index]
            if isinstance(write, Resize):
                mirror.resize(write.width, write.height)
            else:
                mirror.send(write)
            index += 1
            continue
        sent.append(sum(len(mirror.send(write).encode()) for write in recorder.between(index, end)))
        index = end
    return sent


WIDE_LESSON = """+++
title = "Wide 斜率 text ✓"
summary = "Characters two cells wide, combining marks and emoji, beside a playing scene."
+++

# 斜率: the slope 🙂

A cafe\u0301 sign, a ＦＵＬＬＷＩＤＴＨ word, and 坡度 for the grade. Press a to play.

```scene
kind = "secant"
f = "x**2"
x = 1
```

---

# Plain again

Only narrow text here, where wide text was a step ago.

---

# 再见 👋

Wide once more, at the end.
"""


async def test_wide_and_combining_text_from_a_lesson_shows_the_same(tmp_path):
    lesson = tmp_path / "01-wide.md"
    lesson.write_text(WIDE_LESSON, encoding="utf-8")

    async def script(pilot, recorder: Recorder) -> None:
        await walk(pilot, recorder, PLAY_SECONDS)
        await pilot.press("left", "left")

    recorder = await record(script, (80, 24), lessons_dir=tmp_path, open_path=lesson, open_step=1)
    assert len(recorder.step_changes) == 2
    writes = "".join(write for write in recorder.writes if isinstance(write, str))
    assert "斜率" in writes and "e\u0301" in writes  # (the app shows them as they are)
    replay(recorder.writes, (80, 24))
