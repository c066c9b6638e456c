"""Set-up shared by every test folder: the keys a built-in lesson's prose tells the learner to
press, read from the prose itself (`named_keys`, by gradtui.prose.keys_named, which the key bar
reads too), for the tests that send them to both routes and look for them on the key bar;
`wait_until`, to let an app run until what a test needs has happened; `resize`, to resize an
app's terminal and wait until its screen has been told; `priced_passes`, the work of the
autodiff priced in the units of the scenes' cost estimates; and the `--update-snapshots`
option, which rewrites the stored screens of tests/app/test_snapshots.py.

pytest imports test modules by path (--import-mode=importlib), so helpers reach the tests as
fixtures.
"""

from __future__ import annotations

import gc
import sys

import pytest

from gradtui.calculus import autodiff
from gradtui.prose import key_words
from gradtui.prose import keys_named as prose_keys
from gradtui.scenes.kit import cost as units
from gradtui.scenes.kit.keys import key_name
from gradtui.script.catalog import builtin_lessons_dir
from gradtui.script.parse import load_lesson


def keys_named(prose: str) -> list[str]:
    """The keys `prose` tells the learner to press (gradtui.prose.keys_named, which the key bar
    reads too), each word that names one checked to name a key."""
    for text in key_words(prose):
        assert key_name(text) is not None, f"{text!r} names no key"
    return list(prose_keys(prose))


def builtin_named_keys() -> list[tuple[str, int, list[str]]]:
    """(lesson file, step number, keys its prose names) for every built-in step naming any."""
    named = []
    for path in sorted(builtin_lessons_dir().glob("[0-9]*.md")):
        for step in load_lesson(path).steps:
            keys = keys_named(step.prose)
            if keys:
                named.append((path.name, step.number, keys))
    return named


# The files whose tests take longest (pytest --durations): run first, so that with the tests
# spread over the cores (pytest-xdist, `make test`) no long one starts while the rest are done.
LONG_FILES = ("test_light_output.py", "test_lesson_keys.py", "test_terminals.py",
              "test_answer_box.py", "test_serve_browser.py", "test_light_terminal.py")  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long tests first (the order is the same on every worker, as xdist needs)."""
    items.sort(key=lambda item: item.path.name not in LONG_FILES)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        help="write the screens tests/app/test_snapshots.py sees into tests/snapshots/ "
        "instead of comparing them (after an intended change; `make snapshots`)",
    )


@pytest.fixture(scope="session")
def named_keys():
    """`named_keys()`: every built-in step whose prose names keys, with the keys."""
    return builtin_named_keys


@pytest.fixture(scope="session")
def keys_in():
    """`keys_in(prose)`: the keys a step's prose names (see `keys_named`)."""
    return keys_named


async def _wait_until(pilot, condition, tries: int = 200) -> bool:
    """Let the app run until `condition()` holds (bounded, so a bug cannot hang the test)."""
    for _ in range(tries):
        if condition():
            return True
        await pilot.pause(0.01)
    return condition()


@pytest.fixture
def wait_until():
    """`await wait_until(pilot, condition)`: True once `condition()` holds (see above)."""
    return _wait_until


async def _resize(pilot, width: int, height: int) -> None:
    """Resize the (headless) terminal and wait until the screen has handled it: Textual
    hands a resize to the screen only after a short debounce (1/120 s), so a test that looks
    at once, or after Pilot's `resize_terminal`, can still see the old layout. Without Pilot's
    wait for idle, so it works while an animation runs."""
    from textual.events import Resize
    from textual.geometry import Size

    app = pilot.app
    size = Size(width, height)
    app._driver._size = size
    app.post_message(Resize(size, size))
    delivered = await _wait_until(
        pilot, lambda: app._size == size and app._resize_event is None, tries=1000
    )
    timer = app._resize_timer
    lost = timer is not None and timer._task is not None and timer._task.done()
    assert delivered, f"the app was never resized to {width}x{height}" + (
        ": Textual's one-shot resize timer ended without firing (textual 8.2.8 skips it when "
        "its task is held up for 1/120 s between reading the clock and checking it, as on a "
        "loaded machine); from then on the app hands no resize to its screen"
        if lost
        else ""
    )
    await pilot.pause(0)  # the screen handles the resize it was sent


@pytest.fixture
def resize():
    """`await resize(pilot, width, height)`: resized, and the screen has handled it."""
    return _resize


@pytest.fixture
def priced_passes(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Price every forward pass of the autodiff from now on (what each evaluation of an
    expression, a model or a loss runs) in the units of gradtui/scenes/kit/cost.py: the list
    fills with one price per pass, wherever in gradtui the pass is called from."""
    priced: list[float] = []
    original = autodiff.forward

    def priced_forward(order, inputs):
        size = max((getattr(value, "size", 1) for value in inputs.values()), default=1)
        priced.append(units.pass_seconds(len(order), size))
        return original(order, inputs)

    for name, module in list(sys.modules.items()):
        if name.startswith("gradtui.") and getattr(module, "forward", None) is original:
            monkeypatch.setattr(module, "forward", priced_forward)
    return priced


def pytest_collection_finish(session: pytest.Session) -> None:
    """Freeze what collection loaded (pytest, hypothesis, Textual, every test module): it lives
    as long as the run, and the collector's full passes need not walk it again and again. And
    collect young objects less often: the tests draw many frames, each a burst of short-lived
    objects (together about a quarter of the CPU time of the app tests here)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
