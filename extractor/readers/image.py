"""Scanned pages and photos (png, jpg, tif, …): every page or frame goes through OCR."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from extractor.document import Document, ReadError
from extractor.layout.page import assemble
from extractor.limits import LimitExceeded, current
from extractor.ocr.pool import PageJob, ocr_pages

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")


def _open(data: bytes, path: Path) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        _check_size(path, image)  # from the header, before the pixels are decoded
        image.load()
    except Image.DecompressionBombError as exc:  # Pillow's own check, at twice its MAX_IMAGE_PIXELS
        raise LimitExceeded(path, "image pixels", str(exc)) from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise ReadError(path, f"not a readable image: {exc}") from exc
    return image


def _check_size(path: Path, image: Image.Image) -> None:
    limits = current()
    width, height = image.size
    if width * height > limits.max_pixels:
        raise LimitExceeded(path, "image pixels", f"{width}×{height} = {width * height:,} pixels (limit {limits.max_pixels:,})")
    frames = getattr(image, "n_frames", 1)
    if frames > limits.max_pages:
        raise LimitExceeded(path, "page", f"{frames} frames (limit {limits.max_pages})")


def render_frame(job: PageJob) -> tuple[np.ndarray, float]:
    with Image.open(job.path) as image:
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
