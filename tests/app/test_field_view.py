"""The field view: Enter (or a click) takes the arrow keys into the map and Esc gives them
back, and the key bar says which; the heading turns, slices show, and in lesson 2 the arrows
step the lesson until the map has them."""

from __future__ import annotations

import math
from functools import partial
from pathlib import Path

import pytest

from gradtui.views.scene import view_class

FieldView = view_class("field")
LESSON_2 = Path(__file__).parents[2] / "lessons" / "02-gradient.md"


@pytest.fixture
def harness(scene_app):
    return partial(scene_app, "field", f="x^2 + 2*y^2", at=[1.5, 1.0])


async def test_enter_then_arrows_move_the_point_and_the_readings_follow(harness):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "∂f/∂x = 3  ∂f/∂y = 4" in app.screen_text()
        await pilot.press("enter", "left", "left", "up")
        state = app.view.state
        assert state.point == (0.9, 1.3)
        text = app.screen_text()
        gx, gy = 2 * 0.9, 4 * 1.3  # the closed form at the new point
        assert f"∂f/∂x = {gx:.4g}" in text and f"∂f/∂y = {gy:.4g}" in text
        assert f"|∇f| = {math.hypot(gx, gy):.4g}" in text
        await pilot.press("escape")
        assert not state.in_map


async def test_turning_the_heading_changes_its_slope_and_u_faces_uphill(harness):
    app = harness()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("full_stop", "full_stop")
        text = app.screen_text()
        slope = 3 * math.cos(math.radians(45)) + 4 * math.sin(math.radians(45))
        assert f"heading 45° (NE): slope {slope:.4g}" in text
        assert "f along 45°:  • f  + tangent" in text  # the slice shows beside the map
        await pilot.press("u")
        assert "heading 53.13° (NE): slope 5" in app.screen_text()
        await pilot.press("x")
        assert "x-slice (∂f/∂x): slope 3" in app.screen_text()
        await pilot.press("y")
        assert "y-slice (∂f/∂y): slope 4" in app.screen_text()


async def test_a_click_on_the_map_puts_the_point_there_and_takes_the_arrows(harness):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click(FieldView, offset=(2, 1))
        state = app.view.state
        assert state.in_map and state.point[0] < -2 and state.point[1] > 2
        assert state.gradient == pytest.approx((2 * state.point[0], 4 * state.point[1]))


async def test_ascii_mode_draws_seven_bit_text(harness):
    app = harness(ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "right", "full_stop")
        assert app.screen_text().isascii() and "|grad f| = " in app.screen_text()


async def test_resizing_never_breaks(harness, resize):
    app = harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        for size in ((60, 18), (200, 50), (1, 1), (0, 0), (25, 9), (80, 24)):
            await resize(pilot, *size)
            await pilot.press("up", "full_stop")
        assert "f = " in app.screen_text()


def test_every_binding_has_a_description():
    assert all(binding.description for binding in FieldView.BINDINGS)


async def test_in_the_lesson_arrows_step_until_enter_gives_them_to_the_map(make_app):
    from gradtui.script.parse import load_lesson

    lesson = load_lesson(LESSON_2)
    number = next(s.number for s in lesson.steps if s.scene and s.scene.kind == "field")
    app = make_app(lessons_dir=LESSON_2.parent, open_path=LESSON_2, open_step=number)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        bar = screen.query_one("KeyBar")
        view = screen.scene_view
        assert isinstance(view, FieldView) and view.has_focus
        assert "move the point" in [words for _, words in bar.shown_keys()]
        await pilot.press("enter")
        await pilot.pause()
        shown = [words for _, words in bar.shown_keys()]
        assert "leave the map" in shown and "point right" in shown and "move the point" not in shown
        await pilot.pause()
        on_bar = bar.shown  # what the 80-column bar shows
        assert ("n", "next") in on_bar and ("p", "back") in on_bar  # ← and → move the point here
        assert ("esc", "leave the map") in on_bar
        start = view.state.point
        await pilot.press("right")
        assert screen.step_number == number and view.state.point[0] > start[0]
        await pilot.press("escape")  # (Pilot sends keys as events: no Esc+key = Alt+key here)
        assert screen.step_number == number and not view.state.in_map
        await pilot.press("right")
        assert screen.step_number == number + 1
        await pilot.press("left")
        assert screen.step_number == number
        await pilot.press("escape")  # with the arrows out of the map, Esc leaves the lesson
        await pilot.pause()
        assert app.lesson_screen is None or app.screen is not screen
