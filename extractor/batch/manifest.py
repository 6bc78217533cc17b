"""OUT/manifest.jsonl: what happened to each input, so that a batch can be resumed.

One JSON record per line, appended as each document finishes (the last record of an input wins; a
line torn by a crash is skipped). A record: input (resolved path), source (as given), sha256, status
(done | failed), output (name of OUT/<name>.json), kind and error (failed), tool and model version,
and, for the checks across years, the report's agency, year and carried-over fields.
`compact()` rewrites the file with one record per input.

Each input's last record is kept as its JSON line in an index on disk (sqlite3, a temporary file unlinked
as soon as it is open, so gone even after a kill; the JSON lines file stays the record), parsed when asked for: the batch process's
memory does not grow with the number of inputs (it held some 0.8 KB an input in a dict before).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from extractor import __version__
from extractor.batch.atomic import append_whole, atomic_write_chunks
from extractor.regular import open_regular

MANIFEST = "manifest.jsonl"


def file_sha256(path: Path | str, stopped: Callable[[], bool] = lambda: False) -> str | None:
    """The file's sha256, or None when `stopped()` turned true while reading (a signal came: a large file must
    not hold the batch up). NotRegularFile (an OSError) for anything but a regular file, never read from."""
    h = hashlib.sha256()
    with open_regular(path) as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            if stopped():
                return None
    return h.hexdigest()


@lru_cache(maxsize=1)
def tool_version() -> str:
    """The package version and a digest of the extractor's code and templates: a rerun after any
    change to them redoes every document, even when the version number was not bumped."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for f in sorted([*root.rglob("*.py"), *root.rglob("*.json")]):
        h.update(str(f.relative_to(root)).encode())
        h.update(f.read_bytes())
    return f"{__version__}+{h.hexdigest()[:12]}"


def models_version(models: Path | None) -> str | None:
    """A digest of a models folder (file names and sizes, and the contents of the small files: configs,
    cards, metrics), for the manifest: new models redo every document. None: no models used."""
    if models is None or not Path(models).exists():
        return None
    h = hashlib.sha256()
    for f in sorted(p for p in Path(models).rglob("*") if p.is_file()):
        size = f.stat().st_size
        h.update(f"{f.relative_to(models)}\0{size}\0".encode())
        if size < 2**20:
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


# The head of an output as the batch writes it (indent=1, `source` and `sha256` first: report.Report's order).
_HEAD = re.compile(rb'\A\{\n "source": ("(?:[^"\\\n]|\\.)*"),\n "sha256": "([0-9a-f]{64})"')


def output_identity(path: Path) -> tuple[str, str] | None:
    """(source, sha256) of the report in an output JSON, from its first bytes (a resume checks thousands);
    None when it is missing or unreadable."""
    try:
        with path.open("rb") as f:
            head = _HEAD.match(f.read(16384))
            if head:
                return json.loads(head.group(1)), head.group(2).decode()
            f.seek(0)
            report = json.load(f)  # written some other way: read it whole
        return report["source"], report["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def input_key(path: Path | str) -> str:
    return os.path.realpath(path)


def _last_byte(path: Path) -> bytes:
    with path.open("rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1)


class _Index:
    """input -> last JSON line, in insertion order of first appearance (like a dict), on disk."""

    def __init__(self) -> None:
        fd, self.path = tempfile.mkstemp(prefix="xxgk-manifest-", suffix=".sqlite")
        os.close(fd)
        # A throwaway index: no journal, no fsync; a small page cache bounds its memory.
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("PRAGMA cache_size=-4096")  # KiB
        self.db.execute("CREATE TABLE records (input TEXT PRIMARY KEY, line BLOB NOT NULL, output TEXT)")
        self.db.execute("CREATE TABLE taken (name TEXT PRIMARY KEY)")
        self.db.execute("CREATE TABLE run_keys (seq INTEGER PRIMARY KEY, input TEXT NOT NULL)")
        self.db.execute("CREATE TABLE run_files (idx INTEGER PRIMARY KEY, input TEXT, path TEXT, sha TEXT)")
        self.db.execute("CREATE TABLE years (agency TEXT, year INTEGER, input TEXT, PRIMARY KEY (agency, year))")
        # Unlinked at once (the open connection keeps it; no journal file is ever made): nothing is left behind
        # even when the batch process is killed (SIGKILL, the out-of-memory killer).
        os.unlink(self.path)

    @contextmanager
    def transaction(self):
        """Statements as one transaction (fast inserts), rolled back on an exception."""
        self.db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def put(self, key: str, line: bytes, output: str | None) -> None:
        self.db.execute(
            "INSERT INTO records (input, line, output) VALUES (?, ?, ?) "
            "ON CONFLICT(input) DO UPDATE SET line = excluded.line, output = excluded.output",
            (key, line, output),
        )

    def line(self, key: str) -> bytes | None:
        row = self.db.execute("SELECT line FROM records WHERE input = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def lines(self):
        """Every record's line, in order of first appearance; fetched in pages, not all at once."""
        last = 0
        while True:
            rows = self.db.execute("SELECT rowid, line FROM records WHERE rowid > ? ORDER BY rowid LIMIT 1000", (last,)).fetchall()
            if not rows:
                return
            for _, line in rows:
                yield line
            last = rows[-1][0]

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM records").fetchone()[0]

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass


class KeyList:
    """The inputs of this run in order (append, iterate), on disk in the manifest's index."""

    def __init__(self, index: _Index) -> None:
        self.db = index.db
        self.db.execute("DELETE FROM run_keys")

    def append(self, key: str) -> None:
        self.db.execute("INSERT INTO run_keys (input) VALUES (?)", (key,))

    def __iter__(self):
        last = 0
        while True:
            rows = self.db.execute("SELECT seq, input FROM run_keys WHERE seq > ? ORDER BY seq LIMIT 1000", (last,)).fetchall()
            if not rows:
                return
            for _, key in rows:
                yield key
            last = rows[-1][0]

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM run_keys").fetchone()[0]


class RunFiles:
    """This run's files to extract, by index: (input key, path, sha256 or None when not hashed), on disk."""

    def __init__(self, index: _Index) -> None:
        self.db = index.db
        self.db.execute("DELETE FROM run_files")
        self.n = 0

    def append(self, key: str, path: Path, sha: str | None) -> int:
        self.db.execute("INSERT INTO run_files (idx, input, path, sha) VALUES (?, ?, ?, ?)", (self.n, key, str(path), sha))
        self.n += 1
        return self.n - 1

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, index: int) -> tuple[str, Path, str | None]:
        key, path, sha = self.db.execute("SELECT input, path, sha FROM run_files WHERE idx = ?", (index,)).fetchone()
        return key, Path(path), sha

    def hashed(self):
        """(index, path) of the files that were hashed (the ones to extract), in order, fetched in pages."""
        last = -1
        while True:
            rows = self.db.execute(
                "SELECT idx, path FROM run_files WHERE idx > ? AND sha IS NOT NULL ORDER BY idx LIMIT 1000", (last,)
            ).fetchall()
            if not rows:
                return
            yield from rows
            last = rows[-1][0]


class YearIndex:
    """(agency, year) -> input of the report of that body and year (the last one given wins), on disk."""

    def __init__(self, index: _Index, entries) -> None:
        self.db = index.db
        self.db.execute("DELETE FROM years")
        with index.transaction():
            for (agency, year), key in entries:
                self.db.execute("INSERT OR REPLACE INTO years (agency, year, input) VALUES (?, ?, ?)", (agency, year, key))

    def get(self, agency_year: tuple[str, int]) -> str | None:
        row = self.db.execute("SELECT input FROM years WHERE agency = ? AND year = ?", agency_year).fetchone()
        return None if row is None else row[0]


class TakenNames:
    """Output names in use (set-like: `in`, `add`), kept in the manifest's index on disk."""

    def __init__(self, index: _Index) -> None:
        self.db = index.db
        self.db.execute("INSERT OR IGNORE INTO taken (name) SELECT output FROM records WHERE output IS NOT NULL")

    def __contains__(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM taken WHERE name = ?", (name,)).fetchone() is not None

    def add(self, name: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO taken (name) VALUES (?)", (name,))


class Manifest:
    def __init__(self, out: Path) -> None:
        self.path = out / MANIFEST
        self.records = _Index()  # input -> its last record, a JSON line
        if self.path.exists():
            with self.records.transaction(), self.path.open("rb") as f:
                for line in f:
                    try:
                        record = json.loads(line)
                    except (json.JSONDecodeError, UnicodeDecodeError):
                        continue  # a line torn by a crash: that document is simply redone
                    if isinstance(record, dict) and "input" in record:
                        self.records.put(record["input"], line.rstrip(b"\n"), record.get("output"))
        self._file = None

    def names(self) -> TakenNames:
        """The output names of the recorded inputs; names added to it are kept with them."""
        return TakenNames(self.records)

    def run_keys(self) -> KeyList:
        """An empty list, on disk, for the inputs of this run."""
        return KeyList(self.records)

    def run_files(self) -> RunFiles:
        """An empty table, on disk, of this run's files to extract."""
        return RunFiles(self.records)

    def year_index(self, entries) -> YearIndex:
        """An index, on disk, of ((agency, year), input) pairs."""
        return YearIndex(self.records, entries)

    def get(self, key: str) -> dict | None:
        line = self.records.line(key)
        return None if line is None else json.loads(line)

    def is_done(self, key: str, sha256: str, model_version: str | None, out: Path) -> bool:
        """Done by an earlier run and unchanged since: the file, the extractor and the models, and its output
        still the report of this very file (its source and sha256), not another's written over it."""
        r = self.get(key)
        return bool(
            r
            and r.get("status") == "done"
            and r.get("sha256") == sha256
            and r.get("tool_version") == tool_version()
            and r.get("model_version") == model_version
            and output_identity(out / f"{r['output']}.json") == (r.get("source"), sha256)
        )

    def append(self, record: dict) -> None:
        """Record in the index (this run's summaries use it), then on disk; an OSError (disk full) is raised
        after the first: the run still accounts for the document, a rerun redoes it."""
        line = json.dumps({**record, "tool_version": tool_version()}, ensure_ascii=False).encode("utf-8")
        self.records.put(record["input"], line, record.get("output"))
        if self._file is None:
            torn = self.path.exists() and self.path.stat().st_size > 0 and _last_byte(self.path) != b"\n"
            self._file = self.path.open("ab", buffering=0)
            if torn:
                append_whole(self._file, b"\n")  # end a line torn by a crash, so the next record stands on its own
        append_whole(self._file, line + b"\n")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def compact(self) -> None:
        self.close()
        atomic_write_chunks(self.path, (line + b"\n" for line in self.records.lines()))

    def discard_index(self) -> None:
        """The index on disk closed, its space freed (the batch is over; `get` no longer answers)."""
        self.close()
        self.records.close()
