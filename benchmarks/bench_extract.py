"""Text path of `xxgk extract`: reports/s and the batch process's peak memory, for batches of
increasing size (copies of the development corpus's .txt reports). The batch process's memory must
stay flat as the batch grows: it holds one result at a time and writes summaries from the outputs.

Usage: python benchmarks/bench_extract.py [--sizes 500 5000] [--workers 2] [--corpus DIR] [--models DIR | --no-models]
                                        [--engine local|ray [--address ADDRESS]]
With the shipped models (models/) by default, as `xxgk extract` runs; --no-models measures the tables only.
--engine ray runs the same batch on Ray (a local instance of --workers CPUs unless --address names a
cluster); its seconds include starting that instance, and its "largest worker" is one of Ray's own processes
(the actors are not children of the batch process). TMPDIR decides where the copies and outputs go.
Each size runs in a fresh process, so each peak is that batch's own. Prints one line per run;
nothing is asserted (speed is measured here, never in unit tests).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real"


def _rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def one_batch(files_dir: Path, workers: int, models: Path | None, engine: str = "local", address: str | None = None) -> dict:
    """In this (fresh) process: one batch over `files_dir`; the figures as a dict."""
    sys.path.insert(0, str(ROOT))
    from extractor.batch import extract_batch

    before = _rss_mib()
    during: list[float] = [0.0]

    def peak(_outcome) -> None:  # the peak up to the last document, before the summaries are written
        during[0] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        result = extract_batch([files_dir], Path(out), workers=workers, on_progress=peak, models_dir=models,
                               engine=engine, address=address)
        seconds = time.perf_counter() - t0
    return {
        "reports": result.ok + result.failed, "ok": result.ok, "failed": result.failed, "seconds": seconds,
        "rss_before_mib": before, "extracting_peak_mib": during[0],
        "parent_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # Linux: KiB
        "worker_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "parent_cpu_s": (lambda r: r.ru_utime + r.ru_stime)(resource.getrusage(resource.RUSAGE_SELF)),
        # the workers' own CPU per report: what the extraction costs, less moved by other load on the machine than
        # reports/s (this shared machine's speed varies by up to a factor of two from one day, or hour, to the next)
        "workers_cpu_s": (lambda r: r.ru_utime + r.ru_stime)(resource.getrusage(resource.RUSAGE_CHILDREN)),
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=Path(os.environ.get("XXGK_CORPUS", DEFAULT_CORPUS)))
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--models", type=Path, default=ROOT / "models", help="trained models (default: the shipped ones)")
    ap.add_argument("--no-models", action="store_true", help="tables only")
    ap.add_argument("--engine", default="local", choices=["local", "ray"])
    ap.add_argument("--address", default=None, help="with --engine ray: a running cluster")
    ap.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # internal: run one batch, print JSON
    args = ap.parse_args()
    models = None if args.no_models else args.models.resolve()
    if args.one:
        print(json.dumps(one_batch(args.one, args.workers, models, args.engine, args.address)))
        return
    reports = sorted(args.corpus.glob("*.txt"))
    if not reports:
        sys.exit(f"no .txt reports in {args.corpus}")
    print(f"machine: {os.cpu_count()} CPU(s), python {sys.version.split()[0]}, workers={args.workers}, "
          f"models={models or 'none (tables only)'}, engine={args.engine}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for i in range(size):
                r = reports[i % len(reports)]
                shutil.copy(r, folder / f"{r.stem}_{i:05d}.txt")
            run = subprocess.run(
                [sys.executable, __file__, "--one", str(folder), "--workers", str(args.workers),
                 *(["--no-models"] if models is None else ["--models", str(models)]),
                 "--engine", args.engine, *(["--address", args.address] if args.address else [])],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            m = json.loads(run.stdout.strip().splitlines()[-1])
        print(
            f"reports={m['reports']:>6}  ok={m['ok']:>6}  errors={m['failed']}  seconds={m['seconds']:8.1f}  "
            f"reports/s={m['reports'] / m['seconds']:6.1f}  batch process peak RSS MiB: {m['parent_peak_mib']:6.1f} "
            f"(after imports {m['rss_before_mib']:.1f}, up to the last document {m['extracting_peak_mib']:.1f}; "
            f"the rest: writing summary.csv and fields.parquet)  largest worker peak RSS MiB: {m['worker_peak_mib']:6.1f}  "
            f"batch process CPU ms/report: {1000 * m.get('parent_cpu_s', float('nan')) / m['reports']:.2f} (imports included)  "
            f"workers CPU ms/report: {1000 * m.get('workers_cpu_s', float('nan')) / m['reports']:.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
