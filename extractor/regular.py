"""Inputs are read only when they are regular files. A FIFO blocks open() until a writer comes (and its read
until the writer goes), a device such as /dev/zero never ends, a socket cannot be opened: any of them would
hang or break whoever reads it. So discovery checks with stat (nothing is opened), and whoever opens an input
does it without blocking and checks what it opened (fstat on the descriptor: no window for the name to be
swapped for a FIFO in between)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words (`mode`: st_mode)."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


class NotRegularFile(OSError):
    """An input that is a FIFO, a socket, a device or a folder: never read."""

    def __init__(self, path: Path | str, mode: int) -> None:
        self.reason = f"{kind_of(mode)}, not a regular file: not read"
        super().__init__(f"{path}: {self.reason}")


def not_regular_reason(path: Path | str) -> str | None:
    """Why `path` (links followed) is not a regular file to read, or None when it is one; OSError (no such file,
    a loop of links) is raised. Nothing is opened."""
    mode = os.stat(path).st_mode
    return None if stat.S_ISREG(mode) else str(NotRegularFile(path, mode))


def open_regular(path: Path | str) -> BinaryIO:
    """`path` opened for reading in binary mode; NotRegularFile if it is anything but a regular file."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)  # returns at once, even on a FIFO
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, mode)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
