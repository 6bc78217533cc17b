"""Where the OCR models run. rapidocr ships its PP-OCR models as ONNX files and runs them with ONNX Runtime;
OpenVINO compiles the same files for the CPU and, measured on the scan fixtures' 511 line crops with one
thread, reads them in 7.8 CPU s instead of 12.5 and detects their 3 pages in 1.8 s instead of 2.9, with
the same text on every crop (scores differ by less than 3e-5). `XXGK_OCR_RUNTIME=onnxruntime` keeps
rapidocr's own sessions."""

from __future__ import annotations

import os
from typing import Any

import numpy as np

RUNTIMES = ("openvino", "onnxruntime")


def runtime_name() -> str:
    name = os.environ.get("XXGK_OCR_RUNTIME", "openvino").strip().lower()
    if name not in RUNTIMES:
        raise ValueError(f"XXGK_OCR_RUNTIME={name!r}: expected one of {', '.join(RUNTIMES)}")
    return "onnxruntime" if _forked_from_openvino else name


_cores: list = []  # this process's Core, made on first use (a forked child inherits it and never uses it)
# OpenVINO's CPU plugin keeps process-wide thread pools: in a process forked after its parent used OpenVINO they
# have no threads, and compiling a model there waits for ever (seen: a batch worker forked from a test process
# that had OCR'd a page). Such a child runs the models on ONNX Runtime, which survives a fork; OCR page workers
# start from a clean process (forkserver, ocr/pool.py) and keep OpenVINO.
_forked_from_openvino = False


def _after_fork_in_child() -> None:
    global _forked_from_openvino
    _forked_from_openvino = _forked_from_openvino or bool(_cores)


os.register_at_fork(after_in_child=_after_fork_in_child)


def _core() -> Any:
    import openvino

    if not _cores:
        _cores.append(openvino.Core())
    return _cores[0]


# No cache of kernels per input shape: every line crop has its own width, and with OpenVINO's default cache
# one process OCRing three scanned reports grew to 1.74 GiB resident and 5.6 GiB of address space (past the
# batch's 6 GiB cap: MemoryErrors); without it 1.07 and 2.9 GiB, flat, for 8% more CPU (measured).
SETTINGS = {"INFERENCE_PRECISION_HINT": "f32", "ENABLE_CPU_PINNING": False, "CPU_RUNTIME_CACHE_CAPACITY": 0}


class OpenVinoSession:
    """Drop-in for rapidocr's OrtInferSession (called with the input batch, returns the outputs): the same
    ONNX file compiled by OpenVINO. Precision is pinned to f32: on CPUs with bf16 units OpenVINO would
    otherwise lower it by default, and the readings would no longer be the ones measured. No CPU pinning:
    OpenVINO pins its threads to cores of its own choosing, and two page workers pinned to the same core
    ran at the speed of one (measured: 4.3 s a page with two workers against 2.3 with one)."""

    def __init__(self, model_path: str, threads: int):
        compiled = _core().compile_model(model_path, "CPU", {**SETTINGS, "INFERENCE_NUM_THREADS": threads})
        self._request = compiled.create_infer_request()

    def __call__(self, batch: np.ndarray) -> list[np.ndarray]:
        # share_outputs=False: the next call reuses the output buffer, and rapidocr keeps what it gets
        return [self._request.infer({0: batch}, share_inputs=False, share_outputs=False)[0]]


def use_openvino(ocr: Any, threads: int) -> None:
    """Swap a RapidOCR instance's detector, angle classifier and recognizer sessions for OpenVINO ones."""
    ocr.text_det.infer = OpenVinoSession(ocr.text_det.infer.session._model_path, threads)
    ocr.text_cls.infer = OpenVinoSession(ocr.text_cls.infer.session._model_path, threads)
    ocr.text_rec.session = OpenVinoSession(ocr.text_rec.session.session._model_path, threads)
