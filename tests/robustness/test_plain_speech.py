"""Every built-in lesson read through the line mode (`gradtui --plain`) as a screen-reader user
hears it: every step, its scene's moves listed and each made once, its numbers, its check's
hint and answer. Not one symbol a speech synthesizer misreads is left: no e-notation, no `**`
or `^` power, no superscript digit, no ∇, ∂ or Δ, no box-drawing, block or plot mark, no
dash standing for a missing value. In 7 bits (`--plain --ascii`) the same holds, and the
output is ASCII. A text picture, asked for with `plot`, is the one place marks are drawn."""

from __future__ import annotations

import re

import pytest

from gradtui.commands.plain import Reader
from gradtui.progress import Progress
from gradtui.scenes.live import LiveScene
from gradtui.script.catalog import builtin_lessons_dir
from gradtui.script.parse import load_lesson

MISREAD = {
    "e-notation": re.compile(r"\d[eE][-+]?\d"),
    "a ** power": re.compile(r"\*\*"),
    "a ^ power": re.compile(r"\^"),
    "a superscript": re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁿ]"),
    "nabla, partial or delta": re.compile("[∇∂Δ]"),
    "box drawing or a block": re.compile("[\u2500-\u259f]"),
    "a plot mark": re.compile("[•●◆▶◀▲▼■□·○]"),
    "a minus sign left to the synthesizer": re.compile("[−–]"),
    "a dash for no value": re.compile(r"(?<=[=\w]) [-—](?=$|[,;)])"),
    "a lone star or slash": re.compile(r"(?<!\S)[*/](?!\S)"),
}
LESSONS = sorted(builtin_lessons_dir().glob("0[1-7]-*.md"))


def reading(lesson_path, ascii: bool = False) -> list[tuple[str, str]]:
    """(where, what the reader said) for every step of a lesson: the step, its scene's moves
    and each move made once, its numbers, its check's hint and answer; then past its end."""
    lesson = load_lesson(lesson_path)
    said = []
    for number in range(1, len(lesson.steps) + 1):
        reader = Reader(builtin_lessons_dir(), Progress(enabled=False), ascii=ascii)
        where = f"{lesson_path.name}, step {number}"
        said.append((where, reader.open_lesson(lesson, number)))
        scene = reader.scene_of(number)
        if isinstance(scene, LiveScene):
            said.append((f"{where}: keys", reader.command("keys")))
            for key in scene.keys:
                if key.active(scene.state):
                    said.append((f"{where}: {key.words}", reader.scene_words.make_move(scene, key)))
            said.append((f"{where}: numbers", reader.command("numbers")))
        if lesson.steps[number - 1].check is not None:
            said += [(f"{where}: hint", reader.command("hint"))]
            said += [(f"{where}: reveal", reader.command("reveal"))]
    said.append((f"{lesson_path.name}: past the end", reader.command("n")))
    return said


def misread(said: list[tuple[str, str]]) -> list[str]:
    found = []
    for where, text in said:
        for line in text.splitlines():
            found += [
                f"{where}: {what}: {line!r}" for what, rule in MISREAD.items() if rule.search(line)
            ]
    return found


@pytest.mark.parametrize("lesson_path", LESSONS, ids=lambda path: path.stem)
def test_every_step_of_every_lesson_is_said_in_words(lesson_path):
    said = reading(lesson_path)
    assert len(said) > 10
    left = misread(said)
    assert not left, f"{len(left)} lines a synthesizer misreads:\n" + "\n".join(left[:20])


@pytest.mark.parametrize("lesson_path", LESSONS[:3], ids=lambda path: path.stem)
def test_in_seven_bits_it_is_ascii_and_said_in_words_too(lesson_path):
    said = reading(lesson_path, ascii=True)
    assert all(text.isascii() for _, text in said)
    assert not misread(said)


def test_the_picture_is_drawn_on_request_and_only_then():
    """A gauge drawn in the readout is not read out; `plot` still draws the scene."""
    reader = Reader(builtin_lessons_dir(), Progress(enabled=False))
    step = reader.open_lesson(load_lesson(LESSONS[0]), step=8)  # the dashboard
    assert "reading: rising steeply" in step and "─" not in step and "◀" not in step
    picture = reader.command("plot")
    assert picture.startswith("A text picture of the scene:") and "●" in picture
