"""One document in a worker process: read, extract, serialize. Only small things and one JSON string
go back to the parent, which writes them and forgets them."""

from __future__ import annotations

import json
import os
import resource
import signal
import traceback
from dataclasses import dataclass

from extractor.batch.rows import summary_row
from extractor.checks.cross_year import YearEntry, stock_columns, stock_rows
from extractor.document import ReadError
from extractor.limits import LimitExceeded, Limits, set_limits
from extractor.models import load_models
from extractor.pipeline import NotAReport, extract_path
from extractor.process import die_with_parent
from extractor.report import Report
from extractor.spec import field_keys
from extractor.templates import template

# The fields the checks across years read: all a manifest needs to link a body's consecutive reports.
CROSS_YEAR_KEYS = tuple(f"t3.{r}.{c}" for r in template.CARRIED_ACROSS for c in template.column_keys("t3")) + tuple(
    f"t2.{r}.{c}"
    for stock in template.T2_STOCKS if stock.checked
    for tpl in template.TEMPLATES for r in stock_rows(stock, tpl) for c in stock_columns(stock)
)


@dataclass
class Outcome:
    path: str
    report_json: str | None = None  # the Report, serialized in the worker
    text: str | None = None
    year: dict | None = None  # agency, year, template and CROSS_YEAR_KEYS fields, for the checks across years
    summary: list | None = None  # its row of summary.csv, made in the worker (the parent only appends it)
    error: str | None = None
    kind: str | None = None  # read_error | over_limit | not_a_report | crash | worker_killed | timeout | over_memory_limit | …

    @property
    def ok(self) -> bool:
        return self.report_json is not None


def year_info(report: Report) -> dict | None:
    if not (report.agency and report.year):
        return None
    fields = {k: report.fields[k] for k in CROSS_YEAR_KEYS if report.fields.get(k) is not None}
    return {"agency": report.agency, "year": report.year, "template": report.template, "fields": fields}


def year_entry(name: str, info: dict) -> YearEntry:
    return YearEntry(name, info["agency"], info["year"], info["template"], info["fields"])


def process_one(path: str, keep_text: bool = False, page_workers: int = 1, models_dir: str | None = None) -> Outcome:
    try:
        models = load_models(models_dir) if models_dir else None  # loaded once per worker process (cached)
        report, doc = extract_path(path, page_workers, models)
        report_json = report.model_dump_json(indent=1)
        return Outcome(
            path,
            report_json=report_json,
            text=doc.text if keep_text else None,
            year=year_info(report),
            summary=summary_row(json.loads(report_json), field_keys()),  # the row `finish` reads back
        )
    except LimitExceeded as exc:
        return Outcome(path, error=str(exc), kind="over_limit")
    except ReadError as exc:
        return Outcome(path, error=str(exc), kind="read_error")
    except NotAReport as exc:
        return Outcome(path, error=str(exc), kind="not_a_report")
    except MemoryError:
        return Outcome(path, error=f"{path}: over memory limit (the worker's memory cap)", kind="over_memory_limit")
    except Exception as exc:  # one document's bug must not stop the batch
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        low = detail.lower()
        if "bad_alloc" in low or "out of memory" in low or ("alloc" in low and "memory" in low):
            return Outcome(path, error=f"{path}: over memory limit: {detail}", kind="over_memory_limit")
        return Outcome(path, error=f"{path}: internal error: {detail}", kind="crash")


@dataclass(frozen=True)
class WorkerConfig:
    keep_text: bool = False
    page_workers: int = 1
    memory_mb: int = 0  # RLIMIT_AS of each worker; 0: none
    limits: Limits = Limits()
    one_ocr_thread: bool = True
    models_dir: str | None = None  # trained models, or None for the tables only


def setup_worker(config: WorkerConfig) -> None:
    # A process group of its own: Ctrl-C reaches the batch process only, which decides what happens to
    # the documents in flight, and the batch can kill the worker with any OCR processes it started.
    os.setpgid(0, 0)
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if config.memory_mb > 0:
        cap = config.memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    set_limits(config.limits)
    if config.one_ocr_thread:
        os.environ.setdefault("XXGK_OCR_THREADS", "1")  # the workers already keep the cores busy
        os.environ.setdefault("OMP_NUM_THREADS", "1")  # and the models' torch, imported later, one thread too


def worker_main(conn, config: WorkerConfig) -> None:
    """Serve documents from the parent until it sends None or goes away."""
    setup_worker(config)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        index, path = job
        outcome = process_one(path, config.keep_text, config.page_workers, config.models_dir)
        try:
            conn.send((index, outcome))
        except MemoryError:
            conn.send((index, Outcome(path, error=f"{path}: over memory limit while sending the result", kind="over_memory_limit")))
        except (BrokenPipeError, OSError):
            return
