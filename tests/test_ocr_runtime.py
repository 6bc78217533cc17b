"""The OCR models on OpenVINO read what they read on ONNX Runtime, and survive a fork."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extractor.ocr import engine as ocr_engine
from extractor.ocr.runtime import OpenVinoSession, runtime_name

PAGE = Path(__file__).parent / "fixtures" / "scans" / "example_2019-p2.png"


def _page_crops(n: int) -> list[np.ndarray]:
    gray = np.asarray(Image.open(PAGE).convert("L"))
    return ocr_engine.crops(gray, ocr_engine.detect(gray)[:n])


def test_an_unknown_runtime_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_OCR_RUNTIME", "tensorrt")
    with pytest.raises(ValueError, match="tensorrt"):
        runtime_name()


def test_openvino_reads_the_same_text_as_onnx_runtime() -> None:
    from rapidocr_onnxruntime import RapidOCR

    crops = _page_crops(40)
    assert len(crops) == 40
    reference = RapidOCR(intra_op_num_threads=1).text_rec  # rapidocr's own ONNX Runtime session
    ours = RapidOCR(intra_op_num_threads=1).text_rec
    ours.session = OpenVinoSession(reference.session.session._model_path, threads=1)
    ort_read, _ = reference(crops)
    ov_read, _ = ours(crops)
    assert [text for text, _ in ov_read] == [text for text, _ in ort_read]
    assert max(abs(a - b) for (_, a), (_, b) in zip(ov_read, ort_read)) < 1e-3
    assert sum(bool(text) for text, _ in ov_read) >= 30  # real readings, not 40 empty strings


def _read_in_child(queue: mp.Queue) -> None:
    text = ocr_engine.recognize_crops(_page_crops(3))[0][0]
    queue.put((text, ocr_engine.engine() not in ocr_engine._inherited, runtime_name()))


def test_a_process_forked_after_ocr_builds_its_own_engine_and_does_not_hang() -> None:
    """A forked process used to hang destroying the parent's OpenVINO objects, or compiling new ones (the
    plugin's threads are gone after a fork)."""
    parent_text = ocr_engine.recognize_crops(_page_crops(3))[0][0]
    before = ocr_engine.engine()
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_read_in_child, args=(queue,))
    child.start()
    child.join(timeout=120)
    if child.is_alive():
        child.kill()
        pytest.fail("the forked process hung")
    assert child.exitcode == 0
    # Same reading, from an engine of its own, on ONNX Runtime (OpenVINO cannot compile after a fork)
    assert queue.get(timeout=5) == (parent_text, True, "onnxruntime")
    assert ocr_engine.engine() is before  # the parent keeps its engine
