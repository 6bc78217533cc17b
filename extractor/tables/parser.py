"""Rebuild tables 2, 3 and 4 from a document's text, whatever layout survived."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.checks.rules import T3_OTHER_ROWS, rules_for
from extractor.tables.cells import Cell, Reading, is_single_value, row_readings
from extractor.tables.plausibility import log_prior
from extractor.tables.regions import Regions, TemplateGuess, find_regions, guess_template
from extractor.tables.solver import Choice, RowCandidates, solve
from extractor.templates.layout import T4_KEYS, RowSpec, TableSpec, table2, table3

# A unit printed in a column header: 本年收费金额（单位：万元）, 采购总金额（万元）.
_HEADER_UNIT = re.compile(r"\((?:单位\s*:\s*)?(万元|元)[^()]*\)")
_T4_HEADER = re.compile(
    r"结\s*果\s*维\s*持|结\s*果\s*纠\s*正|其\s*他\s*结\s*果|尚\s*未\s*审\s*结|总\s*计|行政复议|行政诉讼"
    r"|未经复议直接起诉|复议后起诉"
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


def _find_rows(text: str, start: int, end: int, rows: tuple[RowSpec, ...]) -> list[tuple[RowSpec, int, int]]:
    """Label spans of the rows in order; a row whose label only appears after a later row's
    label is taken as absent (a missing 规章 row must not grab 规章 from the narrative)."""
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
    return found


def _confidence(choice: Choice, reading: Reading) -> float:
    if choice.decided_by == "unique":
        return 0.99 if reading.how in ("positional", "tokens") else 0.97
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
    for i, (row, label_start, label_end) in enumerate(found):
        seg_end = found[i + 1][1] if i + 1 < len(found) else end
        sum_block = len(row.columns) if spec.table == "t3" else None
        readings = row_readings(text, label_end, seg_end, len(row.columns), row.kind == "amount-last", sum_block)
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


def _t4_labelled(text: str, region: tuple[int, int], least: int = 5) -> bool:
    """Table 4's header words (结果维持, 结果纠正, 尚未审结, 行政诉讼…): at least `least` distinct ones."""
    words = {re.sub(r"\s", "", m.group()) for m in _T4_HEADER.finditer(text, *region)}
    return len(words) >= least


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
    if not readings:
        return None
    return RowCandidates(T4_KEYS, readings, [0.0] * len(readings))


def parse_tables(text: str) -> ParsedTables:
    regions = find_regions(text)
    guess = guess_template(text, regions)
    parsed = ParsedTables(guess, regions)
    template = guess.template if guess.template != "unknown" else "2021"
    if guess.mixed:
        parsed.warnings.append(f"mixed template: table 2 follows {guess.template}, table 3 其他处理 rows the other one")
    t3_spec = table3(template, single_other_row=not guess.t3_three_other_rows)
    parsed.other_rows = T3_OTHER_ROWS["2021"] if guess.t3_three_other_rows else T3_OTHER_ROWS["2019"]
    rules = rules_for(template, parsed.other_rows)

    if regions.t2:
        spec = table2(template)
        found = _find_rows(text, regions.t2[0], regions.t2[1], spec.rows)
        rows, units = _row_candidates(text, spec, found, regions.t2[0], regions.t2[1], template)
        _, choices = solve(rows, rules)
        _record(parsed, rows, choices, "t2", units)
    if regions.t3:
        found = _find_rows(text, regions.t3[0], regions.t3[1], t3_spec.rows)
        rows, _ = _row_candidates(text, t3_spec, found, regions.t3[0], regions.t3[1], template)
        _, choices = solve(rows, rules)
        _record(parsed, rows, choices, "t3")
    if regions.t4:
        row = _table4(text, regions.t4)
        # Alone, table 4 is only numbers: without tables 2 and 3 it must show its own labels.
        if row is not None and (parsed.cells or _t4_labelled(text, regions.t4)):
            _, choices = solve([row], rules)
            _record(parsed, [row], choices, "t4")
    return parsed
