"""Tables 2, 3 and 4 read from the grids a format gives (Word and HTML tables; PDF and OCR ruled tables).

Rows and columns are given: a grid row is mapped to a template row by its label (the template's pattern,
else its similarity to the template's label), in the template's row order, and a column to a template
column by the header printed above it (fields.json's column heads: 自然人 … 总计, 本年制发件数, 结果维持,
未经复议直接起诉 …). Each cell is parsed on its own, so no digit run is ever cut and a blank cell stays
blank where it stands. The text reading of the same table (`parser.parse_tables`) stays: it is the
fallback for rows the grid does not hold or cannot read, and a grid is taken for a table only when its
cells hold the identities at least as well as the text reading's. Cells read from a grid say so:
`how` 'grid' and `grid` (table, row, column) indexes into `Document.tables`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from extractor.checks.rules import T3_OTHER_ROWS
from extractor.document import GridCell, TableGrid
from extractor.spec import T3_COLUMNS, T4_BLOCKS, T4_COLUMNS, fields_by_key
from extractor.tables.cells import Cell, _cell, is_single_value
from extractor.tables.grid import identity_score
from extractor.tables.parsed import HEADER_UNIT, ParsedTables, parsed_cell
from extractor.tables.regions import T2_2019_WORDS, T2_2021_WORDS, T3_2021_WORDS, TemplateGuess
from extractor.templates.layout import RowSpec, TableSpec, label_core, printed_label, table2, table3

_SIMILAR = 0.75  # as the text path: how close a damaged label must be to the template's
# Table 2's column heads of each template, with the typos real reports print (the template guess's words).
_T2_2021_HEADS, _T2_2019_HEADS = T2_2021_WORDS, T2_2019_WORDS


def _t4_words() -> tuple[tuple[tuple[str, str], ...], dict[str, str]]:
    """Table 4's heads as fields.json words them ('行政诉讼 未经复议直接起诉 / 结果维持'): the word naming each
    block (a column's, or a row's when a report prints the blocks as rows), the longest first so that
    复议后起诉 is not taken for 行政复议; and the word of each column within a block."""
    labels = {(b, c): fields_by_key()[f"t4.{b}.{c}"].label.split(" / ") for b in T4_BLOCKS for c in T4_COLUMNS}
    blocks = {b: _core(labels[(b, T4_COLUMNS[0])][0].split(" ")[-1]) for b in T4_BLOCKS}
    columns = {_core(labels[(T4_BLOCKS[0], c)][1]): c for c in T4_COLUMNS}
    return tuple(sorted(blocks.items(), key=lambda item: -len(item[1]))), columns

Ref = tuple[int, int, int]  # (table, row, column) in Document.tables


@dataclass(frozen=True)
class _Row:
    grid: int
    row: int
    cells: tuple[GridCell, ...]

    def text(self, col: int) -> str:
        return self.cells[col].text.strip() if col < len(self.cells) else ""

    def label(self, first_value: int) -> tuple[str, str]:
        """(all label cells joined, the last label cell): the cells left of the values, repeats dropped."""
        parts: list[str] = []
        for c in self.cells[:first_value]:
            t = c.text.strip()
            if t and (not parts or parts[-1] != t):
                parts.append(t)
        return " ".join(parts), (parts[-1] if parts else "")

    def values_ok(self, cols: list[int]) -> bool:
        return all(col < len(self.cells) for col in cols) and all(_readable(self.text(col)) for col in cols)

    def has_number(self) -> bool:
        return any(re.search(r"\d", c.text) and is_single_value(c.text.strip()) for c in self.cells)


def _readable(text: str) -> bool:
    return is_single_value(text) or _one_token(text) is not None


# A cell holding one number and its counter word ('12件', '3 项'): the number is the value.
_COUNTED = re.compile(r"((?:减|增|[+-])?\d+(?:\.\d+)?(?:万元|元)?)\s*(?:件|个|项|条|宗|次|起)")


def _one_token(text: str) -> re.Match[str] | None:
    return _COUNTED.fullmatch(text)


@dataclass
class _TableRead:
    cells: dict[str, Cell | None]
    refs: dict[str, Ref]
    units: dict[str, str]
    rows: set[str]  # template rows read (t4: blocks)
    # Cells whose column no head named (a ragged grid read right-aligned after the label, 15 table 4 values in the
    # template's order): key → whether its row had a blank cell, i.e. whether the place was a guess.
    by_position: dict[str, bool] = field(default_factory=dict)

    def place_by_position(self, keys: list[str]) -> None:
        blank = any(self.cells.get(k) is None for k in keys)
        self.by_position.update({k: blank for k in keys})


def _value(row: _Row, col: int) -> Cell | None:
    gc = row.cells[col]
    raw = gc.text.strip()
    at = gc.start + gc.text.find(raw) if raw else gc.start
    if is_single_value(raw):
        return _cell(raw, at, at + len(raw)) if raw else None
    token = _one_token(raw)
    if token is None:
        return None
    return _cell(token.group(1), at + token.start(1), at + token.end(1))


def _rows(grids: list[TableGrid]) -> list[_Row]:
    return [_Row(g, r, tuple(cells)) for g, grid in enumerate(grids) for r, cells in enumerate(grid.rows)]


def _core(text: str) -> str:
    return label_core(text)


_T4_BLOCK_WORDS, _T4_COLUMN_WORDS = _t4_words()


def _heads(table: str, row: RowSpec) -> list[str]:
    return [_core(fields_by_key()[f"{table}.{row.name}.{c}"].label.split(" / ")[-1]) for c in row.columns]


# ---------------------------------------------------------------------------------------------
# Rows: template rows by label, in the template's order


def _matches(spec_row: RowSpec, label: str) -> bool:
    return bool(label) and spec_row.pattern.search(label) is not None


def _align(table: str, spec_rows: tuple[RowSpec, ...], candidates: list[tuple[_Row, str, str]]) -> dict[int, int]:
    """Template row index → candidate index, in order (as `parser._find_rows` does on text): a row whose
    pattern only matches after a later row's match is absent; unmatched rows are looked for by label
    similarity between the matched rows before and after them."""
    found: dict[int, int] = {}
    pos = 0
    for i, spec_row in enumerate(spec_rows):
        hit = next((j for j in range(pos, len(candidates)) if _matches(spec_row, candidates[j][1])), None)
        if hit is None:
            continue
        later = spec_rows[i + 1 : i + 4]
        if any(_matches(r, candidates[j][1]) for r in later for j in range(pos, hit)):
            continue
        found[i] = hit
        pos = hit + 1
    if not found:
        return found
    for i, spec_row in enumerate(spec_rows):
        if i in found:
            continue
        lo = max((found[k] for k in found if k < i), default=-1)
        hi = min((found[k] for k in found if k > i), default=len(candidates))
        ref = label_core(printed_label(table, spec_row))
        best: tuple[float, int] | None = None
        for j in range(lo + 1, hi):
            if j in found.values():
                continue
            _, joined, last = candidates[j]
            ratio = max(SequenceMatcher(None, label_core(t), ref).ratio() for t in (joined, last))
            if ratio >= _SIMILAR and (best is None or ratio > best[0]):
                best = (ratio, j)
        if best is not None:
            found[i] = best[1]
    return found


# ---------------------------------------------------------------------------------------------
# Table 3


def _t3_columns(rows: list[_Row], grid: int, before: int, width: int) -> list[int] | None:
    """The grid columns of 自然人 … 总计 from the header rows above the first data row (the lowest row
    naming a column wins), of rows `width` cells wide (a ragged grid's merged heads stand anywhere);
    None when the header does not name all seven in order."""
    heads = [_core(fields_by_key()[f"t3.new_received.{c}"].label.split(" / ")[-1]) for c in T3_COLUMNS]
    where: dict[int, int] = {}
    for row in rows:
        if row.grid != grid or row.row >= before or len(row.cells) != width:
            continue
        for col, cell in enumerate(row.cells):
            core = _core(cell.text)
            if core in heads:
                where[heads.index(core)] = col  # lower rows overwrite: 其他 of 法人或其他组织 is not a head
    cols = [where.get(i) for i in range(len(heads))]
    if any(c is None for c in cols) or any(a >= b for a, b in zip(cols, cols[1:])):  # type: ignore[operator]
        return None
    return cols  # type: ignore[return-value]


def _read_t3(rows: list[_Row], spec: TableSpec) -> _TableRead | None:
    width = len(T3_COLUMNS)
    by_grid: dict[tuple[int, int], list[int] | None] = {}
    candidates: list[tuple[_Row, str, str]] = []
    cols_of: dict[tuple[int, int], list[int]] = {}
    right_aligned: set[tuple[int, int]] = set()  # rows whose columns no head named
    for row in rows:
        n = len(row.cells)
        if n <= width:
            continue
        if (row.grid, n) not in by_grid:
            first = next((r.row for r in rows if r.grid == row.grid and r.has_number()), None)
            by_grid[(row.grid, n)] = _t3_columns(rows, row.grid, first, n) if first is not None else None
        cols = by_grid[(row.grid, n)] or list(range(n - width, n))
        if cols[-1] >= n or not row.values_ok(cols):
            continue
        joined, last = row.label(cols[0])
        if not joined:
            continue
        candidates.append((row, joined, last))
        cols_of[(row.grid, row.row)] = cols
        if by_grid[(row.grid, n)] is None:
            right_aligned.add((row.grid, row.row))
    found = _align("t3", spec.rows, candidates)
    if len(found) < 2:
        return None
    out = _TableRead({}, {}, {}, set())
    for i, j in found.items():
        spec_row, row = spec.rows[i], candidates[j][0]
        for key_col, col in zip(spec_row.columns, cols_of[(row.grid, row.row)]):
            key = f"t3.{spec_row.name}.{key_col}"
            out.cells[key] = _value(row, col)
            out.refs[key] = (row.grid, row.row, col)
        out.rows.add(spec_row.name)
        if (row.grid, row.row) in right_aligned:
            out.place_by_position([f"t3.{spec_row.name}.{c}" for c in spec_row.columns])
    return out


# ---------------------------------------------------------------------------------------------
# Table 2: blocks of rows under a header row of column heads


@dataclass(frozen=True)
class _Header:
    row: _Row
    cores: tuple[str, ...]  # core of each cell

    def columns(self, heads: list[str], row: _Row) -> list[int] | None:
        """The column under each head, in order: a head merged over several columns (本年处理决定数量 over
        three) stands in the first of them and the row's value may stand in any of them, so the one
        non-blank cell of the head's span is taken."""
        starts = []
        for head in heads:
            col = next((c for c, core in enumerate(self.cores) if core and head in core), None)
            if col is None:  # a head printed with a typo (先行有效件数): the most similar cell
                ratios = [(SequenceMatcher(None, core, head).ratio(), c) for c, core in enumerate(self.cores) if core]
                best = max(ratios, default=(0.0, None))
                col = best[1] if best[0] >= _SIMILAR else None
            if col is None or (starts and col <= starts[-1]):
                return None
            starts.append(col)
        cols = []
        for col in starts:
            end = next((c for c in range(col + 1, len(self.cores)) if self.cores[c]), len(self.cores))
            filled = [c for c in range(col, end) if row.text(c)]
            cols.append(filled[0] if len(filled) == 1 else col)
        return cols


def _t2_header(row: _Row) -> _Header | None:
    if row.has_number():
        return None
    text = " ".join(c.text for c in row.cells)
    if not (_T2_2021_HEADS.search(text) or _T2_2019_HEADS.search(text) or re.search(r"处理决定数量|本年增\s*/?\s*减", text)):
        return None
    return _Header(row, tuple(_core(c.text) for c in row.cells))


def t2_template_of(grids: list[TableGrid]) -> str | None:
    """Which template table 2's column heads in the grids follow, if any heads are printed."""
    text = " ".join(c.text for g in grids for r in g.rows for c in r)
    n2021, n2019 = len(_T2_2021_HEADS.findall(text)), len(_T2_2019_HEADS.findall(text))
    if not (n2021 or n2019):
        return None
    return "2021" if n2021 > n2019 else "2019"


def _after_label(row: _Row) -> list[int]:
    """The columns after a row's leading label cells, trailing blanks dropped: where a ragged grid (a PDF's
    or a scan's ruled table, whose merged cells are not expanded) puts the row's values."""
    first = next((c for c, cell in enumerate(row.cells) if is_single_value(cell.text.strip())), len(row.cells))
    cols = list(range(first, len(row.cells)))
    while cols and not row.text(cols[-1]):
        cols.pop()
    return cols


def _read_t2(rows: list[_Row], spec: TableSpec) -> _TableRead | None:
    candidates: list[tuple[_Row, str, str]] = []
    header_of: dict[tuple[int, int], _Header | None] = {}
    header: _Header | None = None
    all_heads = {h for r in spec.rows for h in _heads("t2", r)}
    for row in rows:
        if header is not None and header.row.grid != row.grid:
            header = None  # a header holds for its own grid only
        h = _t2_header(row)
        if h is not None:
            header = h
            continue
        first = None
        if header is not None and len(header.row.cells) == len(row.cells):
            first = next((c for c, core in enumerate(header.cores) if any(h in core for h in all_heads)), None)
        if first is None:  # no header above, or a ragged grid: the label is the row's leading words
            cols = _after_label(row)
            first = cols[0] if cols else len(row.cells)
        joined, last = row.label(first)
        if joined:
            candidates.append((row, joined, last))
            header_of[(row.grid, row.row)] = header if header is not None and len(header.row.cells) == len(row.cells) else None
    if not any(_t2_header(r) for r in rows):
        return None  # no column heads of table 2 anywhere: these grids are not table 2
    found = _align("t2", spec.rows, candidates)
    out = _TableRead({}, {}, {}, set())
    for i, j in found.items():
        spec_row, row = spec.rows[i], candidates[j][0]
        header = header_of[(row.grid, row.row)]
        cols = header.columns(_heads("t2", spec_row), row) if header is not None else _after_label(row)
        if cols is None or len(cols) != len(spec_row.columns) or not row.values_ok(cols):
            continue
        keys = [f"t2.{spec_row.name}.{c}" for c in spec_row.columns]
        for key, col in zip(keys, cols):
            out.cells[key] = _value(row, col)
            out.refs[key] = (row.grid, row.row, col)
        if header is None:
            out.place_by_position(keys)
        if spec_row.kind == "amount-last" and header is not None:
            unit = HEADER_UNIT.findall(header.row.text(cols[-1]))
            if unit:
                out.units[keys[-1]] = unit[-1]
        out.rows.add(spec_row.name)
    return out if out.rows else None


# ---------------------------------------------------------------------------------------------
# Table 4: each value cell by its block (column header or row label) and column (column header)


def _t4_word(text: str, words) -> str | None:
    core = _core(text)
    return next((name for name, word in words if word in core), None) if core else None


def _t4_heads(grid_rows: list[_Row], width: int) -> tuple[dict[int, str], dict[int, str]]:
    """Block and column of each grid column from the header rows above the first row of numbers; only
    rows as wide as the values' row count (a ragged grid's merged heads stand anywhere)."""
    block_of_col: dict[int, str] = {}
    column_of_col: dict[int, str] = {}
    for row in grid_rows:
        if row.has_number():
            break
        if len(row.cells) != width:
            continue
        fill = None
        for col in range(width):
            text = row.text(col)
            block = _t4_word(text, _T4_BLOCK_WORDS)
            fill = block or (fill if not text else None)  # a merged head spans the empty cells after it
            if fill:
                block_of_col[col] = fill
            column = _T4_COLUMN_WORDS.get(_core(text))
            if column:
                column_of_col[col] = column
    return block_of_col, column_of_col


def _read_t4(rows: list[_Row]) -> _TableRead | None:
    for g in sorted({r.grid for r in rows}):
        grid_rows = [r for r in rows if r.grid == g]
        words = {_core(c.text) for r in grid_rows for c in r.cells} & set(_T4_COLUMN_WORDS)
        if len(words) < len(T4_COLUMNS):
            continue  # not table 4's header
        out = _TableRead({}, {}, {}, set())
        for row in (r for r in grid_rows if r.has_number()):
            block_of_col, column_of_col = _t4_heads(grid_rows, len(row.cells))
            cols = sorted(column_of_col)
            row_block = _t4_word(row.label(cols[0])[0], _T4_BLOCK_WORDS) if cols else None
            keys = [(f"t4.{block_of_col.get(c) or row_block}.{column_of_col[c]}", c) for c in cols]
            by_position = len(cols) < len(T4_COLUMNS) or any(".None." in k for k, _ in keys) or len({k for k, _ in keys}) != len(keys)
            if by_position:
                values = _after_label(row)  # no usable header: the 15 values in the template's order
                if len(values) != len(T4_BLOCKS) * len(T4_COLUMNS):
                    continue
                keys = [(f"t4.{b}.{c}", col) for (b, c), col in zip(((b, c) for b in T4_BLOCKS for c in T4_COLUMNS), values)]
            if not row.values_ok([c for _, c in keys]):
                continue
            new = [key for key, _ in keys if key not in out.cells]
            for key, col in keys:
                if key not in out.cells:
                    out.cells[key] = _value(row, col)
                    out.refs[key] = (row.grid, row.row, col)
            if by_position:
                out.place_by_position(new)
        full = {b for b in T4_BLOCKS if all(f"t4.{b}.{c}" in out.cells for c in T4_COLUMNS)}
        if full:
            out.cells = {k: v for k, v in out.cells.items() if k.split(".")[1] in full}
            out.refs = {k: v for k, v in out.refs.items() if k in out.cells}
            out.by_position = {k: v for k, v in out.by_position.items() if k in out.cells}
            out.rows = full
            return out
    return None


# ---------------------------------------------------------------------------------------------
# Taking a grid reading over the text reading


def _fmt(v) -> str:
    return "—" if v is None else str(v)


def _where(refs: dict[str, Ref]) -> str:
    tables = sorted({r[0] for r in refs.values()})
    rows = [r[1] for r in refs.values()]
    return f"native table {', '.join(str(t + 1) for t in tables)}, rows {min(rows) + 1}-{max(rows) + 1}"


def _take(parsed: ParsedTables, table: str, read: _TableRead, rules) -> None:
    """Put a table's grid cells in `parsed` in place of the text reading's cells of the same rows, unless
    the text read those rows and the grid's cells break more identities than the text's (over the rules
    whose cells the readings hold); say in a warning where grid and text disagreed. Where the text read
    none of them, the grid's cells are taken as printed: their identities are checked (and OCR cells
    repaired) like any other."""
    prefix = f"{table}."
    text_cells = {k: c for k, c in parsed.cells.items() if k.startswith(prefix)}
    text_values = {k: c.value for k, c in text_cells.items()}
    rows_read = read.rows
    merged = {k: v for k, v in text_values.items() if k.split(".")[1] not in rows_read}
    merged.update({k: (c.value if c is not None else None) for k, c in read.cells.items()})
    # Identities over the cells both readings hold: a page holding part of a table (a scan's page, a
    # table continued) breaks the column sums of the rows it lacks whichever way it is read.
    table_rules = [r for r in rules if all(k.startswith(prefix) and k in merged for k in r.keys())]
    before, after = identity_score(table_rules, text_values), identity_score(table_rules, merged)
    text_read = any(text_values.get(k) is not None for k in read.cells)
    if text_read and after[0] < before[0]:
        parsed.warnings.append(
            f"{table}: the document's own table grid ({_where(read.refs)}) was not used: its cells break "
            f"{-after[0]} identities, the text reading {-before[0]}"
        )
        return
    differ = sorted(k for k in read.cells if text_values.get(k) != merged[k])
    for key in [k for k in text_cells if k.split(".")[1] in rows_read and k not in read.cells]:
        del parsed.cells[key]
    for key, cell in read.cells.items():
        # A cell under its column head is read as printed; one placed by position is so only in a row without
        # blanks (nothing else could have moved it).
        positional, blank = key in read.by_position, read.by_position.get(key, False)
        pc = parsed_cell(key, cell, "grid", read.units.get(key), "grid by position" if positional else "grid", not blank)
        parsed.cells[key] = replace(pc, grid=read.refs[key])
    if differ:
        shown = ", ".join(f"{k} {_fmt(text_values.get(k))}→{_fmt(merged[k])}" for k in differ[:6])
        more = f" and {len(differ) - 6} more" if len(differ) > 6 else ""
        parsed.warnings.append(
            f"{table}: read from the document's own table grid ({_where(read.refs)}); the text reading "
            f"differed in {len(differ)} cells: {shown}{more}"
        )


def apply_grids(parsed: ParsedTables, grids: list[TableGrid], rules_for_template) -> None:
    """Read tables 2-4 from the grids and take each where it matches the template (see module doc).
    `rules_for_template(template)` gives the identities once the template is known."""
    if not grids:
        return
    guess = parsed.template
    template = guess.template
    grid_t2 = t2_template_of(grids)
    text_t2 = any(k.startswith("t2.") for k in parsed.cells)
    if grid_t2 is not None and grid_t2 != template and not text_t2:
        # The text gave no table 2 (its first block is missing or on another page): the grids' table 2
        # heads say which template it is; table 3's 其他处理 rows stay as the text showed them.
        three = guess.t3_three_other_rows if guess.template != "unknown" else grid_t2 == "2021"
        mixed = guess.template != "unknown" and (grid_t2 == "2021") != three
        parsed.template = TemplateGuess(grid_t2, three, mixed, "table 2 column heads of a native table grid")
        parsed.other_rows = T3_OTHER_ROWS["2021"] if three else T3_OTHER_ROWS["2019"]
        template = grid_t2
        if mixed:
            parsed.warnings.append(f"mixed template: table 2 follows {grid_t2}, table 3 其他处理 rows the other one")
    if template == "unknown":
        text = " ".join(c.text for g in grids for r in g.rows for c in r)
        if T3_2021_WORDS.search(text):  # the 2021 template's 其他处理 rows, as guess_template reads them
            parsed.template = TemplateGuess("2021", True, False, "no table 2 heads; table 3 其他处理 rows of a native table grid")
            parsed.other_rows = T3_OTHER_ROWS["2021"]
        template = "2021"  # otherwise as the text reading does: the 2021 layout, the template left unknown
    rules = rules_for_template(template)
    rows = _rows(grids)
    t3 = _read_t3(rows, table3(template, single_other_row=not parsed.template.t3_three_other_rows))
    if t3 is not None:
        _take(parsed, "t3", t3, rules)
    t2 = _read_t2(rows, table2(template))
    if t2 is not None:
        _take(parsed, "t2", t2, rules)
    t4 = _read_t4(rows)
    if t4 is not None:
        _take(parsed, "t4", t4, rules)
