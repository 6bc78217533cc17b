"""Lay a report out as an A4 PDF with a text layer, the way Word prints it.

A report is a list of blocks: ("title" | "h" | "p", text) or ("table", rows of printed_tables.Cell).
Tables are ruled grids with thin lines, centred cells and merged cells; they break across pages
between rows, as Word does, and a merged cell cut by a page break is drawn on both pages with its
text where its middle row lands. While drawing, every value cell's canonical key and every table
part's box are logged per page, so gold for a single page and the stamp position can be derived.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from printed_tables import Cell, Slot, grid_of, is_origin
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer

Block = tuple[str, object]

# reportlab embeds TrueType outlines only; the Noto CJK fonts Debian installs are CFF (OpenType), so
# a TrueType CJK font is needed. WenQuanYi Zen Hei ships as a .ttc with TrueType glyphs.
FONT_PACKAGE = "fonts-wqy-zenhei"
FONT_FILES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc"),  # other distributions' layout
)
FONT_NAME = "WQYZenHei"


class FontMissing(RuntimeError):
    pass


def cjk_font_file() -> Path:
    for path in FONT_FILES:
        if path.is_file():
            return path
    raise FontMissing(
        f"no TrueType CJK font found (looked for {', '.join(map(str, FONT_FILES))}); "
        f"install it with: apt-get install {FONT_PACKAGE}"
    )


@cache
def cjk_font() -> str:
    """Register the CJK font with reportlab once and return its name."""
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(cjk_font_file()), subfontIndex=0))
    return FONT_NAME


# ---------------------------------------------------------------------------------------------
# Page geometry and what a render may vary


@dataclass(frozen=True)
class Layout:
    body_size: float = 12.0  # 小四
    table_size: float = 10.0
    line_spacing: float = 1.6
    margins_cm: tuple[float, float, float, float] = (2.6, 2.8, 2.6, 2.6)  # left, top, right, bottom
    # Leave only this share of the frame's height for table 3's heading and first rows, so that the
    # table must cross a page break (None: let it fall where it falls).
    push_t3: float | None = None
    break_before: frozenset[str] = frozenset()  # tables ("t2", "t3", "t4") that start a new page


@dataclass(frozen=True)
class TableBox:
    """One drawn part of a table: PDF points, bottom-left origin."""

    table: str
    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class PageLog:
    keys: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    boxes: list[TableBox] = field(default_factory=list)
    n_pages: int = 0

    def tables_on(self) -> dict[str, list[int]]:
        """Pages each table is drawn on."""
        pages: dict[str, list[int]] = defaultdict(list)
        for box in self.boxes:
            pages[box.table].append(box.page)
        return dict(pages)


# ---------------------------------------------------------------------------------------------
# Table flowable


_NO_LINE_START = set("，。、；：）”’！？")  # Chinese typesetting keeps these off a line's start


def wrap_cell_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Break cell text into lines: CJK anywhere, digit/Latin runs kept whole where they fit."""
    lines: list[str] = []
    line = ""
    for token in re.findall(r"[0-9A-Za-z.+\-/%]+|.", text):
        fits = pdfmetrics.stringWidth(line + token, font, size) <= width
        if fits or not line or token in _NO_LINE_START:
            line += token
        else:
            lines.append(line)
            line = token
    if line:
        lines.append(line)
    return lines or [""]


# Column widths as shares of the text width, by the table's column count (2/3/4 have 4/10/15).
_COLUMN_SHARES = {
    4: [0.31, 0.23, 0.23, 0.23],
    10: [0.065, 0.165, 0.31, *[0.46 / 7] * 7],
}


@dataclass(frozen=True)
class _Geometry:
    width: float
    col_x: list[float]  # left edge of each column, then the right edge of the table
    row_h: list[float]


class GridTable(Flowable):
    """A ruled table that splits between rows; each part is a view on rows [first, stop)."""

    pad_h, pad_v = 2.0, 2.0

    def __init__(self, rows: list[list[Cell]], size: float, log: PageLog,
                 first: int = 0, stop: int | None = None, geometry: _Geometry | None = None) -> None:  # fmt: skip
        super().__init__()
        self.rows, self.grid, self.size, self.log = rows, grid_of(rows), size, log
        self.font = cjk_font()
        self.leading = size * 1.25
        self.first, self.stop = first, len(rows) if stop is None else stop
        self._geo = geometry
        self.name = _table_name(rows)

    # -- measuring
    def _cell_width(self, geo_x: list[float], col: int, colspan: int) -> float:
        return geo_x[col + colspan] - geo_x[col] - 2 * self.pad_h

    def _text_height(self, cell: Cell, width: float) -> float:
        lines = wrap_cell_text(cell.text, self.font, self.size, width)
        return len(lines) * self.leading + 2 * self.pad_v

    def _measure(self, width: float) -> _Geometry:
        n_cols = len(self.grid[0])
        shares = _COLUMN_SHARES.get(n_cols, [1 / n_cols] * n_cols)
        col_x = [0.0]
        for share in shares:
            col_x.append(col_x[-1] + share * width)
        row_h = [self.leading + 2 * self.pad_v + 1] * len(self.rows)
        origins = list(self._origins(0, len(self.rows)))
        for r, col, cell in origins:
            if cell.rowspan == 1:
                row_h[r] = max(row_h[r], self._text_height(cell, self._cell_width(col_x, col, cell.colspan)))
        for r, col, cell in origins:  # merged cells that need more room grow their rows evenly
            need = self._text_height(cell, self._cell_width(col_x, col, cell.colspan))
            deficit = need - sum(row_h[r : r + cell.rowspan])
            for i in range(r, r + cell.rowspan) if deficit > 0 else ():
                row_h[i] += deficit / cell.rowspan
        return _Geometry(width, col_x, row_h)

    def _origins(self, first: int, stop: int) -> Iterator[Slot]:
        """Cells that start in rows [first, stop) or reach into them from above."""
        seen = set()
        for r in range(first, stop):
            for col, slot in enumerate(self.grid[r]):
                if slot is not None and (slot[0], slot[1]) not in seen and (is_origin(slot, r, col) or r == first):
                    seen.add((slot[0], slot[1]))
                    yield slot

    # -- platypus protocol
    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        if self._geo is None or self._geo.width != aw:
            self._geo = self._measure(aw)
        self.width, self.height = aw, sum(self._geo.row_h[self.first : self.stop])
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        self.wrap(aw, ah)
        stop, used = self.first, 0.0
        while stop < self.stop and used + self._geo.row_h[stop] <= ah:
            used += self._geo.row_h[stop]
            stop += 1
        if stop <= self._header_rows():
            return []  # not even the head and one row fit: the table starts on the next page
        if stop == self.stop:
            return [self]
        return [self._part(self.first, stop), self._part(stop, self.stop)]

    def _header_rows(self) -> int:
        """Rows before the first row with values, in this part (a table's head is not left alone at a
        page's foot); at least one row."""
        if self.first > 0:
            return self.first
        return next(r for r, row in enumerate(self.rows) if any(cell.key for cell in row))

    def _part(self, first: int, stop: int) -> GridTable:
        return GridTable(self.rows, self.size, self.log, first, stop, self._geo)

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        page = canvas.getPageNumber()
        self.log.boxes.append(TableBox(self.name, page, x, y, x + self.width, y + self.height))
        for r in range(self.first, self.stop):
            self.log.keys[page] += [cell.key for cell in self.rows[r] if cell.key]
        super().drawOn(canvas, x, y, _sW)

    def draw(self) -> None:
        canvas, geo = self.canv, self._geo
        canvas.setLineWidth(0.5)
        tops = [self.height]  # y of each visible row's top edge, then the bottom
        for r in range(self.first, self.stop):
            tops.append(tops[-1] - geo.row_h[r])
        for r, col, cell in self._origins(self.first, self.stop):
            vis_first, vis_stop = max(r, self.first), min(r + cell.rowspan, self.stop)
            x0, x1 = geo.col_x[col], geo.col_x[col + cell.colspan]
            y1, y0 = tops[vis_first - self.first], tops[vis_stop - self.first]
            canvas.rect(x0, y0, x1 - x0, y1 - y0, stroke=1, fill=0)
            # A merged cell's text goes on the page that holds its middle row.
            if vis_first <= r + (cell.rowspan - 1) // 2 < vis_stop:
                self._draw_text(cell, x0, y0, x1, y1)

    def _draw_text(self, cell: Cell, x0: float, y0: float, x1: float, y1: float) -> None:
        canvas = self.canv
        lines = wrap_cell_text(cell.text, self.font, self.size, x1 - x0 - 2 * self.pad_h)
        canvas.saveState()
        path = canvas.beginPath()
        path.rect(x0, y0, x1 - x0, y1 - y0)
        canvas.clipPath(path, stroke=0, fill=0)  # a label taller than its page part is cut, not overprinted
        canvas.setFont(self.font, self.size)
        top = (y0 + y1) / 2 + len(lines) * self.leading / 2
        for i, line in enumerate(lines):
            baseline = top - i * self.leading - (self.leading + self.size * 0.76) / 2
            canvas.drawCentredString((x0 + x1) / 2, baseline, line)
        canvas.restoreState()


class PushDown(Flowable):
    """Where the flowables after it would fit on this page whole, leaves only `remaining` points for
    them, so that the last of them (a table) breaks across pages; otherwise takes no room."""

    def __init__(self, remaining: float, followers: list[Flowable]) -> None:
        super().__init__()
        self.remaining, self.followers = remaining, followers

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        need = sum(f.wrap(aw, ah)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in self.followers)
        self.height = ah - self.remaining if need <= ah and ah > self.remaining else 0.0
        return aw, self.height

    def draw(self) -> None:
        pass


# ---------------------------------------------------------------------------------------------
# Story and document


def _styles(layout: Layout) -> dict[str, ParagraphStyle]:
    font, size = cjk_font(), layout.body_size
    body = ParagraphStyle("body", fontName=font, fontSize=size, leading=size * layout.line_spacing,
                          firstLineIndent=2 * size, alignment=TA_JUSTIFY, wordWrap="CJK")  # fmt: skip
    return {
        "p": body,
        "h": ParagraphStyle("h", parent=body, spaceBefore=size * 0.4),
        "title": ParagraphStyle("title", parent=body, fontSize=size * 1.5, leading=size * 2.2,
                                alignment=TA_CENTER, firstLineIndent=0, spaceAfter=size),  # fmt: skip
    }


def _table_name(rows: list[list[Cell]]) -> str:
    return next(cell.key.split(".")[0] for row in rows for cell in row if cell.key)


def build_story(blocks: list[Block], layout: Layout, log: PageLog, frame_height: float) -> list[Flowable]:
    styles = _styles(layout)
    story: list[Flowable] = []
    heading_at: int | None = None  # story index of the last heading since the previous table
    for kind, content in blocks:
        if kind != "table":
            if kind == "h":
                heading_at = len(story)
                story.append(CondPageBreak(layout.body_size * 5))  # no heading alone at a page's foot
            story.append(Paragraph(escape(str(content)), styles[kind]))
            continue
        rows: list[list[Cell]] = content  # type: ignore[assignment]
        name = _table_name(rows)
        at = heading_at if heading_at is not None else len(story)
        table = GridTable(rows, layout.table_size, log)
        if name in layout.break_before:
            story.insert(at, PageBreak())
        elif name == "t3" and layout.push_t3 is not None:
            followers = [f for f in story[at:] if not isinstance(f, CondPageBreak)] + [table]
            story.insert(at, PushDown(layout.push_t3 * frame_height, followers))
        story += [Spacer(1, 4), table, Spacer(1, 8)]
        heading_at = None
    return story


def _page_number(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(cjk_font(), 10.5)
    canvas.drawCentredString(A4[0] / 2, 1.4 * cm, f"— {doc.page} —")
    canvas.restoreState()


def build_pdf(blocks: list[Block], out: Path, layout: Layout, title: str,
              encrypt: StandardEncryption | None = None) -> PageLog:  # fmt: skip
    """Write the PDF (byte-identical for the same input: reportlab's invariant mode) and return what
    went on which page."""
    left, top, right, bottom = (m * cm for m in layout.margins_cm)
    doc = SimpleDocTemplate(str(out), pagesize=A4,
                            leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
                            title=title, author="", creator="xxgk render_reports", invariant=1,
                            encrypt=encrypt)  # fmt: skip
    log = PageLog()
    story = build_story(blocks, layout, log, doc.height)
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    log.n_pages = doc.page
    return log
