"""`gradtui completion`: the scripts complete what a learner types, in a real bash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gradtui.cli import main

BIN = Path(sys.executable).parent  # where this venv's `gradtui` script is


def script(shell: str, capsys) -> str:
    assert main(["completion", shell]) == 0
    return capsys.readouterr().out


def complete(source: str, line: str, tmp_path: Path) -> list[str]:
    """What bash offers for `line` (the cursor at its end), with the script sourced."""
    words = line.split(" ")
    (tmp_path / "gradtui.bash").write_text(source)
    program = (
        f"source {tmp_path / 'gradtui.bash'}\n"
        f"COMP_WORDS=({' '.join(repr(w) for w in words)})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        "_gradtui\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        ["bash", "--norc", "-c", program],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return sorted(filter(None, result.stdout.splitlines()))


def test_bash_completes_subcommands_lessons_and_options(capsys, tmp_path):
    source = script("bash", capsys)
    assert complete(source, "gradtui pr", tmp_path) == ["print", "progress"]
    assert complete(source, "gradtui print ", tmp_path) == [
        "1", "2", "3", "4", "5", "7", "carry-forward", "chain-rule", "gradient", "learning",
        "network", "slope",
    ]  # fmt: skip
    assert complete(source, "gradtui print gr", tmp_path) == ["gradient"]
    assert complete(source, "gradtui grad x --j", tmp_path) == ["--json"]
    assert complete(source, "gradtui --no", tmp_path) == ["--no-save"]
    assert complete(source, "gradtui progress --reset sl", tmp_path) == ["slope"]
    assert complete(source, "gradtui completion ", tmp_path) == ["bash", "fish", "lessons", "zsh"]


def test_lessons_come_from_the_folder_given_with_lessons(capsys, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "01-hills.md").write_text("+++\ntitle = 'Hills'\n+++\n# A\n")
    (folder / "notes.md").write_text("+++\ntitle = 'Notes'\n+++\n# A\n")
    source = script("bash", capsys)
    offered = complete(source, f"gradtui print --lessons {folder} ", tmp_path)
    assert offered == ["1", "hills", "notes"]


def test_every_option_of_every_command_is_offered(capsys):
    """The scripts read the options from the parsers, so a new one cannot be forgotten."""
    source = script("bash", capsys)
    for command, option in [("serve", "--port"), ("print", "--ascii"), ("", "--plain"),
                            ("progress", "--reset"), ("grad", "--trace")]:  # fmt: skip
        label = f"{command or chr(34) * 2}) opts="
        line = next(line for line in source.splitlines() if line.strip().startswith(label))
        assert option in line, (command, line)


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_load_in_their_shells(shell, capsys, tmp_path):
    source = script(shell, capsys)
    assert "gradtui completion lessons" in source
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed here")
    path = tmp_path / f"gradtui.{shell}"
    path.write_text(source)
    command = [shell, "-c", f"source {path}"] if shell == "fish" else [shell, "-f", "-c",
               f"source {path}"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    if shell == "fish":
        env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
        asked = f"source {path}; complete -C'gradtui pr'; complete -C'gradtui print gr'"
        offered = subprocess.run(["fish", "-c", asked], capture_output=True, text=True,
                                 env=env, timeout=60).stdout.split()  # fmt: skip
        assert offered == ["print", "progress", "gradient"]


def test_an_unknown_shell_is_refused_with_the_choices(capsys):
    assert main(["completion", "tcsh"]) == 2
    assert "bash, zsh, fish" in capsys.readouterr().err
