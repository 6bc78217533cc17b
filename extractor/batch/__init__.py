"""Run extraction over many files (see run.py): per-document JSON, summary.csv, errors.jsonl,
fields.parquet and a manifest to resume. Modules: discover (which files), worker (one document),
engine (the worker processes: deadlines, killed workers), manifest (resume), writer (outputs,
atomically), longform (fields.parquet), run (the whole batch, signals)."""

from extractor.batch.discover import UsageError, check_out, discover
from extractor.batch.run import DEFAULT_GRACE, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, BatchResult, extract_batch
from extractor.batch.worker import Outcome, process_one
from extractor.batch.writer import SUMMARY_HEAD, output_name

__all__ = [
    "DEFAULT_GRACE", "DEFAULT_MEMORY_MB", "DEFAULT_TIMEOUT", "SUMMARY_HEAD", "BatchResult", "Outcome", "UsageError",
    "check_out", "discover", "extract_batch", "output_name", "process_one",
]  # fmt: skip
