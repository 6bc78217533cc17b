"""Rebuild tables 2, 3 and 4 from a document's text, whatever layout survived."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from extractor.checks.rules import T3_OTHER_ROWS, rules_for
from extractor.tables.cells import Cell, Reading, is_single_value, row_readings
from extractor.tables.columns import column_centres, column_heads, is_layout_text, layout_reading
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
from extractor.tables.plausibility import log_prior
from extractor.tables.regions import Regions, TemplateGuess, find_regions, guess_template
from extractor.tables.solver import Choice, RowCandidates, solve
from extractor.templates.layout import T4_KEYS, RowSpec, TableSpec, label_core, printed_label, section_of, table2, table3

# A unit printed in a column header: 本年收费金额（单位：万元）, 采购总金额（万元）.
_HEADER_UNIT = re.compile(r"\((?:单位\s*:\s*)?(万元|元)[^()]*\)")
_T4_HEADER = re.compile(
    r"结\s*果\s*维\s*持|结\s*果\s*纠\s*正|其\s*他\s*结\s*果|尚\s*未\s*审\s*结|总\s*计|行政复议|行政诉讼"
    r"|未经复议直接起诉|复议后起诉"
    # header words split over lines (pdftotext -layout prints 结果 over 维持)
    r"|维\s*持|纠\s*正|结\s*果|审\s*结|尚\s*未|其\s*他"
)


@dataclass
class ParsedCell:
    key: str
    value: int | float | None
    start: int | None
    end: int | None
    raw: str | None
    unit: str | None
    confidence: float
    how: str


@dataclass
class ParsedTables:
    template: TemplateGuess
    regions: Regions
    cells: dict[str, ParsedCell] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    other_rows: tuple[str, ...] = ()

    def fields(self) -> dict[str, int | float | None]:
        return {k: c.value for k, c in self.cells.items()}


def _find_rows(
    text: str, start: int, end: int, rows: tuple[RowSpec, ...], table: str | None = None
) -> list[tuple[RowSpec, int, int]]:
    """Label spans of the rows in order; a row whose label only appears after a later row's
    label is taken as absent (a missing 规章 row must not grab 规章 from the narrative). With
    `table`, a row whose label pattern is not found is looked for by similarity between its
    neighbours in the template's order (a label printed damaged or wrapped)."""
    compiled = [r.pattern for r in rows]
    found: list[tuple[RowSpec, int, int]] = []
    pos = start
    for i, row in enumerate(rows):
        m = compiled[i].search(text, pos, end)
        if m is None:
            continue
        later = [compiled[j].search(text, pos, end) for j in range(i + 1, min(i + 4, len(rows)))]
        if any(x is not None and x.start() < m.start() for x in later):
            continue
        found.append((row, m.start(), m.end()))
        pos = m.end()
    if table is not None and found and len(found) < len(rows):
        found = _similar_rows(text, start, end, rows, found, table)
    return found


# Label-like pieces of text: no digits, no tabs or pipes, single spaces inside ('重 新出具').
_CHUNK = re.compile(r"[^\d\s|\t]+(?:[ \u3000][^\d\s|\t]+)*")
_SIMILAR = 0.75  # how close a damaged label must be to the template's (difflib ratio over label_core)


def _similar_rows(text: str, start: int, end: int, rows: tuple[RowSpec, ...], found, table: str):
    """Rows whose label pattern failed, found by the similarity of a printed label to the template's
    label in the gap between the found rows before and after them (j002: '2.其他法律行政止公开',
    a label wrapped over lines with a stray space)."""
    order = {r.name: i for i, r in enumerate(rows)}
    out = list(found)
    for i, row in enumerate(rows):
        if any(f[0].name == row.name for f in out):
            continue
        before = [f for f in out if order[f[0].name] < i]
        after = [f for f in out if order[f[0].name] > i]
        if not before and not after:
            continue
        lo = max((f[2] for f in before), default=start)
        hi = min((f[1] for f in after), default=min(end, lo + 300))
        if hi <= lo:
            continue
        ref = label_core(printed_label(table, row))
        best: tuple[float, int, int] | None = None
        chunks = list(_CHUNK.finditer(text, lo, hi))
        for a in range(len(chunks)):
            for b in range(a, min(a + 3, len(chunks))):  # a label wrapped over up to three lines
                if b > a and text[chunks[b - 1].end() : chunks[b].start()].strip():
                    break
                core = label_core(text[chunks[a].start() : chunks[b].end()])
                if len(core) < 2:
                    continue
                ratio = SequenceMatcher(None, core, ref).ratio()
                if ratio >= _SIMILAR and (best is None or ratio > best[0]):
                    best = (ratio, chunks[a].start(), chunks[b].end())
        if best is not None:
            out.append((row, best[1], best[2]))
            out.sort(key=lambda f: order[f[0].name])
    return out


def _confidence(choice: Choice, reading: Reading) -> float:
    if reading.how in ("placed", "dropped") and choice.decided_by != "unique":
        return 0.8 if choice.decided_by == "identities" else 0.3
    if choice.decided_by == "unique":
        return 0.99 if reading.how in ("positional", "tokens") else 0.9 if reading.how == "layout" else 0.97
    if choice.decided_by == "identities":
        return 0.95
    if choice.decided_by == "prior":
        return round(max(0.3, 0.8 / (1 + choice.alternatives)), 2)
    return 0.4


def _header_unit(text: str, start: int, label_start: int) -> str | None:
    """The unit of the column header nearest above an amount row, if one is printed."""
    units = _HEADER_UNIT.findall(text, start, label_start)
    return units[-1] if units else None


def _row_candidates(
    text: str, spec: TableSpec, found, start: int, end: int, template: str
) -> tuple[list[RowCandidates], dict[str, str]]:
    """Candidate readings per row, and the units that column headers give to amount cells."""
    out = []
    header_units: dict[str, str] = {}
    centres = _layout_centres(text, spec, found, start, end)
    for i, (row, label_start, label_end) in enumerate(found):
        seg_end = found[i + 1][1] if i + 1 < len(found) else end
        sum_block = len(row.columns) if spec.table == "t3" else None
        readings = row_readings(text, label_end, seg_end, len(row.columns), row.kind == "amount-last", sum_block)
        if centres and all(r.how in ("split", "placed") for r in readings):
            # Layout text with blank cells: the values' places on the line say which cells they are.
            aligned = layout_reading(text, label_end, seg_end, centres)
            readings = [aligned, *readings] if aligned is not None else readings
        if row.kind == "signed-middle":
            readings = [r for r in readings if _signs_ok(r)] or readings
        if not readings:
            continue
        keys = tuple(f"{spec.table}.{row.name}.{c}" for c in row.columns)
        unit = _header_unit(text, found[i - 1][2] if i else start, label_start) if row.kind == "amount-last" else None
        if unit:
            header_units[keys[-1]] = unit
        priors = [log_prior(template, spec.table, row.name, r.values(), _unit(r) or unit) for r in readings]
        out.append(RowCandidates(keys, readings, priors))
    return out, header_units


def _layout_centres(text: str, spec: TableSpec, found, start: int, end: int) -> list[float] | None:
    """Where table 3's columns stand on a line, when the text keeps its layout (pdftotext -layout)."""
    if spec.table != "t3" or not found or not is_layout_text(text, start, end):
        return None
    rows = [(f[2], found[i + 1][1] if i + 1 < len(found) else end) for i, f in enumerate(found)]
    first = found[0][0]
    return column_centres(text, start, end, rows, len(first.columns), column_heads("t3", first.name, first.columns))


def _unit(reading: Reading) -> str | None:
    last = reading.cells[-1] if reading.cells else None
    return last.unit if last is not None else None


def _signs_ok(reading: Reading) -> bool:
    """Only the 本年增/减 cell (the middle one) may carry a sign."""
    return all(v is None or v >= 0 for i, v in enumerate(reading.values()) if i != 1)


def _record(
    parsed: ParsedTables,
    rows: list[RowCandidates],
    choices: list[Choice],
    table: str,
    header_units: dict[str, str] | None = None,
) -> None:
    header_units = header_units or {}
    for row, choice in zip(rows, choices):
        reading = choice.reading
        conf = _confidence(choice, reading)
        for key, cell in zip(row.keys, reading.cells):
            parsed.cells[key] = _parsed(key, cell, conf, reading.how, header_units.get(key))
        if reading.how in ("placed", "dropped"):
            n_values = sum(c is not None for c in reading.cells)
            by = "the identities" if choice.decided_by == "identities" else "position, which the identities do not decide"
            parsed.warnings.append(
                f"{table} row {row.keys[0].split('.')[1]}: {'fewer' if reading.how == 'placed' else 'more'} values "
                f"printed than the row has cells; placed as {'|'.join(_fmt(v) for v in reading.values())} by {by}"
                f" ({n_values} placed)"
            )
        if choice.decided_by in ("prior", "unsatisfiable"):
            printed = " ".join(sorted({c.raw for c in reading.cells if c is not None}))
            parsed.warnings.append(
                f"{table} row {row.keys[0].split('.')[1]}: digits '{printed}' have {choice.alternatives + 1} "
                f"readings the identities allow; chose {'|'.join(_fmt(v) for v in reading.values())} "
                f"by plausibility (confidence {conf})"
            )


def _fmt(v) -> str:
    return "—" if v is None else str(v)


def _parsed(key: str, cell: Cell | None, conf: float, how: str, header_unit: str | None) -> ParsedCell:
    if cell is None:
        return ParsedCell(key, None, None, None, None, None, conf, how)
    return ParsedCell(key, cell.value, cell.start, cell.end, cell.raw, cell.unit or header_unit, conf, how)


def _values_line(text: str, start: int, end: int) -> int | None:
    """Start of the first line of the region that is a grid row of 15 values and nothing else (Word,
    HTML, PDF and OCR grids): read by position, whatever noise the header lines carry (a seal's
    characters, a misread header word)."""
    pos = start
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end == -1 else line_end
        pieces = [p.strip() for p in text[pos:line_end].split("\t")]
        if len(pieces) == 15 and all(is_single_value(p) for p in pieces) and any(p[:1].isdigit() for p in pieces):
            return pos
        pos = line_end + 1
    return None


def _table4(text: str, region: tuple[int, int]) -> RowCandidates | None:
    start, end = region
    line = _values_line(text, start, end)
    if line is not None:
        readings = row_readings(text, line, end, 15, sum_block=5, label_cell=False)
        if readings and readings[0].how == "positional":
            return RowCandidates(T4_KEYS, readings, [0.0] * len(readings))
    # The numbers start after the last header word of the header block.
    pos = start
    for m in _T4_HEADER.finditer(text, start, end):
        gap = text[pos : m.start()]
        if pos != start and re.search(r"\d", gap):
            break
        pos = m.end()
    readings = row_readings(text, pos, end, 15, sum_block=5)
    # The region's 15 values wherever header words fell between them (pdftotext prints the last 总计 head
    # between the 14th and 15th value of j002.pdf): one more reading for the identities to weigh.
    values = value_tokens(text, start, end, [])
    if len(values) == 15 and all(v is not None for v in values):
        whole = Reading(tuple(values), "positional")
        if all(r.values() != whole.values() for r in readings):
            readings.append(whole)
    if not readings:
        return None
    return RowCandidates(T4_KEYS, readings, [0.0] * len(readings))


# Page furniture that PDF-to-text tools leave inside a table: '- 3 -', '—5—', '第 3 页', a form feed, and
# the same caught as a markdown table row ('| - 3 - |  |').
_PAGE_FOOTER = re.compile(
    r"(?m)(?:^|(?<=\f))[ \t|]*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[/,，]?\s*共\s*\d{1,3}\s*页)?)"
    r"[ \t|]*(?=$|\f)|\f"
)


# Markup that PDF-to-markdown converters put inside table cells: a cell's line breaks (<br>), bold
# header cells (**…**), placeholder column names of a header row they could not read (| Col1 | Col2 |).
_CELL_MARKUP = re.compile(r"<br\s*/?>|\*\*|(?<![A-Za-z])Col(?:umn)?\s*\d{1,2}(?!\d)", re.I)


# A bare page number caught as a markdown table row: '| 3 |  |  |  |' (a number alone in the label column
# of a row that is otherwise empty; a cell pushed onto a line of its own is '| 0 |').
_PAGE_NUMBER_ROW = re.compile(r"(?m)^[ \t]*\|[ \t]*\d{1,3}[ \t]*\|(?:[ \t]*\|){2,}[ \t]*$")
# A table 3 header line repeated inside the table (a new page, a new pipe table): its 总计 would pass
# for the total row's label. Recognized by the applicant heads, on a line without a number.
_T3_HEAD = re.compile(r"申\s*请\s*人\s*情\s*况|自\s*然\s*人|法\s*人\s*或\s*其\s*他\s*组\s*织")


def mask_page_furniture(text: str) -> str:
    """Page numbers, form feeds, cell markup and repeated table 3 header lines blanked out (same
    length: offsets hold)."""
    text = _PAGE_FOOTER.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    text = _PAGE_NUMBER_ROW.sub(lambda m: " " * len(m.group()), text)
    text = _CELL_MARKUP.sub(lambda m: " " * len(m.group()), text)
    return re.sub(r"(?m)^[^\n\d]*$", _blank_head_line, text)


def _blank_head_line(m: re.Match) -> str:
    line = m.group()
    return " " * len(line) if _T3_HEAD.search(line) and ("|" in line or "\t" in line) else line


_GRID_HOW = {
    "row-major": "grid row by row (labels printed away from their cells)",
    "column-major": "grid column by column (rebuilt from a column-by-column dump)",
    "mixed": "grid of row-by-row and column-by-column parts (rebuilt from a reading-order dump)",
}


def _t3_grid(parsed: ParsedTables, text: str, region, spec: TableSpec, found, rules, breaks: list[int]) -> str | None:
    """Table 3 laid out from its value tokens when the identities favour that over the label-by-label
    reading: the cells of a column-major dump, or rows whose labels were printed away from their cells.
    Returns the layout used ('row-major', 'column-major') or None when the label reading stays."""
    start, end = region
    t3_rules = [r for r in rules if all(k.startswith("t3.") for k in r.keys())]
    current = {k: c.value for k, c in parsed.cells.items() if k.startswith("t3.")}
    if sum(v is not None for v in current.values()) == 7 * len(spec.rows) and identity_score(t3_rules, current)[0] == 0:
        return None  # every row read after its label and every identity holds: no layout can do better
    labels = all_labels(text, start, end, spec.rows, found)
    if len(labels) < 3:
        return None
    values = value_tokens(text, start, end, labels)
    order = {r.name: i for i, r in enumerate(spec.rows)}
    present = sorted({lab.row.name: lab.row for lab in labels}.values(), key=lambda r: order[r.name])
    if len(values) == len(present) == len(labels) and len(values) > 3:
        return _t3_totals_only(parsed, values, present, t3_rules)
    if len(values) not in (7 * len(present), 7 * len(spec.rows)):
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
    rivals = {tuple(sorted(values_of(c).items())) for k, c in scored if k[:2] == best_key[:2]}
    conf = 0.9 if len(rivals) == 1 else 0.5
    for k in [k for k in parsed.cells if k.startswith("t3.")]:
        del parsed.cells[k]
    parsed.warnings[:] = [w for w in parsed.warnings if not w.startswith("t3 row")]
    for k, cell in best.cells.items():
        parsed.cells[k] = _parsed(k, cell, conf, _GRID_HOW[best.how], None)
    moved = any(m > 0 for m in best.moved)
    parsed.warnings.append(
        f"t3 read as a grid {best.how.replace('-', ' ')}: the text does not print each row's cells after its "
        f"label; {len(values)} values laid on {len(best.cells) // 7} rows"
        + (", a column printed out of place put where the identities hold" if moved else "")
        + ("" if conf > 0.5 else f"; {len(rivals)} layouts fit the identities equally, chose one")
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
            parsed.cells[key] = _parsed(key, cell if c == "total" else None, 0.6, "one value per row: the 总计 column", None)
    parsed.warnings.append(
        "t3: one value printed per row and nothing says its column; read as the 总计 column with the applicant "
        f"columns blank ({passed} identities hold)"
    )
    return "totals"


def _t2_blocks(parsed: ParsedTables, text: str, region, found, units: dict[str, str], t3_layout: str | None) -> None:
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
            conf = 0.95 if width == 1 else 0.9 if (how == "row-major" or t3_layout == "column-major") else 0.6
            names = {lab.row.name for lab in group}
            parsed.warnings[:] = [w for w in parsed.warnings if not any(w.startswith(f"t2 row {n}:") for n in names)]
            for r, lab in enumerate(group):
                for j, col in enumerate(lab.row.columns):
                    key = f"t2.{lab.row.name}.{col}"
                    cell = cells[r * width + j] if how == "row-major" else cells[j * len(group) + r]
                    parsed.cells[key] = _parsed(key, cell, conf, _GRID_HOW[how], units.get(key) if cell else None)
            if len(group) > 1 and width > 1:
                parsed.warnings.append(
                    f"t2 rows {', '.join(lab.row.name for lab in group)}: labels printed before all their cells; "
                    f"read {how.replace('-', ' ')}"
                    + (" as table 3's identities showed" if how == "column-major" and conf == 0.9 else "")
                )


_T2_ITEM = re.compile(r"第二十(?:六)?条第\s*\(?\s*[一二三四五六七八九十]+\s*\)?\s*项")


def _t2_sections(parsed: ParsedTables, text: str, region, found) -> None:
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
        units = _HEADER_UNIT.findall(text, a, b)
        at = 0
        for lab in inside:
            cells = values[at : at + len(lab.row.columns)]
            at += len(lab.row.columns)
            if lab not in missing:
                continue
            for col, cell in zip(lab.row.columns, cells):
                key = f"t2.{lab.row.name}.{col}"
                unit = units[-1] if units and lab.row.kind == "amount-last" and col == lab.row.columns[-1] else None
                parsed.cells[key] = _parsed(key, cell, 0.9, "item by item (value printed away from its label)", unit)
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


def parse_tables(text: str) -> ParsedTables:
    breaks = [m.start() for m in _PAGE_FOOTER.finditer(text)]  # page breaks: where a dump's page parts meet
    text = mask_page_furniture(text)
    regions = find_regions(text)
    guess = guess_template(text, regions)
    parsed = ParsedTables(guess, regions)
    template = guess.template if guess.template != "unknown" else "2021"
    if guess.mixed:
        parsed.warnings.append(f"mixed template: table 2 follows {guess.template}, table 3 其他处理 rows the other one")
    t3_spec = table3(template, single_other_row=not guess.t3_three_other_rows)
    parsed.other_rows = T3_OTHER_ROWS["2021"] if guess.t3_three_other_rows else T3_OTHER_ROWS["2019"]
    rules = rules_for(template, parsed.other_rows)

    t3_layout = None
    if regions.t3:
        found = _find_rows(text, regions.t3[0], regions.t3[1], t3_spec.rows, "t3")
        rows, _ = _row_candidates(text, t3_spec, found, regions.t3[0], regions.t3[1], template)
        _, choices = solve(rows, rules)
        _record(parsed, rows, choices, "t3")
        t3_layout = _t3_grid(parsed, text, regions.t3, t3_spec, found, rules, breaks)
    if regions.t2:  # after table 3: a column-by-column dump that table 3's identities confirmed tells how to read it
        spec = table2(template)
        found = _find_rows(text, regions.t2[0], regions.t2[1], spec.rows, "t2")
        rows, units = _row_candidates(text, spec, found, regions.t2[0], regions.t2[1], template)
        _, choices = solve(rows, rules)
        _record(parsed, rows, choices, "t2", units)
        _t2_blocks(parsed, text, regions.t2, found, units, t3_layout)
        _t2_sections(parsed, text, regions.t2, found)
    if regions.t4:
        row = _table4(text, regions.t4)
        if row is not None:
            _, choices = solve([row], rules)
            _record(parsed, [row], choices, "t4")
    return parsed
