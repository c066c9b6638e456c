"""Hostile progress files: whatever stands at the progress file's name is never read unless it
is a regular file of a sane size, anything unreadable is moved aside under a name not yet used,
and the learner starts fresh with one notice. Never a hang, a crash or gigabytes of memory."""

from __future__ import annotations

import json
import os
import socket
import tempfile
import threading
from pathlib import Path

import pytest

from gradtui.files import NotAFileError, TooBigError, read_capped
from gradtui.progress import FILE_NAME, MAX_FILE_BYTES, Progress


def load_without_hanging(folder: Path) -> Progress:
    """Progress(folder).load() on a thread: a FIFO that blocked it would fail the test."""
    loaded: list[Progress] = []
    worker = threading.Thread(target=lambda: loaded.append(Progress(folder).load()), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "load() blocked on the progress file"
    return loaded[0]


def assert_moved_aside_and_fresh(folder: Path, progress: Progress, why: str) -> None:
    assert len(progress.notices) == 1, progress.notices
    assert why in progress.notices[0] and "kept it as progress.json.bad" in progress.notices[0]
    assert os.path.lexists(folder / (FILE_NAME + ".bad"))
    assert progress.lessons == {} and progress.last_lesson is None
    progress.visit("k", 2, 3)
    assert progress.save()  # a fresh, regular file takes its place
    assert json.loads((folder / FILE_NAME).read_text())["lessons"]["k"]["step"] == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_moved_aside_unread(tmp_path: Path):
    os.mkfifo(tmp_path / FILE_NAME)
    progress = load_without_hanging(tmp_path)
    assert_moved_aside_and_fresh(tmp_path, progress, "a named pipe stands where")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_link_to_dev_zero_is_moved_aside_unread(tmp_path: Path):
    (tmp_path / FILE_NAME).symlink_to("/dev/zero")
    progress = load_without_hanging(tmp_path)
    assert_moved_aside_and_fresh(tmp_path, progress, "a device stands where")
    assert os.readlink(tmp_path / (FILE_NAME + ".bad")) == "/dev/zero"  # the link, not the device


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_a_socket_is_moved_aside_unread():
    folder = Path(tempfile.mkdtemp(prefix="gt-", dir="/tmp"))  # socket paths must be short
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(folder / FILE_NAME))
        progress = load_without_hanging(folder)
        assert_moved_aside_and_fresh(folder, progress, "a socket stands where")
    finally:
        server.close()


def test_a_link_loop_or_a_link_to_nothing_is_moved_aside(tmp_path: Path):
    for target in (FILE_NAME, "nowhere.json"):
        folder = tmp_path / target.replace(".", "-")
        folder.mkdir()
        (folder / FILE_NAME).symlink_to(target)
        progress = load_without_hanging(folder)
        assert_moved_aside_and_fresh(folder, progress, "a link that leads nowhere")


def test_a_number_of_5001_digits_is_damage_not_a_crash(tmp_path: Path):
    huge = "9" * 5001  # json.loads raises ValueError: past Python's int digit limit
    text = f'{{"version": 1, "lessons": {{"k": {{"step": {huge}}}}}}}'
    (tmp_path / FILE_NAME).write_text(text)
    progress = load_without_hanging(tmp_path)
    assert_moved_aside_and_fresh(tmp_path, progress, "damaged")
    assert (tmp_path / (FILE_NAME + ".bad")).read_text() == text


@pytest.mark.parametrize(
    "content",
    [b"[" * 100_000, b'{"version": 1, "lessons": {"k": ', b"\xc3\x28", b"[1, 2]", b"null"],
    ids=["deep", "cut", "not-utf8", "a-list", "null"],
)
def test_other_damage_is_moved_aside(tmp_path: Path, content: bytes):
    (tmp_path / FILE_NAME).write_bytes(content)
    assert_moved_aside_and_fresh(tmp_path, load_without_hanging(tmp_path), "damaged")


def test_an_earlier_bad_file_is_kept_and_a_fresh_name_is_used(tmp_path: Path):
    (tmp_path / (FILE_NAME + ".bad")).write_text("the first damaged file")
    (tmp_path / (FILE_NAME + ".bad-2")).mkdir()  # a folder takes the next name
    (tmp_path / FILE_NAME).write_text("{second damage")
    progress = load_without_hanging(tmp_path)
    assert progress.notices == [
        "the progress file was damaged; kept it as progress.json.bad-3 and started fresh"
    ]
    assert (tmp_path / (FILE_NAME + ".bad")).read_text() == "the first damaged file"
    assert (tmp_path / (FILE_NAME + ".bad-3")).read_text() == "{second damage"


def test_a_file_too_large_is_moved_aside_unread(tmp_path: Path):
    with open(tmp_path / FILE_NAME, "wb") as file:  # sparse: large without using the disk
        file.truncate(50 * MAX_FILE_BYTES)
    progress = load_without_hanging(tmp_path)
    assert_moved_aside_and_fresh(tmp_path, progress, "far too large")


def test_saved_answers_are_kept_only_as_text(tmp_path: Path):
    checks = {
        "1": {"answer": "[/bold]", "correct": True},
        "2": {"answer": 5, "correct": True},
        "3": {"answer": "x" * 1000, "correct": "yes"},
        "4": "not a record",
    }
    data = {"version": 1, "lessons": {"k": {"step": 1, "checks": checks}}}
    (tmp_path / FILE_NAME).write_text(json.dumps(data))
    progress = load_without_hanging(tmp_path)
    assert progress.notices == []
    # an outcome saved before tries were counted reads as one try
    one_try = {"tries": 1}
    assert progress.check_outcome("k", 1) == {
        "answer": "[/bold]", "correct": True, "first_correct": True, **one_try
    }  # fmt: skip
    assert progress.check_outcome("k", 2) is None and progress.check_outcome("k", 4) is None
    assert progress.check_outcome("k", 3) == {
        "answer": "x" * 200, "correct": False, "first_correct": False, **one_try
    }  # fmt: skip


def test_read_capped_reads_regular_files_only_and_never_past_the_cap(tmp_path: Path):
    path = tmp_path / "f"
    path.write_bytes(b"x" * 10)
    assert read_capped(path, 10) == b"x" * 10
    with pytest.raises(TooBigError):
        read_capped(path, 9)
    with pytest.raises(NotAFileError) as folder:
        read_capped(tmp_path, 10)
    assert folder.value.kind == "a folder"
    if os.path.exists("/dev/zero"):
        with pytest.raises(NotAFileError) as device:
            read_capped("/dev/zero", 10)
        assert device.value.kind == "a device"
    with pytest.raises(FileNotFoundError):
        read_capped(tmp_path / "missing", 10)
