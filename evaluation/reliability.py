"""Is an extraction's confidence worth filtering on, and how often do the identities hold? From a folder of
`xxgk extract` outputs and the gold: cells by confidence band with how many of them are right (a reliability
table), and each identity rule's pass rate."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.fields import load_gold, values_equal

BANDS = (0.0, 0.5, 0.8, 0.95, 1.0001)  # [low, high) confidence bands


@dataclass
class Band:
    low: float
    high: float
    cells: int = 0
    right: int = 0

    @property
    def accuracy(self) -> float:
        return self.right / self.cells if self.cells else 0.0


@dataclass
class Reliability:
    bands: list[Band] = field(default_factory=list)
    rules: dict[str, tuple[int, int]] = field(default_factory=dict)  # rule family → (passed, checked)

    def as_dict(self) -> dict:
        return {"bands": [{"low": b.low, "high": min(b.high, 1.0), "cells": b.cells, "right": b.right,
                           "accuracy": b.accuracy} for b in self.bands],
                "rules": {k: {"passed": p, "checked": n, "rate": p / n if n else None} for k, (p, n) in self.rules.items()}}


def rule_family(rule: str) -> str:
    """`t3.balance.natural` → `t3.balance`: rates per kind of identity, not per column."""
    parts = rule.split(".")
    return ".".join(parts[:2]) if parts[0] in ("t3", "narrative", "cross_year") else parts[0] if parts[0] == "t4" else rule


def reliability(gold_dir: Path, pred_dir: Path) -> Reliability:
    gold = load_gold(gold_dir)
    bands = [Band(lo, hi) for lo, hi in zip(BANDS, BANDS[1:])]
    passed, checked = Counter(), Counter()
    for f in sorted(Path(pred_dir).glob("*.json")):
        try:
            out = json.loads(f.read_text("utf-8"))
        except json.JSONDecodeError:
            continue
        if not isinstance(out, dict) or "fields" not in out:
            continue
        for c in out.get("checks", []):
            if c.get("severity", "error") == "error":
                checked[rule_family(c["rule"])] += 1
                passed[rule_family(c["rule"])] += bool(c["ok"])
        g = gold.get(Path(out["source"]).stem) or gold.get(Path(out["source"]).name)
        if g is None:
            continue
        for key, value in out["fields"].items():
            if value is None or g.get(key) is None or key not in out.get("provenance", {}):
                continue
            conf = out["provenance"][key]["confidence"]
            band = next(b for b in bands if b.low <= conf < b.high)
            band.cells += 1
            band.right += values_equal(g[key], value)
    return Reliability(bands, {k: (passed[k], checked[k]) for k in sorted(checked)})


def wrong_cell_details(pred_dir: Path, wrong) -> list[dict]:
    """Each wrong cell with how it was read (provenance: printed text, via, read_as, confidence, offsets) and, when
    the run kept the texts (`xxgk extract --text`), at most 12 characters of context on each side."""
    from evaluation.comparison.errors import snippet

    outputs: dict[str, tuple[dict, str | None]] = {}
    for f in sorted(Path(pred_dir).glob("*.json")):
        try:
            out = json.loads(f.read_text("utf-8"))
        except json.JSONDecodeError:
            continue
        if isinstance(out, dict) and "source" in out:
            text_file = f.with_suffix(".txt")
            text = text_file.read_text("utf-8") if text_file.is_file() else None
            outputs[Path(out["source"]).stem] = outputs[Path(out["source"]).name] = (out, text)
    details = []
    for w in wrong:
        out, text = outputs.get(w.document, ({}, None))
        prov = out.get("provenance", {}).get(w.key) or {}
        context = ""
        if text is not None and prov.get("start") is not None and prov.get("end") is not None:
            left, span, right = snippet(text, prov["start"], prov["end"])
            context = f"{left}[{span}]{right}"
        details.append({"document": w.document, "key": w.key, "gold": w.gold, "predicted": w.predicted,
                        "printed": prov.get("text"), "via": prov.get("via"), "read_as": prov.get("read_as"),
                        "confidence": prov.get("confidence"), "start": prov.get("start"), "context": context})
    return details
