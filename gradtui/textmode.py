"""A whole lesson as plain text, for `gradtui print`: prose (each link to a step saying where
it leads), each scene's text rendering, and each check with its answer and the step that
teaches it at the end of the step. No escape sequences, ever."""

from __future__ import annotations

from gradtui.grading import answer_text
from gradtui.prose import prose_as_plain
from gradtui.script.model import CheckSpec, Lesson
from gradtui.textsafe import for_terminal

WIDTH = 78


def lesson_as_text(lesson: Lesson, ascii: bool = False) -> str:
    """The lesson from title to last step, ready for a pipe, a screen reader or a printer."""
    rule = "=" * WIDTH
    out = [for_terminal(lesson.title, ascii), rule]
    if lesson.summary:
        out += [for_terminal(lesson.summary, ascii), ""]
    total = len(lesson.steps)
    for step in lesson.steps:
        out += ["", f"[step {step.number} of {total}]", ""]
        out.append(prose_as_plain(step.prose, WIDTH, ascii, step.links))
        if step.scene is not None:
            out += ["", f"[scene: {step.scene.kind}]", scene_as_text(step.scene, ascii)]
        if step.check is not None:
            out += ["", check_as_text(step.check, ascii)]
    return "\n".join(out).rstrip() + "\n"


def scene_as_text(scene, ascii: bool = False) -> str:
    """One scene's text rendering; a scene that fails says so instead of stopping the print."""
    from gradtui.scenes import scene_module

    try:
        text = scene_module(scene.kind).render_text(scene.params, ascii)
    except Exception as error:  # one broken scene must not hide the rest of the lesson
        text = f"(this scene could not be drawn: {type(error).__name__}: {error})"
    return for_terminal(text, ascii)


def check_as_text(check: CheckSpec, ascii: bool = False) -> str:
    """A check as a question, its options, then the answer (for reading offline)."""
    lines = ["Predict, then check: " + check.question]
    for number, option in enumerate(check.options, start=1):
        lines.append(f"  {number}. {option}")
    lines.append(f"  (answer: {answer_text(check)})")
    if check.hint:
        lines.append(f"  hint: {check.hint}")
    if check.explain:
        lines.append(f"  why: {check.explain}")
    if check.see is not None:
        lines.append(f"  see: {check.see.describe()}")
    return for_terminal("\n".join(lines), ascii)
