"""How sure a table cell is: the way it was read (its family) and whether the identities pin it down, looked up
in a table calibrated on the corpus and its rendered text forms (`calibration.json` beside this file, written by
benchmarks/cell_calibration.py with the counts it came from). The runtime is a dict lookup.

A cell is *pinned* when every identity of SPEC §3 through it (table 3 balance, outcomes and row sums, table 4
block sums) is checked with printed values on the other side and holds, or when its reading was the only one
its printed characters allow and no identity through it fails; and, for a cell placed together with others (a
table rebuilt from a dump), when no identity through any of them fails. Table 2 has no identity: only a unique
reading pins its cells. A cell whose value differs among readings that fit the identities equally (chosen by a
prior or by running-text evidence) is never pinned: another reading fits as well.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from extractor.checks.rules import Rule, holds

if TYPE_CHECKING:
    from extractor.tables.parsed import ParsedTables

CALIBRATION = Path(__file__).with_name("calibration.json")
CEILING = 0.99  # no reading of printed digits is surer than this, however many cells agreed
UNPINNED_CAP = 0.89  # below 0.9: a cell placed by position, rebuilt from a dump or chosen by a prior
UNMEASURED_CAP = 0.85  # a family the calibration never saw: no high confidence on no evidence

# Each way of reading, with the confidence it gets before (and without) calibration: (unpinned, pinned).
FAMILIES: dict[str, tuple[float, float]] = {
    "grid": (0.9, 0.99),  # a native grid cell under its column head (Word, HTML, ruled PDF, scan)
    "grid by position": (0.6, 0.95),  # a ragged grid's row read right-aligned after its label
    "positional": (0.9, 0.99),  # tab- or pipe-separated, every cell printed
    "positional, blanks": (0.6, 0.95),  # tab- or pipe-separated with blank cells: placed by the separators
    "tokens": (0.9, 0.99),  # one printed value per cell
    "split": (0.6, 0.97),  # a glued digit run cut into cells
    "layout": (0.6, 0.95),  # placed under the column it stands in (layout-preserving text)
    "loose": (0.6, 0.95),  # the first cells on loose lines above the pipe row that keeps the others
    "placed": (0.3, 0.9),  # fewer values than cells, placed
    "dropped": (0.3, 0.9),  # more values than cells, one dropped
    "column-major dump": (0.6, 0.9),  # rebuilt from a column-by-column dump
    "row-major dump": (0.6, 0.9),  # labels printed away from their cells, rebuilt row by row
    "mixed dump": (0.5, 0.9),  # a reading-order dump rebuilt from row and column parts
    "totals column": (0.6, 0.9),  # one value per row, taken for the 总计 column
    "item": (0.6, 0.9),  # table 2 values read from their 第二十条 item, away from their labels
    "prior": (0.3, 0.3),  # chosen by plausibility among readings the identities allow equally
    "evidence": (0.85, 0.85),  # chosen by the running text or the year before among such readings
    "ocr": (0.6, 0.95),  # any of the above, its characters read by OCR (pipeline._provenance)
}
# Read where the printed characters put them: unpinned, they may still be as sure as the calibration says.
AS_PRINTED = frozenset({"grid", "positional", "tokens"})
NEVER_PINNED = frozenset({"prior", "evidence"})


def family_of(how: str, blanks: bool = False) -> str:
    """The family of a text reading's `how` (cells.Reading)."""
    if how == "positional" and blanks:
        return "positional, blanks"
    return how if how in FAMILIES else "prior"


def table_key(family: str, pinned: bool) -> str:
    """How the calibration table names a (family, pinned) pair."""
    return family + ("|pinned" if pinned else "")


@lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    if not CALIBRATION.is_file():
        return {}
    data = json.loads(CALIBRATION.read_text("utf-8"))
    return {table_key(row["family"], row["pinned"]): row["confidence"] for row in data["table"]}


def cell_confidence(family: str, pinned: bool, table: Mapping[str, float] | None = None) -> float:
    """The shipped confidence of a cell read this way (or of `table`, a calibration being fitted)."""
    table = _table() if table is None else table
    pinned = pinned and family not in NEVER_PINNED
    found = table.get(table_key(family, pinned))
    conf = found if found is not None else min(FAMILIES.get(family, (0.3, 0.3))[pinned], UNMEASURED_CAP)
    if not pinned and family not in AS_PRINTED:
        conf = min(conf, UNPINNED_CAP)
    return round(min(conf, CEILING), 4)


def pinned_keys(
    cells: Mapping[str, object], unique: Iterable[str], rules: Iterable[Rule], placed_with: Mapping[str, str]
) -> set[str]:
    """The keys of `cells` (key → value) that the identities pin down (see module doc); `unique`: the keys whose
    reading was the only one the printed characters allow; `placed_with`: key → the cells placed together with
    it (a rebuilt table), none of which is pinned when an identity through any of them fails."""
    through: dict[str, list[bool | None]] = defaultdict(list)  # key → per identity through it: holds, fails, unchecked
    for rule in rules:
        if rule.name.startswith("narrative."):
            continue  # a narrative statement is evidence for reconcile, not an identity of the table
        verdict = holds(rule, cells)
        for key in rule.keys():
            through[key].append(verdict)
    broken = {placed_with.get(k) or k for k, verdicts in through.items() if False in verdicts}
    unique = set(unique)
    out = set()
    for key in cells:
        verdicts = through.get(key, [])
        checked = bool(verdicts) and all(v is True for v in verdicts)
        if (placed_with.get(key) or key) not in broken and (checked or key in unique):
            out.add(key)
    return out


def settle(parsed: ParsedTables, rules: Iterable[Rule]) -> None:
    """Set every cell's `pinned` and calibrated `confidence` once the tables are read."""
    values = parsed.fields()
    unique = (k for k, c in parsed.cells.items() if c.unique)
    pinned = pinned_keys(values, unique, rules, {k: c.placed_with for k, c in parsed.cells.items() if c.placed_with})
    for key, cell in parsed.cells.items():
        cell.pinned = key in pinned and cell.family not in NEVER_PINNED
        cell.confidence = cell_confidence(cell.family, cell.pinned)
