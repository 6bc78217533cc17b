"""One reader per format; each returns the same `Document`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from extractor.document import Document, ReadError
from extractor.readers.text import read_text
from extractor.regular import NotRegularFile, open_regular

Reader = Callable[..., Document]  # (path, bytes, **options) -> Document


def _readers() -> dict[str, Reader]:
    # Imported lazily so that a text-only run never pays for the HTML and Word libraries.
    from extractor.readers.docx import read_docx
    from extractor.readers.html import read_html
    from extractor.readers.image import IMAGE_SUFFIXES, read_image
    from extractor.readers.pdf import read_pdf

    return {
        ".pdf": read_pdf,
        **{suffix: read_image for suffix in IMAGE_SUFFIXES},
        ".txt": read_text,
        ".md": read_text,
        ".text": read_text,
        ".html": read_html,
        ".htm": read_html,
        ".shtml": read_html,
        ".docx": read_docx,
    }


SUPPORTED_SUFFIXES = (".txt", ".md", ".text", ".html", ".htm", ".shtml", ".docx", ".pdf",
                      ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")
PAGED_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")  # readers with OCR pages


def read_document(path: Path | str, page_workers: int = 1) -> Document:
    """Read any supported report file; raise ReadError naming the file and the problem.

    `page_workers` > 1 OCRs the pages of one scanned document in parallel processes."""
    path = Path(path)
    try:
        f = open_regular(path)
    except FileNotFoundError:
        raise ReadError(path, "no such file") from None
    except NotRegularFile as exc:
        raise ReadError(path, exc.reason) from None
    except OSError as exc:
        raise ReadError(path, f"cannot open: {exc.strerror or exc}") from None
    with f:
        suffix = path.suffix.lower()
        readers = _readers() if suffix not in (".txt", ".md", ".text") else {suffix: read_text}
        reader = readers.get(suffix)
        if reader is None:
            raise ReadError(path, f"unsupported file type {suffix or '(none)'}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
        data = f.read()  # read once: the reader parses these bytes and the report cites their hash
    try:
        doc = reader(path, data, page_workers=page_workers) if suffix in PAGED_SUFFIXES else reader(path, data)
    except ReadError:
        raise
    except Exception as exc:  # a reader library failing on a broken file is that file's problem
        raise ReadError(path, f"cannot read as {suffix[1:]}: {type(exc).__name__}: {exc}") from exc
    doc.sha256 = hashlib.sha256(data).hexdigest()
    return doc
