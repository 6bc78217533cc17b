"""Rebuild tables 2, 3 and 4 from a document's text, whatever layout survived."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from extractor.checks.rules import T3_OTHER_ROWS, rules_for
from extractor.document import TableGrid
from extractor.tables.cells import Reading, is_single_value, row_readings, tab_width
from extractor.tables.confidence import cell_confidence, family_of, settle
from extractor.tables.columns import column_centres, column_heads, is_layout_text, layout_reading
from extractor.tables.dumps import t2_blocks, t2_sections, t3_grid
from extractor.tables.loose import loose_reading
from extractor.tables.furniture import mask_page_furniture, page_breaks
from extractor.tables.grid import value_tokens
from extractor.tables.native import apply_grids
from extractor.tables.parsed import HEADER_UNIT, OpenRow, ParsedCell, ParsedTables, parsed_cell  # noqa: F401 (ParsedCell for callers)
from extractor.tables.plausibility import log_prior
from extractor.tables.regions import find_regions, guess_template
from extractor.tables.solver import Choice, RowCandidates, solve
from extractor.templates.layout import T4_BLOCK_WIDTH, T4_KEYS, T4_WIDTH, RowSpec, TableSpec, label_core, printed_label, table2, table3

_T4_HEADER = re.compile(
    r"结\s*果\s*维\s*持|结\s*果\s*纠\s*正|其\s*他\s*结\s*果|尚\s*未\s*审\s*结|总\s*计|行政复议|行政诉讼"
    r"|未经复议直接起诉|复议后起诉"
    # header words split over lines (pdftotext -layout prints 结果 over 维持)
    r"|维\s*持|纠\s*正|结\s*果|审\s*结|尚\s*未|其\s*他"
)


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


def _family(choice: Choice, others: list[Reading], j: int) -> tuple[str, bool]:
    """The way cell j of a row's chosen reading was read (tables/confidence.py), and whether that reading was the
    only one its printed characters allow: every value in its own cell, nothing placed by position. A cell
    whose value differs among the readings the identities allow equally was chosen by the prior."""
    reading = choice.reading
    if any(o.values()[j] != reading.values()[j] for o in others):
        return "prior", False
    family = family_of(reading.how, reading.blanks)
    return family, choice.decided_by == "unique" and family in ("positional", "tokens", "split")


def _header_unit(text: str, start: int, label_start: int) -> str | None:
    """The unit of the column header nearest above an amount row, if one is printed."""
    units = HEADER_UNIT.findall(text, start, label_start)
    return units[-1] if units else None


def _row_candidates(
    text: str, spec: TableSpec, found, start: int, end: int, template: str, glued: bool = True
) -> tuple[list[RowCandidates], dict[str, str]]:
    """Candidate readings per row, and the units that column headers give to amount cells."""
    out = []
    header_units: dict[str, str] = {}
    centres = _layout_centres(text, spec, found, start, end)
    width = tab_width(text, start, end)
    for i, (row, label_start, label_end) in enumerate(found):
        seg_end = found[i + 1][1] if i + 1 < len(found) else end
        sum_block = len(row.columns) if spec.table == "t3" else None
        readings = row_readings(
            text, label_end, seg_end, len(row.columns), row.kind == "amount-last", sum_block, glued=glued, width=width
        )
        if (loose := loose_reading(text, label_start, label_end, len(row.columns))) is not None:
            readings = [loose]  # its first cells on loose lines above the row (tables/loose.py)
        elif centres and all(r.how in ("split", "placed") for r in readings):
            # Layout text with blank cells: the values' places on the line say which cells they are.
            aligned = layout_reading(text, label_end, seg_end, centres)
            readings = [aligned, *readings] if aligned is not None else readings
        if row.kind == "signed-middle":
            readings = [r for r in readings if _signs_ok(r)] or readings
            readings = [r for r in readings if _count_ok(r)] or readings
        if not readings:
            continue
        keys = tuple(f"{spec.table}.{row.name}.{c}" for c in row.columns)
        unit = _header_unit(text, found[i - 1][2] if i else start, label_start) if row.kind == "amount-last" else None
        if unit:
            header_units[keys[-1]] = unit
        priors = [log_prior(template, spec.table, row.name, r.values(), _unit(r) or unit) for r in readings]
        if len(readings) > 1 and all(r.how == "positional" and r.blanks for r in readings):
            # A tab row's other placements of its blanks (cells.tab_alignments): chosen only by the identities.
            priors = [p - 100.0 * (i > 0) for i, p in enumerate(priors)]
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


def _count_ok(reading: Reading) -> bool:
    """上一年项目数量 + 本年增/减 is this year's number of items, which is not negative: a decrease is at most
    the items there were (2019 template, 第二十条第（五）（六）（八）项)."""
    values = reading.values()
    return values[0] is None or values[1] is None or values[0] + values[1] >= 0


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
        others = [row.readings[i] for i in choice.tied]
        for j, (key, cell) in enumerate(zip(row.keys, reading.cells)):
            parsed.cells[key] = parsed_cell(key, cell, reading.how, header_units.get(key), *_family(choice, others, j))
            if others:
                parsed.cells[key].alternatives = tuple(o.values()[j] for o in others)
        if others:
            chosen = row.readings.index(reading)
            priors = [row.priors[chosen], *(row.priors[i] for i in choice.tied)]
            parsed.open_rows.append(OpenRow(table, row.keys, reading, others, priors, choice.decided_by))
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
                f"by plausibility (confidence {cell_confidence('prior', False)})"
            )


def _fmt(v) -> str:
    return "—" if v is None else str(v)


def _values_line(text: str, start: int, end: int) -> int | None:
    """Start of the first line of the region that is a grid row of T4_WIDTH (15) values and nothing else (Word,
    HTML, PDF and OCR grids): read by position, whatever noise the header lines carry (a seal's
    characters, a misread header word)."""
    pos = start
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end == -1 else line_end
        pieces = [p.strip() for p in text[pos:line_end].split("\t")]
        values = all(is_single_value(p) for p in pieces) and any(p[:1].isdigit() for p in pieces)
        if values and (len(pieces) == T4_WIDTH or (T4_BLOCK_WIDTH <= len(pieces) < T4_WIDTH and "总计" in text[start:pos].rstrip("\n").rsplit("\n", 1)[-1])):
            return pos  # 15 cells, or a tab export that dropped the trailing blank ones, right under the heads
        pos = line_end + 1
    return None


def _t4_labelled(text: str, region: tuple[int, int], least: int = 5) -> bool:
    """Table 4's header words (结果维持, 结果纠正, 尚未审结, 行政诉讼…): at least `least` distinct ones."""
    words = {re.sub(r"\s", "", m.group()) for m in _T4_HEADER.finditer(text, *region)}
    return len(words) >= least


def _table4(text: str, region: tuple[int, int]) -> RowCandidates | None:
    start, end = region
    line = _values_line(text, start, end)
    if line is not None:
        readings = row_readings(text, line, end, T4_WIDTH, sum_block=T4_BLOCK_WIDTH, label_cell=False, width=tab_width(text, start, end))
        if readings and readings[0].how == "positional":
            return RowCandidates(T4_KEYS, readings, [0.0] * len(readings))
    # The numbers start after the last header word of the header block.
    pos = start
    for m in _T4_HEADER.finditer(text, start, end):
        gap = text[pos : m.start()]
        if pos != start and re.search(r"\d", gap):
            break
        pos = m.end()
    readings = row_readings(text, pos, end, T4_WIDTH, sum_block=T4_BLOCK_WIDTH)
    # The region's 15 values wherever header words fell between them (pdftotext prints the last 总计 head
    # between the 14th and 15th value of j002.pdf): one more reading for the identities to weigh.
    values = value_tokens(text, start, end, [])
    if len(values) == T4_WIDTH and all(v is not None for v in values):
        whole = Reading(tuple(values), "positional")
        if all(r.values() != whole.values() for r in readings):
            readings.append(whole)
    if not readings:
        return None
    return RowCandidates(T4_KEYS, readings, [0.0] * len(readings))


def parse_tables(text: str, grids: list[TableGrid] | None = None) -> ParsedTables:
    """Tables 2-4 of a document's text; with `grids` (the reader's native tables, whose cells index the
    same text), each table the grids hold in the template's shape is read from them instead
    (`tables/native.py`), the text reading staying the fallback."""
    breaks = page_breaks(text)
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
        t3_layout = t3_grid(parsed, text, regions.t3, t3_spec, found, rules, breaks)
    t3_cells = [c for k, c in parsed.cells.items() if k.startswith("t3.") and c.value is not None]
    if regions.t2:  # after table 3: a column-by-column dump that table 3's identities confirmed tells how to read it
        spec = table2(template)
        found = _find_rows(text, regions.t2[0], regions.t2[1], spec.rows, "t2")
        # A text whose table 3 needed no digit run cut prints its cells apart: table 2's are not glued either.
        glued = not t3_cells or any(c.how == "split" for c in t3_cells)
        rows, units = _row_candidates(text, spec, found, regions.t2[0], regions.t2[1], template, glued)
        _, choices = solve(rows, rules)
        _record(parsed, rows, choices, "t2", units)
        t2_blocks(parsed, text, regions.t2, found, units, t3_layout)
        t2_sections(parsed, text, regions.t2, found)
    if regions.t4:
        row = _table4(text, regions.t4)
        # Alone, table 4 is only numbers: without tables 2 and 3 it must show its own labels.
        if row is not None and (parsed.cells or _t4_labelled(text, regions.t4)):
            _, choices = solve([row], rules)
            _record(parsed, [row], choices, "t4")
    if grids:
        apply_grids(parsed, grids, lambda t: rules_for(t, parsed.other_rows))
    template = parsed.template.template  # a grid's heads may have told it
    settle(parsed, rules_for(template if template != "unknown" else "2021", parsed.other_rows))
    return parsed
