"""The settings file: read leniently, written atomically, a person's own lines kept."""

from __future__ import annotations

import tomllib
from pathlib import Path

from gradtui.config import Config


def test_no_file_means_the_defaults(tmp_path: Path):
    config = Config.load(tmp_path)
    assert config.theme is None and config.notices == []


def test_saving_keeps_the_other_lines_and_tables(tmp_path: Path):
    (tmp_path / "config.toml").write_text(
        '# my settings\ntheme = "nord"\nother = 1\n\n[later]\ntheme = "a table\'s own key"\n'
    )
    config = Config.load(tmp_path)
    assert config.theme == "nord"
    assert config.save_theme("gruvbox")
    text = (tmp_path / "config.toml").read_text()
    data = tomllib.loads(text)
    assert data == {"theme": "gruvbox", "other": 1, "later": {"theme": "a table's own key"}}
    assert "# my settings" in text
    assert Config.load(tmp_path).theme == "gruvbox"


def test_a_name_that_is_not_a_themes_is_never_written(tmp_path: Path):
    config = Config.load(tmp_path)
    assert not config.save_theme('nord"\n[evil]')
    assert not (tmp_path / "config.toml").exists()


def test_damaged_or_odd_files_are_said_and_left_alone(tmp_path: Path):
    path = tmp_path / "config.toml"
    deep = "x = " + "[" * 5000 + "]" * 5000
    for text in ("theme = [", 'theme = "Not A Theme!"', "\xff\xfe", deep):
        path.write_bytes(text.encode("utf-8", errors="surrogateescape") if text != "\xff\xfe"
                         else b"\xff\xfe")  # fmt: skip
        config = Config.load(tmp_path)
        assert config.theme is None and len(config.notices) == 1
    path.unlink()
    path.mkdir()  # a folder in its place
    config = Config.load(tmp_path)
    assert config.theme is None and len(config.notices) == 1
