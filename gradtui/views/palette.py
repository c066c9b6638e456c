"""The command palette (ctrl+p): every lesson and every step of the open lesson to jump to,
matched in one pass, shown as inert text. (Its search box is made inert as the answer box is:
see gradtui/views/textual_seams.py.)"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from gradtui.textsafe import for_terminal, shortened
from gradtui.views.text import as_text

# Lesson and step titles longer than this are cut in the palette, so a row fits.
PALETTE_TITLE_LENGTH = 48


def palette_match(query: str, label: str) -> tuple[float, list[int]]:
    """How well `label` matches what the learner typed (0 for no match, up to 1), and the
    positions of the matched letters. The query's letters must appear in order; a label that
    holds the query whole scores higher. One pass over the label (Textual's own matcher
    tries every way the letters could match, which a long, repetitive title makes slow)."""
    wanted, text = query.casefold(), label.casefold()
    if not wanted or len(text) != len(label):  # folding changed the length: compare as is
        wanted, text = query, label
    if not wanted:
        return 0.0, []
    start = text.find(wanted)
    if start >= 0:
        return 1.0 - start / (2 * len(text) + 1), list(range(start, start + len(wanted)))
    positions, index = [], 0
    for letter in wanted:
        index = text.find(letter, index)
        if index < 0:
            return 0.0, []
        positions.append(index)
        index += 1
    runs = 1 + sum(1 for a, b in zip(positions, positions[1:], strict=False) if b != a + 1)
    return 0.5 / runs, positions


def highlighted(label: Text, positions: list[int]) -> Text:
    """`label` with the matched letters in reverse video."""
    label = label.copy()
    for position in positions:
        label.stylize("reverse", position, position + 1)
    return label


class LessonCommands(Provider):
    """Ctrl+P: every lesson, and every step of the lesson that is open, to jump to."""

    def _targets(self) -> list[tuple[str, Path, int | None]]:
        app = self.app
        ascii = app.ascii

        def title(text: str) -> str:
            return shortened(for_terminal(text, ascii), PALETTE_TITLE_LENGTH, ascii)

        dot = "-" if ascii else "·"
        targets = []
        for entry in app.entries:
            if entry.problem:
                continue
            number = f"{entry.number} " if entry.number is not None else ""
            targets.append((f"Lesson {number}{dot} {title(entry.title)}", entry.path, None))
        lesson = app.session.lesson  # the lesson open, if any
        if lesson is not None:
            for step in lesson.steps:
                label = f"{title(lesson.title)} {dot} step {step.number}: "
                label += title(step.title or "(untitled)")
                targets.append((for_terminal(label, ascii), lesson.path, step.number))
        return targets

    async def discover(self) -> Hits:
        for label, path, step in self._targets():
            yield DiscoveryHit(
                as_text(label), partial(self.app.open_lesson, path, step), text=label
            )

    async def search(self, query: str) -> Hits:
        for label, path, step in self._targets():
            score, positions = palette_match(query, label)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(as_text(label), positions),
                    partial(self.app.open_lesson, path, step),
                    text=label,
                )
