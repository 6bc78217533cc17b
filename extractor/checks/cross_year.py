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


def _equal(rule: str, left: Value, right: Value, left_text: str, right_text: str, severity: str = "error") -> Check:
    ok = left == right
    return Check(rule=rule, ok=ok, detail=f"{left_text} {'==' if ok else '!='} {right_text}", severity=severity)


def cross_year_checks(this: YearEntry, previous: YearEntry) -> list[Check]:
    """Checks for `this` report against the same body's report of the year before."""
    out: list[Check] = []
    for c in T3_COLUMNS:
        now, before = this.fields.get(f"t3.carried_over.{c}"), previous.fields.get(f"t3.carried_forward.{c}")
        if now is not None and before is not None:
            out.append(
                _equal(
                    f"cross_year.carried_over.{c}", now, before,
                    f"{this.year} 上年结转 {now}", f"{previous.year} 结转下年度 {before} ({previous.name})",
                )
            )
    if this.template == previous.template == "2021":
        for row in ("regulations", "normative"):
            now = this.fields.get(f"t2.{row}.in_force")
            before, issued, repealed = (
                previous.fields.get(f"t2.{row}.in_force"),
                this.fields.get(f"t2.{row}.issued"),
                this.fields.get(f"t2.{row}.repealed"),
            )
            if None not in (now, before, issued, repealed):
                out.append(
                    _equal(
                        f"cross_year.in_force.{row}", now, before + issued - repealed,
                        str(now), f"{before} ({previous.year}) + {issued} − {repealed}", severity="warning",
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
