"""The command palette's search box, made inert as the answer box is: what the learner types
or pastes there is shown through `textsafe.inert` (Textual's own box would echo a bidi override
or a C1 control raw)."""

from __future__ import annotations

from gradtui.textsafe import inert


def inert_palette_input() -> None:
    """Make what the learner types or pastes into the command palette's search box inert, as
    the answer box does (Textual's own box would echo a bidi override or a C1 control raw).
    Patched once, on Textual's CommandInput class, where every edit passes: `replace`."""
    from textual.command import CommandInput

    if getattr(CommandInput, "_gradtui_inert", False):
        return
    replace = CommandInput.replace

    def inert_replace(self: CommandInput, text: str, start: int, end: int) -> None:
        replace(self, inert(text, keep_newlines=False), start, end)

    CommandInput.replace = inert_replace
    CommandInput._gradtui_inert = True
