"""`gradtui LESSON --watch` in the app: an edit of the lesson file shows on the same step (or the
nearest one left), a broken edit shows its `path:line:col` in a banner over the last good
lesson, and fixing it clears the banner."""

from __future__ import annotations

import os
from pathlib import Path

from gradtui.views.banner import ReloadBanner
from gradtui.watch import POLL_SECONDS

STEPS = [
    "# One\n\nFirst words.",
    '# Two\n\nSecond words.\n\n```scene\nkind = "secant"\nf = "x**2"\n```',
    "# Three\n\nThird words.",
]


def script(steps: list[str], title: str = "Watched") -> str:
    return f'+++\ntitle = "{title}"\n+++\n\n' + "\n\n---\n\n".join(steps) + "\n"


def save(path: Path, text: str) -> None:
    """Write as an editor saves: new text, a later modification time."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns <= before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def shown(app) -> str:
    """The lesson screen's header and prose, as plain text."""
    screen = app.lesson_screen
    prose = [str(w.content) for w in screen.query("Prose") if w.display and w.parent.display]
    return str(screen.query_one("LessonHeader").content) + "\n" + "\n".join(prose)


def banner_text(app) -> str | None:
    banners = app.lesson_screen.query(ReloadBanner)
    if not banners or not banners.first().has_class("-shown"):
        return None
    return str(banners.first().content)


async def test_edits_reload_on_the_same_step(make_app, tmp_path, wait_until):
    path = tmp_path / "lessons" / "01-watched.md"
    path.parent.mkdir()
    save(path, script(STEPS))
    app = make_app(lessons_dir=path.parent, open_path=path, open_step=2, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await wait_until(pilot, lambda: "Second words." in shown(app))
        save(path, script([STEPS[0], STEPS[1].replace("Second", "Edited"), STEPS[2]], "Renamed"))
        reloaded = lambda: "Edited words." in shown(app) and "Renamed" in shown(app)  # noqa: E731
        assert await wait_until(pilot, reloaded, tries=300)
        assert "step 2/3" in shown(app)
        assert app.lesson_screen.scene_view is not None  # the step's scene is built anew

        save(path, script(STEPS).replace('f = "x**2"', 'f = "x**"'))  # a broken edit
        assert await wait_until(pilot, lambda: banner_text(app) is not None, tries=300)
        line = script(STEPS).splitlines().index('f = "x**2"') + 1
        assert f"{path}:{line}:" in banner_text(app)
        assert "still showing the last good version" in banner_text(app)
        assert "Edited words." in shown(app)  # the last good lesson stays

        save(path, script(STEPS[:1]))  # fixed, and now with one step only
        fixed = lambda: banner_text(app) is None and "step 1/1" in shown(app)  # noqa: E731
        assert await wait_until(pilot, fixed, tries=300)
        assert "First words." in shown(app)  # the nearest step
        await pilot.press("right")  # the lesson still steps (there is nowhere to go)
        assert "step 1/1" in shown(app)


async def test_without_watch_an_edit_changes_nothing(make_app, tmp_path, wait_until):
    path = tmp_path / "lessons" / "01-watched.md"
    path.parent.mkdir()
    save(path, script(STEPS))
    app = make_app(lessons_dir=path.parent, open_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await wait_until(pilot, lambda: "First words." in shown(app))
        save(path, script([STEPS[0].replace("First", "Edited"), *STEPS[1:]]))
        await pilot.pause(2 * POLL_SECONDS)  # a watching app would have reloaded by now
        assert "First words." in shown(app)
