"""A scene's moves as typed words (gradtui/scenes/kit/moves.py), for every registered kind: each
key's own words make exactly that move, so the line-mode reader serves every kind, present and
future, with nothing more to write; and the optional `settings`/`set` of the scene contract."""

from __future__ import annotations

import pytest

from gradtui.scenes import KINDS, scene_module
from gradtui.scenes.contract import SceneState
from gradtui.scenes.kit.keys import Key
from gradtui.scenes.kit.moves import matching_moves, move_list, names_of, play_move, words_of
from gradtui.scenes.kit.params import fill_defaults


def fresh_state(kind: str):
    module = scene_module(kind)
    return module.State(fill_defaults(module.PARAMS, {}))


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_key_is_made_by_its_own_words(kind):
    keys = tuple(scene_module(kind).KEYS)
    for key in keys:
        assert matching_moves(keys, key.words) == [key], f"{key.words!r} in {kind}"
        assert matching_moves(keys, key.words.upper()) == [key]  # case does not matter


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_lists_its_moves_in_words(kind):
    keys = tuple(scene_module(kind).KEYS)
    lines = move_list(keys, fresh_state(kind))
    assert len(lines) >= len(keys)
    for key, line in zip(keys, lines, strict=False):
        assert line.startswith(key.words)


SECANT = (
    Key("down,minus", "shrink", "shrink h", show="↓/-"),
    Key("a", "toggle_play", "play/stop"),
    Key("s", "switch_side", "Q left/right"),
    Key("0", "set_zero", "h = 0"),
)
WALK = (
    Key("comma", "walk", "step left", args=(-1,)),
    Key("full_stop", "walk", "step right", args=(1,)),
    Key("right_square_bracket", "walk", "5 steps right", args=(5,)),
)
CHAIN = (Key("full_stop", "move", "x right", args=(1,)), Key("comma", "move", "x left", args=(-1,)))


def test_a_move_by_its_method_its_words_or_enough_of_them():
    assert matching_moves(SECANT, "shrink") == [SECANT[0]]  # the method's name
    assert matching_moves(SECANT, "play") == [SECANT[1]]  # one of "play/stop"
    assert matching_moves(SECANT, "set zero") == [SECANT[3]]  # the method, in words
    assert matching_moves(CHAIN, "move right") == [CHAIN[0]]  # method + a word
    assert matching_moves(WALK, "step right") == [WALK[1]]  # the exact words win
    assert matching_moves(WALK, "right") == [WALK[1], WALK[2]]  # not enough to choose
    assert matching_moves(WALK, "walk") == list(WALK)
    assert matching_moves(SECANT, "fly") == [] and matching_moves(SECANT, "  ") == []


def test_words_and_names():
    assert words_of("Q left/right") == ["q", "left", "right"]
    assert names_of(SECANT[1]) == {"play", "stop", "toggle_play", "toggle"}
    assert play_move(SECANT) is SECANT[1] and play_move(WALK) is None


def test_the_method_alone_is_offered_only_where_it_names_one_move():
    state = SceneState()
    assert move_list(SECANT, state)[0] == "shrink h (or: shrink)"
    assert move_list(WALK, state) == ["step left", "step right", "5 steps right"]


def test_a_state_without_settings_refuses_to_set():
    state = SceneState()
    assert state.settings() == {}
    with pytest.raises(ValueError, match="cannot be set"):
        state.set("h", 1.0)


def test_secant_h_is_set_exactly_within_the_picture():
    state = fresh_state("secant")
    state.set("h", 0.001)
    assert state.settings() == {"h": 0.001, "x": 1.0}
    assert "h = 0.001" in state.readout() and "rise/run = 2.001" in state.readout()
    state.set("h", 0)
    assert "0/0" in state.readout()
    with pytest.raises(ValueError, match="at most 4"):
        state.set("h", 1e9)
    with pytest.raises(ValueError, match="at most 3"):  # P stays in the picture, -1 to 3
        state.set("x", 5)
    with pytest.raises(ValueError, match="cannot be set"):
        state.set("y", 2)
    assert state.settings() == {"h": 0.0, "x": 1.0}  # a refused value leaves the state as it was
    assert move_list(SECANT, state)[-2].startswith("set h VALUE, or nudge h CHANGE")


def test_secant_p_moves_to_a_typed_x_and_its_table_starts_again():
    state = fresh_state("secant")  # f = x**2, P at x = 1
    state.shrink()
    state.set("x", 2)
    assert state.settings() == {"h": 0.5, "x": 2.0}
    assert "exact = 4 (autodiff)" in state.readout()  # the slope of x**2 at 2
    assert "rise/run = 4.5" in state.readout()  # (2.5**2 - 2**2) / 0.5
    assert [row.h for row in state.rows] == [0.5]  # the old P's secants are gone
    state.reset()
    assert state.settings() == {"h": 1.0, "x": 1.0}


@pytest.mark.parametrize(("kind", "also"), [("landscape", {"x": -2.0}), ("training", {})])
def test_the_learning_rate_is_typed_within_its_limits(kind, also):
    state = fresh_state(kind)
    state.set("lr", 0.01)
    assert state.settings() == {"lr": 0.01, **also}  # the landscape's start, too
    assert "lr = 0.01" in state.readout()
    with pytest.raises(ValueError, match="lr must be at most 100"):
        state.set("lr", 1000)
    with pytest.raises(ValueError, match="lr must be at least"):
        state.set("lr", 0)
    assert state.settings() == {"lr": 0.01, **also}


def test_the_landscape_start_shown_moves_to_a_typed_x_and_walks_again_from_there():
    state = fresh_state("landscape")  # x^4 - 3x^2 + x + 4, starts -2, 0.4, 2 on -2.5 to 2.5
    state.step_once()
    state.set("x", 1.5)
    assert state.settings()["x"] == 1.5 and state.shown == 0
    assert state.coords() == {"x": 1.5, "y": 0.0} and state.path.point(0)["x"] == 1.5
    with pytest.raises(ValueError, match="x must be at most 2.5"):
        state.set("x", 3)
    state.next_start()
    assert state.settings()["x"] == 0.4  # the other starts stay where the lesson put them


def test_a_board_slider_set_by_name_is_a_measured_nudge():
    """`nudge w 0.1` in the reader is the + key with a nudge of 0.1: the meter's change over
    the nudge beside the exact partial slope."""
    from gradtui.commands.plain import Reader
    from gradtui.progress import Progress
    from gradtui.script.catalog import builtin_lessons_dir
    from gradtui.script.parse import load_lesson
    from gradtui.spoken import spoken

    lesson = load_lesson(builtin_lessons_dir() / "02-gradient.md")
    step = next(s.number for s in lesson.steps if s.scene and s.scene.kind == "board")
    reader = Reader(builtin_lessons_dir(), Progress(enabled=False))
    reader.open_lesson(lesson, step=step)
    state = reader.scene_of(step).state
    assert set(state.settings()) >= {"w", "b", "nudge", "lr"}
    said = reader.command("nudge w 0.1")
    assert "w = 0.6 (chosen)" in said
    by_key = scene_module("board").State(lesson.steps[step - 1].scene.params)
    by_key.select(by_key.names.index("w") - by_key.selected)
    by_key.delta = 0.1
    by_key.nudge(1)  # the + key
    last = [line for line in by_key.readout().splitlines() if line.startswith("last nudge")]
    said = " ".join(said.split())  # however wrapped
    assert last and spoken(last[0]) in said  # the same numbers, said in words
    assert "delta L over delta = minus" in said
    assert "b = 0.5 (chosen)" in reader.command("set b 0.5")
    assert reader.command("set lr 1000") == "Not set: lr must be at most 100, not 1000."
    assert "nudge = 0.01" in reader.command("set nudge 0.01")


def test_the_field_point_is_typed_and_moved_by_words():
    state = fresh_state("field")
    keys = tuple(scene_module("field").KEYS)
    (right,) = matching_moves(keys, "move right")  # the map's arrows, without entering it
    x, y = state.point
    getattr(state, right.method)(*right.args)
    assert state.point[0] > x and state.point[1] == y
    state.set("x", 0.5)
    state.set("y", -0.25)
    assert state.settings() == {"x": 0.5, "y": -0.25}
    with pytest.raises(ValueError, match="x must be at most"):
        state.set("x", 1e9)
