"""OUT/manifest.jsonl: what happened to each input, so that a batch can be resumed.

One JSON record per line, appended as each document finishes (the last record of an input wins; a
line torn by a crash is skipped). A record: input (resolved path), source (as given), sha256, status
(done | failed), output (name of OUT/<name>.json), kind and error (failed), tool and model version,
and, for the checks across years, the report's agency, year and carried-over fields.
`compact()` rewrites the file with one record per input.

In memory each input's last record is kept as its JSON line (bytes), parsed when asked for: some 0.8 KB
an input instead of the 3 KB of a parsed record, for the batch process's memory at 100,000 reports.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from extractor import __version__
from extractor.batch.atomic import atomic_write_chunks

MANIFEST = "manifest.jsonl"


def file_sha256(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
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


def input_key(path: Path | str) -> str:
    return os.path.realpath(path)


def _last_byte(path: Path) -> bytes:
    with path.open("rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1)


class Manifest:
    def __init__(self, out: Path) -> None:
        self.path = out / MANIFEST
        self.records: dict[str, bytes] = {}  # input -> its last record, a JSON line
        if self.path.exists():
            with self.path.open("rb") as f:
                for line in f:
                    try:
                        record = json.loads(line)
                    except (json.JSONDecodeError, UnicodeDecodeError):
                        continue  # a line torn by a crash: that document is simply redone
                    if isinstance(record, dict) and "input" in record:
                        self.records[record["input"]] = line.rstrip(b"\n")
        self._file = None

    def names(self) -> set[str]:
        return {r["output"] for key in self.records if (r := self.get(key)) and r.get("output")}

    def get(self, key: str) -> dict | None:
        line = self.records.get(key)
        return None if line is None else json.loads(line)

    def is_done(self, key: str, sha256: str, model_version: str | None, out: Path) -> bool:
        r = self.get(key)
        return bool(
            r
            and r.get("status") == "done"
            and r.get("sha256") == sha256
            and r.get("tool_version") == tool_version()
            and r.get("model_version") == model_version
            and (out / f"{r['output']}.json").exists()
        )

    def append(self, record: dict) -> None:
        """Record in memory (this run's summaries use it), then on disk; an OSError (disk full) is raised
        after the first: the run still accounts for the document, a rerun redoes it."""
        line = json.dumps({**record, "tool_version": tool_version()}, ensure_ascii=False).encode("utf-8")
        self.records[record["input"]] = line
        if self._file is None:
            torn = self.path.exists() and self.path.stat().st_size > 0 and _last_byte(self.path) != b"\n"
            self._file = self.path.open("ab")
            if torn:
                self._file.write(b"\n")  # end a line torn by a crash, so the next record stands on its own
        self._file.write(line + b"\n")
        self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def compact(self) -> None:
        self.close()
        atomic_write_chunks(self.path, (line + b"\n" for line in self.records.values()))
