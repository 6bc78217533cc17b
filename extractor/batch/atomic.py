"""Writes that never leave half a file:

- `atomic_write*`, `replacing`: a temporary file in the same folder, written whole (a full disk fails the
  write, and the target is untouched), then renamed over the target. `durable=True` also fsyncs before the
  rename, so that the new file survives a power cut too (the summaries; per-document outputs skip it, a
  rerun redoes them);
- `Staged`: the same for a file built piece by piece alongside others in one pass, each failing on its own;
- `append_whole`: a line appended whole or not at all (errors.jsonl, manifest.jsonl, the streamed summary).

Every OSError raised names the file the user knows (the target), never the temporary name.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO


def _write_all(name: str, f, data: bytes) -> None:
    """The one place bytes go to disk (tests make it fail as a full disk would): all of `data`, or an OSError
    (an unbuffered file may take part of it per call)."""
    view = memoryview(data)
    while view:
        view = view[f.write(view) :]


def named(exc: OSError, path: Path) -> OSError:
    """`exc` naming `path`."""
    if exc.filename == str(path):
        return exc
    renamed = OSError(exc.errno, exc.strerror or str(exc), str(path))
    renamed.__cause__ = exc
    return renamed


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


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


@contextmanager
def replacing(path: Path) -> Iterator[str]:
    """The name of a new temporary file that replaces `path` when the body ends without an exception, and is
    removed when it raises."""
    tmp = _create_beside(path)
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise named(exc, path) from exc
    except BaseException:
        _remove(tmp)
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


class Staged:
    """A file built piece by piece beside `path` (`open_(temporary name)` gives the handle that builds it) and
    renamed over it by `commit`. Its first OSError (a full disk) abandons it alone: the temporary file is
    removed, `path` stays as it was, `error` keeps the OSError naming `path`, and later steps are skipped. So
    several files built in one pass fail one by one, and the others are still written."""

    def __init__(self, path: Path, open_: Callable[[str], Any]) -> None:
        self.path = path
        self.error: OSError | None = None
        self.handle: Any = None
        self.tmp = ""
        try:
            self.tmp = _create_beside(path)
            self.handle = open_(self.tmp)
        except OSError as exc:
            self._abandon(exc)

    def step(self, action: Callable[[Any], object]) -> None:
        if self.error is None:
            try:
                action(self.handle)
            except OSError as exc:
                self._abandon(exc)

    def write(self, data: bytes) -> None:
        """For a handle that is a binary file."""
        self.step(lambda f: _write_all(self.tmp, f, data))

    def commit(self, close: Callable[[Any], object]) -> OSError | None:
        """`close(handle)` (it must flush), then the rename; the error that abandoned the file, or None."""
        self.step(close)
        if self.error is None:
            try:
                os.replace(self.tmp, self.path)
            except OSError as exc:
                self._abandon(exc)
        return self.error

    def _abandon(self, exc: OSError) -> None:
        self.error = named(exc, self.path)
        if self.handle is not None:
            try:
                self.handle.close()
            except Exception:  # its buffer cannot be written either
                pass
        if self.tmp:
            _remove(self.tmp)


def append_whole(f: BinaryIO, data: bytes) -> None:
    """`data` appended to `f` (opened "ab", unbuffered) whole or not at all: what a full disk let through is cut
    off again, so the file never ends in a torn line. The OSError is raised, naming the file."""
    pos = f.seek(0, os.SEEK_END)
    try:
        _write_all(f.name, f, data)
        f.flush()
    except OSError as exc:
        try:
            f.truncate(pos)
        except OSError:
            pass
        raise named(exc, Path(f.name)) from exc
