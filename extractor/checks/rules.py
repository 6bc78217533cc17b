"""Each identity is a Rule: named left-hand keys that must add up to named right-hand keys.

The same rules serve three jobs: the `checks` of the output, choosing between readings of glued
or damaged cells, and (later) correcting OCR digits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from extractor.templates import template

Value = int | float | None

# Table 3's outcome rows every template has, the 其他处理 rows of each, and the applicant columns; from the template.
T3_OUTCOMES_COMMON = template.row_keys("t3", groups=("outcome",))
T3_OTHER_ROWS = {t: template.other_outcome_rows(t) for t in template.TEMPLATES}
T3_COLUMNS = template.column_keys("t3")
APPLICANT_COLUMNS = template.column_keys("t3", ("applicant",))
T4_BLOCKS = template.row_keys("t4")
T4_RESULTS = template.column_keys("t4", ("result",))
# Narrative statements and the table cells they restate.
NARRATIVE_PAIRS = tuple(template.NARRATIVE_CELLS.items())


@dataclass(frozen=True)
class Rule:
    name: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    severity: str = "error"  # error | warning

    def keys(self) -> tuple[str, ...]:
        return self.left + self.right


@dataclass(frozen=True)
class CheckResult:
    rule: str
    ok: bool
    detail: str
    severity: str = "error"


def _fmt(x: Value) -> str:
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


@lru_cache(maxsize=8)
def rules_for(tpl: str, other_rows: tuple[str, ...] | None = None) -> tuple[Rule, ...]:
    """All identities for one report of the given template (SPEC §3)."""
    others = tuple(other_rows) if other_rows is not None else template.other_outcome_rows(tpl)
    t3_rows = template.t3_rows_with(others)

    def sides(groups: tuple[str, ...]) -> tuple[str, ...]:  # the rows of these groups (with `others`)
        return tuple(r for r in t3_rows if template.row("t3", r).group in groups)

    (balance_in, balance_out), (outcome_in, outcome_out) = (
        tuple(map(sides, side)) for side in (template.T3_BALANCE, template.T3_OUTCOMES)
    )
    rules: list[Rule] = []
    for c in T3_COLUMNS:
        rules.append(
            Rule(f"t3.balance.{c}", tuple(f"t3.{r}.{c}" for r in balance_in), tuple(f"t3.{r}.{c}" for r in balance_out))
        )
        rules.append(
            Rule(f"t3.outcomes.{c}", tuple(f"t3.{r}.{c}" for r in outcome_in), tuple(f"t3.{r}.{c}" for r in outcome_out))
        )
    for total in template.column_keys("t3", ("total",)):
        for r in t3_rows:
            rules.append(Rule(f"t3.row.{r}", (f"t3.{r}.{total}",), tuple(f"t3.{r}.{c}" for c in APPLICANT_COLUMNS)))
    for total in template.column_keys("t4", ("total",)):
        for b in T4_BLOCKS:
            rules.append(Rule(f"t4.{b}", (f"t4.{b}.{total}",), tuple(f"t4.{b}.{c}" for c in T4_RESULTS)))
    for narrative, table in NARRATIVE_PAIRS:
        rules.append(Rule(f"narrative.{narrative[2:]}", (narrative,), table))
    return tuple(rules)


def holds(rule: Rule, fields: Mapping[str, Value]) -> bool | None:
    """Whether the identity holds on these cells; None where it cannot be checked (`evaluate_rule`'s verdict,
    without the printed detail: the readings' search asks this hundreds of thousands of times a batch)."""
    get = fields.get
    left = right = 0
    seen_left = seen_right = False
    for k in rule.left:  # summed in order, as sum() would: the same floats
        if (v := get(k)) is not None:
            left += v
            seen_left = True
    if not seen_left:
        return None
    for k in rule.right:
        if (v := get(k)) is not None:
            right += v
            seen_right = True
    if not seen_right:
        return None
    return abs(left - right) < 1e-6


def evaluate_rule(rule: Rule, fields: Mapping[str, Value]) -> CheckResult | None:
    """None when a cell the rule needs is missing: an identity is only checked on printed numbers.

    Blank cells inside a sum count as 0 as long as the rule has at least one printed value on
    each side (seed reports fill only the 总计 column and leave applicant columns blank).
    """
    left = [fields.get(k) for k in rule.left]
    right = [fields.get(k) for k in rule.right]
    if all(v is None for v in left) or all(v is None for v in right):
        return None
    lsum = sum(v for v in left if v is not None)
    rsum = sum(v for v in right if v is not None)
    ok = abs(lsum - rsum) < 1e-6
    lhs = " + ".join(_fmt(v) for v in left if v is not None)
    rhs = " + ".join(_fmt(v) for v in right if v is not None)
    return CheckResult(rule.name, ok, f"{lhs} {'==' if ok else '!='} {rhs}", rule.severity)


def evaluate(rules: tuple[Rule, ...], fields: Mapping[str, Value]) -> list[CheckResult]:
    out = []
    for rule in rules:
        result = evaluate_rule(rule, fields)
        if result is not None:
            out.append(result)
    return out
