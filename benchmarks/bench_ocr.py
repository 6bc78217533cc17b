"""Seconds per page and peak memory of the scan path: one page, then a batch of pages OCR'd with
1 and 2 workers (a multi-page image-only PDF, pages in parallel).

Usage: python benchmarks/bench_ocr.py [--page tests/fixtures/scans/<page image>] [--pages 20] [--workers 1 2]
Prints one line per run; nothing is asserted (speed is measured here, never in unit tests).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractor.readers import read_document  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "scans"


def peak_rss_mib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def cpu_seconds() -> float:
    """User + system CPU of this process and of its finished children (page workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(path: Path, workers: int) -> tuple[float, int, float]:
    """Wall seconds, pages read, CPU seconds (on a shared machine the CPU seconds are the steadier figure)."""
    t0, c0 = time.perf_counter(), cpu_seconds()
    doc = read_document(path, page_workers=workers)
    return time.perf_counter() - t0, len({p.page for p in doc.placements}), cpu_seconds() - c0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--page", type=Path, default=None, help="a page image (default: the first fixture page image)")
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    page = args.page or next(iter(sorted(FIXTURES.glob("*.png")) + sorted(FIXTURES.glob("*.jpg"))), None)
    if page is None:
        sys.exit(f"no page image given and none in {FIXTURES}")
    seconds, _, _ = timed(page, 1)  # includes loading the OCR models once
    seconds_warm, _, cpu_warm = timed(page, 1)
    own, _ = peak_rss_mib()
    print(
        f"one page ({page.name}): first {seconds:6.2f} s (with model load), warm {seconds_warm:6.2f} s wall, "
        f"{cpu_warm:6.2f} s CPU; peak RSS {own:6.1f} MiB"
    )
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "batch.pdf"
        frame = Image.open(page).convert("RGB")
        frame.save(pdf, save_all=True, append_images=[frame] * (args.pages - 1), resolution=200)
        for workers in args.workers:
            seconds, n, cpu = timed(pdf, workers)
            own, children = peak_rss_mib()
            print(
                f"{args.pages}-page scanned PDF, workers={workers}: {seconds:7.2f} s, {seconds / args.pages:5.2f} s/page wall, "
                f"{cpu / args.pages:5.2f} CPU s/page, "
                f"pages read={n}; peak RSS main {own:6.1f} MiB, largest worker {children:6.1f} MiB"
            )


if __name__ == "__main__":
    main()
