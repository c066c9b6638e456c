"""Shared pieces of the unit tests, handed over as fixtures (pytest imports test modules by
path, --import-mode=importlib, so a helper reaches them this way)."""

from __future__ import annotations

import pytest


def _frame_fits(state, width: int, height: int) -> None:
    """A scene's frame, in Unicode and in ASCII, stays inside width x height, and the ASCII one
    is 7-bit."""
    for ascii in (False, True):
        frame = state.frame(width, height, ascii)
        assert len(frame.lines) <= height
        assert all(len(line) <= width for line in frame.lines)
        if ascii:
            assert all(line.isascii() for line in frame.lines)


@pytest.fixture
def frame_fits():
    """frame_fits(state, width, height): fails unless the state's frames fit (see above)."""
    return _frame_fits
