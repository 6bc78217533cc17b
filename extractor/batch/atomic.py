"""Writes that leave either the old file or the whole new one, never a truncated one: a temporary
file in the same folder, written whole (a full disk fails the write, and the target is untouched),
then renamed over the target. `durable=True` also fsyncs before the rename, so that the new file
survives a power cut too (the summaries; per-document outputs skip it, a rerun redoes them)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


def _write_all(tmp: str, f, data: bytes) -> None:
    """The one place bytes go to disk (tests make it fail as a full disk would)."""
    f.write(data)


def _create_beside(path: Path) -> str:
    """A new empty file next to `path`, under a name no other writer can have (pid and random part), with
    mode 0666 less the umask, as any file the user makes (mkstemp's 0600 would hide the outputs from others)."""
    while True:
        tmp = str(path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666))
            return tmp
        except FileExistsError:
            continue


@contextmanager
def replacing(path: Path) -> Iterator[str]:
    """The name of a new temporary file that replaces `path` when the body ends without an exception, and is
    removed when it raises. An OSError names `path` (the temporary name means nothing to the user)."""
    tmp = _create_beside(path)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and exc.filename != str(path):
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise


def atomic_write_chunks(path: Path, chunks: Iterable[bytes], durable: bool = True) -> None:
    with replacing(path) as tmp, open(tmp, "wb") as f:
        for chunk in chunks:
            _write_all(tmp, f, chunk)
        f.flush()
        if durable:
            os.fsync(f.fileno())


def atomic_write(path: Path, data: bytes | str, durable: bool = True) -> None:
    atomic_write_chunks(path, [data.encode("utf-8") if isinstance(data, str) else data], durable)


def atomic_write_lines(path: Path, lines: Iterable[str]) -> None:
    atomic_write_chunks(path, (line.encode("utf-8") for line in lines))
