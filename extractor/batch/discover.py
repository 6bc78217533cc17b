"""Which files a batch reads, and which it must refuse before starting.

Inside folders: supported report files are inputs; files of document types we cannot read (.doc, .wps,
.rtf, …), links that lead nowhere (or in a loop) and anything that is not a regular file (a FIFO, a socket, a
device, a link to a folder) get an error record instead of vanishing, without being opened; anything else
(images of logos, .css, sidecar .json) is counted as ignored, hidden files and folders too. The output folder
is never read.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extractor.readers import SUPPORTED_SUFFIXES
from extractor.regular import not_regular_reason

# Document formats a report is published in that no reader handles: worth an error record each.
UNSUPPORTED_DOCUMENTS = {
    ".doc": "a legacy Word .doc file: convert it to .docx",
    ".dot": "a legacy Word template: convert it to .docx",
    ".wps": "a WPS Office document: convert it to .docx",
    ".wpt": "a WPS Office template: convert it to .docx",
    ".rtf": "an RTF file: convert it to .docx",
    ".odt": "an OpenDocument text: convert it to .docx",
    ".docm": "a macro-enabled Word file: save it as .docx",
    ".ofd": "an OFD file: export it to PDF",
    ".xls": "a spreadsheet (.xls): not a report format",
    ".xlsx": "a spreadsheet (.xlsx): not a report format",
    ".et": "a WPS spreadsheet: not a report format",
    ".caj": "a CAJ file: export it to PDF",
}


class UsageError(Exception):
    """A batch that must not start (exit code 2): the message says why."""


@dataclass
class Problem:
    """An input that gets an error record without reaching a worker."""

    path: Path
    kind: str
    error: str


@dataclass
class Inputs:
    # Paths as strings, not Path objects: a province's archive holds 100,000 of them, and a PosixPath with its
    # parts costs several times its string (measured: 8.5 MiB for 20,000 discovered files, 0.43 KB each).
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: int = 0  # files of other types inside the folders: only counted
    hidden: int = 0  # hidden files and folders (names starting with ".") inside the folders: only counted


def _inside(path: str, folder: str) -> bool:
    """`path` is `folder` or lies under it (both resolved)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def check_out(paths: Iterable[Path | str], out: Path) -> None:
    """Refuse an OUT that is a file, or that is (or contains) an input: outputs must never replace inputs."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"the output folder {out} is a file")
    out_real = os.path.realpath(out)
    for p in map(Path, paths):
        if not p.exists() and not p.is_symlink():
            raise UsageError(f"no such file or folder: {p}")
        real = os.path.realpath(p)
        if _inside(real, out_real):
            raise UsageError(
                f"the output folder {out} is {'the input' if real == out_real else 'a folder above the input'} {p}: "
                "outputs could overwrite inputs; choose another -o"
            )


def _walk(folder: str, found: Inputs, out_real: str | None) -> Iterator[str]:
    """Files and links under `folder`, depth first in name order (the order of sorting the paths by their parts),
    one directory listed at a time rather than the whole tree at once. Hidden entries (names starting with ".")
    are counted in `found.hidden` and skipped; the output folder is skipped; a folder that cannot be listed is
    recorded; links to folders are yielded, not followed (rglob does not descend into them; neither do we)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        reason = f"{folder}: cannot list the folder: {exc.strerror or exc}"
        found.problems.append(Problem(Path(folder), "read_error", reason))
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if out_real is not None and os.path.realpath(entry.path) == out_real:
                continue  # our own outputs, in an OUT inside the input folder, are not inputs
            if entry.name.startswith("."):
                found.hidden += 1
            else:
                yield from _walk(entry.path, found, out_real)
        elif entry.name.startswith("."):
            found.hidden += 1
        else:
            yield entry.path


def _problem(f: str) -> Problem | None:
    """The record of an input that is not a regular file to read (nothing is opened), or None."""
    try:
        reason = not_regular_reason(f)
    except OSError as exc:
        if not os.path.islink(f):
            return Problem(Path(f), "read_error", f"{f}: {'no such file' if exc.errno == errno.ENOENT else exc.strerror}")
        if exc.errno == errno.ELOOP:
            return Problem(Path(f), "broken_link", f"{f}: a link in a loop of links (to {os.readlink(f)}): no file")
        return Problem(Path(f), "broken_link", f"{f}: a link to {os.readlink(f)}, which does not exist")
    if reason is None:
        return None
    if os.path.islink(f) and os.path.isdir(f):
        reason = f"{f}: a link to a folder, not followed (name the folder itself to read what it holds)"
    return Problem(Path(f), "unsupported", reason)


def discover(paths: Iterable[Path | str], out: Path | None = None) -> Inputs:
    """Inputs in command-line order, folders sorted; an output folder inside an input folder is skipped."""
    found = Inputs()
    out_real = os.path.realpath(out) if out is not None else None
    seen: set[str] = set()

    def add(f: str, explicit: bool, real: str) -> None:
        if real in seen:
            return  # named twice (a file and its folder, or a link to it): one record, not two
        seen.add(real)
        if (problem := _problem(f)) is not None:
            found.problems.append(problem)
        elif (suffix := os.path.splitext(f)[1].lower()) in SUPPORTED_SUFFIXES:
            found.files.append(f)
        elif suffix in UNSUPPORTED_DOCUMENTS:
            found.problems.append(Problem(Path(f), "unsupported", f"{f}: {UNSUPPORTED_DOCUMENTS[suffix]}"))
        elif explicit:
            found.files.append(f)  # named on the command line: the reader says what is wrong with it
        else:
            found.ignored += 1

    for p in map(str, paths):
        if not os.path.isdir(p):
            add(p, True, os.path.realpath(p))
            continue
        for f in _walk(p, found, out_real):
            real = os.path.realpath(f)  # once a file: it is the costly part of discovering a large archive
            if out_real is not None and _inside(real, out_real):
                continue  # a link into our own outputs is not an input either
            add(f, False, real)
    return found
