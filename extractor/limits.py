"""What one document may cost, checked by the readers before they spend it.

The batch sets the limits in each worker process (`set_limits`); a reader that finds a document
over one raises `LimitExceeded`, a `ReadError` that names the file, the limit, its option and the value.
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
    # Elements nested inside elements (HTML): reading costs time quadratic in the depth (real pages: 12 deep).
    max_nesting: int = 256
    # Characters of a report's text: the development corpus's largest (p002.txt, 6,012) × 50.
    max_text: int = 300_000


class LimitExceeded(ReadError):
    """A document over one of the `Limits`: the batch records it with kind `over_limit`. `option`: the
    command-line option that sets the limit."""

    def __init__(self, path: Path | str, limit: str, detail: str, option: str) -> None:
        super().__init__(path, f"over the {limit} limit ({option}): {detail}")
        self.limit = limit


def check_text(path: Path | str, characters: int) -> None:
    """Refuse a text of more characters than `max_text` (the cost of extracting grows with it, memory too)."""
    cap = current().max_text
    if characters > cap:
        raise LimitExceeded(path, "text length", f"{characters:,} characters (limit {cap:,})", "--max-text")


def check_text_bytes(path: Path | str, size: int) -> None:
    """Refuse, before decoding it, a text file of `size` bytes that holds more than `max_text` characters in any
    encoding (none takes more than 4 bytes a character)."""
    cap = current().max_text
    if size > 4 * cap:
        raise LimitExceeded(path, "text length", f"{size:,} bytes, over {cap:,} characters in any encoding", "--max-text")


_current = Limits()


def current() -> Limits:
    return _current


def set_limits(limits: Limits) -> None:
    global _current
    _current = limits
