"""OCR of many pages, in parallel processes when asked: each worker loads its own engine once and
renders its page from the file itself, so no page image crosses a process boundary."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from extractor.layout.page import PageContent, layout_page
from extractor.ocr.engine import set_threads
from extractor.ocr.page import OcrPage, ocr_page
from extractor.process import die_with_parent


@dataclass(frozen=True)
class PageJob:
    path: Path
    index: int  # 0-based page or frame
    dpi: int  # for PDF pages; images are read at their own resolution


Renderer = Callable[[PageJob], tuple[np.ndarray, float]]  # → image, units per pixel


def _run(job: PageJob, render: Renderer) -> OcrPage:
    image, units = render(job)
    return ocr_page(image, units)


def _ocr(jobs: list[PageJob], render: Renderer, workers: int) -> list[OcrPage]:
    if workers <= 1 or len(jobs) <= 1:
        return [_run(job, render) for job in jobs]
    # Each worker's engine gets one thread: the workers already keep the cores busy. Forked from a clean server
    # process, not from this one: a process forked after OpenVINO ran here could not use it (ocr/runtime.py).
    context = mp.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), initializer=_init_page_worker, mp_context=context) as pool:
        return list(pool.map(_run, jobs, [render] * len(jobs)))


def _init_page_worker() -> None:
    die_with_parent()  # a page worker must not outlive the document's process (killed for a timeout, say)
    set_threads(1)


_TURNS = {1: "90° clockwise", 2: "180°", 3: "90° counter-clockwise"}


def ocr_pages(jobs: list[PageJob], render: Renderer, workers: int = 1) -> tuple[list[PageContent], list[str]]:
    """OCR the pages and lay each out (page number = index + 1); notes say which were turned or deskewed."""
    pages, notes = [], []
    for job, result in zip(jobs, _ocr(jobs, render, workers)):
        number = job.index + 1
        pages.append(layout_page(number, result.height, result.glyphs, result.tables, ocr=True))
        if result.fix.quarter_turns:
            notes.append(f"page {number}: turned {_TURNS[result.fix.quarter_turns]} before OCR")
        if result.fix.skew:
            notes.append(f"page {number}: deskewed by {result.fix.skew:.1f}°")
    return pages, notes
