"""PDF: the text layer where there is a usable one (pdfplumber, pypdfium2 as fallback), OCR for pages
without one or with a garbage one (mojibake from broken font maps)."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import numpy as np

from extractor.document import Document, ReadError
from extractor.layout.glyphs import Glyph
from extractor.limits import LimitExceeded, current
from extractor.layout.page import PageContent, assemble, layout_page
from extractor.ocr.pool import PageJob, ocr_pages

OCR_DPI = 200


def looks_like_garbage(text: str) -> bool:
    """A text layer that is not Chinese text: Latin-1 mojibake, private-use or control characters,
    or almost no CJK at all on a page with plenty of characters."""
    chars = [c for c in text if not c.isspace()]
    if len(chars) < 20:
        return False
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in chars)
    odd = sum(
        0x80 <= ord(c) <= 0x2AF or unicodedata.category(c) in ("Co", "Cn", "Cc") or c == "\ufffd" for c in chars
    )
    return odd / len(chars) > 0.1 or cjk / len(chars) < 0.05


def _glyphs(page) -> list[Glyph]:
    return [
        Glyph(c["text"], float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"]))
        for c in page.chars
        if c["text"].strip()
    ]


class _PdfiumText:
    """pypdfium2's text of a page, for pages where pdfplumber finds no characters; the document is
    parsed once, on the first such page."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pdf = None

    def page(self, index: int) -> str:
        import pypdfium2 as pdfium

        if self.pdf is None:
            self.pdf = pdfium.PdfDocument(self.data)
        return self.pdf[index].get_textpage().get_text_range()

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def render_pdf_page(job: PageJob) -> tuple[np.ndarray, float]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(job.path))
    try:
        bitmap = pdf[job.index].render(scale=job.dpi / 72)
        return np.asarray(bitmap.to_pil().convert("RGB")), 72 / job.dpi
    finally:
        pdf.close()


def _open(path: Path, data: bytes):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(cause).lower():
            raise ReadError(path, "encrypted PDF: it needs a password to open") from exc
        raise ReadError(path, f"not a readable PDF: {type(cause).__name__}: {cause}") from exc


def read_pdf(path: Path, data: bytes, page_workers: int = 1) -> Document:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError(path, "not a PDF (no %PDF header)")
    pdf = _open(path, data)
    pages: dict[int, PageContent] = {}
    ocr_jobs: list[PageJob] = []
    notes: list[str] = []
    pdfium_text = _PdfiumText(data)
    with pdf:
        _check_page_count(path, len(pdf.pages))
        for index, page in enumerate(pdf.pages):
            number = index + 1
            glyphs = _glyphs(page)
            text = "".join(g.text for g in glyphs)
            fallback = pdfium_text.page(index) if not glyphs else ""
            if fallback.strip() and not looks_like_garbage(fallback):
                notes.append(f"page {number}: pdfplumber found no characters; pypdfium2's text used")
                pages[number] = _pdfium_page(number, float(page.height), fallback)
                continue
            if not glyphs or looks_like_garbage(text):
                notes.append(f"page {number}: {'garbage text layer' if glyphs else 'no text layer'}; OCR")
                _check_pixels(path, number, float(page.width), float(page.height), OCR_DPI / 72)
                ocr_jobs.append(PageJob(path, index, OCR_DPI))
                continue
            tables = [(tuple(map(float, t.bbox)), [tuple(map(float, c)) for c in t.cells]) for t in page.find_tables()]
            pages[number] = layout_page(number, float(page.height), glyphs, tables)
    pdfium_text.close()
    if ocr_jobs:
        ocr_contents, ocr_notes = ocr_pages(ocr_jobs, render_pdf_page, page_workers)
        pages.update((p.number, p) for p in ocr_contents)
        notes += ocr_notes
    ordered = [pages[n] for n in sorted(pages)]
    doc = assemble(ordered).to_document(path, "pdf", "pdf")
    doc.notes = notes
    if not doc.text.strip():
        raise ReadError(path, "no text in the PDF, and OCR found none")
    return doc


def _check_page_count(path: Path, pages: int) -> None:
    if pages > current().max_pages:
        raise LimitExceeded(path, "page", f"{pages} pages (limit {current().max_pages})", "--max-pages")


def _check_pixels(path: Path, number: int, width: float, height: float, scale: float) -> None:
    """A page is refused before it is rendered: a tiny file can declare a page of square metres."""
    pixels, cap = int(width * scale) * int(height * scale), current().max_pixels
    if pixels > cap:
        raise LimitExceeded(
            path, "image pixels", f"page {number} is {width:.0f}×{height:.0f} pt, {pixels:,} pixels to OCR (limit {cap:,})",
            "--max-pixels",
        )


def _pdfium_page(number: int, height: float, text: str) -> PageContent:
    """pypdfium2's plain text, one line per row, without boxes (that path has no reliable glyph boxes here)."""
    page = PageContent(number, height)
    y = 0.0
    for line in text.splitlines():
        if line.strip():
            page.rows.append([Glyph(ch, i, y, i + 1, y + 1) for i, ch in enumerate(line) if not ch.isspace()])
            y += 2
    return page
