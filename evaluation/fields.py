"""Field scoring of SPEC §7: micro P/R/F1 over (document, key) where the gold is not null."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from extractor.spec import fields_by_key

GROUPS = ("t2", "t3", "t4", "narrative")
CONFIDENT = 0.9  # the confidence a user filters on: precision and coverage are reported at it


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0  # predicted a value for a gold cell, and it is wrong
    fn: int = 0  # gold cell with no or a wrong prediction

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class WrongCell:
    document: str
    key: str
    gold: float | int
    predicted: float | int | None


@dataclass
class FieldScores:
    groups: dict[str, Counts] = field(default_factory=lambda: {g: Counts() for g in GROUPS})
    overall: Counts = field(default_factory=Counts)
    wrong: list[WrongCell] = field(default_factory=list)
    documents: int = 0
    missing_predictions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        def c(x: Counts) -> dict:
            return {"precision": x.precision, "recall": x.recall, "f1": x.f1, "tp": x.tp, "fp": x.fp, "fn": x.fn}

        return {
            "documents": self.documents,
            "overall": c(self.overall),
            "groups": {g: c(x) for g, x in self.groups.items()},
            "missing_predictions": self.missing_predictions,
            "wrong": [w.__dict__ for w in self.wrong],
        }


def values_equal(gold: float | int, pred: object) -> bool:
    """Equal numbers; amounts compare after their unit was stripped (units live elsewhere)."""
    if pred is None or isinstance(pred, bool):
        return False
    if isinstance(pred, str):
        try:
            pred = float(pred.rstrip("元").rstrip("万"))
        except ValueError:
            return False
    return abs(float(gold) - float(pred)) < 1e-6


def group_of(key: str) -> str:
    spec = fields_by_key().get(key)
    return spec.table if spec else key.split(".")[0]


def score_documents(gold: dict[str, dict], predicted: dict[str, dict]) -> FieldScores:
    """gold/predicted: document name → {key: value}. Predictions for null or absent gold are ignored."""
    scores = FieldScores()
    for doc, gold_fields in sorted(gold.items()):
        scores.documents += 1
        pred_fields = predicted.get(doc)
        if pred_fields is None:
            scores.missing_predictions.append(doc)
            pred_fields = {}
        for key, g in sorted(gold_fields.items()):
            if g is None:
                continue
            group = scores.groups.setdefault(group_of(key), Counts())
            p = pred_fields.get(key)
            if values_equal(g, p):
                group.tp += 1
                scores.overall.tp += 1
                continue
            group.fn += 1
            scores.overall.fn += 1
            if p is not None:
                group.fp += 1
                scores.overall.fp += 1
            scores.wrong.append(WrongCell(doc, key, g, p))
    return scores


def load_gold(gold_dir: Path) -> dict[str, dict]:
    """Gold files keyed by the document's stem."""
    out = {}
    for f in sorted(Path(gold_dir).glob("*.json")):
        data = json.loads(f.read_text("utf-8"))
        if data.get("same_report"):
            # One report in several files (j002.pdf and its text dump j002.txt): scored once per file,
            # keyed by file name since the stems collide.
            for doc in [data["document"], *(d["document"] for d in data["same_report"])]:
                out[doc] = data["fields"]
            continue
        name = Path(data.get("document", f.stem)).stem
        out[name] = data["fields"]
    return out


def gold_of(gold: dict[str, dict], stem: str) -> dict | None:
    """The gold fields of an annotated report by its stem; a report kept in several files (j002.pdf and j002.txt) is
    keyed by file name, and its annotations are those of the text file."""
    return gold.get(stem) or gold.get(f"{stem}.txt")


def load_outputs(pred_dir: Path) -> dict[str, dict]:
    """Extraction outputs (OUT/<stem>.json) whole, keyed by the source document's stem and by its file name
    (for gold keyed by file name, see load_gold)."""
    out = {}
    for f in sorted(Path(pred_dir).glob("*.json")):
        try:
            data = json.loads(f.read_text("utf-8"))
        except json.JSONDecodeError:
            continue
        if not isinstance(data, dict) or "fields" not in data or "source" not in data:
            continue
        out[Path(data["source"]).stem] = out[Path(data["source"]).name] = data
    return out


def load_predictions(pred_dir: Path) -> dict[str, dict]:
    """The fields of the extraction outputs, keyed as load_outputs keys them."""
    return {name: data["fields"] for name, data in load_outputs(pred_dir).items()}


@dataclass
class AtThreshold:
    """Cells whose confidence reaches a threshold: how many of them are right, and what share of the gold they
    cover (the right ones among all gold cells): what filtering on the confidence keeps and loses."""

    gold: int = 0  # gold cells (not null)
    taken: int = 0  # of those, predicted with a confidence at or above the threshold
    right: int = 0  # of those, right

    @property
    def precision(self) -> float:
        return self.right / self.taken if self.taken else 0.0

    @property
    def coverage(self) -> float:
        return self.right / self.gold if self.gold else 0.0

    def as_dict(self) -> dict:
        return {"gold": self.gold, "taken": self.taken, "right": self.right,
                "precision": self.precision, "coverage": self.coverage}


def at_threshold(gold: dict[str, dict], outputs: dict[str, dict], threshold: float = 0.9) -> dict[str, AtThreshold]:
    """Per table (t2, t3, t4, narrative) and `overall`: precision and coverage of the cells with confidence ≥
    `threshold`. gold: document → {key: value}; outputs: document → an output (fields and provenance)."""
    out = {g: AtThreshold() for g in (*GROUPS, "overall")}
    for doc, gold_fields in gold.items():
        data = outputs.get(doc) or {}
        fields, provenance = data.get("fields") or {}, data.get("provenance") or {}
        for key, g in gold_fields.items():
            if g is None:
                continue
            counts = [out.setdefault(group_of(key), AtThreshold()), out["overall"]]
            prov, value = provenance.get(key), fields.get(key)
            taken = value is not None and prov is not None and prov.get("confidence", 0.0) >= threshold
            right = taken and values_equal(g, value)
            for c in counts:
                c.gold += 1
                c.taken += taken
                c.right += right
    return out
