"""Reports/s and peak memory of the text path: the development corpus once, then many copies of it.

Usage: python benchmarks/bench_extract.py [--copies 300] [--workers 1 2] [--corpus DIR]
Prints one line per run; nothing is asserted (speed is measured here, never in unit tests).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractor.batch import extract_batch  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


def peak_rss_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # Linux reports KiB


def run(files_dir: Path, workers: int, label: str) -> None:
    n = len(list(files_dir.glob("*.txt")))
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        writer = extract_batch([files_dir], Path(out), workers=workers)
        elapsed = time.perf_counter() - t0
    print(
        f"{label:<28} workers={workers}  reports={n:>5}  ok={writer.ok:>5}  errors={writer.failed}  "
        f"seconds={elapsed:7.2f}  reports/s={n / elapsed:8.1f}  peak RSS (largest process) MiB={peak_rss_mib():7.1f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=Path(os.environ.get("XXGK_CORPUS", DEFAULT_CORPUS)))
    ap.add_argument("--copies", type=int, default=300)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    reports = sorted(args.corpus.glob("*.txt"))
    if not reports:
        sys.exit(f"no .txt reports in {args.corpus}")
    print(f"machine: {os.cpu_count()} CPU(s), python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        once, many = Path(tmp) / "once", Path(tmp) / "many"
        once.mkdir()
        many.mkdir()
        for r in reports:
            shutil.copy(r, once / r.name)
        for i in range(args.copies):
            for r in reports:
                shutil.copy(r, many / f"{r.stem}_{i:04d}.txt")
        for w in args.workers:
            run(once, w, "corpus once")
        for w in args.workers:
            run(many, w, f"corpus x{args.copies}")


if __name__ == "__main__":
    main()
