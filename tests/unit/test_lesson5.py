"""Lesson 5 teaches what it says: each takeaway has its own scene and a link back, the bowl has
one bottom and the bumpy loss several, the model that never saw most of the curve is far off
there, and the quiz covers all five lessons with a step to go back to for each question.

Lesson 5 links to lesson 2 (`gradient`): where the built-in lessons lack it, the lesson cannot
load, and only the first test runs (it says what is missing)."""

from __future__ import annotations

import pytest

from gradtui.calculus.descent import descend
from gradtui.calculus.expr import parse
from gradtui.scenes.kit.params import fill_defaults
from gradtui.scenes.training import PARAMS
from gradtui.scenes.training.state import TrainingState
from gradtui.script.catalog import builtin_lessons_dir, find_lesson, list_lessons
from gradtui.script.parse import check_file, load_lesson

SLUGS = {entry.slug for entry in list_lessons(builtin_lessons_dir())}
PATH = find_lesson("carry-forward")
needs_lesson_2 = pytest.mark.skipif(
    "gradient" not in SLUGS, reason="lesson 2 (gradient) is not among the built-in lessons yet"
)


def test_its_only_problems_are_links_to_a_lesson_that_is_not_there():
    problems = check_file(PATH)
    if "gradient" in SLUGS:
        assert problems == []
    else:
        assert problems and all("no lesson 'gradient'" in p.message for p in problems)


@pytest.fixture(scope="module")
def lesson():
    return load_lesson(PATH)


@needs_lesson_2
def test_every_step_is_named_and_there_are_enough(lesson):
    assert len(lesson.steps) >= 8
    assert all(step.id for step in lesson.steps)


@needs_lesson_2
@pytest.mark.parametrize(
    ("step_id", "back_to"),
    [("derivative", "slope"), ("gradient", "gradient"), ("chain", "chain-rule"),
     ("learning", "learning")],
)  # fmt: skip
def test_each_takeaway_has_a_scene_and_a_link_to_where_it_was_first_shown(lesson, step_id, back_to):
    step = lesson.step_named(step_id)
    assert step.scene is not None
    assert back_to in {link.target.slug for link in step.links}


def settled_at(f: str, starts: list[float], rate: float) -> set[float]:
    """Where descent from each start ends, rounded (worked out here, not by the scene)."""
    expression = parse(f, variables=("x",))
    return {
        round(float(descend(expression, {"x": start}, rate, 2000).points[-1][0]), 3)
        for start in starts
    }


@needs_lesson_2
def test_the_bowl_has_one_bottom_and_the_bumpy_loss_several(lesson):
    bowl, bumpy = lesson.step_named("bowl").scene, lesson.step_named("valleys").scene
    assert bowl.kind == bumpy.kind == "landscape"
    p = bowl.params
    assert settled_at(p["f"], p["starts"], p["learning_rate"]) == {0.5}
    p = bumpy.params
    assert len(settled_at(p["f"], p["starts"], p["learning_rate"])) == 3


@needs_lesson_2
@pytest.mark.parametrize("step_id", ["direction", "map"])
def test_the_held_out_points_are_far_worse_than_the_points_it_trained_on(lesson, step_id):
    scene = lesson.step_named(step_id).scene
    assert scene.kind == "training"
    state = TrainingState(fill_defaults(PARAMS, scene.params))
    state.trainer.run(2000)
    unseen, trained = state.unseen_losses()
    assert trained < 0.1 and unseen > 20 * trained


@needs_lesson_2
def test_the_quiz_asks_about_all_five_lessons_with_numbers_and_options(lesson):
    checks = [step.check for step in lesson.steps if step.check is not None]
    assert len(checks) >= 9  # the held-out step's check and a quiz of at least 8
    assert all(check.see is not None for check in checks)
    assert {check.see.slug for check in checks} == {
        "slope", "gradient", "chain-rule", "learning", "carry-forward",
    }  # fmt: skip
    assert any(check.is_choice for check in checks)
    assert any(not check.is_choice for check in checks)
