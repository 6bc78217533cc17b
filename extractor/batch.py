"""Run extraction over many files: per-document JSON, one summary CSV, one error log.

A broken file produces an error record and the batch goes on.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from extractor.checks.cross_year import YearEntry, link_years
from extractor.document import ReadError
from extractor.models import load_models
from extractor.pipeline import NotAReport, extract_path
from extractor.readers import SUPPORTED_SUFFIXES
from extractor.report import Report
from extractor.spec import field_keys

SUMMARY_HEAD = ["source", "template", "title", "agency", "year", "failed_checks", "warnings"]


@dataclass
class Outcome:
    path: str
    report: Report | None = None
    text: str | None = None
    error: str | None = None
    kind: str | None = None  # read_error | not_a_report | crash


def discover(paths: Iterable[Path | str]) -> tuple[list[Path], list[Path]]:
    """Files to process (explicit files always; supported suffixes inside folders) and skipped ones."""
    files: list[Path] = []
    skipped: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file() or any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                (files if f.suffix.lower() in SUPPORTED_SUFFIXES else skipped).append(f)
        else:
            files.append(p)
    return files, skipped


def process_one(path: str, keep_text: bool = False, page_workers: int = 1, models_dir: str | None = None) -> Outcome:
    try:
        models = load_models(models_dir) if models_dir else None  # once per process (cached)
        report, doc = extract_path(path, page_workers, models)
        return Outcome(path, report=report, text=doc.text if keep_text else None)
    except ReadError as exc:
        return Outcome(path, error=str(exc), kind="read_error")
    except NotAReport as exc:
        return Outcome(path, error=str(exc), kind="not_a_report")
    except Exception as exc:  # one document's bug must not stop the batch
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return Outcome(path, error=f"{path}: internal error: {detail}", kind="crash")


def run(files: list[Path], workers: int = 1, keep_text: bool = False, models_dir: str | None = None) -> Iterator[Outcome]:
    """`models_dir`: folder of trained models (models/), or None for the table-only path."""
    args = [str(f) for f in files]
    if workers <= 1 or len(files) <= 1:
        # One document alone gets the workers for its pages (a long scan OCRs page-parallel).
        for a in args:
            yield process_one(a, keep_text, page_workers=workers, models_dir=models_dir)
        return
    # Documents in parallel: each process OCRs with one thread so the workers don't fight for cores.
    with ProcessPoolExecutor(max_workers=workers, initializer=_one_thread_per_worker) as pool:
        yield from pool.map(process_one, args, [keep_text] * len(args), [1] * len(args), [models_dir] * len(args),
                            chunksize=max(1, len(args) // (workers * 8)))


def _one_thread_per_worker() -> None:
    os.environ.setdefault("XXGK_OCR_THREADS", "1")
    if "torch" in sys.modules:  # the models run one thread per worker process too
        sys.modules["torch"].set_num_threads(1)
    else:
        os.environ.setdefault("OMP_NUM_THREADS", "1")


def output_name(path: Path, taken: set[str]) -> str:
    name = path.stem
    if name in taken:
        name = f"{path.stem}.{path.suffix.lstrip('.')}"
    n = 2
    base = name
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


class BatchWriter:
    """Writes OUT/<stem>.json and OUT/errors.jsonl as outcomes arrive; at close, adds the checks
    across years (a body's consecutive reports in the batch) and writes OUT/summary.csv."""

    def __init__(self, out: Path, write_text: bool = False) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.write_text = write_text
        self.keys = field_keys()
        self._taken: set[str] = set()
        self._rows: dict[str, list] = {}
        self._years: list[YearEntry] = []
        self._errors = (out / "errors.jsonl").open("w", encoding="utf-8")
        self.ok = 0
        self.failed = 0

    def add(self, outcome: Outcome) -> None:
        if outcome.report is None:
            self.failed += 1
            record = {"source": outcome.path, "kind": outcome.kind, "error": outcome.error}
            self._errors.write(json.dumps(record, ensure_ascii=False) + "\n")
            self._errors.flush()
            return
        self.ok += 1
        report = outcome.report
        name = output_name(Path(outcome.path), self._taken)
        (self.out / f"{name}.json").write_text(report.model_dump_json(indent=1), encoding="utf-8")
        if self.write_text and outcome.text is not None:
            (self.out / f"{name}.txt").write_text(outcome.text, encoding="utf-8")
        self._rows[name] = self._summary_row(report)
        if report.agency and report.year:
            self._years.append(YearEntry(name, report.agency, report.year, report.template, dict(report.fields)))

    def _summary_row(self, report: Report) -> list:
        row = [report.source, report.template, report.title or "", report.agency or "", report.year or ""]
        row += [report.failed_checks(), len(report.warnings)]
        row += ["" if report.fields.get(k) is None else report.fields[k] for k in self.keys]
        return row

    def _add_cross_year_checks(self) -> None:
        for name, checks in link_years(self._years).items():
            path = self.out / f"{name}.json"
            report = Report.model_validate_json(path.read_text("utf-8"))
            report.checks.extend(checks)
            path.write_text(report.model_dump_json(indent=1), encoding="utf-8")
            self._rows[name] = self._summary_row(report)

    def close(self) -> None:
        self._errors.close()
        self._add_cross_year_checks()
        with (self.out / "summary.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(SUMMARY_HEAD + self.keys)
            writer.writerows(self._rows.values())


def extract_batch(
    paths: Iterable[Path | str],
    out: Path,
    workers: int = 1,
    write_text: bool = False,
    on_progress: Callable[[Outcome], None] | None = None,
) -> BatchWriter:
    files, _ = discover(paths)
    writer = BatchWriter(out, write_text)
    try:
        for outcome in run(files, workers, keep_text=write_text):
            writer.add(outcome)
            if on_progress:
                on_progress(outcome)
    finally:
        writer.close()
    return writer
