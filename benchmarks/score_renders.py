"""Field F1 of rendered reports (text PDFs, scans, page images, garbage-text-layer PDFs) and of their text
forms (pdftotext, pdftotext -layout, pdfminer, pdfplumber layout, markdown, tab-separated) against their gold, per kind and table.

Usage:
    python scripts/render_reports.py corpus --out build/renders      # make the renders (needs the CJK font)
    python benchmarks/score_renders.py build/renders [--workers 2] [--out build/scores]
    python scripts/text_forms.py --out build/forms                   # text PDFs and their text forms
    python benchmarks/score_renders.py build/forms --kinds "text pdf" pdftotext layout pdfminer plumber markdown tsv
    python scripts/text_forms.py --out build/grids --forms docx html blocks reshaped    # the tables as Word/HTML grids
    python benchmarks/score_renders.py build/grids --kinds docx html blocks reshaped

Narrative `n.*` keys are left out: neither path extracts them yet, and they would hide the table scores.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evaluation.fields import load_predictions, score_documents  # noqa: E402
from extractor.batch import extract_batch  # noqa: E402

KINDS = {
    "scan": re.compile(r"\.scan\.pdf$"),
    "mojibake": re.compile(r"\.mojibake\.pdf$"),
    "page image": re.compile(r"-p\d+(\.[a-z0-9]+)*\.(jpg|png)$"),
    "text pdf": re.compile(r"(?<!\.encrypted)(?<!\.truncated)\.pdf$"),
    # Text forms of the text PDFs (scripts/text_forms.py): what PDF-to-text and -markdown tools give.
    "pdftotext": re.compile(r"\.pdftotext\.txt$"),
    "layout": re.compile(r"\.layout\.txt$"),
    "pdfminer": re.compile(r"\.pdfminer\.txt$"),
    "plumber": re.compile(r"\.plumber\.txt$"),
    "markdown": re.compile(r"\.markdown\.md$"),
    "tsv": re.compile(r"\.tsv\.txt$"),
    # The same reports with their tables as native grids (scripts/grid_forms.py).
    "docx": re.compile(r"\.word\.docx$"),
    "html": re.compile(r"\.page\.html$"),
    "blocks": re.compile(r"\.blocks\.docx$"),
    "reshaped": re.compile(r"\.reshaped\.html$"),
}


def kind_of(name: str) -> str | None:
    return next((k for k, pattern in KINDS.items() if pattern.search(name)), None)


def table_gold(path: Path) -> dict:
    fields = json.loads(path.read_text("utf-8"))["fields"]
    return {k: v for k, v in fields.items() if not k.startswith("n.")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("renders", type=Path)
    ap.add_argument("--out", type=Path, default=Path("build/scores"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--kinds", nargs="+", default=list(KINDS), choices=list(KINDS), help="render kinds to score")
    args = ap.parse_args()
    by_kind: dict[str, list[Path]] = {}
    for f in sorted(args.renders.iterdir()):
        if f.name.endswith(".gold.json"):
            continue
        if (kind := kind_of(f.name)) in args.kinds:
            by_kind.setdefault(kind, []).append(f)
    rows = []
    for kind, files in by_kind.items():
        out = args.out / kind.replace(" ", "_")
        shutil.rmtree(out, ignore_errors=True)  # stale outputs would be scored as this run's
        t0 = time.perf_counter()
        writer = extract_batch(files, out, workers=args.workers)
        seconds = time.perf_counter() - t0
        gold = {f.name.rsplit(".", 1)[0]: table_gold(args.renders / f"{f.name.rsplit('.', 1)[0]}.gold.json") for f in files}
        scores = score_documents(gold, load_predictions(out))
        rows.append((kind, len(files), writer.failed, seconds, scores))
        (out / "scores.json").write_text(json.dumps(scores.to_dict(), ensure_ascii=False, indent=1), "utf-8")
    print(f"{'kind':<11} {'files':>5} {'errors':>6} {'s/file':>7}  " + "  ".join(f"{t:>17}" for t in ("t2", "t3", "t4", "overall")))
    for kind, n, failed, seconds, scores in rows:
        cells = [scores.groups.get(t) for t in ("t2", "t3", "t4")] + [scores.overall]
        text = "  ".join(f"{c.f1:.4f} ({c.tp:>4}/{c.tp + c.fn:>4})" if c and c.tp + c.fn else f"{'—':>17}" for c in cells)
        print(f"{kind:<11} {n:>5} {failed:>6} {seconds / max(n, 1):7.2f}  {text}")


if __name__ == "__main__":
    main()
