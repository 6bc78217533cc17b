"""Narrative against the tables. A narrative value never overwrites a printed cell: where both exist the
narrative check (checks/rules.py) passes or fails with both numbers. Where the cell is missing from a table that was
printed (not found, unreadable), the narrative value fills it only when it states the same quantity and the table's
own identities, checked with the rest of the printed table, hold with it: marked `via: reconciled`, with a lowered
confidence and a warning. A narrative 受理652件 that counts the carried-over requests too breaks the balance with
the printed totals and fills nothing; a report without tables gets none invented."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from extractor.checks.rules import Rule, evaluate_rule
from extractor.reconcile.narrative import TABLE_OF, NarrativeValue
from extractor.report import Provenance
from extractor.tables.confidence import cell_confidence
from extractor.templates import template
from extractor.templates.layout import table2

FILL_CONFIDENCE = 0.6


def fill_from_narrative(
    fields: dict, provenance: dict[str, Provenance], narrative: dict[str, NarrativeValue],
    rules: tuple[Rule, ...], page_of=None,
) -> list[str]:
    warnings = []
    for key, nv in narrative.items():
        cells = TABLE_OF.get(key, ())
        if len(cells) != 1:  # a sum of cells (litigation) cannot be split back into its cells
            continue
        cell = cells[0]
        if fields.get(cell) is not None:
            continue
        table = cell.split(".")[0]
        if not any(v is not None for k, v in fields.items() if k.startswith(table + ".")):
            continue  # the table was not printed (a free-form report): no cell of it is invented
        held, broken = _identities_with(cell, nv.value, fields, rules)
        if broken or not held:
            why = f"it breaks {', '.join(broken)}" if broken else "no identity of the printed table checks it"
            warnings.append(f"reconcile: {cell} missing from the table; the running text's {nv.value} ({key}, "
                            f"{nv.text!r} at {nv.mention.start}) not filled in: {why}")
            continue
        fields[cell] = nv.value
        provenance[cell] = Provenance(
            page=page_of(nv.mention.start) if page_of else None, start=nv.mention.start, end=nv.mention.end,
            text=nv.text, via="reconciled", confidence=FILL_CONFIDENCE,
            read_as=f"narrative (table cell missing), confirmed by {', '.join(held)}")
        warnings.append(f"reconciled: {cell} not read from the table; set to {nv.value} from the running text "
                        f"({key}, {nv.text!r} at {nv.mention.start}), with which {', '.join(held)} hold")
    return warnings


def _identities_with(cell: str, value, fields: Mapping, rules: tuple[Rule, ...]) -> tuple[list[str], list[str]]:
    """The table identities through `cell` that hold and that break with `value` in it, each checked against the
    printed cells (narrative checks left out: they compare the value with itself)."""
    trial = {**fields, cell: value}
    held, broken = [], []
    for rule in rules:
        if cell in rule.keys() and not rule.name.startswith("narrative."):
            result = evaluate_rule(rule, trial)
            if result is not None:
                (held if result.ok else broken).append(rule.name)
    return held, broken


# ---------------------------------------------------------------------------------------------
# Readings of glued digits the identities leave open, decided with evidence (never a prior alone)
#
# Table 2 rows have no identity inside the report, so a glued run ('规范性文件2120') may keep several
# readings. Two kinds of evidence decide between them: the report's own running text, where it states a
# number of the row ('本年制发规范性文件3件'), and, in a batch holding the same body's report of the
# year before, the stock that report carried (上一年项目数量 = last year's 上一年项目数量 + 本年增/减;
# 现行有效件数 = last year's + 本年制发 − 本年废止; 对外公开总数量 = last year's + 本年新公开). A
# prior (tables/plausibility.py) only ranks the readings the evidence leaves open.

# The words that name a table 2 row in running text: the template's own row labels (templates/layout.py).
ROW_WORDS = {row.name: row.label for tpl in template.TEMPLATES for row in table2(tpl).rows}
# The words that say which of the row's columns a stated number is.
COLUMN_CUES = {
    "issued": r"制发|印发|出台|制定|新发布", "repealed": r"废止|宣布失效", "in_force": r"现行有效|有效",
    "made": r"制作|制发|印发|制定", "published": r"公开|公布|发布", "total": r"总数|累计|共计",
    "prev_items": r"上一?年", "change": r"增加|减少|新增|取消", "decisions": r"处理决定|作出|办理",
    "items": r"项目|采购", "amount": r"金额|万元|元",
}  # fmt: skip
_STATED = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(件|个|项|宗|万元|元)")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_CLAUSE = re.compile(r"[^，,：:]+")


def _prose_sentences(text: str, skip: list[tuple[int, int]]):
    for m in _SENTENCE.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in skip):
            yield m


def stated_numbers(text: str, row: str, columns: tuple[str, ...], skip: list[tuple[int, int]]) -> dict[int, list[tuple[float, int, int]]]:
    """Numbers the running text (outside `skip`, the tables) states for a table 2 row, per column index:
    in a sentence naming the row, in a clause holding the column's cue word, with a counter word (件, 个,
    项 …); a clause about information items (…类信息80条) is not about documents and is skipped."""
    out: dict[int, list[tuple[float, int, int]]] = {}
    row_word = re.compile(ROW_WORDS.get(row, r"(?!)"))
    for sentence in _prose_sentences(text, skip):
        if not row_word.search(sentence.group()):
            continue
        for clause in _CLAUSE.finditer(text, sentence.start(), sentence.end()):
            words = clause.group()
            if "信息" in words:
                continue
            for j, col in enumerate(columns):
                if not re.search(COLUMN_CUES.get(col, r"(?!)"), words):
                    continue
                for m in _STATED.finditer(text, clause.start(), clause.end()):
                    amount = m.group(2) in ("万元", "元")
                    if amount != (col == "amount"):
                        continue
                    value = float(m.group(1)) if "." in m.group(1) else int(m.group(1))
                    out.setdefault(j, []).append((value, m.start(1), m.end(1)))
    return out


def _narrow(readings: list[tuple], stated: dict[int, list]) -> tuple[list[int], list[str]]:
    """Readings consistent with every column whose stated numbers some reading has; the evidence used."""
    keep = list(range(len(readings)))
    used = []
    for j, found in sorted(stated.items()):
        values = {v for v, _, _ in found}
        match = [i for i in keep if readings[i][j] in values]
        if not match:
            continue  # the statement is about something else than this cell
        if len(match) < len(keep):
            used.append(j)
        keep = match
    return keep, [str(j) for j in used]


def _is_current(parsed, row) -> bool:
    cells = [parsed.cells.get(k) for k in row.keys]
    return all(c is not None and c.alternatives and c.value == v for c, v in zip(cells, row.chosen.values()))


def decide_by_running_text(parsed, text: str) -> list[str]:
    """Open table 2 readings (`ParsedTables.open_rows`) that the report's running text decides; the cells
    are set to the reading it states, marked with their evidence; returns the warnings."""
    from extractor.tables.parsed import parsed_cell

    skip = [r for r in (parsed.regions.t2, parsed.regions.t3, parsed.regions.t4) if r]
    warnings = []
    for row in parsed.open_rows:
        if row.table != "t2" or not _is_current(parsed, row):
            continue
        name, columns = row.keys[0].split(".")[1], tuple(k.split(".")[2] for k in row.keys)
        readings = [r.values() for r in row.readings()]
        stated = stated_numbers(text, name, columns, skip)
        keep, used = _narrow(readings, stated)
        if not used:
            continue
        best = max(keep, key=lambda i: row.priors[i])
        left = [i for i in keep if i != best]
        where = "; ".join(
            f"{columns[int(j)]} {stated[int(j)][0][0]} at {stated[int(j)][0][1]} ({text[max(0, stated[int(j)][0][1] - 12):stated[int(j)][0][2] + 1]!r})"
            for j in used
        )
        evidence = f"the running text states {where}"
        chosen = row.readings()[best]
        for k, (key, cell) in enumerate(zip(row.keys, chosen.cells)):
            old = parsed.cells[key]
            # Only a cell whose value differed among the readings was chosen by the evidence.
            chosen_here = not left and len({r[k] for r in readings}) > 1
            new = parsed_cell(key, cell, old.how, old.unit, "evidence" if chosen_here else old.family, old.unique)
            new.pinned = old.pinned and not chosen_here
            new.confidence = cell_confidence(new.family, new.pinned) if not left else old.confidence
            new.alternatives = tuple(readings[i][k] for i in left)
            new.evidence = evidence if not left else None
            parsed.cells[key] = new
        verdict = "decided" if not left else f"narrowed to {len(left) + 1} readings, the plausibility prior ranking those"
        printed = " ".join(sorted({c.raw for c in row.chosen.cells if c is not None}))
        warnings.append(
            f"reconciled: t2 row {name}: digits '{printed}' read as {'|'.join(_fmt(v) for v in chosen.values())} "
            f"({verdict}) because {evidence}; the identities allowed {len(readings)} readings"
        )
    return warnings


def _fmt(v) -> str:
    return "—" if v is None else str(v)


def _stock_holds(this: Mapping[str, object], previous: Mapping[str, object]) -> bool | None:
    """Whether a reading of this year's row (column → value) carries the previous year's reading of the row
    (column → value) on (the template's table 2 stocks, templates/template.py); None when the previous year does
    not say or a value it needs is blank."""
    for stock in template.T2_STOCKS:
        this_columns = {stock.column, *(t.column for t in stock.terms if t.year == "this")}
        if not this_columns <= this.keys():
            continue
        terms = [this[t.column] if t.year == "this" else previous.get(t.column) for t in stock.terms]
        if any(v is None for v in [*terms, this[stock.column]]):
            if any(previous.get(t.column) is None for t in stock.terms if t.year == "previous"):
                continue
            return None
        return this[stock.column] == sum(t.sign * v for t, v in zip(stock.terms, terms))
    return None


def _get(prov, name: str):
    return prov.get(name) if isinstance(prov, Mapping) else getattr(prov, name, None)


def row_readings(fields: Mapping, provenance: Mapping, row: str) -> list[dict[str, object]]:
    """A report's table 2 row (its fields and provenance, as a Report's or as its JSON): each reading it keeps,
    column → value, the chosen one first (one reading when nothing is open; none when the row is absent)."""
    keys = [k for k in fields if k.startswith(f"t2.{row}.")]
    if not keys:
        return []
    alternatives = [_get(provenance.get(k) or {}, "alternatives") or [] for k in keys]
    n = len(alternatives[0])
    readings = [tuple(fields.get(k) for k in keys)]
    if n and all(len(a) == n for a in alternatives):
        readings += [tuple(a[i] for a in alternatives) for i in range(n)]
    return [{k.split(".")[2]: v for k, v in zip(keys, r)} for r in readings]


def _rows_of(fields: Mapping, provenance: Mapping):
    """row → `row_readings` of one report, each row's worked out once."""
    return lru_cache(maxsize=None)(lambda row: row_readings(fields, provenance, row))


def _carried(later: list[dict], earlier: list[dict]) -> bool | None:
    """Whether some reading of the later year's row carries on some reading of the earlier year's (the stock
    holds for one pair at least); None when no pair says (a blank cell, a stock the row does not have)."""
    verdicts = set()
    for this in later:
        for prev in earlier:
            verdict = _stock_holds(this, prev)
            if verdict:
                return True
            verdicts.add(verdict)
    return None if None in verdicts or not verdicts else False


def decide_by_previous_year(report, previous_fields: Mapping, previous_name: str = "the previous year",
                            previous_provenance: Mapping | None = None) -> list[str]:
    """For a batch that holds the same body's report of the year before (`previous_fields`, its fields, and
    `previous_provenance`, whose alternatives are the readings its own open rows keep): table 2 rows of `report`
    whose readings are still open (provenance `alternatives`) are narrowed to the readings that carry one of the
    previous year's readings of the row on (see above). One left: it is taken (`via: reconciled`). Several left:
    the plausibility prior ranks them, and they stay as alternatives. None left (amendments break a stock) or
    all: nothing changes. Fields and provenance are changed in place; returns the warnings. Checks are not
    recomputed: table 2 has none inside a report, and the cross-year ones (checks/cross_year.py) are computed
    on the fields afterwards."""
    previous = _rows_of(previous_fields, previous_provenance or {})

    def verdict(name: str, reading: dict) -> bool | None:
        return _carried([reading], previous(name))

    return _narrow_by_stock(report, verdict, f"the stock carried from {previous_name}")


def decide_by_next_year(report, next_fields: Mapping, next_provenance: Mapping, next_name: str = "the next year") -> list[str]:
    """The same as `decide_by_previous_year` the other way round: the same body's report of the year after
    (its fields and provenance) starts from the stock this year ended with (上一年项目数量 = this year's
    上一年项目数量 + 本年增/减; 对外公开总数量 and 现行有效件数 likewise), so this year's open table 2 rows are
    narrowed to the readings that one of the next year's readings of the row carries on."""
    following = _rows_of(next_fields, next_provenance)

    def verdict(name: str, reading: dict) -> bool | None:
        return _carried(following(name), [reading])

    return _narrow_by_stock(report, verdict, f"the stock {next_name} starts from")


def _narrow_by_stock(report, verdict, evidence: str) -> list[str]:
    """Narrow each open table 2 row of `report` to its readings `verdict(row, reading)` says True of (see
    decide_by_previous_year)."""
    from extractor.tables.plausibility import log_prior

    warnings = []
    rows: dict[str, list[str]] = {}
    for key, prov in report.provenance.items():
        if key.startswith("t2.") and prov.alternatives:
            rows.setdefault(key.split(".")[1], []).append(key)
    for name, keys in rows.items():
        n = len(report.provenance[keys[0]].alternatives)
        if any(len(report.provenance[k].alternatives or []) != n for k in keys):
            continue
        readings = [tuple(report.fields.get(k) for k in keys)]
        readings += [tuple(report.provenance[k].alternatives[i] for k in keys) for i in range(n)]
        verdicts = [verdict(name, {k.split(".")[2]: v for k, v in zip(keys, r)}) for r in readings]
        holding = [i for i, ok in enumerate(verdicts) if ok]
        if None in verdicts or not holding or len(holding) == len(readings):
            continue
        unit = report.units.get(keys[-1])
        best = max(holding, key=lambda i: (log_prior(report.template, "t2", name, readings[i], unit), -i))
        others = [i for i in holding if i != best]
        decided = not others
        before = readings[0]
        spans = [(p.start, p.end) for p in (report.provenance[k] for k in keys) if p.start is not None]
        run = (min(a for a, _ in spans), max(b for _, b in spans)) if spans else (None, None)
        run_text = "".join(report.provenance[k].text or "" for k in keys)
        how = (f"decided by {evidence}" if decided else
               f"narrowed to {len(holding)} readings by {evidence}, ranked by plausibility")
        for k, key in enumerate(keys):
            prov = report.provenance[key]
            report.fields[key] = readings[best][k]
            prov.alternatives = [readings[i][k] for i in others] or None
            if decided or best:
                prov.via = "reconciled"
            if decided and len({r[k] for r in readings}) > 1:  # only a cell the readings differed in
                prov.family, prov.pinned = "evidence", False
            prov.confidence = cell_confidence(prov.family or "evidence", bool(prov.pinned)) if decided else min(prov.confidence, 0.5)
            prov.read_as = f"{prov.read_as}; {how}"
            if best:  # another cut of the same printed run: the provenance points at the whole run
                prov.start, prov.end = run
                prov.text = run_text
        chosen = "|".join(_fmt(v) for v in readings[best])
        change = f"read as {chosen} instead of {'|'.join(_fmt(v) for v in before)}" if best else f"reading {chosen} kept"
        warnings.append(f"reconciled: t2 row {name} {change}: {how} ({len(holding)} of {len(readings)} readings carry it on)")
    return warnings


def decide_across_years(reports: Mapping) -> dict[str, list[str]]:
    """`decide_by_previous_year` and `decide_by_next_year` for every report of a batch (name → Report) whose
    body's report of the year before or after is in the batch (same `agency`, `year` ∓ 1, as
    checks/cross_year.link_years pairs them); warnings per report name. Reports are taken in year order, so a
    year decided from its predecessor is the stock of the next."""
    by_key = {(r.agency, r.year): name for name, r in reports.items() if r.agency and r.year}
    out: dict[str, list[str]] = {}
    for name, report in sorted(reports.items(), key=lambda item: item[1].year or 0):
        warnings = []
        if (prev := by_key.get((report.agency, (report.year or 0) - 1))) is not None:
            p = reports[prev]
            warnings += decide_by_previous_year(report, p.fields, f"{prev} ({p.year})", p.provenance)
        if (nxt := by_key.get((report.agency, (report.year or 0) + 1))) is not None:
            q = reports[nxt]
            warnings += decide_by_next_year(report, q.fields, q.provenance, f"{nxt} ({q.year})")
        if warnings:
            report.warnings.extend(warnings)
            out[name] = warnings
    return out
