"""Reading a file that may not be what its name says (a lesson script, the progress file, the
config file), and writing one so that a crash never leaves it half written.

`read_capped` reads only regular files, and at most a given number of bytes of them. A named
pipe, a device such as /dev/zero or a socket (reached by name or through a link) is refused
before it is opened, and checked again on the open descriptor, so one swapped in between
cannot block the program or fill its memory. Never imports Textual.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

# O_NONBLOCK: a FIFO swapped in after the first check opens at once instead of waiting for a
# writer. O_NOCTTY: a terminal device never becomes the program's controlling terminal.
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 64 * 1024


class NotAFileError(OSError):
    """The path names something other than a regular file; `kind` says what, in words."""

    def __init__(self, path: Path | str, kind: str) -> None:
        super().__init__(f"{path} is {kind}, not a file")
        self.kind = kind


class TooBigError(OSError):
    """The file holds more than the limit; `size` is at least how many bytes it holds."""

    def __init__(self, path: Path | str, size: int, limit: int) -> None:
        super().__init__(f"{path} holds more than {limit} bytes")
        self.size = size
        self.limit = limit


def kind_of(mode: int) -> str:
    """What a file of this mode is, as a person would say it."""
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _check_regular(path: Path | str, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise NotAFileError(path, kind_of(mode))


def read_capped(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file at `path`, if it holds at most `limit` of them.

    Raises FileNotFoundError (nothing there, or a link to nothing), NotAFileError (a folder,
    pipe, device or socket), TooBigError, or another OSError when it cannot be read (no
    permission, a loop of links). Never reads more than `limit + 1` bytes.
    """
    _check_regular(path, os.stat(path).st_mode)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        _check_regular(path, info.st_mode)  # it may have been swapped since the first look
        if info.st_size > limit:
            raise TooBigError(path, info.st_size, limit)
        chunks: list[bytes] = []
        count = 0
        while count <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - count))
            if not chunk:
                break
            chunks.append(chunk)
            count += len(chunk)
    finally:
        os.close(fd)
    if count > limit:  # it grew while being read
        raise TooBigError(path, count, limit)
    return b"".join(chunks)


def write_atomically(path: Path, text: str, prefix: str = ".gradtui-") -> None:
    """Replace `path` with `text` so that a crash at any moment leaves either the old file
    or the new one, whole: a temp file named `prefix`... in the same folder (readable by its
    owner alone), fsync, then os.replace, then fsync of the folder."""
    fd, temp_name = tempfile.mkstemp(prefix=prefix, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o600)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
