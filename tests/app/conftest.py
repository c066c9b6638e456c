"""Shared set-up for the app tests: a private state folder and a small lesson folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from gradtui.app import GradApp
from gradtui.progress import Progress

LESSONS = Path(__file__).parent / "lessons"


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def make_app(state_dir: Path):
    """Build an app over the test lessons, with progress in a private folder."""

    def build(**kwargs) -> GradApp:
        kwargs.setdefault("lessons_dir", LESSONS)
        progress = Progress(state_dir).load()
        return GradApp(progress=progress, **kwargs)

    return build
