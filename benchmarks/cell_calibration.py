"""Calibrate table cells' confidence: how often cells read each way (their family, extractor/tables/confidence.py)
are right, pinned by the identities or not, over the development corpus and the rendered text forms of its reports.

    python scripts/text_forms.py --out build/forms                  # the forms with their gold (make forms)
    python benchmarks/cell_calibration.py [--forms build/forms tests/fixtures/scans] [--kinds ...] [--write] [--markdown FILE]

Runs the extractor without models on the corpus (../shared/corpus/real with annotations/gold), on each form
kind and on the bundled scans (tests/fixtures/scans: OCR, about a minute), counts per (family, pinned) the cells with a gold value and how many of them are right, and fits the
confidence of each as the lower end of a 95% Wilson interval (a family of few cells never gets a high one),
within the runtime's caps (`cell_confidence`: unpinned cells placed by position, rebuilt from a dump or chosen by
a prior stay below 0.9). Held out by report: each report's cells (the corpus file and all its forms) get the
confidences fitted on the other reports (leave one report out), and the reliability and the precision and
coverage at confidence ≥ 0.9 are measured on those. `--write` ships the table fitted on all reports, with its
counts and the held-out figures, to extractor/tables/calibration.json.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from evaluation.fields import (  # noqa: E402
    CONFIDENT, AtThreshold, at_threshold, load_gold, load_outputs, score_documents, values_equal,
)
from extractor.batch import extract_batch  # noqa: E402
from extractor.tables.confidence import CALIBRATION, cell_confidence, table_key  # noqa: E402
from score_renders import KINDS, files_by_kind, files_gold, source_stem  # noqa: E402

CORPUS_KIND = "corpus"
TABLES = ("t2", "t3", "t4")
Z = 1.96  # 95% two-sided: the Wilson interval's lower end is what a family's confidence may claim


@dataclass(frozen=True)
class CellRecord:
    report: str  # the corpus report the file was made from: the unit held out together
    kind: str  # corpus, or the form (pdfminer, tsv, docx …)
    document: str
    key: str
    family: str
    pinned: bool
    right: bool


def wilson_lower(right: int, cells: int, z: float = Z) -> float:
    if cells == 0:
        return 0.0
    p = right / cells
    centre = p + z * z / (2 * cells)
    margin = z * math.sqrt(p * (1 - p) / cells + z * z / (4 * cells * cells))
    return (centre - margin) / (1 + z * z / cells)


def fit(records: Iterable[CellRecord]) -> dict[str, dict]:
    """(family, pinned) → its cells, right cells and confidence (the runtime's table key: 'family|pinned')."""
    counts: Counter[tuple[str, bool]] = Counter()
    right: Counter[tuple[str, bool]] = Counter()
    for r in records:
        counts[(r.family, r.pinned)] += 1
        right[(r.family, r.pinned)] += r.right
    table = {}
    for (family, pinned), n in sorted(counts.items()):
        table[table_key(family, pinned)] = {"family": family, "pinned": pinned, "cells": n, "right": right[(family, pinned)],
                      "confidence": round(wilson_lower(right[(family, pinned)], n), 4)}
    return table


def confidences(table: dict[str, dict]) -> dict[str, float]:
    return {k: v["confidence"] for k, v in table.items()}


def held_out(records: list[CellRecord]) -> list[tuple[CellRecord, float]]:
    """Each cell with the confidence the table fitted without its report gives it (leave one report out)."""
    by_report: dict[str, list[CellRecord]] = defaultdict(list)
    for r in records:
        by_report[r.report].append(r)
    out = []
    for report, own in sorted(by_report.items()):
        table = confidences(fit(r for r in records if r.report != report))
        out += [(r, cell_confidence(r.family, r.pinned, table)) for r in own]
    return out


def extract(files: list[Path], out: Path, workers: int) -> dict[str, dict]:
    """Outputs of the extractor without models (a rerun skips the files whose output is current)."""
    writer = extract_batch(files, out, workers=workers)
    if writer.failed:
        print(f"{out.name}: {writer.failed} file(s) failed", file=sys.stderr)
    return load_outputs(out)


def sources(args) -> list[tuple[str, dict[str, dict], dict[str, dict]]]:
    """(kind, gold by document, outputs by document) for the corpus and each kind of file in each forms folder
    (a kind of a folder after the first is named with its folder: 'scans: page image')."""
    out = []
    gold = load_gold(args.gold)
    corpus_files = sorted(f for f in args.corpus.iterdir() if f.suffix in (".txt", ".html", ".pdf", ".docx", ".md"))
    corpus_files = [f for f in corpus_files if f.stem in gold or f.name in gold]
    outputs = extract(corpus_files, args.out / CORPUS_KIND, args.workers)
    out.append((CORPUS_KIND, {k: {kk: vv for kk, vv in v.items() if not kk.startswith("n.")} for k, v in gold.items()},
                outputs))
    for n, folder in enumerate(f for f in args.forms if f.is_dir()):
        for kind, files in files_by_kind(folder, args.kinds).items():
            label = kind if n == 0 else f"{folder.name}: {kind}"
            outputs = extract(files, args.out / label.replace(": ", "-").replace(" ", "_"), args.workers)
            out.append((label, files_gold(files), outputs))
    return out


def records_of(kind: str, gold: dict[str, dict], outputs: dict[str, dict]) -> list[CellRecord]:
    """Every table cell with a gold value that the extractor gave a value, with its family and pinned."""
    out = []
    for doc, fields in gold.items():
        data = outputs.get(doc)
        if data is None:
            continue
        for key, g in fields.items():
            prov = data["provenance"].get(key)
            value = data["fields"].get(key)
            if g is None or value is None or prov is None or not prov.get("family"):
                continue
            out.append(CellRecord(source_stem(doc), kind, doc, key, prov["family"], bool(prov.get("pinned")),
                                  values_equal(g, value)))
    return out


def with_confidences(kind: str, outputs: dict[str, dict], conf: dict[tuple[str, str, str], float]) -> dict[str, dict]:
    """The outputs of one kind with each table cell's confidence replaced by its held-out one."""
    out = {}
    for doc, data in outputs.items():
        provenance = {k: dict(p, confidence=conf.get((kind, doc, k), p["confidence"]))
                      for k, p in data["provenance"].items()}
        out[doc] = dict(data, provenance=provenance)
    return out


def summary(records: list[CellRecord], held: list[tuple[CellRecord, float]], shipped: dict[str, dict],
            per_kind: dict[str, dict[str, AtThreshold]], f1: dict[str, dict[str, float]]) -> dict:
    """The calibration record: shipped table with counts, held-out reliability per family and per band, and per
    source kind each table's F1 and its precision and coverage at confidence ≥ 0.9 (held out)."""
    rows = []
    for key, entry in shipped.items():
        mine = [(r, c) for r, c in held if table_key(r.family, r.pinned) == key]
        rows.append(dict({k: v for k, v in entry.items() if k != "confidence"}, wilson_lower=entry["confidence"],
                         shipped=cell_confidence(entry["family"], entry["pinned"], confidences(shipped)),
                         held_out_mean=round(sum(c for _, c in mine) / len(mine), 4) if mine else None,
                         held_out_at_0_9=sum(c >= CONFIDENT for _, c in mine),
                         held_out_wrong_at_0_9=sum(c >= CONFIDENT and not r.right for r, c in mine)))
    bands = []
    for lo, hi in ((0.0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)):
        inside = [r for r, c in held if lo <= c < hi]
        bands.append({"low": lo, "high": min(hi, 1.0), "cells": len(inside), "right": sum(r.right for r in inside)})
    return {
        "method": f"per (family, pinned): lower end of the {Z}-sigma Wilson interval of right/cells, within the "
                  "runtime caps (extractor/tables/confidence.py); held out: leave one report out (a report's "
                  "corpus file and all its forms together)",
        "cells": len(records), "reports": len({r.report for r in records}),
        "kinds": sorted({r.kind for r in records}),
        "table": [{k: row[k] for k in ("family", "pinned", "cells", "right")} | {"confidence": row["shipped"]}
                  for row in rows],
        "held_out": {"families": rows, "bands": bands,
                     "per_kind": {kind: {g: c.as_dict() for g, c in groups.items() if c.gold} for kind, groups in per_kind.items()},
                     "f1": f1},
    }


def markdown(record: dict) -> str:
    lines = ["| family | pinned | cells | right | accuracy | confidence shipped | held-out mean | held-out ≥ 0.9 (wrong) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for row in record["held_out"]["families"]:
        lines.append(f"| {row['family']} | {'yes' if row['pinned'] else 'no'} | {row['cells']} | {row['right']} | "
                     f"{row['right'] / row['cells']:.4f} | {row['shipped']:.2f} | {row['held_out_mean']:.3f} | "
                     f"{row['held_out_at_0_9']} ({row['held_out_wrong_at_0_9']}) |")
    lines += ["", "| source | " + " | ".join(f"{t} F1 / P≥0.9 / coverage" for t in TABLES) + " |",
              "| --- | " + " | ".join("---" for _ in TABLES) + " |"]
    for kind, groups in record["held_out"]["per_kind"].items():
        cells = []
        for t in TABLES:
            c, f = groups.get(t), record["held_out"]["f1"][kind].get(t)
            cells.append("—" if c is None else f"{f:.4f} / {c['precision']:.4f} ({c['taken'] - c['right']} wrong of "
                         f"{c['taken']}) / {c['coverage']:.4f}")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    ap.add_argument("--gold", type=Path, default=ROOT / "annotations" / "gold")
    ap.add_argument("--forms", type=Path, nargs="+", default=[ROOT / "build" / "forms", ROOT / "tests" / "fixtures" / "scans"],
                    help="folders of files with their <name>.gold.json (make forms; the bundled scans for OCR)")
    ap.add_argument("--kinds", nargs="+", default=list(KINDS), choices=list(KINDS))
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "calibration", help="extraction outputs")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--write", action="store_true", help=f"ship the fitted table to {CALIBRATION.relative_to(ROOT)}")
    ap.add_argument("--markdown", type=Path, help="also write the held-out tables as markdown here")
    args = ap.parse_args(argv)
    records: list[CellRecord] = []
    loaded = sources(args)
    for kind, gold, outputs in loaded:
        records += records_of(kind, gold, outputs)
    shipped = fit(records)
    held = held_out(records)
    conf = {(r.kind, r.document, r.key): c for r, c in held}  # the text PDF p016.pdf and the corpus's p016.txt: both p016
    # Each source with the held-out confidences, then all of them as one ('kind/document').
    scored = [(kind, gold, with_confidences(kind, outputs, conf)) for kind, gold, outputs in loaded]
    scored.append(("all", {f"{k}/{d}": g for k, gold, _ in scored for d, g in gold.items()},
                   {f"{k}/{d}": o for k, _, outputs in scored for d, o in outputs.items()}))
    per_kind, f1 = {}, {}
    for kind, gold, outputs in scored:
        per_kind[kind] = at_threshold(gold, outputs, CONFIDENT)
        groups = score_documents(gold, {d: o["fields"] for d, o in outputs.items()}).groups
        f1[kind] = {t: round(groups[t].f1, 4) for t in TABLES if groups[t].tp + groups[t].fn}
    record = summary(records, held, shipped, per_kind, f1)
    text = markdown(record)
    print(text)
    if args.markdown:
        args.markdown.write_text(text, "utf-8")
    if args.write:
        CALIBRATION.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"wrote {CALIBRATION}")


if __name__ == "__main__":
    main()
