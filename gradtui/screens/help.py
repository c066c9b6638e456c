"""The help screen: every key that works on the current step, the scene's own included."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from gradtui.screens.box import BoxScreen
from gradtui.views.text import as_text

# The keys that work on every screen, last in every help.
ANYWHERE = (
    "Anywhere",
    [
        ("ctrl+p", "jump to a lesson or step"),
        ("q, ctrl+c", "quit"),
    ],
)
# Textual's own ctrl+c binding on every screen: its action is refused (views/textual_seams.py), so
# ctrl+c reaches the app's quit, and the help does not list the copy that never happens.
TEXTUAL_COPY = "screen.copy_text"


class HelpScreen(BoxScreen):
    """A modal listing keys by section; any of esc, q, ? or F1 closes it."""

    BINDINGS = [Binding("escape,q,question_mark,f1,enter", "dismiss", "close", show=False)]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        ascii = getattr(self.app, "ascii", False)
        with VerticalScroll():
            yield Static(self._table(ascii), id="help-keys")
            yield Static(as_text("esc, q or ? closes this help.", ascii))

    def _table(self, ascii: bool) -> Table:
        table = Table(box=None, show_header=False, expand=False, padding=(0, 2, 0, 0))
        table.add_column("key", no_wrap=True, style="bold")
        table.add_column("what it does")
        for title, rows in self.sections:
            table.add_row(as_text(title, ascii, "bold underline"), as_text(""))
            for key, description in rows:
                table.add_row(as_text(key, ascii), as_text(description, ascii))
            table.add_row(as_text(""), as_text(""))
        return table

    @property
    def text(self) -> str:
        """All keys and descriptions as plain text (for tests and screen readers)."""
        return "\n".join(
            f"{key}: {description}" for _, rows in self.sections for key, description in rows
        )

    def action_dismiss(self) -> None:
        self.dismiss()


def keys_of(bindings, app) -> list[tuple[str, str]]:
    """(key, what it does) for each binding with a description."""
    rows = []
    for binding in bindings:
        if isinstance(binding, tuple):
            binding = Binding(*binding)
        if not binding.description:
            continue
        keys = ", ".join(
            app.get_key_display(Binding(key, binding.action)) for key in binding.key.split(",")
        )
        rows.append((keys, binding.description))
    return rows


def effective_keys(screen, node) -> list[tuple[str, str]]:
    """(keys, what they do) for the bindings of `node` that a key press really reaches on
    `screen` and that work now: a key that a widget closer to the focus binds too is its, not
    `node`'s, so each key has one meaning in the help."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for key, reached in screen.active_bindings.items():
        binding = reached.binding
        if reached.node is not node or not binding.description or not reached.enabled:
            continue  # another's key, one with nothing to say, or not here, not now
        if binding.action == TEXTUAL_COPY:
            continue
        grouped.setdefault((binding.action, binding.description), []).append(
            screen.app.get_key_display(Binding(key, binding.action))
        )
    return [(", ".join(keys), description) for (_, description), keys in grouped.items()]
