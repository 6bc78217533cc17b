"""Page geometry before OCR: red stamps washed out, quarter-turn orientation, and small skew.

Orientation and skew are estimated on a downscaled copy with the text detector only (no recognition, no
angle classifier beyond 20 lines); the page's full detection then runs once on the corrected page and its
boxes go straight to the recognizer.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

import cv2
import numpy as np

from extractor.ocr.engine import crops, detect, engine

_SMALL = 960  # longest side of the copy on which orientation and skew are estimated


@dataclass(frozen=True)
class PageFix:
    quarter_turns: int  # 90° clockwise turns applied
    skew: float  # degrees rotated back


def wash_out_stamps(rgb: np.ndarray) -> np.ndarray:
    """Grayscale with red or pink ink (official seals) washed out: a seal over a table hides digits
    from the recognizer and draws curves the ruling detector would take for lines."""
    if rgb.ndim == 2:
        return rgb
    r, g, b = (rgb[..., i].astype(np.int16) for i in range(3))
    red = r - np.maximum(g, b) > 50
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    # A red pixel keeps its red channel's lightness: the stamp's ink turns light, while black print
    # seen through a translucent stamp (dark red) stays dark enough to read.
    gray[red] = rgb[..., 0][red]
    return gray


def _small(gray: np.ndarray) -> np.ndarray:
    scale = _SMALL / max(gray.shape)
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray


def _side_lengths(quad: np.ndarray) -> tuple[float, float]:
    return float(np.linalg.norm(quad[1] - quad[0])), float(np.linalg.norm(quad[3] - quad[0]))


def _turns_to_horizontal(boxes: list[np.ndarray]) -> int:
    """1 when text lines run vertically (the page lies on its side), else 0."""
    wide = sum(max(w, h) for w, h in map(_side_lengths, boxes) if w > 2 * h)
    tall = sum(max(w, h) for w, h in map(_side_lengths, boxes) if h > 2 * w)
    return 1 if tall > wide else 0


def _upside_down(gray: np.ndarray, boxes: list[np.ndarray]) -> bool:
    """The angle classifier votes line by line, weighted by line length."""
    long_boxes = sorted(boxes, key=lambda q: -_side_lengths(q)[0])[:20]
    if not long_boxes:
        return False
    _, votes, _ = engine().text_cls(crops(gray, long_boxes))
    weights = [_side_lengths(q)[0] for q in long_boxes]
    flipped = sum(w for (label, score), w in zip(votes, weights) if label == "180" and score > 0.8)
    return flipped > 0.5 * sum(weights)


def _skew(boxes: list[np.ndarray]) -> float:
    """Median angle of the long text lines' top edges, in degrees."""
    angles = []
    for q in boxes:
        w, h = _side_lengths(q)
        if w > 4 * h:
            (x0, y0), (x1, y1) = q[0], q[1]
            angles.append(float(np.degrees(np.arctan2(y1 - y0, x1 - x0))))
    return median(angles) if len(angles) >= 3 else 0.0


def rotate(gray: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate about the centre, growing the canvas so no corner is cut; new area is white."""
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(gray, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=255)


def upright(gray: np.ndarray) -> tuple[np.ndarray, PageFix, list[np.ndarray]]:
    """Turn the page so its text is horizontal and upright, then rotate out the skew; returns the page,
    what was done, and the text line boxes of the returned page (for the recognizer).

    Orientation and skew come from a detection on a copy scaled to `_SMALL` (about a quarter of
    a full detection's CPU, measured); the full detection runs once, on the corrected page. Rotating the full
    detection's boxes instead of detecting again was measured and lost cells on skewed scans (tilted
    boxes crop worse than boxes found on the deskewed page); detecting at full size twice costs more."""
    turns = 0
    small = _small(gray)
    boxes = detect(small)
    if boxes and _turns_to_horizontal(boxes):
        turns = 1
        small = cv2.rotate(small, cv2.ROTATE_90_CLOCKWISE)
        boxes = detect(small)
    if boxes and _upside_down(small, boxes):
        turns += 2
        small = cv2.rotate(small, cv2.ROTATE_180)
        boxes = detect(small)
    for _ in range(turns):
        gray = cv2.rotate(gray, cv2.ROTATE_90_CLOCKWISE)
    skew = _skew(boxes)
    if abs(skew) > 0.15:
        gray = rotate(gray, skew)
    return gray, PageFix(turns % 4, skew if abs(skew) > 0.15 else 0.0), detect(gray)
