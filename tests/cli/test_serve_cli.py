"""`gradtui serve` before any browser: where it listens, what it warns of, the command each tab
runs, a missing extra, a port that is taken, and `--watch`/`--plain` refusing what they cannot
do. The browser itself is in tests/browser/test_serve_browser.py."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from gradtui.commands.serve import app_argv, exposure_warning, settings_from, start_up_lines
from gradtui.commands.serve.guard import is_loopback

REPO = Path(__file__).resolve().parents[2]


def gradtui(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    full = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), **env}
    return subprocess.run(
        [sys.executable, "-m", "gradtui", *args],
        capture_output=True, text=True, timeout=60, env=full, cwd=REPO,
    )  # fmt: skip


@pytest.mark.parametrize("host", ["127.0.0.1", "127.5.6.7", "::1", "[::1]", "localhost"])
def test_loopback_addresses(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.org", ""])
def test_other_addresses_are_not_loopback(host):
    assert not is_loopback(host)


def test_the_warning_is_one_line_and_says_who_can_open_it():
    warning = exposure_warning("0.0.0.0", 8000)
    assert "\n" not in warning and "anyone who can reach this address" in warning
    assert "cannot run code" in warning and "token" in warning


def test_each_tab_runs_this_gradtui_with_no_shell(tmp_path):
    folder = tmp_path / "my lessons; rm -rf ~"
    argv = app_argv(folder, save=False)
    assert argv == [sys.executable, "-m", "gradtui", "--lessons", str(folder), "--no-save"]
    assert "--no-save" not in app_argv(folder, save=True)


def test_without_the_extra_it_says_how_to_install_it(tmp_path):
    blocker = tmp_path / "blocker"
    (blocker / "textual_serve").mkdir(parents=True)
    (blocker / "textual_serve" / "__init__.py").write_text("raise ImportError('not here')\n")
    result = gradtui(tmp_path, "serve", PYTHONPATH=str(blocker))
    assert result.returncode == 2
    assert "pip install 'gradtui[serve]'" in result.stderr and "Traceback" not in result.stderr


def test_a_port_that_is_taken(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = gradtui(tmp_path, "serve", "--port", str(port))
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1 port {port}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_another_address_is_warned_of_before_listening(tmp_path):
    """192.0.2.1 (TEST-NET-1) is no address of this machine: the warning comes first, then
    the plain reason it cannot listen there. Nothing is sent anywhere."""
    result = gradtui(tmp_path, "serve", "--host", "192.0.2.1", "--port", "8999")
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("gradtui serve: warning: listening on 192.0.2.1")
    assert "cannot listen on 192.0.2.1 port 8999" in result.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--port", "0"], "the port must be from 1 to 65535"),
        (["--port", "x"], "invalid int value"),
        (["--max-sessions", "0"], "--max-sessions must be at least 1"),
        (["--token", "short"], "a token is 8 to 128 characters"),
        (["--token", "has space in it"], "a token is 8 to 128 characters"),
        (["--token", "abcdefgh", "--no-token"], "do not go together"),
        (["--host", "0.0.0.0", "--no-token"], "--no-token works only on this machine"),
        (["--allow-host", "evil.example:80"], "--allow-host takes a host name"),
        (["--allow-host", "http://evil.example"], "--allow-host takes a host name"),
    ],
)
def test_options_that_cannot_be_served(tmp_path, args, said):
    result = gradtui(tmp_path, "serve", *args)
    assert result.returncode == 2 and said in result.stderr
    assert "Traceback" not in result.stderr


def test_help_names_the_defences_and_the_default_cap(tmp_path):
    text = gradtui(tmp_path, "serve", "--help").stdout
    for option in ("--token", "--no-token", "--max-sessions", "--allow-host"):
        assert option in text
    assert "(default 50)" in " ".join(text.split())


def test_bad_folders(tmp_path):
    missing = gradtui(tmp_path, "serve", "--lessons", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "no such folder" in missing.stderr


def test_watch_needs_a_lesson_and_the_full_app(tmp_path):
    alone = gradtui(tmp_path, "--watch")
    assert alone.returncode == 2 and "--watch needs a LESSON" in alone.stderr
    plain = gradtui(tmp_path, "--plain", "1", "--watch")
    assert plain.returncode == 2 and "not with --plain" in plain.stderr


def test_the_teacher_s_table_is_printed_only_when_progress_is_kept():
    kept = settings_from("127.0.0.1", 8000, None, False, [], 5, teacher=True)
    table = start_up_lines(kept)[-1]
    assert table.startswith("gradtui serve: the teacher's table (keep this address to yourself): ")
    assert table.endswith(f"http://127.0.0.1:8000/class?key={kept.teacher_key}")
    assert kept.teacher_key != kept.token and len(kept.teacher_key) == 32
    not_kept = settings_from("127.0.0.1", 8000, None, False, [], 5, teacher=False)
    assert not any("teacher" in line for line in start_up_lines(not_kept))
