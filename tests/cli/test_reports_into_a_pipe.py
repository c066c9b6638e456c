"""The commands that print a report stop quietly when whoever reads them stops early
(`gradtui class | head`): exit 0 and no traceback, whatever was left unwritten."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "command",
    [["class"], ["class", "--json"], ["progress"], ["progress", "--json"], ["print", "1"]],
)
def test_a_reader_that_stops_early_ends_the_report_quietly(command, tmp_path):
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "gradtui", *command],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO,
    )  # fmt: skip
    process.stdout.close()  # the reader is gone before the first line comes
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors.decode()
    assert b"Traceback" not in errors and b"BrokenPipe" not in errors
