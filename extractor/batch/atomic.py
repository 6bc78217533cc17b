"""Writes that leave either the old file or the whole new one, never a truncated one: a temporary
file in the same folder, written whole (a full disk fails the write, and the target is untouched),
then renamed over the target. `durable=True` also fsyncs before the rename, so that the new file
survives a power cut too (the summaries; per-document outputs skip it, a rerun redoes them)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def _write_all(tmp: str, f, data: bytes) -> None:
    """The one place bytes go to disk (tests make it fail as a full disk would)."""
    f.write(data)


def atomic_write_chunks(path: Path, chunks: Iterable[bytes], durable: bool = True) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            for chunk in chunks:
                _write_all(tmp, f, chunk)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write(path: Path, data: bytes | str, durable: bool = True) -> None:
    atomic_write_chunks(path, [data.encode("utf-8") if isinstance(data, str) else data], durable)


def atomic_write_lines(path: Path, lines: Iterable[str]) -> None:
    atomic_write_chunks(path, (line.encode("utf-8") for line in lines))
