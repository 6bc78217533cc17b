"""Identities across reports (SPEC §3): one body's reports of consecutive years.

- this year's 上年结转 (carried_over[c]) equals last year's 结转下年度 (carried_forward[c]);
- 2021 template: in_force(t) ≈ in_force(t-1) + issued(t) − repealed(t), a warning only
  (amendments and clean-ups break it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from extractor.report import Check
from extractor.spec import T3_COLUMNS

Value = int | float | None


@dataclass(frozen=True)
class YearEntry:
    name: str  # output name of the report
    agency: str
    year: int
    template: str
    fields: Mapping[str, Value]


def cross_year_checks(this: YearEntry, previous: YearEntry) -> list[Check]:
    """Checks for `this` report against the same body's report of the year before."""
    out: list[Check] = []
    for c in T3_COLUMNS:
        now, before = this.fields.get(f"t3.carried_over.{c}"), previous.fields.get(f"t3.carried_forward.{c}")
        if now is None or before is None:
            continue
        ok = now == before
        out.append(
            Check(
                rule=f"cross_year.carried_over.{c}",
                ok=ok,
                detail=f"{this.year} 上年结转 {now} {'==' if ok else '!='} {previous.year} 结转下年度 {before} ({previous.name})",
            )
        )
    if this.template == "2021" and previous.template == "2021":
        for row in ("regulations", "normative"):
            now = this.fields.get(f"t2.{row}.in_force")
            before = previous.fields.get(f"t2.{row}.in_force")
            issued = this.fields.get(f"t2.{row}.issued")
            repealed = this.fields.get(f"t2.{row}.repealed")
            if None in (now, before, issued, repealed):
                continue
            expected = before + issued - repealed
            ok = now == expected
            out.append(
                Check(
                    rule=f"cross_year.in_force.{row}",
                    ok=ok,
                    detail=f"{now} {'==' if ok else '!='} {before} ({previous.year}) + {issued} − {repealed}",
                    severity="warning",
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
