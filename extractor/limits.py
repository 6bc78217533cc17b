"""What one document may cost, checked by the readers before they spend it.

The batch sets the limits in each worker process (`set_limits`); a reader that finds a document
over one raises `LimitExceeded`, a `ReadError` that names the file, the limit and the value.
Time and memory are enforced by the batch engine (a timeout per document, RLIMIT_AS per worker).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractor.document import ReadError


@dataclass(frozen=True)
class Limits:
    max_pages: int = 100  # pages of a PDF, frames of an image file
    max_pixels: int = 100_000_000  # one page as rendered or decoded for OCR (A4 at 200 dpi is 3.9 million)
    max_unzipped_bytes: int = 256 * 2**20  # everything inside a .docx, uncompressed
    max_table_depth: int = 16  # tables nested inside tables (HTML)


class LimitExceeded(ReadError):
    """A document over one of the `Limits`: the batch records it with kind `over_limit`."""

    def __init__(self, path: Path | str, limit: str, detail: str) -> None:
        super().__init__(path, f"over the {limit} limit: {detail}")
        self.limit = limit


_current = Limits()


def current() -> Limits:
    return _current


def set_limits(limits: Limits) -> None:
    global _current
    _current = limits
