"""Each identity is a Rule: named left-hand keys that must add up to named right-hand keys.

The same rules serve three jobs: the `checks` of the output, choosing between readings of glued
or damaged cells, and (later) correcting OCR digits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from extractor.spec import T3_COLUMNS, T4_BLOCKS, T4_COLUMNS

Value = int | float | None

T3_OUTCOMES_COMMON = (
    "granted",
    "partial",
    "denied_secret",
    "denied_law",
    "denied_safety",
    "denied_third_party",
    "denied_internal",
    "denied_process",
    "denied_enforcement",
    "denied_query",
    "unable_not_held",
    "unable_create",
    "unable_unclear",
    "refused_petition",
    "refused_duplicate",
    "refused_publication",
    "refused_mass",
    "refused_confirm",
)
T3_OTHER_ROWS = {"2019": ("other",), "2021": ("other_no_correction", "other_unpaid_fee", "other_misc")}
APPLICANT_COLUMNS = T3_COLUMNS[:-1]
# Narrative statements and the table cells they restate.
NARRATIVE_PAIRS = (
    ("n.applications.received", ("t3.new_received.total",)),
    ("n.applications.completed", ("t3.total.total",)),
    ("n.applications.carried_forward", ("t3.carried_forward.total",)),
    ("n.review.total", ("t4.review.total",)),
    ("n.litigation.total", ("t4.suit_direct.total", "t4.suit_after_review.total")),
)


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
def rules_for(template: str, other_rows: tuple[str, ...] | None = None) -> tuple[Rule, ...]:
    """All identities for one report of the given template (SPEC §3)."""
    others = other_rows if other_rows is not None else T3_OTHER_ROWS.get(template, T3_OTHER_ROWS["2019"])
    outcome_rows = T3_OUTCOMES_COMMON + tuple(others)
    rules: list[Rule] = []
    for c in T3_COLUMNS:
        rules.append(
            Rule(
                f"t3.balance.{c}",
                (f"t3.new_received.{c}", f"t3.carried_over.{c}"),
                (f"t3.total.{c}", f"t3.carried_forward.{c}"),
            )
        )
        rules.append(Rule(f"t3.outcomes.{c}", (f"t3.total.{c}",), tuple(f"t3.{r}.{c}" for r in outcome_rows)))
    for r in ("new_received", "carried_over", *outcome_rows, "total", "carried_forward"):
        rules.append(Rule(f"t3.row.{r}", (f"t3.{r}.total",), tuple(f"t3.{r}.{c}" for c in APPLICANT_COLUMNS)))
    for b in T4_BLOCKS:
        rules.append(Rule(f"t4.{b}", (f"t4.{b}.total",), tuple(f"t4.{b}.{c}" for c in T4_COLUMNS[:-1])))
    for narrative, table in NARRATIVE_PAIRS:
        rules.append(Rule(f"narrative.{narrative[2:]}", (narrative,), table))
    return tuple(rules)


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
