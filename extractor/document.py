"""The one document model every reader returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class GridCell:
    """One cell of a native table, as a span of `Document.text`."""

    text: str
    start: int
    end: int


@dataclass
class TableGrid:
    """A table as the format gave it (HTML, Word): rows of cells, merged cells expanded.

    Each cell also occurs in `Document.text`, where a row is one line and cells are separated by
    tabs, so the text parser and the grid see the same offsets.
    """

    rows: list[list[GridCell]]
    start: int
    end: int


@dataclass
class Document:
    """Normalized text of one report plus what is needed to trace a span back to the source."""

    source: Path
    text: str
    # offsets[i]: index in the source's decoded text of text[i] (len(text) + 1 entries).
    offsets: tuple[int, ...]
    encoding: str
    format: str  # txt, html, docx
    tables: list[TableGrid] = field(default_factory=list)
    # page number of each character range, for formats that have pages: [(start, end, page)]
    pages: list[tuple[int, int, int]] = field(default_factory=list)
    sha256: str = ""  # of the source file's bytes, set by `read_document`

    def page_of(self, index: int) -> int | None:
        for start, end, page in self.pages:
            if start <= index < end:
                return page
        return None


class ReadError(Exception):
    """A file that cannot be read as a report: names the file and says why."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
