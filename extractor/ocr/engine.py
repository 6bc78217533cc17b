"""Character-level OCR with rapidocr-onnxruntime. Its Chinese PP-OCR models ship inside the wheel:
nothing is downloaded. One engine per process, created on first use."""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

from extractor.layout.glyphs import Glyph

_threads = 0  # 0: all cores


def set_threads(n: int) -> None:
    """Threads of this process's engine; page workers each take one, a lone process takes all cores."""
    global _threads
    _threads = n


@lru_cache(maxsize=1)
def engine():
    from rapidocr_onnxruntime import RapidOCR

    threads = int(os.environ.get("XXGK_OCR_THREADS", "0")) or _threads or (os.cpu_count() or 1)
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)


def recognize(image: np.ndarray) -> list[Glyph]:
    """OCR an RGB or grayscale page image: its characters, with boxes in the image's pixel coordinates."""
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=-1)
    result, _ = engine()(image, return_word_box=True)
    return [g for quad, text, score, *rest in result or [] for g in _chars(quad, text, float(score), rest) if g.text.strip()]


def _chars(quad, text: str, score: float, rest: list) -> list[Glyph]:
    """Per-character boxes when rapidocr gives them, else the line box cut evenly by character."""
    if rest and len(rest[0]) == len(rest[1]) and rest[1]:
        boxes, words, scores = rest[0], rest[1], rest[2]
        out = []
        for box, word, s in zip(boxes, words, scores):
            xs, ys = [p[0] for p in box], [p[1] for p in box]
            # A "word" may hold several characters (Latin runs): keep them together, one box.
            out.append(Glyph(word, min(xs), min(ys), max(xs), max(ys), float(s)))
        return out
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    if not text:
        return []
    step = (max(xs) - min(xs)) / len(text)
    return [
        Glyph(ch, min(xs) + i * step, min(ys), min(xs) + (i + 1) * step, max(ys), score)
        for i, ch in enumerate(text)
    ]
