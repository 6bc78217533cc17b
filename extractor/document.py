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


@dataclass(frozen=True)
class Placement:
    """Where a span of `Document.text` was printed: page and box (x0, y0, x1, y1; top-left origin,
    PDF points for text PDFs, pixels of the page image for OCR), and for OCR the raw reading."""

    start: int
    end: int
    page: int
    box: tuple[float, float, float, float]
    ocr_raw: str | None = None  # the recognizer's characters before number clean-up
    ocr_score: float | None = None


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
    # PDF and image readers: page and box of every line or cell, sorted by start
    placements: list[Placement] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader had to do (OCR, pages skipped…)

    @classmethod
    def of_normalized_text(cls, text: str, source: str = "<text>") -> Document:
        """A Document over text that is already normalized: its offset map is the identity."""
        return cls(source=Path(source), text=text, offsets=tuple(range(len(text) + 1)), encoding="utf-8", format="txt")

    def page_of(self, index: int) -> int | None:
        for start, end, page in self.pages:
            if start <= index < end:
                return page
        return None


    def placement_at(self, index: int) -> Placement | None:
        lo, hi = 0, len(self.placements)
        while lo < hi:  # placements are sorted and disjoint
            mid = (lo + hi) // 2
            p = self.placements[mid]
            if index < p.start:
                hi = mid
            elif index >= p.end:
                lo = mid + 1
            else:
                return p
        return None


class ReadError(Exception):
    """A file that cannot be read as a report: names the file and says why."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
