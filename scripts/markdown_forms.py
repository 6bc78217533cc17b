"""A report as PDF-to-markdown converters and HTML table exports give it, from its blocks
(scripts/sources.py): the table faults the converters are known for, chosen per table by a seeded rng.

Markdown (`markdown_report`):
- a table split into several pipe tables (per 第二十条 item, or at a page break), the continuation with
  the header rows repeated, a placeholder header (`| Col1 | Col2 |` or empty), or its first data row
  taken as the header (a false header row over the last rows);
- a page footer (`- 3 -`) between the pieces, or inside a table as a row of its own;
- merged cells repeated in every position they cover, or left empty;
- a cell's printed lines joined by `<br>` (or a space); header cells in bold;
- a row label cut off from its cells (label row, then a row of the cells under an empty label);
- a row's last cell pushed onto a line of its own.
Tab-separated (`tsv_report`): each table row one line, cells separated by tabs, a merged cell only at its
origin (a rowspan group label precedes the row label on the first row of its group only), empty cells empty.
"""

from __future__ import annotations

import random

from printed_tables import Cell, grid_of, is_origin


def _wrapped(text: str, width: int, joint: str) -> str:
    """A label cell's text as the converter joins its printed lines ('结果<br>维持')."""
    if not joint or len(text) <= width:
        return text
    return joint.join(text[i : i + width] for i in range(0, len(text), width))


def _grid_rows(rows: list[list[Cell]], repeat_merged: bool, joint: str = "", bold: bool = False):
    """Each grid row as its cell texts, and the positions of its value cells."""
    out = []
    for r, line in enumerate(grid_of(rows)):
        texts, values = [], set()
        for c, slot in enumerate(line):
            if slot is None:
                texts.append("")
                continue
            cell = slot[2]
            if cell.key is not None:
                values.add(c)
            text = cell.text if is_origin(slot, r, c) or repeat_merged else ""
            if cell.key is None and text:
                text = _wrapped(text, 2 if len(text) <= 6 else 14, joint)
                text = f"**{text}**" if bold and not values else text
            texts.append(text)
        out.append((texts, values))
    return out


def _pipe(texts: list[str]) -> str:
    return "| " + " | ".join(t.replace("|", "/") for t in texts) + " |"


def _sep(n: int) -> str:
    return "|" + "|".join(["---"] * n) + "|"


def _placeholder(n: int, rng: random.Random) -> str:
    return _pipe([f"Col{i + 1}" for i in range(n)]) if rng.random() < 0.5 else _pipe([""] * n)


def _footer(rng: random.Random) -> str:
    page = rng.randint(2, 9)
    return rng.choice((f"- {page} -", f"{page}", f"第 {page} 页"))


def _markdown_table(rows: list[list[Cell]], rng: random.Random) -> list[str]:
    repeat = rng.random() < 0.5
    joint = rng.choice(("<br>", "<br>", "<br/>", "", " "))
    grid = _grid_rows(rows, repeat, joint, bold=rng.random() < 0.3)
    n = len(grid[0][0])
    header_rows = 0
    while header_rows < len(grid) and not grid[header_rows][1]:
        header_rows += 1
    # Where a page break splits the table (a table 3 or a long table 2), and how the piece after it starts.
    data = list(range(header_rows, len(grid)))
    cut = rng.choice(data[1:]) if len(data) > 3 and rng.random() < 0.7 else None
    lines: list[str] = []
    first_header = _placeholder(n, rng) if rng.random() < 0.4 else None
    body = [r for r in range(len(grid))]
    if first_header:
        lines += [first_header, _sep(n)]
    else:
        lines += [_pipe(grid[0][0]), _sep(n)]
        body = body[1:]
    for r in body:
        texts, has_value = grid[r]
        if r == cut:
            lines.append("")
            lines.append(_footer(rng))
            lines.append("")
            how = rng.choice(("repeat", "placeholder", "false"))
            if how == "repeat":
                lines += [_pipe(grid[i][0]) for i in range(min(header_rows, 2))][:1] + [_sep(n)]
                lines += [_pipe(grid[i][0]) for i in range(1, min(header_rows, 2))]
            elif how == "placeholder":
                lines += [_placeholder(n, rng), _sep(n)]
            else:
                lines += [_pipe(texts), _sep(n)]  # the first row after the break becomes the header
                continue
        elif has_value and rng.random() < 0.06:
            lines.append(_pipe([_footer(rng)] + [""] * (n - 1)))  # a page footer caught as a row
        if has_value and rng.random() < 0.08:
            # The label cut off from its cells.
            lines.append(_pipe([t if i not in has_value else "" for i, t in enumerate(texts)]))
            lines.append(_pipe(["" if i not in has_value else t for i, t in enumerate(texts)]))
            continue
        if has_value and rng.random() < 0.05:
            # The last cell pushed onto a line of its own.
            lines.append(_pipe(texts[:-1]))
            lines.append(_pipe(texts[-1:]))
            continue
        lines.append(_pipe(texts))
    return lines


def markdown_blocks(src, rng: random.Random, table_lines) -> list[str]:
    """The report as markdown lines: its title and headings as # and ##, each table through
    `table_lines(rows, rng)`, the rest as paragraphs (scripts/converter_forms.py's forms reuse it)."""
    out: list[str] = []
    for kind, content in src.blocks:
        if kind == "title":
            out += [f"# {content}", ""]
        elif kind == "h":
            out += [f"## {content}", ""]
        elif kind == "table":
            out += table_lines(content, rng)
        else:
            out += [str(content), ""]
    return out


def _converter_table(rows, rng: random.Random) -> list[str]:
    """A table as converters give it; table 2 sometimes as one pipe table per 第二十条 item."""
    if not (rows and len(rows[0]) == 1 and rng.random() < 0.6):
        return _markdown_table(rows, rng) + [""]
    pieces, current = [], []
    for row in rows:
        if len(row) == 1 and current:
            pieces.append(current)
            current = []
        current.append(row)
    pieces.append(current)
    return [line for piece in pieces for line in _markdown_table(piece, rng) + [""]]


def markdown_report(src, rng: random.Random) -> str:
    return "\n".join(markdown_blocks(src, rng, _converter_table)) + "\n"


def tsv_report(src) -> str:
    out: list[str] = []
    for kind, content in src.blocks:
        if kind != "table":
            out.append(str(content))
            continue
        for line in content:
            out.append("\t".join(cell.text for cell in line))
    return "\n".join(out) + "\n"

