"""The reload banner of `gradtui LESSON --watch`: a line over the lesson saying that the last
edit of its file does not load (with the `path:line:col` of the problem) and that the last good
version stays on screen. Said in words, so it reads without colour."""

from __future__ import annotations

from textual.widgets import Static

from gradtui.views.text import as_text


class ReloadBanner(Static):
    """The problem with the lesson file's last edit; hidden while there is none."""

    DEFAULT_CSS = """
    ReloadBanner {
        height: auto;
        width: 1fr;
        padding: 0 1;
        background: $error;
        color: $text;
        display: none;
    }
    ReloadBanner.-shown {
        display: block;
    }
    """

    def __init__(self, *, ascii: bool = False, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.ascii = ascii
        self.problem: str | None = None

    def show_problem(self, problem: str | None) -> None:
        """Show `problem` (a `path:line:col: message`), or hide the banner when None."""
        self.problem = problem
        if problem is not None:
            text = f"The edit does not load; still showing the last good version. {problem}"
            self.update(as_text(text, self.ascii))
        self.set_class(problem is not None, "-shown")
