"""The mouse in the scene views at 80x24, as a terminal sends it: a press (Pilot's click), a
drag (a press, moves with the button held, a release, posted as the driver posts them), and a
move with no button, which changes and repaints nothing (idle stays at 0 B/s)."""

from __future__ import annotations

from textual import events

from gradtui.views.scene import SceneView

SIZE = (80, 24)


def cell(app, mark: str, spot: str) -> tuple[int, int]:
    """Where `mark` is drawn on the spot's picture (not on its labels), in the view's cells."""
    frame = app.view.state.on_screen(*app.view.board.size)
    area = frame.spot_named(spot)
    found = [(c, r) for r, line in enumerate(frame.lines) for c, ch in enumerate(line)
             if ch == mark and area.holds(c, r)
             and area.meaning.point_at(c - area.x, r - area.y)]  # fmt: skip
    assert len(found) == 1, found
    return found[0]


def mouse(app, kind, x: int, y: int, button: int = 1) -> None:
    """Post a mouse event at cell (x, y) of the scene's board, as the driver would."""
    region = app.view.board.region
    sx, sy = region.x + x, region.y + y
    app.post_message(kind(None, sx, sy, 0, 0, button, False, False, False, screen_x=sx,
                          screen_y=sy))  # fmt: skip


async def drag(pilot, path: list[tuple[int, int]]) -> None:
    """Press at the first cell, move through the rest with the button held, release."""
    (x, y), *rest = path
    mouse(pilot.app, events.MouseDown, x, y)
    await pilot.pause()
    for x, y in rest:
        mouse(pilot.app, events.MouseMove, x, y)
        await pilot.pause()
    mouse(pilot.app, events.MouseUp, x, y)
    await pilot.pause()


async def test_dragging_q_sets_h_and_q_is_drawn_under_the_mouse(scene_app):
    app = scene_app("secant", f="x**2", x=1.0, h=1.0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        column, row = cell(app, "◆", "plot")
        await drag(pilot, [(column, row), (column - 2, row), (column - 4, row - 1)])
        state = app.view.state
        assert 0 < state.h < 1 and state.x == 1.0
        assert cell(app, "◆", "plot")[0] == column - 4
        assert f"h = {state.h:g}" in app.screen_text()


async def test_a_click_left_of_p_moves_p_and_says_where(scene_app):
    app = scene_app("secant", f="x**2", x=1.0, h=1.0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        column, row = cell(app, "●", "plot")
        await pilot.click(SceneView, offset=(column - 8, row))
        state = app.view.state
        assert state.x < 1 and cell(app, "●", "plot")[0] == column - 8
        assert f"P at x = {state.x:g}" in app.screen_text()


async def test_a_move_without_a_button_changes_and_repaints_nothing(scene_app):
    app = scene_app("secant", f="x**2", x=1.0, h=1.0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = []
        board = app.view.board
        original = board.show_frame
        board.show_frame = lambda frame: (shown.append(frame), original(frame))
        before = app.view.readout()
        for x in range(0, 70, 3):
            mouse(app, events.MouseMove, x, 8, button=0)
        await pilot.pause(0.1)
        assert shown == [] and app.view.readout() == before


async def test_the_dashboards_point_follows_a_drag_in_whole_steps(scene_app):
    app = scene_app("dashboard")  # x from -2 in steps of 0.25 on -3 to 3
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        column, row = cell(app, "●", "plot")
        await drag(pilot, [(column, row), (column + 5, row), (column + 12, row)])
        state = app.view.state
        assert state.x > -2 and (state.x + 2) / 0.25 == round((state.x + 2) / 0.25)
        assert abs(cell(app, "●", "plot")[0] - (column + 12)) <= 1
        assert f"x = {state.x:g}" in app.screen_text()


async def test_a_click_on_a_landscape_start_puts_the_ball_there(scene_app):
    app = scene_app("landscape")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        column, row = cell(app, "3", "picture")
        await pilot.click(SceneView, offset=(column, row))
        assert app.view.state.start_index == 2
        assert "start 3 of 3" in app.screen_text()


async def test_a_click_on_a_neuron_chooses_it(scene_app):
    app = scene_app("network")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        neurons = [spot for spot in app.view.state.on_screen(*app.view.board.size).spots
                   if spot.name == "neuron"]  # fmt: skip
        out = max(neurons, key=lambda spot: spot.x)  # the rightmost: the output
        await pilot.click(SceneView, offset=(out.x + out.width - 2, out.y))
        assert (app.view.state.layer, app.view.state.neuron) == (2, 0)
        assert "chosen: neuron out" in app.screen_text()


async def test_a_click_on_a_gear_chooses_its_ratio(scene_app):
    app = scene_app("gears")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        last = app.view.state.on_screen(*app.view.board.size).spots[-1]  # the last gear, y
        await pilot.click(SceneView, offset=(last.x + 2, last.y + 4))
        assert app.view.state.selected == 1
        assert "> dy/du = 2" in app.screen_text()
