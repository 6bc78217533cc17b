"""Scanned pages and photos (png, jpg, tif, …): every page or frame goes through OCR."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from extractor.document import Document, ReadError
from extractor.layout.page import assemble
from extractor.limits import LimitExceeded, current
from extractor.ocr.pool import PageJob, ocr_pages

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")


@contextmanager
def _our_pixel_limit() -> Iterator[None]:
    """Pillow's own guard off while we read an image (it warns on stderr over MAX_IMAGE_PIXELS and refuses twice
    that, whatever --max-pixels says): `_check_size`, from the header before any pixel is decoded, is the limit."""
    saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def _open(data: bytes, path: Path) -> Image.Image:
    try:
        with _our_pixel_limit():
            image = Image.open(io.BytesIO(data))
            _check_size(path, image)  # from the header, before the pixels are decoded
            image.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise ReadError(path, f"not a readable image: {exc}") from exc
    return image


def _check_size(path: Path, image: Image.Image) -> None:
    """Frames, then the size of every frame (a TIFF's may differ), from their headers."""
    limits = current()
    frames = getattr(image, "n_frames", 1)
    if frames > limits.max_pages:
        raise LimitExceeded(path, "page", f"{frames} frames (limit {limits.max_pages})", "--max-pages")
    for index in range(frames):
        image.seek(index)
        width, height = image.size
        if width * height > limits.max_pixels:
            where = f"frame {index + 1}: " if frames > 1 else ""
            raise LimitExceeded(path, "image pixels", f"{where}{width}×{height} = {width * height:,} pixels "
                                f"(limit {limits.max_pixels:,})", "--max-pixels")  # fmt: skip
    image.seek(0)


def render_frame(job: PageJob) -> tuple[np.ndarray, float]:
    with _our_pixel_limit(), Image.open(job.path) as image:  # its size was checked by `read_image`
        image.seek(job.index)
        # Photos carry their orientation in EXIF; honour it before our own orientation check.
        frame = ImageOps.exif_transpose(image).convert("RGB")
        return np.asarray(frame), 1.0


def read_image(path: Path, data: bytes, page_workers: int = 1) -> Document:
    image = _open(data, path)
    frames = getattr(image, "n_frames", 1)
    jobs = [PageJob(path, i, 0) for i in range(frames)]
    pages, notes = ocr_pages(jobs, render_frame, page_workers)
    doc = assemble(pages).to_document(path, "ocr", "image")
    doc.notes = [f"OCR of {frames} page image(s)", *notes]
    if not doc.text.strip():
        raise ReadError(path, "OCR found no text in the image")
    return doc
