"""Word and HTML forms of a report: its tables as native grids (merged cells as Word merges and HTML
rowspan/colspan), written from the same blocks as the text PDFs (scripts/sources.py), for the grid reader
of the table parser (extractor/tables/native.py). Used by scripts/text_forms.py:

    <stem>.word.docx    Word, the tables as printed_tables.py lays them out
    <stem>.page.html    a site page (chrome around the article) with the same tables, GBK
    <stem>.blocks.docx  Word, table 2 as one table per 第二十条 item and table 3 cut in two tables after its 上年结转 row (the
                        second without its header rows), as reports pasted together from the template do
    <stem>.reshaped.html  a page whose tables stray from the template in ways a grid survives and a line of
                        text does not: table 2 without its 第二十条第（一）项 block (a body that makes no
                        规章 or 规范性文件; the gold drops those keys), tables 3 and 4 with a 备注 column of
                        '/' right of their last column
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "examples"))

from make_examples import docx_from_blocks, html_from_blocks  # noqa: E402
from printed_tables import Cell  # noqa: E402
from sources import Block, Source  # noqa: E402


def write_docx(blocks: list[Block], title: str, path: Path) -> None:
    docx_from_blocks(blocks, title, path, indent=False)


def write_html(blocks: list[Block], title: str, year: int, path: Path) -> None:
    html_from_blocks(blocks, title, year, path, lead="", encoding="gb18030")


def _is_heading_row(row: list[Cell]) -> bool:
    return len(row) == 1 and row[0].key is None and row[0].text.startswith("第二十条")


def split_blocks(blocks: list[Block]) -> list[Block]:
    """Table 2 as one table per 第二十条 item; table 3 cut in two after its 上年结转 row, the second part
    without header rows (as a table continued on the next page of a Word file)."""
    out: list[Block] = []
    for kind, content in blocks:
        if kind != "table":
            out.append((kind, content))
            continue
        rows: list[list[Cell]] = content  # type: ignore[assignment]
        if any(_is_heading_row(r) for r in rows):  # table 2
            part: list[list[Cell]] = []
            for row in rows:
                if _is_heading_row(row) and part:
                    out.append(("table", part))
                    part = []
                part.append(row)
            out.append(("table", part))
            continue
        keys = [next((c.key for c in r if c.key), None) for r in rows]
        cut = next((i + 1 for i, k in enumerate(keys) if k and k.startswith("t3.carried_over.")), None)
        if cut is None or any(c.rowspan > 1 and i < cut <= i + c.rowspan - 1 for i, r in enumerate(rows) for c in r):
            out.append((kind, content))  # not table 3, or a merged cell crosses the cut
            continue
        out += [("table", rows[:cut]), ("p", "（续表）"), ("table", rows[cut:])]
    return out


def _with_remarks(rows: list[list[Cell]], header_rows: int) -> list[list[Cell]]:
    """A 备注 column of '/' cells right of the table's last column, its head over the header rows."""
    out = [list(r) for r in rows]
    out[0].append(Cell("备注", header_rows, 1))
    for r in out[header_rows:]:
        r.append(Cell("/"))
    return out


def reshape(blocks: list[Block], gold: dict) -> tuple[list[Block], dict]:
    """The blocks and gold of the `reshaped` form (see the module doc)."""
    out: list[Block] = []
    dropped: set[str] = set()
    for kind, content in blocks:
        if kind != "table":
            out.append((kind, content))
            continue
        rows: list[list[Cell]] = content  # type: ignore[assignment]
        if any(_is_heading_row(r) for r in rows):  # table 2: its first item's block left out
            second = next(i for i, r in enumerate(rows) if i and _is_heading_row(r))
            dropped |= {c.key for r in rows[:second] for c in r if c.key}
            rows = rows[second:]
        elif any(c.text == "申请人情况" for c in rows[0]):
            rows = _with_remarks(rows, 3)
        elif any(c.text == "行政复议" for c in rows[0]):
            rows = _with_remarks(rows, 3)
        out.append(("table", rows))
    fields = {k: v for k, v in gold["fields"].items() if k not in dropped}
    return out, {**gold, "fields": fields, "units": {k: u for k, u in gold.get("units", {}).items() if k in fields}}


def year_of(src: Source) -> int:
    digits = [int(t) for t in __import__("re").findall(r"(20\d\d)\s*年", src.title)]
    return (digits[0] + 1) if digits else 2022


def write_grid_form(src: Source, form: str, path: Path, gold: dict) -> dict:
    """Write `src` in a grid form; returns the gold of what was written."""
    if form == "reshaped":
        blocks, gold = reshape(src.blocks, gold)
        write_html(blocks, src.title, year_of(src), path)
    elif form == "docx":
        write_docx(src.blocks, src.title, path)
    elif form == "html":
        write_html(src.blocks, src.title, year_of(src), path)
    elif form == "blocks":
        write_docx(split_blocks(src.blocks), src.title, path)
    else:
        raise ValueError(form)
    return gold
