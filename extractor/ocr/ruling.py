"""Ruled tables on a page image: the drawn lines are isolated by morphology, and every enclosed
region between them is a cell. A merged cell has no line through it, so it comes out as one region
with its true row and column span."""

from __future__ import annotations

import cv2
import numpy as np

from extractor.layout.glyphs import Box


def _line_mask(gray: np.ndarray) -> np.ndarray:
    binary = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    h, w = binary.shape
    horizontal = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(25, w // 35), 1)))
    vertical = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(15, h // 90))))
    lines = cv2.bitwise_or(horizontal, vertical)
    # Scans break thin lines; a small dilation closes the gaps so cells stay enclosed.
    return cv2.dilate(lines, np.ones((3, 3), np.uint8), iterations=1)


def find_tables(gray: np.ndarray, min_cell: int = 8) -> list[tuple[Box, list[Box]]]:
    """(table box, cell boxes) for every ruled table, in pixels of `gray`."""
    lines = _line_mask(gray)
    h, w = lines.shape
    n, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    tables: list[tuple[Box, list[Box]]] = []
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if bw < w * 0.2 or bh < min_cell * 3:
            continue
        region = lines[y : y + bh, x : x + bw]
        # Enclosed white regions of the line drawing, separated by lines (4-connectivity).
        m, _, cstats, _ = cv2.connectedComponentsWithStats(cv2.bitwise_not(region), connectivity=4)
        cells: list[Box] = []
        for j in range(1, m):
            cx, cy, cw, ch, area = cstats[j]
            touches_border = cx == 0 or cy == 0 or cx + cw >= bw or cy + ch >= bh
            if touches_border or cw < min_cell or ch < min_cell or area < 0.5 * cw * ch:
                continue
            cells.append((float(x + cx), float(y + cy), float(x + cx + cw), float(y + cy + ch)))
        if len(cells) >= 2:
            tables.append(((float(x), float(y), float(x + bw), float(y + bh)), cells))
    return sorted(tables, key=lambda t: t[0][1])
