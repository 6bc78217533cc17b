"""The narrative `n.*` fields on reports nobody here annotated for training: a folder of texts, each with a gold
file, through `xxgk extract`'s pipeline (free-form reports and openings allowed), scored and tallied by error
class and by province. It prints figures only, never the reports' text, so it can run on material that may not
enter the project (a scratch folder of report openings, other real reports kept for measuring).

    python benchmarks/narrative_audit.py DIR [--models models] [--json out.json]

DIR holds `<id>.txt` and `<id>.json` with {"gold": {"n.proactive.total": 123, …, null where not stated},
"province": "…", "level": "…", "year": 2023} (the year the pipeline reads is scored where given). A document the pipeline refuses counts every gold value as missed."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractor.document import Document  # noqa: E402
from extractor.models import DEFAULT_MODELS, load_models  # noqa: E402
from extractor.normalize import normalize  # noqa: E402
from extractor.pipeline import NotAReport, extract_document  # noqa: E402

CONFIDENT = 0.9
# What a wrongly chosen number counted, read from the words just before it (for the tally only).
_CLASSES = (
    ("documents made (制作/制发)", re.compile(r"制作|制发|印发|形成")),
    ("a channel's count", re.compile(r"微信|微博|公众号|抖音|头条|新媒体|客户端|APP|视频号|两微")),
    ("a site's or platform's count", re.compile(r"网站|门户|平台|专栏|栏目|公开栏|显示屏")),
    ("a running total to a date", re.compile(r"截至|截止|累计")),
    ("a leftover or category count", re.compile(r"其他|其中|类")),
)


def _equal(a, b) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) < 1e-6


def error_class(key: str, kind: str, text: str, start: int | None, gold: dict, reviewed: list | None = None) -> str:
    """`reviewed`: the values the output's review list holds for the key (a missed value may wait there)."""
    if kind == "missed":
        if reviewed is None:
            return f"{key}: missed, not found"
        where = "the right value" if any(_equal(gold[key], v) for v in reviewed) else "other values"
        return f"{key}: missed, in review with {where}"
    if kind == "wrong" and start is not None:
        for other, value in gold.items():
            if other != key and _equal(value, _value_at(text, start)):
                return f"{key}: took the value of {other}"
    if start is not None and key.startswith("n.proactive"):
        before = text[max(0, start - 24):start]
        for name, pattern in _CLASSES:
            if pattern.search(before):
                return f"{key}: {kind}, {name}"
    return f"{key}: {kind}, other"


def _value_at(text: str, start: int) -> float | None:
    m = re.match(r"\d+(?:\.\d+)?", text[start:])
    return float(m.group()) if m else None


def audit(folder: Path, models_dir: Path, threshold: float | None = None) -> dict:
    """`threshold` replaces the shipped one (0: every chosen value enters `fields`, the tagger measured alone)."""
    from dataclasses import replace

    models = load_models(str(models_dir))
    if threshold is not None:
        models = replace(models, calibration=replace(models.calibration, threshold=threshold))
    totals = Counter()
    classes: Counter = Counter()
    by_province: dict[str, Counter] = defaultdict(Counter)
    confident = Counter()
    refused = 0
    documents = 0
    years = Counter()  # the report's year (metadata.find_title) against the gold file's "year", where it has one
    for gold_file in sorted(folder.glob("*.json")):
        text_file = gold_file.with_suffix(".txt")
        if not text_file.is_file():
            continue
        meta = json.loads(gold_file.read_text("utf-8"))
        gold = {k: v for k, v in meta.get("gold", {}).items() if k.startswith("n.")}
        text = normalize(text_file.read_text("utf-8")).text
        documents += 1
        try:
            report = extract_document(Document.of_normalized_text(text, str(text_file)), models)
            fields, provenance = report.fields, report.provenance
            review = {item.key: [c.value for c in item.candidates] for item in report.review}
            year = report.year
        except NotAReport:
            refused += 1
            fields, provenance, review, year = {}, {}, {}, None
        if meta.get("year") is not None:
            years["none" if year is None else "right" if year == meta["year"] else "wrong"] += 1
        province = meta.get("province", "?")
        for key, g in gold.items():
            p = fields.get(key)
            prov = provenance.get(key)
            conf = prov.confidence if prov is not None else None
            if g is None and p is None:
                continue
            if g is None:  # SPEC §7: a prediction for a key whose gold is null is not scored; tallied apart
                kind = "spurious"
            elif p is None:
                kind = "missed"
            elif _equal(g, p):
                kind = "right"
            else:
                kind = "wrong"
            totals[kind] += 1
            by_province[province][kind] += 1
            if kind != "right":
                classes[error_class(key, kind, text, prov.start if prov else None, gold, review.get(key))] += 1
            if p is not None and g is None and conf is not None and conf >= CONFIDENT:
                confident["confident_spurious"] += 1
            if p is not None and g is not None:
                confident["predicted"] += 1
                if conf is not None and conf >= CONFIDENT:
                    confident["confident"] += 1
                    confident["confident_right"] += kind == "right"
    tp, fp, fn = totals["right"], totals["wrong"], totals["wrong"] + totals["missed"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    gold_values = tp + fn
    return {
        "documents": documents, "refused_as_not_a_report": refused,
        "n_fields": {"precision": round(precision, 4), "recall": round(recall, 4),
                     "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
                     "right": tp, "wrong": totals["wrong"], "missed": totals["missed"], "gold": gold_values,
                     "spurious_where_gold_is_null": totals["spurious"],
                     # a value printed where the report states none is as wrong to a user as a wrong value
                     "precision_counting_spurious": round(tp / (tp + fp + totals["spurious"]), 4) if tp + fp + totals["spurious"] else 0.0},
        f"at_confidence_{CONFIDENT}": {
            "values": confident["confident"], "right": confident["confident_right"],
            "precision": round(confident["confident_right"] / confident["confident"], 4) if confident["confident"] else None,
            "coverage_of_gold": round(confident["confident_right"] / gold_values, 4) if gold_values else None,
            # values printed at this confidence where the report states none: wrong to a user all the same
            "spurious": confident["confident_spurious"],
            "precision_counting_spurious": (round(confident["confident_right"] / (confident["confident"]
                                                                                 + confident["confident_spurious"]), 4)
                                            if confident["confident"] + confident["confident_spurious"] else None)},
        "report_year": {kind: years[kind] for kind in ("right", "wrong", "none")},
        "errors_by_class": dict(classes.most_common()),
        "by_province": {p: dict(c) for p, c in sorted(by_province.items())},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--models", type=Path, default=DEFAULT_MODELS)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--threshold", type=float, help="instead of the shipped threshold (0: accept every chosen value)")
    args = ap.parse_args()
    result = audit(args.folder, args.models, args.threshold)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
