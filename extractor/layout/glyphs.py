"""Glyphs (characters with boxes) grouped into printed lines, and a line's text with its gaps kept."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median


@dataclass(frozen=True)
class Glyph:
    """One character (or a short run) where it was printed; top-left origin."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    score: float | None = None  # OCR confidence; None for a PDF text layer

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


Box = tuple[float, float, float, float]


def bounds(glyphs: list[Glyph]) -> Box:
    return (min(g.x0 for g in glyphs), min(g.y0 for g in glyphs), max(g.x1 for g in glyphs), max(g.y1 for g in glyphs))


def group_rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs sharing a baseline band, top to bottom, each row left to right.

    A glyph joins the current row when its vertical centre lies within the row's band; the band is the
    median glyph height, so a tall bracket or a subscript does not open a row of its own.
    """
    if not glyphs:
        return []
    h = median(g.height for g in glyphs) or 1.0
    rows: list[list[Glyph]] = []
    centre = None
    for g in sorted(glyphs, key=lambda g: (g.cy, g.x0)):
        if centre is not None and abs(g.cy - centre) <= 0.5 * h:
            rows[-1].append(g)
            centre = sum(x.cy for x in rows[-1]) / len(rows[-1])
        else:
            rows.append([g])
            centre = g.cy
    return [sorted(r, key=lambda g: g.x0) for r in rows]


def row_segments(row: list[Glyph], column_gap: float = 2.0) -> list[list[Glyph]]:
    """Split a printed row where the gap exceeds `column_gap` glyph heights: unruled table columns,
    or text set apart by spaces, stay separate cells."""
    if not row:
        return []
    h = median(g.height for g in row) or 1.0
    segments = [[row[0]]]
    for prev, g in zip(row, row[1:]):
        if g.x0 - prev.x1 > column_gap * h:
            segments.append([g])
        else:
            segments[-1].append(g)
    return segments


def segment_text(glyphs: list[Glyph]) -> str:
    """Characters in order; a gap wider than half a glyph height becomes one space, so digits printed
    apart ('2 12 0') are not glued into one number."""
    if not glyphs:
        return ""
    h = median(g.height for g in glyphs) or 1.0
    out = [glyphs[0].text]
    for prev, g in zip(glyphs, glyphs[1:]):
        if g.x0 - prev.x1 > 0.5 * h:
            out.append(" ")
        out.append(g.text)
    return "".join(out)


def mean_score(glyphs: list[Glyph]) -> float | None:
    scores = [g.score for g in glyphs if g.score is not None]
    return sum(scores) / len(scores) if scores else None
