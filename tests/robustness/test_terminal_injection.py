"""Terminal injection: escape sequences hidden in a lesson, or typed and pasted by a learner,
must reach the terminal as inert text.

A hostile lesson (written on the fly) carries OSC 52 (clipboard), OSC 0 (window title), OSC 8
(hyperlinks), CSI, DCS, C1 controls, BEL, NUL, DEL and bidi overrides in its title, summary,
step headings and prose (as HTML entities and raw bidi marks), scene captions and check
questions, hints, explanations and options; the parser refuses raw control characters, so
they come in as TOML escapes, as a stranger's script would smuggle them. A saved answer in the
progress file carries them too. `gradtui print` must print none of them; the app, run in a real
pseudo-terminal and stepped through (with the hostile text pasted into a check), must write
none of the content's sequences. Textual's own CSI sequences are of course allowed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gradtui.scenes import KINDS, scene_params
from gradtui.scenes.kit.params import TEXT, TEXTS
from gradtui.script.parse import load_lesson

REPO = Path(__file__).resolve().parents[2]

PAYLOADS = {
    "OSC 52 clipboard": "\x1b]52;c;ZXZpbA==\x07",
    "OSC 0 title": "\x1b]0;pwned-title\x07",
    "OSC 8 hyperlink": "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "CSI window resize": "\x1b[8;100;300t",
    "CSI title report": "\x1b[21t",
    "DCS": "\x1bP+q544e\x1b\\",
    "full reset": "\x1bc",
    "C1 CSI": "\x9b2J",
    "C1 OSC": "\x9d0;c1-title\x9c",
    "BEL": "\x07",
    "NUL": "\x00",
    "DEL": "\x7f",
    "bidi override": "\u202e",
    "bidi isolate": "\u2066",
    "bidi mark": "\u200f",
}
HOSTILE = "".join(PAYLOADS.values())
# The same trouble as Markdown entities (markdown-it decodes them) and raw bidi marks.
HOSTILE_MARKDOWN = (
    "&#27;]52;c;ZXZpbA==&#7; &#x1b;[2J &#x9b;31m &#x202e;flipped&#x202c; &#0; &#x7f; "
    "raw \u202eoverride\u202c and \u2066isolate\u2069"
)

# Characters that must never reach a terminal from content: C0 controls but newline, DEL,
# C1 controls, and the bidi controls that reorder what is shown.
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
FORBIDDEN = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{BIDI}]")
# OSC sequences that set titles (0, 1, 2), make links (8) or touch the clipboard (52).
CONTENT_OSC = re.compile(rb"\x1b\]\s*(?:0|1|2|8|52)\s*;")


def text_param_steps(kit) -> list[str]:
    """A step per scene kind that takes free text (a caption...), with the hostile text in it."""
    steps = []
    for kind in KINDS:
        given = {}
        for param in scene_params(kind):
            if param.kind == TEXT and not param.choices:
                given[param.name] = "caption " + HOSTILE
            elif param.kind == TEXTS and not param.choices:
                given[param.name] = ["one " + HOSTILE, "two " + HOSTILE]
        if given:
            block = kit.scene_block(kind, {**kit.required_params(kind), **given})
            steps.append(f"# The {kind} scene &#x1b;[2J\n\nIts text is hostile.\n\n{block}")
    return steps


@pytest.fixture
def hostile_lesson(tmp_path: Path, kit) -> Path:
    steps = [
        f"# Step one &#x1b;]0;pwned&#7; \u202eheading\n\n{HOSTILE_MARKDOWN}\n\n"
        "- an item &#x9b;2J\n- a [link](http://evil.example/&#x1b;]8;;x) and `code &#x1b;[2J`\n\n"
        + kit.scene_block("plot", {"f": "x**2", "caption": "caption " + HOSTILE}),
        "# A number &#x1b;[21t check\n\nType.\n\n"
        + kit.check_block(
            question="Q " + HOSTILE,
            answer=6,
            tolerance=0.1,
            hint="H " + HOSTILE,
            explain="E " + HOSTILE,
        ),
        "# A choice check\n\nPick.\n\n"
        + kit.check_block(
            question="Q " + HOSTILE,
            options=["A " + HOSTILE, "B " + HOSTILE],
            answer="A " + HOSTILE,
            hint="H " + HOSTILE,
            explain="E " + HOSTILE,
        ),
        *text_param_steps(kit),
    ]
    title, summary = "Evil " + HOSTILE + " title", "Summary " + HOSTILE
    path = kit.write(tmp_path / "lessons" / "01-hostile.md", title, steps, summary)
    lesson = load_lesson(path)  # a valid lesson: the hostile text is accepted, not refused
    assert HOSTILE in lesson.title and HOSTILE in lesson.steps[1].check.question
    return path


def forbidden_in(text: str) -> list[str]:
    return sorted({f"U+{ord(ch):04X}" for ch in FORBIDDEN.findall(text)})


def gradtui(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m gradtui ARGS` with a UTF-8 locale and progress in tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(LANG="C.UTF-8", XDG_STATE_HOME=str(tmp_path / "state"), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "gradtui", *args], capture_output=True, timeout=60, env=env, cwd=REPO
    )


@pytest.mark.parametrize("ascii", [False, True], ids=["unicode", "ascii"])
def test_print_writes_no_control_characters(hostile_lesson: Path, tmp_path: Path, ascii: bool):
    result = gradtui(tmp_path, "print", str(hostile_lesson), *(["--ascii"] if ascii else []))
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    out = result.stdout.decode("utf-8")
    assert not forbidden_in(out), forbidden_in(out)
    assert not forbidden_in(result.stderr.decode("utf-8", errors="replace"))
    if ascii:
        assert out.isascii()
    # the content is there, made harmless: the text of each sequence shows, its ESC does not
    for visible_part in ("]52;c;ZXZpbA==", "]0;pwned-title", "caption", "Q ", "A ", "B "):
        assert visible_part in out, visible_part
    for payload in PAYLOADS.values():
        assert payload.encode() not in result.stdout


def test_check_reports_hostile_mistakes_inertly(tmp_path: Path, kit):
    """`gradtui check` quotes what is wrong (a key, an expression): the quote is made inert."""
    steps = [
        "# Broken\n\n" + kit.scene_block("plot", {"f": "x" + HOSTILE, HOSTILE: 1}),
        "# Broken too\n\n" + kit.check_block(question="Q", answer=1, **{HOSTILE: 2}),
    ]
    path = kit.write(tmp_path / "broken" / "01-broken.md", "Broken " + HOSTILE, steps)
    result = gradtui(tmp_path, "check", str(path))
    out = (result.stdout + result.stderr).decode("utf-8")
    assert result.returncode == 1, out
    assert "01-broken.md:" in out and "]52;c;ZXZpbA==" in out  # the mistakes, quoted
    assert not forbidden_in(out), forbidden_in(out)


def test_app_in_a_terminal_writes_none_of_the_content_sequences(
    hostile_lesson: Path, tmp_path: Path, terminal, visible
):
    # A saved answer in the progress file is shown back ("Last time you answered ...").
    state = tmp_path / "state" / "gradtui"
    state.mkdir(parents=True)
    key = str(hostile_lesson.resolve())
    record = {"step": 1, "steps": 3, "done": False,
              "checks": {"2": {"answer": "saved " + HOSTILE, "correct": False}}}  # fmt: skip
    progress = {"version": 1, "last_lesson": key, "lessons": {key: record}}
    (state / "progress.json").write_text(json.dumps(progress))

    run = terminal(["--lessons", str(hostile_lesson.parent)])
    run.wait_for("Evil")  # the picker shows the title and summary
    run.press("ctrl+p")  # the palette lists lesson titles
    run.wait_for("pwned-title")
    run.press("escape")
    run.wait_for(lambda text: "Last time" in text)
    run.press("enter")
    total = len(load_lesson(hostile_lesson).steps)
    run.wait_for(f"step 1/{total}")
    run.press("f1")
    run.wait_for("help")
    run.press("escape")
    run.press("right")
    run.wait_for(f"step 2/{total}")  # the number check, its answer box focused
    run.wait_for("saved")
    run.paste("1" + HOSTILE)  # a paste starts the answer
    run.wait_for(lambda text: "your answer, then Enter" not in text)  # it is in the box
    run.press("enter")
    run.wait_for("not a number")
    run.press("ctrl+u", "ctrl+k")  # empty the answer box
    run.send("typed \u009b2J \u202eby hand")  # a C1 control and a bidi mark, typed
    run.wait_for("by hand")
    run.press("enter")
    run.wait_for("typed*2")  # the verdict quotes what was typed
    run.press("ctrl+p")  # the palette lists the steps, headings and all
    run.wait_for("Search")
    run.send("Step one")
    run.wait_for(lambda text: "step 1: Step one" in text)
    run.press("escape")
    run.wait_for(lambda text: "Step one" not in text)
    run.press("escape", "right")  # leave the answer box, next step
    run.wait_for(f"step 3/{total}")  # the choice check: pick the first option
    run.press("enter")
    run.wait_for("Right")  # a right answer gives the keys back to the lesson
    for step in range(4, total + 1):
        run.press("right")
        run.wait_for(f"step {step}/{total}")
    run.press("q")
    assert run.finish(timeout=15) == 0, run.text
    raw = bytes(run.raw)

    shown = raw.decode("utf-8")  # Textual writes UTF-8; a stray C1 byte would fail here
    assert not CONTENT_OSC.search(raw), CONTENT_OSC.findall(raw)
    c1_and_bidi = sorted(
        {f"U+{ord(ch):04X}" for ch in shown if 0x80 <= ord(ch) <= 0x9F or ch in BIDI}
    )
    assert not c1_and_bidi, c1_and_bidi
    assert b"\x00" not in raw and b"\x7f" not in raw
    for name, payload in PAYLOADS.items():
        if payload[0] in "\x1b\x9b\x9d":
            assert payload.encode() not in raw, f"{name} reached the terminal verbatim"
    # and the learner saw the text, inert: each sequence's printable part is on the screen
    assert "]52;c;ZXZpbA==" in visible(raw)
