"""The light output in a real pseudo-terminal (issue 21): a step change sends a few KB, not the
whole screen, and a terminal that may have lost what it showed (ctrl+l pressed, focus back
after a loss, a resize) gets every cell again."""

from __future__ import annotations

from .conftest import visible_text

FULL = 80 * 24  # the cells of the whole screen


def settled(run) -> int:
    """Read until the program has been quiet a moment; how many bytes it has sent in all."""
    while True:
        before = len(run.raw)
        run.pump(0.4)
        if len(run.raw) == before:
            return before


def test_a_step_change_is_light_and_a_confused_terminal_is_repainted_whole(terminal):
    run = terminal(["1"])
    run.wait_for("step 1/")
    start = settled(run)
    run.press("right")
    run.wait_for("step 2/")
    step = bytes(run.raw[settled(run) and start :])
    assert len(step) < 6 * 1024, len(step)
    assert len(visible_text(step)) < FULL  # not every cell
    shown = run.text
    for what, keys in (("ctrl+l", b"\x0c"), ("focus lost and back", b"\x1b[O\x1b[I")):
        start = settled(run)
        run.send(keys)
        sent = visible_text(bytes(run.raw[settled(run) and start :]))
        assert len(sent) >= FULL, f"{what}: {len(sent)} cells sent"
        assert run.text == shown
    run.resize(60, 18)
    run.wait_for(lambda text: "step 2/" in text and len(text.splitlines()[0]) == 60)
    settled(run)
    start = len(run.raw)
    run.resize(80, 24)  # back to the size it had: the same picture, which the terminal lost
    run.wait_for(lambda text: text == shown)
    sent = visible_text(bytes(run.raw[settled(run) and start :]))
    assert len(sent) >= FULL, f"resize: {len(sent)} cells sent"
    run.press("q")
    assert run.finish() == 0
