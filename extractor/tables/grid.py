"""Whole-table readings for text that lost the link between a row label and its cells.

PDF-to-text tools do not always print a row's cells after its label:
- column-major dumps (pdfminer's default, j002.txt): the row labels of a block, then every cell of the
  first column, then the next column; a page break starts a new block; a column may come out of place;
- reading-order dumps (pdftotext): a label wrapped over lines, or a group label spanning rows, is printed
  after the cells of its row, so the cells follow the wrong label.

The template fixes the table's shape: once the rows printed are known, the value tokens of the table, in
order, can be laid out on the grid row by row or column by column. The identities of checks/ decide which
layout (and which place of a column printed out of order) is the printed table; a caller compares the
result with the label-by-label reading and keeps whichever the identities favour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from extractor.checks.rules import Rule, holds
from extractor.tables.cells import Cell, parse_number
from extractor.templates.layout import RowSpec

# A value standing on its own: a number not glued to letters, not an item number ('1.属于', '2、'), not a
# year or a count in prose ('2024 年' on its line: the 年 of a group label printed one character per line
# under a value is not its unit); or a blank mark.
_VALUE = re.compile(
    r"(?<![\w.])(?:[-+]?\d+(?:\.\d+)?(?:万元|元)?)(?![\w.．、%])(?![ \t]*[年月日])"
    r"|(?<![^\s|\t])(?:/|—|－|-|无)(?![^\s|\t])"
)


@dataclass(frozen=True)
class Label:
    row: RowSpec
    start: int
    end: int


@dataclass(frozen=True)
class GridReading:
    cells: dict[str, Cell | None]  # key → cell
    how: str  # 'row-major' | 'column-major'
    moved: tuple[int, ...] = ()  # per column-major block or page part: 1 where a column was put back in place


def value_tokens(text: str, start: int, end: int, labels: list[Label]) -> list[Cell | None]:
    """The standalone values of a table region in order, outside its row labels."""
    spans = sorted((lab.start, lab.end) for lab in labels)
    out: list[Cell | None] = []
    for m in _VALUE.finditer(text, start, end):
        if any(a <= m.start() < b for a, b in spans):
            continue
        value, unit = parse_number(m.group())
        out.append(None if value is None else Cell(value, m.start(), m.end(), m.group(), unit))
    return out


def all_labels(text: str, start: int, end: int, rows: tuple[RowSpec, ...], found: list) -> list[Label]:
    """Where each printed row's label is, in whatever order the text has them: the rows the in-order
    search found, and for the others the most specific (longest, then first) match of their pattern."""
    by_name = {row.name: Label(row, a, b) for row, a, b in found}
    for row in rows:
        if row.name in by_name:
            continue
        matches = sorted(row.pattern.finditer(text, start, end), key=lambda m: (-(m.end() - m.start()), m.start()))
        for m in matches:
            if not any(lab.start < m.end() and m.start() < lab.end for lab in by_name.values()):
                by_name[row.name] = Label(row, m.start(), m.end())
                break
    return sorted(by_name.values(), key=lambda lab: lab.start)


def blocks_of(labels: list[Label], text: str, start: int, end: int) -> list[tuple[list[Label], list[int]]]:
    """The region as (label run, indexes of the value run after it) blocks in text order."""
    items: list[tuple[int, object]] = [(lab.start, lab) for lab in labels]
    spans = sorted((lab.start, lab.end) for lab in labels)
    pos_of = []
    for m in _VALUE.finditer(text, start, end):
        if not any(a <= m.start() < b for a, b in spans):
            pos_of.append(m.start())
    items += [(p, i) for i, p in enumerate(pos_of)]
    items.sort(key=lambda x: x[0])
    blocks: list[tuple[list[Label], list[int]]] = []
    for _, item in items:
        if isinstance(item, Label):
            if not blocks or blocks[-1][1]:
                blocks.append(([], []))
            blocks[-1][0].append(item)
        else:
            if not blocks:
                blocks.append(([], []))
            blocks[-1][1].append(item)
    return blocks


def _keys(table: str, row: RowSpec) -> tuple[str, ...]:
    return _row_keys(table, row.name, row.columns)


@lru_cache(maxsize=512)
def _row_keys(table: str, name: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{table}.{name}.{c}" for c in columns)


def row_major(table: str, rows: list[RowSpec], values: list[Cell | None]) -> GridReading | None:
    width = len(rows[0].columns) if rows else 0
    if not rows or any(len(r.columns) != width for r in rows) or len(values) != width * len(rows):
        return None
    cells = {}
    for i, row in enumerate(rows):
        for key, cell in zip(_keys(table, row), values[i * width : (i + 1) * width]):
            cells[key] = cell
    return GridReading(cells, "row-major")


def column_major(
    table: str, labels: list[Label], values: list[Cell | None], text: str, start: int, end: int,
    movable_last: bool,
) -> list[GridReading]:  # fmt: skip
    """Readings of a text whose every block of row labels is followed by its cells column by column.
    With `movable_last`, the column printed in any place may be the last (a total column dumped out of
    order, j002.txt page 3); every such choice is a reading."""
    blocks = blocks_of(labels, text, start, end)
    if len(blocks) < 1 or any(not labs for labs, _ in blocks):
        return []
    shaped = []
    for labs, idx in blocks:
        width = len(labs[0].row.columns)
        if any(len(lab.row.columns) != width for lab in labs) or len(idx) != width * len(labs) or len(labs) < 2:
            return []
        shaped.append((labs, idx, width))
    choices = [range(-1, width - 1) if movable_last and width > 2 else [-1] for _, _, width in shaped]
    out = []
    for moved in product(*choices):
        cells: dict[str, Cell | None] = {}
        for (labs, idx, width), last in zip(shaped, moved):
            order = list(range(width))
            if last >= 0:
                order = [c for c in order if c != last] + [last]  # printed column `last` is the total
            lab_keys = [_keys(table, lab.row) for lab in labs]
            for j, printed_col in enumerate(order):
                for r, keys in enumerate(lab_keys):
                    cells[keys[j]] = values[idx[printed_col * len(labs) + r]]
        out.append(GridReading(cells, "column-major", tuple(0 if last < 0 else 1 for last in moved)))
    return out


def column_major_pages(
    table: str, rows: list[RowSpec], values: list[Cell | None], breaks: list[int], movable_last: bool
) -> list[GridReading]:
    """Readings of a dump that lists each page's part of the table column by column (pdfminer: a page's
    text boxes column after column, then the next page): the values split at the page breaks, each part
    laid column by column over the next rows of the template. Without a usable break, one part."""
    width = len(rows[0].columns) if rows else 0
    if not rows or any(len(r.columns) != width for r in rows) or len(values) != width * len(rows):
        return []
    cuts = []
    for b in breaks:
        before = sum(1 for v in values if v is not None and v.start < b)
        if 0 < before < len(values) and before % width == 0 and before not in cuts:
            cuts.append(before)
    bounds = [0, *sorted(cuts), len(values)]
    parts = [(a // width, b // width) for a, b in zip(bounds, bounds[1:])]  # row ranges
    identity = tuple(range(width))
    moves = [identity]
    if movable_last and width > 2:
        moves += [m for m in (_moved(width, src, dst) for src in range(width) for dst in range(width)) if m != identity]
    # One column dumped out of place (p004's pdfminer dump lists 自然人 after 总计 on page 1): in every
    # part, or in one part only.
    plans = [tuple(m for _ in parts) for m in moves]
    if len(parts) > 1:
        plans += [tuple(m if k == i else identity for k in range(len(parts))) for i in range(len(parts)) for m in moves[1:]]
    row_keys = [_keys(table, row) for row in rows]
    out = []
    for plan in plans:
        cells: dict[str, Cell | None] = {}
        for (r0, r1), order in zip(parts, plan):
            n = r1 - r0
            for j, printed_col in enumerate(order):
                first = r0 * width + printed_col * n - r0
                for r in range(r0, r1):
                    cells[row_keys[r][j]] = values[first + r]
        out.append(GridReading(cells, "column-major", tuple(0 if o == identity else 1 for o in plan)))
    return out


def _moved(width: int, src: int, dst: int) -> tuple[int, ...]:
    """The printed column order in which printed column `src` belongs at place `dst`."""
    order = [c for c in range(width) if c != src]
    order.insert(dst, src)
    return tuple(order)


def _block_starts(text: str, values: list[Cell | None]) -> set[int]:
    """Indexes of values that start a text block: the first, and any after a blank line or after text
    that is not a value (a label, a header word). A reading-order dump (pdftotext) prints a column
    segment of a page as one block, a row's cells each as its own or all on one line."""
    starts = {0, len(values)}
    for i in range(1, len(values)):
        a, b = values[i - 1], values[i]
        if a is None or b is None:
            continue
        gap = text[a.end : b.start]
        if gap.strip() or gap.count("\n") > 1:
            starts.add(i)
    return starts


def block_parses(
    table: str, rows: list[RowSpec], values: list[Cell | None], text: str, cap: int = 64
) -> list[GridReading]:
    """Readings of a dump that mixes row-major rows and column-major parts (pdftotext of j002.pdf: four
    rows row by row, nine column by column, …): the rows taken in order, each next part either one row
    of `width` values or k rows whose every column segment is a text block of k values."""
    width = len(rows[0].columns) if rows else 0
    if not rows or any(len(r.columns) != width for r in rows) or len(values) != width * len(rows):
        return []
    if any(v is None for v in values):
        return []
    starts = _block_starts(text, values)
    n = len(rows)

    def moves(r: int, i: int) -> list[tuple[int, str]]:
        out = [(1, "row")] if i + width in starts else []
        columns = [k for k in range(2, n - r + 1) if all(i + j * k in starts for j in range(1, width + 1))]
        return out + [(k, "column") for k in columns]

    # Which (row, value index) states can reach the end: the search below never walks into a dead end.
    done: dict[int, bool] = {n: True}
    for r in range(n - 1, -1, -1):
        done[r] = any(done.get(r + k, False) for k, _ in moves(r, r * width))
    out: list[GridReading] = []

    def rec(r: int, parts: list[tuple[int, int, str]]) -> None:
        if len(out) >= cap:
            return
        if r == n:
            out.append(_from_parts(table, rows, values, width, parts))
            return
        for k, how in moves(r, r * width):
            if done[r + k]:
                rec(r + k, parts + [(r, k, how)])

    if done[0]:
        rec(0, [])
    return out


def _from_parts(table, rows, values, width, parts) -> GridReading:
    cells: dict[str, Cell | None] = {}
    i = 0
    for r0, k, how in parts:
        for dr in range(k):
            for c in range(width):
                at = i + (dr * width + c if how == "row" else c * k + dr)
                cells[_keys(table, rows[r0 + dr])[c]] = values[at]
        i += k * width
    mixed = {how for _, _, how in parts}
    return GridReading(cells, "column-major" if mixed == {"column"} else "row-major" if mixed == {"row"} else "mixed")


def displaced_value(
    table: str, rows: list[RowSpec], values: list[Cell | None], text: str, cap: int = 16
) -> list[GridReading]:
    """Row-by-row readings in which one value that the dump printed away from its row is put back:
    pdftotext prints a cell of a row with a wrapped label after the next group label (p003, p007
    renders). The value moved stands alone between words (not beside another value); every place it can
    go is tried, and only places where every row adds up (its total is the sum of its cells) are kept."""
    width = len(rows[0].columns) if rows else 0
    if not rows or any(len(r.columns) != width for r in rows) or len(values) != width * len(rows):
        return []
    if any(v is None for v in values):
        return []
    starts = _block_starts(text, values)
    strays = [
        i for i in range(len(values))
        if (i == 0 or text[values[i - 1].end : values[i].start].strip())
        and (i == len(values) - 1 or text[values[i].end : values[i + 1].start].strip())
    ]  # fmt: skip
    if not strays or len(strays) > 4 or len(starts) < 2:
        return []

    def rows_add_up(seq: list[Cell]) -> bool:
        for r in range(len(rows)):
            row = [c.value for c in seq[r * width : (r + 1) * width]]
            if abs(sum(row[:-1]) - row[-1]) > 1e-6:
                return False
        return True

    out = []
    for s in strays:
        rest = values[:s] + values[s + 1 :]
        for j in range(len(values)):
            if j == s:
                continue
            seq = rest[:j] + [values[s]] + rest[j:]
            if rows_add_up(seq):  # type: ignore[arg-type]
                reading = row_major(table, rows, seq)  # type: ignore[arg-type]
                if reading is not None:
                    out.append(GridReading(reading.cells, "row-major"))
            if len(out) >= cap:
                return out
    return out


def identity_score(rules: tuple[Rule, ...] | list[Rule], fields: dict) -> tuple[int, int]:
    """(-failed, passed) over the rules whose cells are all known."""
    ok = bad = 0
    for rule in rules:
        verdict = holds(rule, fields)
        if verdict is None:
            continue
        ok, bad = (ok + 1, bad) if verdict else (ok, bad + 1)
    return -bad, ok


def values_of(reading: GridReading) -> dict:
    return {k: (c.value if c is not None else None) for k, c in reading.cells.items()}
