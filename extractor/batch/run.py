"""A batch from start to end: refuse a bad OUT, discover, skip what a previous run finished, run the
rest on the engine, write each result as it comes, and on any ending (done, Ctrl-C, SIGTERM) write the
summaries. Every input ends as exactly one output or one error record."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from extractor.batch import lock
from extractor.batch.discover import UsageError, check_out, discover
from extractor.batch.engine import InlineEngine, ProcessEngine
from extractor.batch.manifest import Manifest, file_sha256, input_key, models_version
from extractor.batch.worker import Outcome, WorkerConfig
from extractor.batch.writer import BatchOutput
from extractor.limits import Limits
from extractor.regular import NotRegularFile

DEFAULT_TIMEOUT = 600.0  # s per document: a 30-page scan OCRs in about 15 s a page on one core
DEFAULT_MEMORY_MB = 6144  # address space of one worker (RLIMIT_AS); OCR on OpenVINO takes about 2.9 GiB of it (1.1 resident)
DEFAULT_GRACE = 10.0  # s the documents in flight get to finish after Ctrl-C or SIGTERM
ENGINES = ("local", "process", "inline", "ray")  # process: the former name of local


@dataclass
class BatchResult:
    out: Path
    ok: int = 0  # extracted in this run
    skipped: int = 0  # done by an earlier run into the same OUT, unchanged
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, error)
    ignored: int = 0  # files of other types inside the folders
    hidden: int = 0  # hidden files and folders inside the folders
    interrupted: str | None = None  # the signal that stopped the batch
    not_written: list[str] = field(default_factory=list)  # summaries the end could not write (a full disk), named

    @property
    def exit_code(self) -> int:
        if self.not_written:
            return 3
        return 0 if self.failed == 0 and not self.interrupted else 1


def extract_batch(
    paths: Iterable[Path | str],
    out: Path,
    workers: int | None = 1,
    write_text: bool = False,
    on_progress: Callable[[Outcome], None] | None = None,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    limits: Limits = Limits(),
    force: bool = False,
    engine: str = "local",
    address: str | None = None,
    model_version: str | None = None,
    grace: float = DEFAULT_GRACE,
    models_dir: Path | None = None,
    on_report: Callable[[dict], None] | None = None,
    on_start: Callable[[int, int], None] | None = None,
) -> BatchResult:
    """Raises UsageError (OUT is a file, OUT holds an input, no input found) before writing anything, and when
    another batch holds OUT (lock.py).

    `engine`: "local" (worker processes on this machine; "process" is the same), "inline" (in this process, for
    debugging) or "ray" (Ray actors over a cluster, see ray_engine.py; `address` of the cluster, or None for
    RAY_ADDRESS or a local instance). `workers`: documents in parallel; with Ray, None means one per CPU of
    the cluster.

    `models_dir`: trained models (sections, entities, `n.*` fields), or None for the tables only; the manifest
    records their version (`model_version`, computed from the folder unless given), so new models redo all."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}: {', '.join(ENGINES)}")
    paths = [Path(p) for p in paths]
    out = Path(out)
    check_out(paths, out)
    inputs = discover(paths, out)
    if not inputs.files and not inputs.problems:
        raise UsageError(f"no report files found in {', '.join(map(str, paths))}")
    if engine == "ray":  # before anything is written: Ray missing is a usage error
        from extractor.batch.ray_engine import RaySession, import_ray  # Ray is imported only with this engine

        import_ray()
    out.mkdir(parents=True, exist_ok=True)
    with lock.holding(out):  # from here to the end, no other batch writes in OUT
        ray_session = RaySession(address, workers) if engine == "ray" else None  # a cluster not answering: usage error
        try:
            return _run(paths, out, inputs, workers, write_text, on_progress, timeout, memory_mb, limits, force, engine,
                        model_version, grace, models_dir, on_report, on_start, ray_session)  # fmt: skip
        finally:
            if ray_session is not None:
                ray_session.close()


def _run(paths, out, inputs, workers, write_text, on_progress, timeout, memory_mb, limits, force, engine,
         model_version, grace, models_dir, on_report, on_start, ray_session) -> BatchResult:  # fmt: skip
    if model_version is None and models_dir is not None:
        model_version = models_version(Path(models_dir))
    manifest = Manifest(out)
    writer = BatchOutput(out, manifest, write_text, model_version)
    result = BatchResult(out, ignored=inputs.ignored, hidden=inputs.hidden)
    keys = manifest.run_keys()  # this run's inputs in order, on disk (memory stays flat with the batch)

    def fail(key: str, path: Path, sha: str | None, outcome: Outcome) -> None:
        writer.failed(key, path, sha, outcome)
        result.failed += 1
        result.failures.append((str(path), outcome.error or ""))

    for problem in inputs.problems:
        key = input_key(problem.path)
        keys.append(key)
        fail(key, problem.path, None, Outcome(str(problem.path), error=problem.error, kind=problem.kind))

    runner = None  # the engine, once started

    def on_signal(signum, _frame) -> None:
        name = signal.Signals(signum).name
        result.interrupted = name
        if runner is not None:
            runner.stop(name, grace)

    with _signals(on_signal):  # from here on, a signal ends the batch with its summaries
        # (key, path, sha) of the files to extract, on disk; the engine gets (index, path) of the hashed ones
        files = manifest.run_files()
        n_todo = 0
        skipped: list[str] = []  # keys of the inputs an earlier run finished
        for path in map(Path, inputs.files):  # a Path for this file only: the list holds strings
            key = input_key(path)
            keys.append(key)
            try:
                sha = None if result.interrupted else file_sha256(path, lambda: result.interrupted is not None)
            except NotRegularFile as exc:  # it was a regular file when discovered
                fail(key, path, None, Outcome(str(path), error=str(exc), kind="unsupported"))
                continue
            except OSError as exc:
                fail(key, path, None, Outcome(str(path), error=f"{path}: cannot read: {exc.strerror or exc}", kind="read_error"))
                continue
            if sha is None:  # stopped while hashing: the rest are recorded as not processed
                files.append(key, path, None)
                continue
            if not force and manifest.is_done(key, sha, model_version, out):
                result.skipped += 1
                skipped.append(key)
                continue
            files.append(key, path, sha)
            writer.reserve(key, path)
            n_todo += 1
        writer.start_summary(skipped)  # from here on summary.csv gains a row as each document finishes
        if on_start:
            on_start(n_todo, result.skipped)

        local_workers = workers or 1
        config = WorkerConfig(
            keep_text=write_text,
            # One document alone gets the workers for its pages (a long scan OCRs page-parallel); on Ray an actor
            # holds one CPU, so one page at a time.
            page_workers=local_workers if n_todo == 1 and engine != "ray" else 1,
            memory_mb=memory_mb,
            limits=limits,
            one_ocr_thread=engine == "ray" or (n_todo > 1 and local_workers > 1),
            models_dir=str(models_dir) if models_dir is not None else None,
        )
        if engine == "inline":
            runner = InlineEngine(config)
        elif engine == "ray":
            from extractor.batch.ray_engine import RayEngine

            runner = RayEngine(ray_session, min(workers, max(1, n_todo)) if workers else None, config, timeout)
        else:
            runner = ProcessEngine(min(local_workers, max(1, n_todo)), config, timeout)
        if result.interrupted:
            runner.stop(result.interrupted)
        pending = bytearray(b"\1") * len(files)  # one byte per file: 1 until its outcome came
        finished = runner.run(files.hashed())
        try:
            for index, outcome in finished:
                pending[index] = 0
                key, path, sha = files[index]
                if outcome.ok:
                    outcome = writer.done(key, path, sha, outcome)
                if outcome.ok:
                    result.ok += 1
                else:
                    fail(key, path, sha, outcome)
                if on_progress:
                    on_progress(outcome)
        finally:
            finished.close()  # whatever ended the loop, no worker outlives it
            for index in (i for i, waiting in enumerate(pending) if waiting):  # never started: the batch was stopped
                key, path, sha = files[index]
                reason = f"stopped by {result.interrupted}" if result.interrupted else "stopped"
                fail(key, path, sha, Outcome(str(path), error=f"{path}: not processed: batch {reason}", kind="interrupted"))
            try:
                result.not_written = writer.finish(keys, on_report)
            finally:
                manifest.discard_index()
    return result


@contextmanager
def _signals(handler) -> Iterator[None]:
    """SIGINT and SIGTERM stop the batch cleanly (main thread only; elsewhere signals stay as they are)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)
