"""Ruled tables: cell rectangles (from a PDF's drawn lines or a scan's detected lines) → a grid of
cells with row and column spans, each holding the glyphs printed inside it."""

from __future__ import annotations

from dataclasses import dataclass

from extractor.layout.glyphs import Box, Glyph, group_rows, segment_text


@dataclass
class GridCellBox:
    box: Box
    row: int
    col: int
    rowspan: int
    colspan: int
    glyphs: list[Glyph]

    @property
    def text(self) -> str:
        # A cell may wrap over several printed lines; Chinese wraps without a space.
        return "".join(segment_text(r) for r in group_rows(self.glyphs))


@dataclass
class RuledTable:
    box: Box
    cells: list[GridCellBox]  # in reading order (row, then column)
    n_rows: int
    n_cols: int

    def cell_at(self) -> dict[tuple[int, int], GridCellBox]:
        """Every grid position → the (possibly merged) cell covering it."""
        out = {}
        for c in self.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    out[(r, k)] = c
        return out


def _edges(values: list[float], tolerance: float) -> list[float]:
    """Distinct coordinates: values closer than `tolerance` are one ruling line."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def build_table(cell_boxes: list[Box], glyphs: list[Glyph], tolerance: float | None = None) -> RuledTable | None:
    """Place cell rectangles on the grid of all their edges; each glyph goes to the cell holding its centre.

    Neighbouring cells' edges differ by the ruling's thickness (a few pixels on a scan), so edges closer
    than `tolerance` (default: a third of the smallest cell side) are one line."""
    if len(cell_boxes) < 2:
        return None
    if tolerance is None:
        tolerance = max(1.0, min(min(b[2] - b[0], b[3] - b[1]) for b in cell_boxes) / 3)
    xs = _edges([b[0] for b in cell_boxes] + [b[2] for b in cell_boxes], tolerance)
    ys = _edges([b[1] for b in cell_boxes] + [b[3] for b in cell_boxes], tolerance)
    cells: list[GridCellBox] = []
    for b in cell_boxes:
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        if c1 <= c0 or r1 <= r0:
            continue
        cells.append(GridCellBox(b, r0, c0, r1 - r0, c1 - c0, []))
    if not cells:
        return None
    for g in glyphs:
        for c in cells:
            x0, y0, x1, y1 = c.box
            if x0 <= g.cx <= x1 and y0 <= g.cy <= y1:
                c.glyphs.append(g)
                break
    cells.sort(key=lambda c: (c.row, c.col))
    box = (xs[0], ys[0], xs[-1], ys[-1])
    return RuledTable(box, cells, len(ys) - 1, len(xs) - 1)


def inside(box: Box, g: Glyph, margin: float = 1.0) -> bool:
    return box[0] - margin <= g.cx <= box[2] + margin and box[1] - margin <= g.cy <= box[3] + margin
