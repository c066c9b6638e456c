"""The learner's settings: `$XDG_CONFIG_HOME/gradtui/config.toml` (platformdirs'
`user_config_dir`), for now one key, the theme picked in the command palette.

A small TOML file a person may edit by hand:

    theme = "nord"

It is read leniently (a damaged file, an unknown key or a name that is not a theme is left
alone and reported once, never a crash) and written atomically, keeping the keys it does not
know. Never imports Textual: the app checks a theme name against the themes it has.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from gradtui.files import NotAFileError, TooBigError, read_capped, write_atomically

FILE_NAME = "config.toml"
MAX_BYTES = 64 * 1024
THEME_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")  # as Textual's themes are named


def default_config_dir() -> Path:
    """Where the settings live: the platform's config folder for gradtui."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("gradtui"))


@dataclass
class Config:
    """The settings as read, and what reading them had to say (`notices`, said once)."""

    folder: Path
    theme: str | None = None
    notices: list[str] = field(default_factory=list)
    _text: str = ""  # the file as it was, to keep the lines it does not own

    @property
    def path(self) -> Path:
        return self.folder / FILE_NAME

    @classmethod
    def load(cls, folder: Path | None = None) -> Config:
        """Read the file if there is one; never raises."""
        config = cls(Path(folder) if folder is not None else default_config_dir())
        if not os.path.lexists(config.path):
            return config
        try:
            config._text = read_capped(config.path, MAX_BYTES).decode("utf-8")
            data = tomllib.loads(config._text)
        except (OSError, NotAFileError, TooBigError, UnicodeDecodeError) as error:
            config.notices.append(f"cannot read {config.path} ({error}): using the defaults")
            return config
        except (tomllib.TOMLDecodeError, RecursionError) as error:
            reason = error if isinstance(error, tomllib.TOMLDecodeError) else "nested too deeply"
            config.notices.append(f"{config.path}: {reason}: using the defaults")
            config._text = ""
            return config
        theme = data.get("theme")
        if theme is not None:
            if isinstance(theme, str) and THEME_NAME.fullmatch(theme):
                config.theme = theme
            else:
                config.notices.append(f"{config.path}: theme must be a theme's name, such as "
                                      '"nord"; using the default theme')  # fmt: skip
        return config

    def save_theme(self, theme: str) -> bool:
        """Remember `theme` for next time (the file's other lines kept); whether it was saved.
        A name that is not a theme's is refused."""
        if not THEME_NAME.fullmatch(theme):
            return False
        lines = self._text.splitlines()
        tables = next((i for i, kept in enumerate(lines) if kept.lstrip().startswith("[")), None)
        top, rest = (lines, []) if tables is None else (lines[:tables], lines[tables:])
        # the one key we own goes first, above any [table]; the rest stays as it was
        kept = [f'theme = "{theme}"', *(line for line in top if not _sets_theme(line)), *rest]
        text = "\n".join(kept) + "\n"
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomically(self.path, text, prefix=".config-")
        except OSError as error:
            self.notices.append(f"cannot save the theme in {self.path} ({error.strerror})")
            return False
        self._text, self.theme = text, theme
        return True


def _sets_theme(line: str) -> bool:
    """Whether a line of the file is its top-level `theme = ...` (the one line we own)."""
    return re.match(r"\s*theme\s*=", line) is not None
