"""One batch at a time in an OUT: `OUT/.xxgk.lock`, flock'ed for the whole batch and naming its holder (pid,
host, start time). The kernel drops a flock when its holder dies, however it dies, so a lock file left behind
by a killed batch is simply taken over; a second batch on a held lock is refused at once (a usage error)."""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from extractor.batch.atomic import named
from extractor.batch.discover import UsageError

LOCK = ".xxgk.lock"


def _holder(fd: int) -> str:
    """Who holds the lock, from what it wrote there (it writes just after taking the lock: wait a moment)."""
    for _ in range(20):
        try:
            info = json.loads(os.pread(fd, 4096, 0))
            return f"pid {info['pid']} on {info['host']}, started {info['started']}"
        except (ValueError, KeyError, TypeError, OSError):
            time.sleep(0.05)
    return "pid unknown"


def _acquire(path: Path) -> int:
    while True:
        # O_CLOEXEC: a program this batch starts (a Ray instance, a forkserver) must not inherit the lock.
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise UsageError(
                f"the output folder {path.parent} is in use by another batch ({holder}; lock {path}): "
                "wait for it to finish, or choose another -o"
            ) from None
        except OSError as exc:  # a filesystem without locks: say which file, never run unlocked
            os.close(fd)
            raise named(exc, path) from exc
        try:  # its holder may have released and unlinked it between our open and flock: lock the file on disk
            if os.path.samestat(os.fstat(fd), os.stat(path)):
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)


@contextmanager
def holding(out: Path) -> Iterator[None]:
    """`out` (which must exist) locked for the body; raises UsageError when another batch holds it."""
    path = out / LOCK
    fd = _acquire(path)
    try:
        started = datetime.now().astimezone().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)  # a dead holder's record, taken over
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "started": started}).encode(), 0)
        yield
    finally:
        try:
            os.unlink(path)  # before unlocking: whoever opens the name next gets a fresh file, not ours
        except FileNotFoundError:
            pass
        fcntl.flock(fd, fcntl.LOCK_UN)  # also for the worker processes forked with a copy of the descriptor
        os.close(fd)
