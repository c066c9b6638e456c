"""The learners of a served class, on disk: each browser's anonymous learner id, the folder its
progress is kept in, and the name it gave (with `gradtui serve --names`).

A learner id is 32 random hexadecimal digits (128 bits), made by the server on a browser's
first visit and carried in an HttpOnly cookie. It names a folder, so nothing but that exact
shape is ever used as one: `learner_folder` refuses anything else, and the folders
`gradtui class` reads are only those whose name has that shape (never a link). Everything
lives in `<state folder>/class/`, readable by the server's user alone. Never imports Textual.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

CLASS_FOLDER_NAME = "class"
LEARNER_ID = re.compile(r"[0-9a-f]{32}")
LEARNER_ID_BYTES = 16
SHORT_ID = 8  # hex digits shown to the teacher: enough to tell learners apart, never a cookie
NAME_FILE = "name.txt"
MOST_NAME_CHARS = 40
# The served app's progress folder, set by `gradtui serve` for each learner's session (in the
# session's environment, which only the server's user can read, not in its command line).
PROGRESS_FOLDER_VARIABLE = "GRADTUI_PROGRESS_DIR"


def new_learner_id() -> str:
    """A fresh learner id: 128 random bits as 32 lower-case hexadecimal digits."""
    return secrets.token_hex(LEARNER_ID_BYTES)


def is_learner_id(text: object) -> bool:
    """True only for exactly the shape `new_learner_id` makes."""
    return isinstance(text, str) and LEARNER_ID.fullmatch(text) is not None


def short_id(learner_id: str) -> str:
    """How the teacher's table names a learner without a name: too short to pose as them."""
    return learner_id[:SHORT_ID]


def class_folder(state: Path | None = None) -> Path:
    """Where a served class's learners are kept: `<state folder>/class`."""
    if state is None:
        from gradtui.progress import default_state_dir

        state = default_state_dir()
    return Path(state) / CLASS_FOLDER_NAME


def make_private_folder(folder: Path) -> None:
    """Create `folder` (and its parents) if missing, and make it the owner's alone: the names
    in it are learner ids. Raises OSError when it cannot."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if stat.S_IMODE(folder.stat().st_mode) != 0o700:
        os.chmod(folder, 0o700)


def learner_folder(classroom: Path, learner_id: str) -> Path:
    """The folder of one learner's progress. ValueError for anything but a learner id, so no
    text from a request can name another folder."""
    if not is_learner_id(learner_id):
        raise ValueError("not a learner id")
    return classroom / learner_id


def learner_ids(classroom: Path) -> list[str]:
    """The learners kept in `classroom`, sorted: folders (not links) named by a learner id."""
    try:
        names = os.listdir(classroom)
    except OSError:
        return []
    found = []
    for name in names:
        if not is_learner_id(name):
            continue
        try:
            if stat.S_ISDIR((classroom / name).lstat().st_mode):
                found.append(name)
        except OSError:
            continue
    return sorted(found)


def clean_name(text: object) -> str | None:
    """A name as the teacher will see it: one line of at most MOST_NAME_CHARS characters,
    with control and invisible characters dropped and spaces collapsed; None when nothing is
    left."""
    if not isinstance(text, str):
        return None
    from gradtui.textsafe import REPLACEMENT, inert

    text = unicodedata.normalize("NFC", text[: MOST_NAME_CHARS * 4])
    spaced = "".join(" " if ch.isspace() else ch for ch in text)
    kept = inert(spaced, keep_newlines=False).replace(REPLACEMENT, "")
    name = " ".join(kept.split())[:MOST_NAME_CHARS].strip()
    return name or None


def save_name(classroom: Path, learner_id: str, name: str) -> None:
    """Keep the name a learner gave, written atomically in their folder. Raises OSError when
    it cannot be written, ValueError for a bad id or an empty name."""
    cleaned = clean_name(name)
    if cleaned is None:
        raise ValueError("an empty name")
    from gradtui.files import write_atomically

    folder = learner_folder(classroom, learner_id)
    make_private_folder(classroom)
    folder.mkdir(exist_ok=True, mode=0o700)
    write_atomically(folder / NAME_FILE, cleaned + "\n")


def read_name(classroom: Path, learner_id: str) -> str | None:
    """The name a learner gave, cleaned again, or None (none given, or not a readable file)."""
    from gradtui.files import read_capped

    try:
        raw = read_capped(learner_folder(classroom, learner_id) / NAME_FILE, 4 * MOST_NAME_CHARS)
    except (OSError, ValueError):
        return None
    return clean_name(raw.decode("utf-8", errors="replace"))


@dataclass(frozen=True)
class Learner:
    """One learner of the class as the teacher's table names them."""

    learner_id: str
    name: str | None

    @property
    def shown_as(self) -> str:
        """Their name, or the first digits of their id when they gave none."""
        return self.name or short_id(self.learner_id)
