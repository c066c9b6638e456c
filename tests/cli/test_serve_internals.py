"""textual-serve's internals that gradtui serve leans on (gradtui/commands/serve/sessions.py
says which and why): if an upgrade renames or reshapes one, this fails with what changed,
before any classroom finds out. The behaviour itself is tried on a real server in
tests/robustness/test_serve_door.py."""

from __future__ import annotations

from importlib.metadata import version

import pytest

pytest.importorskip("textual_serve")

from gradtui.commands.serve import sessions, web  # noqa: E402


def test_the_internals_gradtui_overrides_are_still_there():
    problems = sessions.textual_serve_fits()
    assert problems == [], (
        f"textual-serve {version('textual-serve')} no longer fits "
        f"gradtui/commands/serve/sessions.py: {problems}"
    )


def test_the_static_files_the_page_loads_are_still_shipped():
    missing = [name for name, path in web.STATIC.items() if not path.is_file()]
    assert missing == [], f"textual-serve {version('textual-serve')} no longer ships {missing}"


def test_the_page_s_terminal_script_still_reads_what_the_page_gives_it():
    """The page hands textual.js its websocket address and font size as data attributes,
    and the script appends ?width=&height= to that address (so a link's lesson and step go
    in the address's path). gradtui.js gives the keyboard to xterm's hidden text area."""
    script = web.STATIC["js/textual.js"].read_text(encoding="utf-8")
    for needed in ("dataset.sessionWebsocketUrl", "dataset.fontSize", '"?width="', '"-closed"',
                   '"-first-byte"', '"stdin"', '"resize"', "xterm-helper-textarea",
                   "window.onload="):  # fmt: skip
        assert needed in script, f"textual.js no longer has {needed}"


def test_the_check_notices_a_change():
    """The check itself can fail: a method that takes other arguments is reported."""

    class Changed(sessions.AppService):
        async def _open_app_process(self, size):  # type: ignore[override]
            pass

    original = sessions.AppService
    sessions.AppService = Changed
    try:
        assert any("_open_app_process" in p for p in sessions.textual_serve_fits())
    finally:
        sessions.AppService = original
