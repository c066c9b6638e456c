"""Themes: the one picked in the palette is remembered in the config file and used next time;
--theme is for one run; every built-in theme keeps the lesson's header and key bar readable."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.theme import BUILTIN_THEMES

from gradtui.app import GradApp
from gradtui.config import Config
from gradtui.screens.lesson import LessonHeader
from gradtui.views.keybar import KeyBar

LESSON = Path(__file__).parent / "lessons"


def luminance(colour) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast(a, b) -> float:
    """The WCAG contrast ratio of two colours: 1 (the same) to 21 (black on white)."""
    light, dark = sorted([luminance(a), luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def first_lesson(make_app, **kwargs):
    path = sorted(LESSON.glob("*.md"))[0]
    return make_app(open_path=path, **kwargs)


async def test_every_theme_keeps_the_header_and_key_bar_readable(make_app):
    """Light themes drew the header's dark text on a dark blue (1.5 : 1 in textual-light)."""
    app = first_lesson(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for name in sorted(BUILTIN_THEMES):
            if name.startswith("ansi"):
                continue  # the terminal's own colours: nothing to measure here
            app.theme = name
            await pilot.pause()
            for widget, least in ((app.screen.query_one(LessonHeader), 3.0),  # bold
                                  (app.screen.query_one(KeyBar), 4.5)):  # fmt: skip
                _, _, background, text = widget.colors
                ratio = contrast(text, background)
                assert ratio >= least, f"{name}: {type(widget).__name__} at {ratio:.2f} : 1"


async def test_a_theme_picked_is_remembered_and_used_next_time(make_app, tmp_path):
    config_dir = tmp_path / "config"
    app = first_lesson(make_app, config=Config.load(config_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "nord"  # what picking it in the palette does
        await pilot.pause()
    assert (config_dir / "config.toml").read_text() == 'theme = "nord"\n'
    again = first_lesson(make_app, config=Config.load(config_dir))
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_theme_on_the_command_line_is_for_one_run(make_app, tmp_path):
    config_dir = tmp_path / "config"
    Config.load(config_dir).save_theme("gruvbox")
    app = first_lesson(make_app, config=Config.load(config_dir), theme="textual-light")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-light"
        await pilot.pause()
    assert Config.load(config_dir).theme == "gruvbox"


@pytest.mark.parametrize("text", ['theme = "no-such-theme"\n', "theme = 5\n", "theme = [\n"])
async def test_a_bad_config_is_said_once_and_the_default_theme_used(
    make_app, tmp_path, text, monkeypatch
):
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    (config_dir / "config.toml").write_text(text)
    said: list[str] = []
    monkeypatch.setattr(GradApp, "notify", lambda self, message, **_: said.append(message))
    app = first_lesson(make_app, config=Config.load(config_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
    assert len(said) == 1 and ("theme" in said[0] or "config.toml" in said[0]), said
