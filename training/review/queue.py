"""What a person should check in a batch's outputs, most useful first.

Each item is one value (or one failed identity) of one document, with an estimate of the probability that it is
wrong and a weight for how much it matters; the queue is ranked by their product.

- p_wrong: 1 − the value's calibrated confidence (SPEC §4: of the values given confidence p, about p are right);
  for a `review` entry (a value the evidence did not settle) 1 − its best candidate's share of the candidates'
  confidences where they sum past 1 (rival values of one key cannot all be right: a narrative 25 at 0.95 against a
  table's 21 at 0.92 is a coin toss, not a 5% risk), else 1 − its confidence; for a failed
  identity at least 0.5 — a prior, not a measurement: either a cell was misread or the report prints numbers that
  do not add up, and only a person reading the page can say which.
- importance: the report's headline figures (those `xxgk extract --show` prints) 1.0, other totals 0.6, other
  cells 0.3 — a choice, documented here, not fitted.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from extractor.batch.longform import keys_of_rule

HEADLINE = frozenset({
    "n.proactive.total", "t3.new_received.total", "n.applications.received", "t3.total.total",
    "n.applications.completed", "t3.carried_forward.total", "n.applications.carried_forward", "t4.review.total",
    "t4.suit_direct.total", "t4.suit_after_review.total", "n.review.total", "n.litigation.total",
})
FAILED_CHECK_PRIOR = 0.5
DEFAULT_CELL_BELOW = 0.95  # table cells with a lower confidence are queued (the parser gives 0.99 to clean reads)
# What a cell's read_as says about how it was decided, for the reviewer (reasons, not scores).
_HOW = (("corrected_from", "OCR digits corrected by the identities"), ("plausibility", "chosen by plausibility"),
        ("positional", "placed by position"), ("decided by", "reconciled with other evidence"),
        ("narrowed", "narrowed by other evidence"), ("grid column", "rebuilt from a column dump"))


def importance(key: str) -> float:
    if key in HEADLINE:
        return 1.0
    return 0.6 if key.endswith(".total") else 0.3


@dataclass
class Item:
    id: str  # stable: document + key (or rule)
    document: str  # output name (OUT/<document>.json)
    source: str
    kind: str  # failed_check | review | narrative | cell
    key: str  # the field key; for a failed check, its first key
    keys: list[str]
    value: Any
    confidence: float | None
    p_wrong: float
    importance: float
    reason: str
    start: int | None = None
    end: int | None = None
    text: str | None = None
    page: int | None = None
    box: list[float] | None = None
    candidates: list[dict[str, Any]] = field(default_factory=list)
    read_as: str | None = None  # the provenance's (a narrative value's "tagged APP_RECEIVED")

    @property
    def score(self) -> float:
        return round(self.p_wrong * self.importance, 4)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "score": self.score}


def load_outputs(out: Path) -> dict[str, dict[str, Any]]:
    """OUT/<name>.json of a batch (the per-document outputs; not the summaries), by output name."""
    if not out.is_dir():
        raise FileNotFoundError(f"{out}: not a folder of `xxgk extract` outputs")
    reports = {}
    for path in sorted(out.glob("*.json")):
        try:
            report = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"{path}: not a readable output JSON: {exc}") from exc
        if isinstance(report, dict) and "fields" in report and "source" in report:
            reports[path.stem] = report
    if not reports:
        raise FileNotFoundError(f"{out}: no `xxgk extract` output (<name>.json with fields and source) in it")
    return reports


def build_queue(reports: dict[str, dict[str, Any]], threshold: float, cell_below: float = DEFAULT_CELL_BELOW
                ) -> list[Item]:
    """Every item to check in the batch, ranked (highest score first; ties by document and key)."""
    items: list[Item] = []
    for name, report in reports.items():
        items += _items(name, report, threshold, cell_below)
    return sorted(items, key=lambda i: (-i.score, i.document, i.key))


def _share_of_rivals(best: dict[str, Any], candidates: list[dict[str, Any]]) -> float:
    """The best candidate's chance to be right: its confidence, scaled down where the distinct values' confidences
    sum past 1 (only one of them can be the key's value)."""
    by_value: dict[Any, float] = {}
    for c in candidates:
        by_value[c.get("value")] = max(by_value.get(c.get("value"), 0.0), c.get("confidence") or 0.0)
    return (best.get("confidence") or 0.0) / max(1.0, sum(by_value.values()))


def _items(name: str, report: dict[str, Any], threshold: float, cell_below: float) -> list[Item]:
    fields, provenance = report.get("fields", {}), report.get("provenance", {})
    items: list[Item] = []
    queued: set[str] = set()
    for entry in report.get("review", []):
        key = entry["key"]
        candidates = entry.get("candidates") or []
        best = max(candidates, key=lambda c: c.get("confidence") or 0, default={})
        confidence = best.get("confidence")
        items.append(Item(f"{name}:{key}", name, report["source"], "review", key, [key], best.get("value"),
                          confidence, round(1 - _share_of_rivals(best, candidates), 4), importance(key),
                          entry.get("reason", ""),
                          best.get("start"), best.get("end"), best.get("text"), candidates=candidates))
        queued.add(key)
    for check in report.get("checks", []):
        if check.get("ok") or check.get("severity", "error") != "error":
            continue
        keys = sorted(k for k in keys_of_rule(check["rule"]) if k in fields)
        if not keys:
            continue
        confidences = [(provenance.get(k) or {}).get("confidence") or 0.0 for k in keys]
        product = 1.0
        for c in confidences:
            product *= c
        weakest = keys[confidences.index(min(confidences))]
        prov = provenance.get(weakest) or {}
        items.append(Item(f"{name}:{check['rule']}", name, report["source"], "failed_check", weakest, keys,
                          fields.get(weakest), prov.get("confidence"), round(max(FAILED_CHECK_PRIOR, 1 - product), 4),
                          max(importance(k) for k in keys), f"identity {check['rule']} fails: {check.get('detail')}",
                          prov.get("start"), prov.get("end"), prov.get("text"), prov.get("page"), _box(prov),
                          read_as=prov.get("read_as")))
    for key, prov in provenance.items():
        if key in queued or not prov or fields.get(key) is None or prov.get("via") == "reviewed":
            continue
        confidence = prov.get("confidence")
        narrative = prov.get("via") == "narrative"
        if confidence is None or confidence >= (threshold if narrative else cell_below):
            continue
        how = "; ".join(reason for marker, reason in _HOW if marker in str(prov.get("read_as") or "")
                        or (marker == "corrected_from" and prov.get("corrected_from") is not None))
        reason = (f"narrative value below the threshold {threshold}" if narrative
                  else f"{prov.get('via')} cell read as {prov.get('read_as')}" + (f" ({how})" if how else ""))
        items.append(Item(f"{name}:{key}", name, report["source"], "narrative" if narrative else "cell", key, [key],
                          fields[key], confidence, round(1 - confidence, 4), importance(key), reason,
                          prov.get("start"), prov.get("end"), prov.get("text"), prov.get("page"), _box(prov),
                          read_as=prov.get("read_as")))
    return items


def _box(prov: dict[str, Any]) -> list[float] | None:
    box = prov.get("box")
    return [float(v) for v in box] if box else None
