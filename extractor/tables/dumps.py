"""Tables from text dumps that lost the link between a row's label and its cells (column-by-column dumps,
reading-order dumps, one value per row): whole-table readings from the grid module, weighed against the
label-by-label reading by the identities, and table 2 read item by item. Every cell placed here says how
in its `how` (provenance read_as) and a warning names the layout used."""

from __future__ import annotations

import re

from extractor.tables.grid import (
    GridReading,
    Label,
    all_labels,
    block_parses,
    blocks_of,
    column_major,
    column_major_pages,
    displaced_value,
    identity_score,
    row_major,
    value_tokens,
    values_of,
)
from extractor.tables.parsed import HEADER_UNIT, ParsedTables, parsed_cell
from extractor.templates.layout import T3_WIDTH, RowSpec, TableSpec, section_of

_FAMILY = {"row-major": "row-major dump", "column-major": "column-major dump", "mixed": "mixed dump"}
_GRID_HOW = {
    "row-major": "grid row by row (labels printed away from their cells)",
    "column-major": "grid column by column (rebuilt from a column-by-column dump)",
    "mixed": "grid of row-by-row and column-by-column parts (rebuilt from a reading-order dump)",
}


def t3_grid(parsed: ParsedTables, text: str, region, spec: TableSpec, found, rules, breaks: list[int]) -> str | None:
    """Table 3 laid out from its value tokens when the identities favour that over the label-by-label
    reading: the cells of a column-major dump, or rows whose labels were printed away from their cells.
    Returns the layout used ('row-major', 'column-major') or None when the label reading stays."""
    start, end = region
    t3_rules = [r for r in rules if all(k.startswith("t3.") for k in r.keys())]
    current = {k: c.value for k, c in parsed.cells.items() if k.startswith("t3.")}
    if sum(v is not None for v in current.values()) == T3_WIDTH * len(spec.rows) and identity_score(t3_rules, current)[0] == 0:
        return None  # every row read after its label and every identity holds: no layout can do better
    labels = all_labels(text, start, end, spec.rows, found)
    if len(labels) < 3:
        return None
    values = value_tokens(text, start, end, labels)
    order = {r.name: i for i, r in enumerate(spec.rows)}
    present = sorted({lab.row.name: lab.row for lab in labels}.values(), key=lambda r: order[r.name])
    if len(values) == len(present) == len(labels) and len(values) > 3:
        return _t3_totals_only(parsed, values, present, t3_rules)
    if len(values) not in (T3_WIDTH * len(present), T3_WIDTH * len(spec.rows)):
        return None  # every layout lays out exactly the table's cells
    candidates = [c for c in (row_major("t3", present, values), row_major("t3", list(spec.rows), values)) if c]
    candidates += column_major("t3", labels, values, text, start, end, movable_last=True)
    for rows in [present] + ([list(spec.rows)] if len(present) != len(spec.rows) else []):
        candidates += column_major_pages("t3", rows, values, [b for b in breaks if start <= b < end], movable_last=True)
        candidates += block_parses("t3", rows, values, text)
        candidates += displaced_value("t3", rows, values, text)
    if not candidates:
        return None
    unique: dict[tuple, GridReading] = {}
    for c in candidates:
        unique.setdefault(tuple(sorted(values_of(c).items())), c)
    candidates = list(unique.values())

    def key(fields: dict, moved: int = 0) -> tuple:
        # identities that hold less those that fail (a report may break one as printed, p013), then cells
        failed, passed = identity_score(t3_rules, fields)
        return (passed + failed, sum(v is not None for v in fields.values()), -moved)

    scored = [(key(values_of(c), sum(m > 0 for m in c.moved)), c) for c in candidates]
    best_key, best = max(scored, key=lambda x: x[0])
    if best_key[:2] <= key(current)[:2]:
        return None
    if sum(v is not None for v in current.values()) == T3_WIDTH * len(spec.rows) and identity_score(t3_rules, values_of(best))[0]:
        # Every cell was read after its label and an identity fails: the report may break it as printed,
        # so another layout must make every identity hold to replace that reading.
        return None
    rivals = [values_of(c) for k, c in scored if k[:2] == best_key[:2]]
    # Several layouts fit the identities equally: where they differ, the one taken (fewest columns moved) is
    # a prior's choice.
    chosen = values_of(best)
    n_rivals = len({tuple(sorted(r.items())) for r in rivals})
    for k in [k for k in parsed.cells if k.startswith("t3.")]:
        del parsed.cells[k]
    parsed.warnings[:] = [w for w in parsed.warnings if not w.startswith("t3 row")]
    for k, cell in best.cells.items():
        family = _FAMILY[best.how] if all(r.get(k) == chosen[k] for r in rivals) else "prior"
        parsed.cells[k] = parsed_cell(k, cell, _GRID_HOW[best.how], None, family, placed_with="t3")
    moved = any(m > 0 for m in best.moved)
    parsed.warnings.append(
        f"t3 read as a grid {best.how.replace('-', ' ')}: the text does not print each row's cells after its "
        f"label; {len(values)} values laid on {len(best.cells) // T3_WIDTH} rows"
        + (", a column printed out of place put where the identities hold" if moved else "")
        + ("" if n_rivals == 1 else f"; {n_rivals} layouts fit the identities equally, chose one")
    )
    return best.how


def _t3_totals_only(parsed: ParsedTables, values, rows: list[RowSpec], t3_rules) -> str | None:
    """One value per row of table 3, in text that does not say which column it stands in (no layout,
    no separators): the report fills only the 总计 column and leaves the applicants blank (seed001 as
    pdftotext and pdfminer give it). Taken only where the label reading placed less and the totals hold."""
    current = {k: c.value for k, c in parsed.cells.items() if k.startswith("t3.")}
    totals = {f"t3.{row.name}.{c}": None for row in rows for c in row.columns}
    for row, cell in zip(rows, values):
        totals[f"t3.{row.name}.total"] = cell.value if cell is not None else None
    failed, passed = identity_score(t3_rules, totals)
    if failed or sum(v is not None for v in current.values()) >= len(rows):
        return None
    for k in [k for k in parsed.cells if k.startswith("t3.")]:
        del parsed.cells[k]
    parsed.warnings[:] = [w for w in parsed.warnings if not w.startswith("t3 row")]
    for row, cell in zip(rows, values):
        for c in row.columns:
            key = f"t3.{row.name}.{c}"
            parsed.cells[key] = parsed_cell(
                key, cell if c == "total" else None, "one value per row: the 总计 column", None, "totals column",
                placed_with="t3",
            )
    parsed.warnings.append(
        "t3: one value printed per row and nothing says its column; read as the 总计 column with the applicant "
        f"columns blank ({passed} identities hold)"
    )
    return "totals"


def t2_blocks(parsed: ParsedTables, text: str, region, found, units: dict[str, str], t3_layout: str | None) -> None:
    """Table 2 rows printed as a run of labels followed by a run of their cells (a column-by-column dump,
    j002.txt; pdfminer prints the whole label column, then each 第二十条 item's cells column by column):
    laid out by the template's shape, item by item. Table 2 has no identity, so the order within an item
    comes from the text: a cell per line is a column-major dump (as table 3's identities confirmed,
    t3_layout); lines holding a whole row each are row-major."""
    start, end = region
    labels = [Label(row, a, b) for row, a, b in found]
    values = value_tokens(text, start, end, labels)
    for labs, idx in blocks_of(labels, text, start, end):
        if len(labs) < 2 or len(idx) != sum(len(lab.row.columns) for lab in labs):
            continue
        groups: list[list[Label]] = []
        for lab in labs:
            if groups and section_of("t2", groups[-1][-1].row) == section_of("t2", lab.row) and len(
                groups[-1][-1].row.columns
            ) == len(lab.row.columns):
                groups[-1].append(lab)
            else:
                groups.append([lab])
        at = 0
        for group in groups:
            width = len(group[0].row.columns)
            cells = [values[i] for i in idx[at : at + width * len(group)]]
            at += width * len(group)
            how = "row-major" if width == 1 or _values_per_line(text, cells) == width else "column-major"
            names = {lab.row.name for lab in group}
            parsed.warnings[:] = [w for w in parsed.warnings if not any(w.startswith(f"t2 row {n}:") for n in names)]
            for r, lab in enumerate(group):
                for j, col in enumerate(lab.row.columns):
                    key = f"t2.{lab.row.name}.{col}"
                    cell = cells[r * width + j] if how == "row-major" else cells[j * len(group) + r]
                    parsed.cells[key] = parsed_cell(key, cell, _GRID_HOW[how], units.get(key) if cell else None, _FAMILY[how],
                                                    placed_with=f"t2 {group[0].row.name}")
            if len(group) > 1 and width > 1:
                parsed.warnings.append(
                    f"t2 rows {', '.join(lab.row.name for lab in group)}: labels printed before all their cells; "
                    f"read {how.replace('-', ' ')}"
                    + (" as table 3's identities showed" if how == "column-major" and t3_layout == "column-major" else "")
                )


_T2_ITEM = re.compile(r"第二十(?:六)?条第\s*\(?\s*[一二三四五六七八九十]+\s*\)?\s*项")


def t2_sections(parsed: ParsedTables, text: str, region, found) -> None:
    """Table 2 rows left without cells, read from their 第二十条 item: when the item holds as many values
    as its rows have cells, wherever the values fall beside the labels (pdftotext prints
    '本年收费金额（单位：万元） 7545 行政事业性收费' for j002.pdf)."""
    start, end = region
    heads = [m.start() for m in _T2_ITEM.finditer(text, start, end)] + [end]
    labels = [Label(row, a, b) for row, a, b in found]
    for a, b in zip(heads, heads[1:]):
        inside = [lab for lab in labels if a <= lab.start < b]
        missing = [lab for lab in inside if not any(f"t2.{lab.row.name}.{c}" in parsed.cells for c in lab.row.columns)]
        if not missing:
            continue
        values = value_tokens(text, a, b, labels)
        if len(values) != sum(len(lab.row.columns) for lab in inside):
            continue
        units = HEADER_UNIT.findall(text, a, b)
        at = 0
        for lab in inside:
            cells = values[at : at + len(lab.row.columns)]
            at += len(lab.row.columns)
            if lab not in missing:
                continue
            for col, cell in zip(lab.row.columns, cells):
                key = f"t2.{lab.row.name}.{col}"
                unit = units[-1] if units and lab.row.kind == "amount-last" and col == lab.row.columns[-1] else None
                parsed.cells[key] = parsed_cell(key, cell, "item by item (value printed away from its label)", unit, "item")
            parsed.warnings.append(
                f"t2 row {lab.row.name}: cells printed away from the label, read from its 第二十条 item"
            )


def _values_per_line(text: str, cells: list) -> int:
    """How many of the cells share a line, at most."""
    lines: dict[int, int] = {}
    for c in cells:
        if c is not None:
            line = text.count("\n", 0, c.start)
            lines[line] = lines.get(line, 0) + 1
    return max(lines.values(), default=0)
