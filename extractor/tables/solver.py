"""Choose one reading per row so that the identities hold, and say when the choice is not unique."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from extractor.checks.rules import Rule, holds
from extractor.tables.cells import Reading

Value = int | float | None
_MAX_COMBINATIONS = 50_000


@dataclass
class RowCandidates:
    keys: tuple[str, ...]
    readings: list[Reading]
    priors: list[float] = field(default_factory=list)  # log-prior of each reading

    def __post_init__(self) -> None:
        if not self.priors:
            self.priors = [0.0] * len(self.readings)


@dataclass
class Choice:
    reading: Reading
    alternatives: int  # other readings that fit the identities equally well
    # 'unique', 'identities' (identities narrowed it to one), 'prior' (a plausibility prior
    # chose among readings the identities allow), 'unsatisfiable' (no reading fits)
    decided_by: str
    # indexes into the row's readings of the others the identities allow as well (one per distinct value
    # tuple, the chosen one excluded): what evidence beyond the identities may still decide
    tied: tuple[int, ...] = ()


def _assign(fields: dict[str, Value], keys: Sequence[str], reading: Reading) -> None:
    for key, value in zip(keys, reading.values()):
        fields[key] = value


def _score(rules: Sequence[Rule], fields: dict[str, Value]) -> tuple[int, int]:
    ok = bad = 0
    for rule in rules:
        verdict = holds(rule, fields)
        if verdict is None:
            continue
        if verdict:
            ok += 1
        else:
            bad += 1
    return -bad, ok


def _local_rules(rule_keys: Sequence[tuple[Rule, frozenset[str]]], keys: set[str]) -> list[Rule]:
    return [r for r, needs in rule_keys if needs <= keys]


def solve(
    rows: Sequence[RowCandidates],
    rules: Sequence[Rule],
) -> tuple[dict[str, Value], list[Choice]]:
    """Pick a reading per row maximizing satisfied identities, then the prior."""
    fields: dict[str, Value] = {}
    # 1. Rules that involve one row only prune that row's readings.
    pruned: list[list[int]] = []
    rule_keys = [(r, frozenset(r.keys())) for r in rules]
    for row in rows:
        local = _local_rules(rule_keys, set(row.keys)) if len(row.readings) > 1 else []
        if local:
            scored = []
            for i, reading in enumerate(row.readings):
                trial: dict[str, Value] = {}
                _assign(trial, row.keys, reading)
                scored.append((_score(local, trial), i))
            best = max(s for s, _ in scored)
            keep = [i for s, i in scored if s == best]
        else:
            keep = list(range(len(row.readings)))
        pruned.append(keep)

    # 2. Rules across rows: search the remaining combinations, or improve row by row when too many.
    total = math.prod(len(k) for k in pruned)
    ambiguous_rows = [i for i, k in enumerate(pruned) if len(k) > 1]
    best_index = [max(k, key=lambda i, r=row: r.priors[i]) for k, row in zip(pruned, rows)]
    for row, idx in zip(rows, best_index):
        _assign(fields, row.keys, row.readings[idx])
    # Rows whose value differs between equally good combinations: the identities cannot decide.
    undecided: dict[int, list[int]] = {}
    # The searches compare combinations that differ in the ambiguous rows only: a rule on none of their cells adds
    # the same to every score, so it is left out of them (the order of the scores stays the same).
    open_keys = {k for i in ambiguous_rows for k in rows[i].keys}
    touching = [r for r, needs in rule_keys if needs & open_keys]
    if ambiguous_rows and total <= _MAX_COMBINATIONS:
        best_index, undecided = _exhaustive(rows, pruned, ambiguous_rows, touching, fields)
    elif ambiguous_rows:
        best_index = _coordinate_ascent(rows, pruned, ambiguous_rows, touching, fields, best_index)
        undecided = _single_row_ties(rows, pruned, ambiguous_rows, touching, fields, best_index)
    for row, idx in zip(rows, best_index):
        _assign(fields, row.keys, row.readings[idx])

    # 3. How each row was decided.
    choices = []
    satisfiable = _score(rules, fields)[0] == 0
    for r, (row, idx) in enumerate(zip(rows, best_index)):
        others = _distinct_others(row, idx, undecided.get(r, []))
        equal = len(others)
        if len(row.readings) == 1:
            how = "unique"
        elif not satisfiable and equal:
            how = "unsatisfiable"
        elif equal:
            how = "prior"
        else:
            how = "identities"
        choices.append(Choice(row.readings[idx], equal, how, tuple(others) if how in ("prior", "unsatisfiable") else ()))
    return fields, choices


def _distinct_others(row: RowCandidates, chosen: int, tied: list[int]) -> list[int]:
    """The tied readings whose values differ from the chosen one's, one per distinct value tuple."""
    seen = {row.readings[chosen].values()}
    out = []
    for i in tied:
        values = row.readings[i].values()
        if values not in seen:
            seen.add(values)
            out.append(i)
    return out


def _exhaustive(rows, pruned, ambiguous_rows, rules, fields) -> tuple[list[int], dict[int, list[int]]]:
    """Best combination by (identities, prior), and for each row the readings it takes among the
    combinations that satisfy the identities equally well (when they differ in value)."""
    best_index = [k[0] for k in pruned]
    best_key: tuple | None = None
    best_identity: tuple | None = None
    tied: list[dict[int, int]] = []  # combinations with the best identity score
    current: dict[int, int] = {}

    def rec(pos: int, prior: float) -> None:
        nonlocal best_key, best_identity, tied
        if pos == len(ambiguous_rows):
            identity = _score(rules, fields)
            if best_identity is None or identity > best_identity:
                best_identity, tied = identity, []
            if identity == best_identity and len(tied) < 1000:
                tied.append(dict(current))
            key = (*identity, prior)
            if best_key is None or key > best_key:
                best_key = key
                for r in ambiguous_rows:
                    best_index[r] = current[r]
            return
        r = ambiguous_rows[pos]
        for i in pruned[r]:
            current[r] = i
            _assign(fields, rows[r].keys, rows[r].readings[i])
            rec(pos + 1, prior + rows[r].priors[i])

    rec(0, 0.0)
    undecided = {}
    for r in ambiguous_rows:
        values = {rows[r].readings[combo[r]].values() for combo in tied}
        if len(values) > 1:
            undecided[r] = sorted({combo[r] for combo in tied})
    return best_index, undecided


def _single_row_ties(rows, pruned, ambiguous_rows, rules, fields, best_index) -> dict[int, list[int]]:
    """Without the full search: readings of one row that do as well, the other rows held fixed."""
    for row, idx in zip(rows, best_index):
        _assign(fields, row.keys, row.readings[idx])
    final = _score(rules, fields)
    ties: dict[int, list[int]] = {}
    for r in ambiguous_rows:
        row, idx = rows[r], best_index[r]
        values = {row.readings[idx].values()}
        same = []
        for j in pruned[r]:
            _assign(fields, row.keys, row.readings[j])
            if _score(rules, fields) == final:
                values.add(row.readings[j].values())
                same.append(j)
        _assign(fields, row.keys, row.readings[idx])
        if len(values) > 1:
            ties[r] = same
    return ties


def _coordinate_ascent(rows, pruned, ambiguous_rows, rules, fields, start) -> list[int]:
    current = list(start)
    for _ in range(5):
        changed = False
        for r in ambiguous_rows:
            best = None
            for i in pruned[r]:
                _assign(fields, rows[r].keys, rows[r].readings[i])
                key = (*_score(rules, fields), rows[r].priors[i])
                if best is None or key > best[0]:
                    best = (key, i)
            if best[1] != current[r]:
                current[r], changed = best[1], True
            _assign(fields, rows[r].keys, rows[r].readings[current[r]])
        if not changed:
            break
    return current
