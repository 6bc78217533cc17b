"""Identities across reports (SPEC §3): one body's reports of consecutive years.

- this year's 上年结转 (carried_over[c]) equals last year's 结转下年度 (carried_forward[c]);
- 2021 template: in_force(t) ≈ in_force(t-1) + issued(t) − repealed(t), a warning only
  (amendments and clean-ups break it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from extractor.report import Check
from extractor.templates import template

Value = int | float | None


@dataclass(frozen=True)
class YearEntry:
    name: str  # output name of the report
    agency: str
    year: int
    template: str
    fields: Mapping[str, Value]


def _equal(rule: str, left: Value, right: Value, left_text: str, right_text: str, severity: str = "error") -> Check:
    ok = left == right
    return Check(rule=rule, ok=ok, detail=f"{left_text} {'==' if ok else '!='} {right_text}", severity=severity)


def stock_columns(stock: template.StockIdentity) -> tuple[str, ...]:
    return tuple(dict.fromkeys((stock.column, *(t.column for t in stock.terms))))


def stock_rows(stock: template.StockIdentity, tpl: str) -> tuple[str, ...]:
    """The table 2 rows of a template that carry this stock: those printing every column it reads."""
    cols = set(stock_columns(stock))
    return tuple(r.key for r in template.rows("t2", tpl) if cols <= set(template.row_columns("t2", tpl, r.key)))


def _stock_text(terms, previous_year: int) -> str:
    """'3 (2021) + 1 − 0': the previous year's values marked with their year."""
    out = ""
    for i, (t, v) in enumerate(terms):
        sign = ("−" if t.sign < 0 else "+") if i else ("-" if t.sign < 0 else "")
        out += f"{' ' + sign + ' ' if i else sign}{v}{f' ({previous_year})' if t.year == 'previous' else ''}"
    return out


def cross_year_checks(this: YearEntry, previous: YearEntry) -> list[Check]:
    """Checks for `this` report against the same body's report of the year before."""
    out: list[Check] = []
    carried_in, carried_out = template.CARRIED_ACROSS
    for c in template.column_keys("t3"):
        now, before = this.fields.get(f"t3.{carried_in}.{c}"), previous.fields.get(f"t3.{carried_out}.{c}")
        if now is not None and before is not None:
            out.append(
                _equal(
                    f"cross_year.carried_over.{c}", now, before,
                    f"{this.year} 上年结转 {now}", f"{previous.year} 结转下年度 {before} ({previous.name})",
                )
            )
    stocks = [s for s in template.T2_STOCKS if s.checked] if this.template == previous.template else []
    for stock in stocks:
        for row in stock_rows(stock, this.template):
            now = this.fields.get(f"t2.{row}.{stock.column}")
            terms = [(t, (this if t.year == "this" else previous).fields.get(f"t2.{row}.{t.column}")) for t in stock.terms]
            if now is None or any(v is None for _, v in terms):
                continue
            expected = sum(t.sign * v for t, v in terms)
            out.append(
                _equal(
                    f"cross_year.{stock.name}.{row}", now, expected, str(now),
                    _stock_text(terms, previous.year), severity="warning",
                )
            )
    return out


def link_years(entries: list[YearEntry]) -> dict[str, list[Check]]:
    """Checks per report name, for every report whose body also published the year before."""
    by_key = {(e.agency, e.year): e for e in entries}
    out: dict[str, list[Check]] = {}
    for e in entries:
        prev = by_key.get((e.agency, e.year - 1))
        if prev is not None:
            checks = cross_year_checks(e, prev)
            if checks:
                out[e.name] = checks
    return out
