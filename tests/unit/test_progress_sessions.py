"""Two sessions saving the same progress file at once keep each other's lessons.

`gradtui serve` runs one app per browser tab, and `--plain` can run beside the app: each
session writes its own lessons over the file as it finds it. Without a lock, two saves that
overlap (both read, then both write) lose the first one's lesson.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from gradtui.progress import LOCK_NAME, Progress

SAVES = 60

SESSION = textwrap.dedent(
    """
    import sys
    from gradtui.progress import Progress
    folder, key, saves = sys.argv[1], sys.argv[2], int(sys.argv[3])
    progress = Progress(folder).load()
    for step in range(1, saves + 1):
        progress.visit(key, step, saves)
        progress.save()
    """
)


def test_sessions_saving_at_once_lose_nothing(tmp_path):
    keys = [f"builtin:lesson-{n}" for n in range(4)]
    sessions = [
        subprocess.Popen([sys.executable, "-c", SESSION, str(tmp_path), key, str(SAVES)])
        for key in keys
    ]
    assert [session.wait(timeout=120) for session in sessions] == [0] * len(keys)
    saved = json.loads((tmp_path / "progress.json").read_text())["lessons"]
    assert sorted(saved) == keys
    assert all(saved[key]["step"] == SAVES for key in keys)


def test_a_lock_that_cannot_be_taken_does_not_stop_saving(tmp_path):
    (tmp_path / LOCK_NAME).mkdir()  # something other than a file where the lock goes
    progress = Progress(tmp_path).load()
    progress.visit("builtin:slope", 3, 12)
    assert progress.save()
    assert Progress(tmp_path).load().of("builtin:slope").step == 3


def test_two_tabs_in_one_lesson_lose_no_step_seen_and_no_answer(tmp_path):
    """One learner, two tabs of the same lesson (a link opened beside the first tab): the tab
    that saves last decides where they are, but what the other saw and answered is kept."""
    first, second = Progress(tmp_path).load(), Progress(tmp_path).load()
    for step in (1, 2):
        first.visit("builtin:slope", step, 12)
    second.visit("builtin:slope", 3, 12)
    second.record_check("builtin:slope", 3, "4", True)
    for step in range(4, 13):
        second.visit("builtin:slope", step, 12)  # the end: done
    assert second.save()
    first.record_check("builtin:slope", 5, "7", False)
    assert first.save()  # the first tab closes last
    record = Progress(tmp_path).load().of("builtin:slope")
    assert record.step == 2  # where the tab that saved last was
    assert record.seen == set(range(1, 13)) and record.done
    assert record.checks["3"]["answer"] == "4" and record.checks["5"]["answer"] == "7"
