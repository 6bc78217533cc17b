"""Cells of layout-preserving text (pdftotext -layout, pdfplumber's layout text) placed by where they
stand on their line: a row that prints fewer values than the table has columns (blank cells left blank)
puts each value under the column it is aligned with.

Where the columns are: the centres of the values of the table's complete rows (every cell printed on
one line), or, when no row is complete, the centres of the column heads (the first characters of each
column's name as fields.json words it, e.g. 自然 of 自然人, 总计).
"""

from __future__ import annotations

import re
from statistics import median

from extractor.spec import fields_by_key
from extractor.tables.cells import Reading, Token, _cell, numeric_tokens

_GAP = re.compile(r"\S {2,}\S")  # columns set apart by runs of spaces


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _centre(text: str, token: Token) -> float:
    return (token.start + token.end - 1) / 2 - _line_start(text, token.start)


def _one_line(text: str, tokens: list[Token]) -> bool:
    return bool(tokens) and "\n" not in text[tokens[0].start : tokens[-1].end]


def is_layout_text(text: str, start: int, end: int) -> bool:
    """Whether a table region keeps its columns apart by runs of spaces on most of its lines."""
    lines = [ln for ln in text[start:end].split("\n") if ln.strip()]
    return len(lines) >= 5 and sum(1 for ln in lines if _GAP.search(ln)) >= len(lines) / 2


def column_heads(table: str, row_name: str, columns: tuple[str, ...]) -> list[str]:
    """The printed name of each column (the part of its fields.json label after ' / ')."""
    return [fields_by_key()[f"{table}.{row_name}.{c}"].label.split(" / ")[-1] for c in columns]


def column_centres(
    text: str, start: int, end: int, rows: list[tuple[int, int]], n: int, heads: list[str]
) -> list[float] | None:
    """Where the n columns stand (character positions within a line). `rows`: (label end, segment end)
    of each row found."""
    full = []
    for label_end, seg_end in rows:
        tokens = numeric_tokens(text, label_end, seg_end)
        if len(tokens) == n and _one_line(text, tokens):
            full.append([_centre(text, t) for t in tokens])
    if full:
        return [median(col) for col in zip(*full)]
    # No complete row: the column heads in the header, the line that names most of them first.
    first_row = rows[0][0] if rows else end
    header = text[start:first_row]
    found: dict[int, float] = {}
    lines = header.split("\n")
    offset = start
    scored = []
    for line in lines:
        hits = {i: line.find(h[:2]) for i, h in enumerate(heads) if h[:2] in line}
        scored.append((len(hits), offset, line, hits))
        offset += len(line) + 1
    for _, _, line, hits in sorted(scored, key=lambda s: -s[0]):
        for i, at in hits.items():
            found.setdefault(i, at + 0.5)
    if len(found) < n:
        return None
    centres = [found[i] for i in range(n)]
    return centres if all(a < b for a, b in zip(centres, centres[1:])) else None


def layout_reading(text: str, start: int, end: int, centres: list[float]) -> Reading | None:
    """The row's values on its line, each under the column whose centre is nearest; None unless every
    value has its own column in order."""
    tokens = numeric_tokens(text, start, end)
    if not tokens or len(tokens) >= len(centres) or not _one_line(text, tokens):
        return None
    gaps = [b - a for a, b in zip(centres, centres[1:])]
    tolerance = max(1.5, min(gaps) / 2) if gaps else 3.0
    slots = []
    for t in tokens:
        x = _centre(text, t)
        best = min(range(len(centres)), key=lambda i: abs(centres[i] - x))
        if abs(centres[best] - x) > tolerance:
            return None
        slots.append(best)
    if any(a >= b for a, b in zip(slots, slots[1:])):
        return None
    cells = [None] * len(centres)
    for slot, t in zip(slots, tokens):
        cells[slot] = _cell(t.raw, t.start, t.end)
    return Reading(tuple(cells), "layout")
