"""Field F1 of rendered reports (text PDFs, scans, page images, garbage-text-layer PDFs) and of their text
forms (pdftotext, pdftotext -layout, pdfminer, pdfplumber layout, markdown, tab-separated) against their gold, per kind and table.

Usage:
    python scripts/render_reports.py corpus --out build/renders      # make the renders (needs the CJK font)
    python benchmarks/score_renders.py build/renders [--workers 2] [--out build/scores]
    python scripts/text_forms.py --out build/forms                   # text PDFs and their text forms
    python benchmarks/score_renders.py build/forms --kinds "text pdf" pdftotext layout pdfminer plumber markdown tsv
    python scripts/text_forms.py --out build/grids --forms docx html blocks reshaped    # the tables as Word/HTML grids
    python benchmarks/score_renders.py build/grids --kinds docx html blocks reshaped

Per kind and table it prints F1, then the precision and coverage of the cells with confidence ≥ 0.9 (the shipped
calibration; benchmarks/cell_calibration.py measures them held out by report).

With --models DIR the shipped (or other) models run too, and the narrative `n.*` fields are scored apart, against
annotations/gold of the report each file was made from (the renders keep its running text): `n held-out` for the
reports of the test split (never seen by the shipped models), `n trained` for the others. How these compare with
the same models on the report as printed (`make reports`) says what the form costs the narrative path.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evaluation.fields import CONFIDENT, at_threshold, load_gold, load_outputs, score_documents  # noqa: E402
from extractor.batch import extract_batch  # noqa: E402
from training.splits import read_splits  # noqa: E402

NARRATIVE = ("n held-out", "n trained")

KINDS = {
    "scan": re.compile(r"\.scan\.pdf$"),
    "mojibake": re.compile(r"\.mojibake\.pdf$"),
    "page image": re.compile(r"-p\d+(\.[a-z0-9]+)*\.(jpg|png)$"),
    "text pdf": re.compile(r"(?<!\.encrypted)(?<!\.truncated)\.pdf$"),
    # Text forms of the text PDFs (scripts/text_forms.py): what PDF-to-text and -markdown tools give.
    "pdftotext": re.compile(r"\.pdftotext\.txt$"),
    "layout": re.compile(r"\.layout\.txt$"),
    "raw": re.compile(r"\.raw\.txt$"),
    "pdfminer": re.compile(r"\.pdfminer\.txt$"),
    "plumber": re.compile(r"\.plumber\.txt$"),
    "markdown": re.compile(r"\.markdown\.md$"),
    "tsv": re.compile(r"\.tsv\.txt$"),
    # The same reports with their tables as native grids (scripts/grid_forms.py).
    "docx": re.compile(r"\.word\.docx$"),
    "html": re.compile(r"\.page\.html$"),
    "blocks": re.compile(r"\.blocks\.docx$"),
    "reshaped": re.compile(r"\.reshaped\.html$"),
    # Converter faults beyond the markdown form's (scripts/converter_forms.py).
    "ocrmd": re.compile(r"\.ocr\.md$"),
    "loose": re.compile(r"\.loose\.md$"),
    "tsvgrid": re.compile(r"\.tsvgrid\.txt$"),
    "spanrepeat": re.compile(r"\.spanrepeat\.md$"),
}


def kind_of(name: str) -> str | None:
    return next((k for k, pattern in KINDS.items() if pattern.search(name)), None)


def table_gold(path: Path) -> dict:
    fields = json.loads(path.read_text("utf-8"))["fields"]
    return {k: v for k, v in fields.items() if not k.startswith("n.")}


def files_by_kind(folder: Path, kinds) -> dict[str, list[Path]]:
    """The files of a renders or forms folder of the given kinds, each with its <name>.gold.json beside it."""
    by_kind: dict[str, list[Path]] = {}
    for f in sorted(folder.iterdir()):
        if f.name.endswith(".gold.json") or not gold_file(f).is_file():
            continue
        if (kind := kind_of(f.name)) in kinds:
            by_kind.setdefault(kind, []).append(f)
    return by_kind


def gold_file(f: Path) -> Path:
    return f.with_name(f"{f.name.rsplit('.', 1)[0]}.gold.json")


def files_gold(files: list[Path]) -> dict[str, dict]:
    """Table gold of each file, keyed as the extraction outputs are (its name less the last suffix)."""
    return {f.name.rsplit(".", 1)[0]: table_gold(gold_file(f)) for f in files}


def source_stem(name: str) -> str:
    """p005.pdfminer.txt, p005-p3.jpg, p005.scan.pdf → p005 (the corpus report the file was made from)."""
    return re.split(r"[.-]", name, maxsplit=1)[0]


def narrative_gold(gold_dir: Path) -> dict[str, dict]:
    """The `n.*` gold of each corpus report, by stem (j002.pdf and j002.txt, one report in two files, are j002)."""
    return {Path(name).stem: {k: v for k, v in fields.items() if k.startswith("n.")}
            for name, fields in load_gold(gold_dir).items()}


def form_narrative_scores(files: list[Path], predicted: dict[str, dict], gold: dict[str, dict], held_out: set[str]):
    """(held-out, trained) scores of the `n.*` fields of these files."""
    parts: tuple[dict, dict] = ({}, {})
    for f in files:
        name = f.name.rsplit(".", 1)[0]
        stem = source_stem(f.name)
        if gold.get(stem):
            parts[stem not in held_out][name] = gold[stem]
    return tuple(score_documents(g, predicted) if g else None for g in parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("renders", type=Path)
    ap.add_argument("--out", type=Path, default=Path("build/scores"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--kinds", nargs="+", default=list(KINDS), choices=list(KINDS), help="render kinds to score")
    ap.add_argument("--models", type=Path, default=None, help="models folder: extract with it and score n.* too")
    ap.add_argument("--gold", type=Path, default=ROOT / "annotations" / "gold")
    ap.add_argument("--splits", type=Path, default=ROOT / "annotations" / "splits.json")
    args = ap.parse_args()
    n_gold = narrative_gold(args.gold) if args.models else {}
    held_out = set(read_splits(args.splits).get("test", [])) if args.models else set()
    by_kind = files_by_kind(args.renders, args.kinds)
    rows = []
    for kind, files in by_kind.items():
        out = args.out / kind.replace(" ", "_")
        shutil.rmtree(out, ignore_errors=True)  # stale outputs would be scored as this run's
        t0 = time.perf_counter()
        writer = extract_batch(files, out, workers=args.workers, models_dir=args.models)
        seconds = time.perf_counter() - t0
        gold = files_gold(files)
        outputs = load_outputs(out)
        predicted = {name: data["fields"] for name, data in outputs.items()}
        scores = score_documents(gold, predicted)
        confident = at_threshold(gold, outputs, CONFIDENT)
        narrative = form_narrative_scores(files, predicted, n_gold, held_out) if args.models else (None, None)
        rows.append((kind, len(files), writer.failed, seconds, [scores.groups.get(t) for t in ("t2", "t3", "t4")]
                     + [scores.overall, *(n.overall if n else None for n in narrative)],
                     [confident[t] for t in ("t2", "t3", "t4", "overall")]))
        record = {"tables": scores.to_dict(), **{name: s.to_dict() for name, s in zip(NARRATIVE, narrative) if s},
                  "at_confidence": {"threshold": CONFIDENT, **{g: c.as_dict() for g, c in confident.items() if c.gold}}}
        (out / "scores.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), "utf-8")
    columns = ["t2", "t3", "t4", "overall", *(NARRATIVE if args.models else ())]
    print(f"{'kind':<11} {'files':>5} {'errors':>6} {'s/file':>7}  " + "  ".join(f"{t:>17}" for t in columns))
    for kind, n, failed, seconds, cells, _ in rows:
        text = "  ".join(f"{c.f1:.4f} ({c.tp:>4}/{c.tp + c.fn:>4})" if c and c.tp + c.fn else f"{'—':>17}"
                         for c in cells[:len(columns)])
        print(f"{kind:<11} {n:>5} {failed:>6} {seconds / max(n, 1):7.2f}  {text}")
    print(f"\nconfidence ≥ {CONFIDENT}: precision (wrong cells of those taken) / coverage (right ones of the gold cells)")
    print(f"{'kind':<11} " + "  ".join(f"{t:>24}" for t in ("t2", "t3", "t4", "overall")))
    for kind, *_, confident_cells in rows:
        text = "  ".join(f"{c.precision:.4f} ({c.taken - c.right:>3}/{c.taken:>4}) {c.coverage:.4f}" if c.gold
                         else f"{'—':>24}" for c in confident_cells)
        print(f"{kind:<11} {text}")


if __name__ == "__main__":
    main()
