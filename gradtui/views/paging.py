"""A guard on Textual's OptionList paging, until Textual fixes it upstream (see the function)."""

from __future__ import annotations


def guard_option_list_paging() -> None:
    """Make page up/down safe on an OptionList that has not been laid out yet.

    Textual 8.2.8 raises KeyError from `OptionList.action_page_up/down` while the list has no
    lines: hidden under the size notice (the picker or a choice check below 60x18), or just
    opened (ctrl+p, then pgdn before the first frame). Such a press now moves to the first or
    last option instead of crashing the app. Patched once, on the class, so the command
    palette's list is covered too.
    """
    from textual.widgets import OptionList

    if getattr(OptionList, "_gradtui_paging_guard", False):
        return
    page_up, page_down = OptionList.action_page_up, OptionList.action_page_down

    def action_page_up(self: OptionList) -> None:
        try:
            page_up(self)
        except KeyError:
            self.action_first()

    def action_page_down(self: OptionList) -> None:
        try:
            page_down(self)
        except KeyError:
            self.action_last()

    OptionList.action_page_up = action_page_up
    OptionList.action_page_down = action_page_down
    OptionList._gradtui_paging_guard = True
