"""What the built-in lessons teach, as a learner walking them checks it: every key a step tells
you to press works on that step, no two steps of a lesson show the same scene, a word is taught
where a scene or a check first leans on it, no right option gives itself away by its length, and
the last quiz asks new questions whose answers the project's own math engine agrees with."""

from __future__ import annotations

import re

import pytest

from gradtui.calculus.descent import descend
from gradtui.calculus.expr import parse
from gradtui.scenes import function_param, scene_module
from gradtui.scenes.kit.params import fill_defaults
from gradtui.screens.lesson import LessonScreen
from gradtui.script.catalog import builtin_lessons_dir, lesson_files
from gradtui.script.parse import load_lesson
from gradtui.views.scene import scene_bindings

LESSONS = {path.name: load_lesson(path) for path in lesson_files(builtin_lessons_dir())}

# How prose names a key, in Textual's names.
KEY_NAMES = {
    "+": "plus", "-": "minus", "*": "asterisk", "/": "slash", "[": "left_square_bracket",
    "]": "right_square_bracket", ".": "full_stop", ",": "comma", "↑": "up", "↓": "down",
    "←": "left", "→": "right", "space": "space", "enter": "enter", "esc": "escape",
    "up arrow": "up", "down arrow": "down", "up": "up",
}  # fmt: skip
PRESSED = re.compile(
    r"[Pp]ress(?:es|ing)?\s+(?:the\s+)?(up arrow|down arrow|space|Enter|Esc|[↑↓]|Up"
    r"|[a-z.,+*\-\[\]/](?=[\s,.;:)]|$))"
)
CODE = re.compile(r"`([^`\s]{1,5})`")


def named_keys(prose: str) -> set[str]:
    """The keys a step's prose tells the learner to press: every key-like `code` span and every
    "press X", in Textual's key names."""
    found = {m.group(1) for m in PRESSED.finditer(prose)}
    found |= {span for span in CODE.findall(prose) if len(span) == 1 and span.isascii()}
    found |= {span for span in CODE.findall(prose) if span in "↑↓←→"}
    return {KEY_NAMES.get(key.lower(), key.lower()) for key in found}


def step_keys(step) -> set[str]:
    """Every key that works on a step: the lesson's own and its scene's (with `e` and `r` for a
    scene drawn from a function)."""
    bindings = list(LessonScreen.BINDINGS)
    if step.scene is not None:
        kind = step.scene.kind
        bindings += scene_bindings(tuple(scene_module(kind).KEYS), function_param(kind))
    return {key for binding in bindings for key in binding.key.split(",")}


STEPS = [
    pytest.param(lesson, step, id=f"{name}:{step.number}")
    for name, lesson in LESSONS.items()
    for step in lesson.steps
]


@pytest.mark.parametrize(("lesson", "step"), STEPS)
def test_every_key_a_step_names_works_on_that_step(lesson, step):
    missing = named_keys(step.prose) - step_keys(step)
    assert not missing, f"{lesson.slug} step {step.number} names keys it lacks: {missing}"


@pytest.mark.parametrize(("lesson", "step"), STEPS)
def test_an_arrow_the_prose_shows_is_a_key_it_names(lesson, step):
    """Lesson 4's rate step said "↓ and r bring it back" with neither on the key bar at 80x24:
    the bar (gradtui.prose.keys_named) reads a key from `↓` or "press ↓", not a bare ↓."""
    from gradtui.prose import keys_named

    shown = {KEY_NAMES[arrow] for arrow in "↑↓←→" if arrow in step.prose}
    missing = shown - set(keys_named(step.prose))
    assert not missing, f"{lesson.slug} step {step.number} shows keys it never names: {missing}"


def test_the_key_finder_finds_what_the_prose_names():
    prose = "Press `d` again. Then press `*` to double; press a to play, press the up arrow."
    prose += " Press Enter."
    assert named_keys(prose) == {"d", "asterisk", "a", "up", "enter"}
    assert named_keys("`·` is the batch loss, `•` the full one") == set()


@pytest.mark.parametrize("name", sorted(LESSONS))
def test_no_two_steps_of_a_lesson_show_the_same_scene(name):
    """A learner walked lesson 4 through three identical training scenes (steps 1, 3 and 4), and
    lesson 1 through the same secant twice: each scene now shows something new."""
    seen: dict[tuple[str, str], int] = {}
    for step in LESSONS[name].steps:
        if step.scene is None:
            continue
        kind = step.scene.kind
        shown = (
            kind,
            repr(sorted(fill_defaults(scene_module(kind).PARAMS, step.scene.params).items())),
        )
        assert shown not in seen, f"step {step.number} shows the scene of step {seen[shown]}"
        seen[shown] = step.number


def lesson(slug: str):
    return next(lesson for lesson in LESSONS.values() if lesson.slug == slug)


def first_step_where(slug: str, used) -> int:
    return next(step.number for step in lesson(slug).steps if used(step))


@pytest.mark.parametrize(
    ("slug", "used", "taught"),
    [
        # sigmoid: named by the vanishing scene's legend and the checks, taught by its own step
        ("chain-rule", lambda s: "sigmoid" in s.prose.lower()
         or (s.scene is not None and s.scene.kind == "vanishing"), "**sigmoid**"),
        # ∂: on the board's readout after the first nudge
        ("gradient", lambda s: "∂" in s.prose or (s.scene is not None
         and s.scene.kind in ("board", "field")), 'said "partial"'),
        # lr: on the board's readout from the first step
        ("gradient", lambda s: s.scene is not None and s.scene.kind == "board",
         "**learning rate**"),
        # the quadratic board's model, shown only after `e` on the scene itself
        ("gradient", lambda s: s.scene is not None and "a*x^2" in str(s.scene.params),
         "a·x² + w·x + b"),
    ],
)  # fmt: skip
def test_a_word_is_taught_where_it_is_first_met(slug, used, taught):
    number = first_step_where(slug, used)
    assert taught in lesson(slug).steps[number - 1].prose


def test_the_graph_check_comes_before_the_graph_that_answers_it():
    """Lesson 3 asked which input of (a + b)(b + 1) gets the larger gradient right after the
    scene that printed both gradients."""
    steps = lesson("chain-rule").steps
    (asks,) = [s for s in steps if s.check is not None and "larger gradient" in s.check.question]
    shows = [
        s.number
        for s in steps
        if s.scene is not None and s.scene.kind == "graph" and "b" in s.scene.params["f"]
    ]
    assert shows and all(number > asks.number for number in shows)


CHOICES = [
    pytest.param(step.check, id=f"{lesson.slug}:{step.number}")
    for lesson in LESSONS.values()
    for step in lesson.steps
    if step.check is not None and step.check.is_choice
]


@pytest.mark.parametrize("check", CHOICES)
def test_the_right_option_does_not_stand_out_as_the_longest(check):
    """Lesson 2's steepest heading had "about 63° from east, between NE and N" beside "due
    north (90°)": the only specific option, and the longest, was the right one."""
    right = check.options[check.answer]
    assert len(right) <= max(len(o) for o in check.options if o != right), check.options


# --- the last quiz: new questions, right answers ---

QUIZ = [step for step in lesson("carry-forward").steps if step.id.startswith("quiz-")]
EARLIER = [
    step.check.question
    for lesson_ in LESSONS.values()
    if lesson_.slug != "carry-forward"
    for step in lesson_.steps
    if step.check is not None
]


def test_the_quiz_asks_ten_new_questions_each_with_a_step_to_go_back_to():
    assert len(QUIZ) == 10
    for step in QUIZ:
        question = step.check.question
        assert step.check.see is not None, question
        assert question not in EARLIER


def slope_of(expression: str, **at: float) -> list[float]:
    """The gradient by the project's autodiff: one descent step of rate 1 moves by it."""
    expr = parse(expression, variables=tuple(at))
    path = descend(expr, at, 1.0, 1)
    return [at[name] - path.points[-1][i] for i, name in enumerate(expr.variables)]


def answer(step_id: str) -> float:
    return next(step for step in QUIZ if step.id == step_id).check.answer


def test_the_quizs_number_answers_agree_with_the_math_engine():
    assert answer("quiz-secant") == pytest.approx(slope_of("x**3", x=2.0)[0])
    assert answer("quiz-partial") == pytest.approx(slope_of("x*y", x=3.0, y=2.0)[0])
    assert answer("quiz-links") == pytest.approx(slope_of("(2*x + 1)**3", x=1.0)[0])
    step = descend(parse("w**2", variables=("w",)), {"w": 2.0}, 0.75, 1)
    assert answer("quiz-step") == pytest.approx(step.points[-1][0])


def right_option(step_id: str) -> str:
    check = next(step for step in QUIZ if step.id == step_id).check
    return check.options[check.answer]


def test_the_quizs_choices_agree_with_the_math_engine():
    gx, gy = slope_of("x^2 + 4*y^2", x=2.0, y=1.0)
    assert (gx, gy) == (4.0, 8.0) and "(−1, −2)" in right_option("quiz-downhill")  # -(4, 8)/4
    assert right_option("quiz-vanish") == f"about {round(1.2**30)} times it: it explodes"
    corner = parse("abs(x - 1)", variables=("x",))
    left, right = ((corner.evaluate(x=1 + h) - corner.evaluate(x=1)) / h for h in (-1e-6, 1e-6))
    assert (round(left), round(right)) == (-1, 1)  # the sides never agree: no slope at 1
    assert right_option("quiz-corner") == "none: left −1, right 1"
