"""One page image → glyphs and ruled tables in the page's own units, ready for `layout_page`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from extractor.layout.glyphs import Box, Glyph
from extractor.layout.grid import inside
from extractor.ocr.engine import read, recognize_crops
from extractor.ocr.geometry import PageFix, upright, wash_out_stamps
from extractor.ocr.ruling import find_tables


@dataclass
class OcrPage:
    glyphs: list[Glyph]
    tables: list[tuple[Box, list[Box]]]
    height: float
    fix: PageFix


def _overlap(a: Glyph, b: Glyph) -> float:
    """Intersection over the smaller box."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a.x1 - a.x0) * (a.y1 - a.y0), (b.x1 - b.x0) * (b.y1 - b.y0)) or 1.0
    return w * h / smaller


def _dedupe(glyphs: list[Glyph]) -> list[Glyph]:
    """Overlapping detections read the same character twice; keep the more confident copy."""
    kept: dict[tuple[int, int], list[Glyph]] = {}
    out: list[Glyph] = []
    for g in sorted(glyphs, key=lambda g: -(g.score or 0)):
        size = max(g.height, 1.0)
        key = (int(g.cx // size), int(g.cy // size))
        near = [k for dx in (-1, 0, 1) for dy in (-1, 0, 1) for k in kept.get((key[0] + dx, key[1] + dy), [])]
        if any(k.text == g.text and _overlap(k, g) > 0.6 for k in near):
            continue  # the same character twice (neighbouring '2 2' overlap little and both stay)
        kept.setdefault(key, []).append(g)
        out.append(g)
    return out


def _read_empty_cells(gray: np.ndarray, tables: list[tuple[Box, list[Box]]], glyphs: list[Glyph]) -> list[Glyph]:
    """The detector misses lone narrow characters ('1' alone in a cell); a cell with ink but no glyph is
    cropped inside its rulings and given to the recognizer directly."""
    crops, boxes = [], []
    for _, cells in tables:
        for x0, y0, x1, y1 in cells:
            if any(inside((x0, y0, x1, y1), g, margin=0) for g in glyphs):
                continue
            inset = 4
            crop = gray[int(y0) + inset : int(y1) - inset, int(x0) + inset : int(x1) - inset]
            if crop.size == 0 or (crop < 128).mean() < 0.003:
                continue  # blank cell
            # Binarized, with a white margin: measured on scanned renders, the recognizer then reads 103
            # of 108 such lone characters instead of 44 (mostly a 0, often as 'o' or '。').
            padded = np.full((crop.shape[0] + 20, crop.shape[1] + 40), 255, np.uint8)
            padded[10 : 10 + crop.shape[0], 20 : 20 + crop.shape[1]] = np.where(crop < 150, 0, 255)
            crops.append(np.repeat(padded[..., None], 3, axis=-1))
            boxes.append((x0, y0, x1, y1))
    if not crops:
        return []
    results = recognize_crops(crops)  # all of the page's empty cells in one go, each at its own padded width
    found = []
    for (x0, y0, x1, y1), (text, score, *_) in zip(boxes, results):
        text = text.strip()
        if text and score > 0.2:
            # No character boxes here: the text sits in the middle of its cell.
            cy, h = (y0 + y1) / 2, (y1 - y0) / 3
            found.append(Glyph(text, x0 + 4, cy - h / 2, x1 - 4, cy + h / 2, float(score)))
    return found


def _scaled(g: Glyph, s: float) -> Glyph:
    return Glyph(g.text, g.x0 * s, g.y0 * s, g.x1 * s, g.y1 * s, g.score)


BLANK_INK = 1e-4  # share of dark pixels under which a page holds nothing (a lone character is about 1e-4 at 200 dpi)


def is_blank(gray: np.ndarray) -> bool:
    """A page without ink once seals are washed out: measured on a 4× subsample, which is plenty for this."""
    return float((gray[::4, ::4] < 128).mean()) < BLANK_INK


def ocr_page(image: np.ndarray, units_per_pixel: float = 1.0) -> OcrPage:
    """OCR a page: stamps washed out, turned upright and deskewed, characters and ruled cells found.

    Coordinates are those of the upright page times `units_per_pixel` (72/dpi gives PDF points).
    """
    washed = wash_out_stamps(image)
    if is_blank(washed):  # nothing to read: skip orientation, detection and recognition (seconds a page)
        return OcrPage(glyphs=[], tables=[], height=washed.shape[0] * units_per_pixel, fix=PageFix(0, 0.0))
    gray, fix, lines = upright(washed)  # `lines`: the detection of the corrected page, read as they are
    glyphs = _dedupe(read(gray, lines))
    tables = find_tables(gray)
    glyphs += _read_empty_cells(gray, tables, glyphs)
    s = units_per_pixel
    return OcrPage(
        glyphs=[_scaled(g, s) for g in glyphs],
        tables=[((b[0] * s, b[1] * s, b[2] * s, b[3] * s), [tuple(v * s for v in c) for c in cells]) for b, cells in tables],
        height=gray.shape[0] * s,
        fix=fix,
    )
