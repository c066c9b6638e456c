"""The lesson-script layer stays light: no Textual ever, and no numpy/plotext for the picker's list.

Each check runs in a fresh interpreter so modules other tests imported do not hide a leak.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "lessons"


def modules_after(code: str) -> set[str]:
    """The top-level module names loaded after running `code` in a new interpreter."""
    probe = code + "\nimport sys\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(result.stdout.split())


def test_listing_lessons_imports_neither_textual_nor_numpy_nor_plotext():
    loaded = modules_after(
        f"from gradtui.script.catalog import list_lessons\nassert list_lessons({str(FIXTURES)!r})\n"
    )
    assert not loaded & {"textual", "numpy", "plotext", "rich"}


def test_checking_a_lesson_never_imports_textual():
    loaded = modules_after(
        "import gradtui.script.parse, gradtui.script.validate, gradtui.commands.check\n"
        "from gradtui.script.parse import check_file\n"
        f"assert check_file({str(FIXTURES / '01-tiny.md')!r}) == []\n"
    )
    assert "gradtui" in loaded
    assert "textual" not in loaded
