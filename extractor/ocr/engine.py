"""Character-level OCR with rapidocr-onnxruntime. Its Chinese PP-OCR models ship inside the wheel:
nothing is downloaded. One engine per process, created on first use; its models run on OpenVINO
(runtime.py) unless XXGK_OCR_RUNTIME says otherwise.

The page is read in two steps that the caller controls, instead of rapidocr's all-in-one call: `detect`
(text line boxes) and `read` (crops of those boxes through the recognizer); geometry.py detects on a small
copy for orientation and skew, then once on the corrected page, whose boxes are read. The recognizer sees exactly the
crops rapidocr's own call gives it (page scaled to at most 2000 px, same perspective crops); only the
batching differs: crops are grouped by the width they are padded to (REC_BATCH of them a call, measured best
at one), so a short number is never padded to the width of a long line that happens to share its batch (rapidocr batches six crops by aspect ratio and
pads all six to the widest), and no angle classification is run on a page already turned upright.
Detecting at less than 2000 px (1280) was measured and lost cells; it stays at rapidocr's size."""

from __future__ import annotations

import os

import cv2
import numpy as np

from extractor.layout.glyphs import Glyph
from extractor.ocr.runtime import runtime_name, use_openvino

_threads = 0  # 0: all cores
MAX_SIDE = 2000  # rapidocr's max_side_len: a larger page is scaled down before detection and cropping
TEXT_SCORE = 0.5  # rapidocr's text_score: lines read with less confidence are dropped
# Crops per recognizer call (all padded to the same width). Measured on the scan fixtures with one
# thread: on ONNX Runtime 1 crop a call cost 3.6-3.8 CPU s a page in the recognizer, 8 a call 4.3, 24 a
# call 11.0; on OpenVINO (its shape cache on) 1 a call 2.14, 4 a call 2.01, 8 a call 2.03.
REC_BATCH = 4


def set_threads(n: int) -> None:
    """Threads of this process's engine; page workers each take one, a lone process takes all cores."""
    global _threads
    _threads = n


_engine = None
# A parent's engine as a forked child inherits it: kept, never used and never destroyed. The child builds its
# own (the parent's was made for another thread count, and OpenVINO's threads do not survive a fork), and
# destroying the inherited OpenVINO objects waits forever on those threads (seen: page workers hung).
_inherited: list = []


def engine():
    global _engine
    if _engine is None:
        from rapidocr_onnxruntime import RapidOCR

        threads = int(os.environ.get("XXGK_OCR_THREADS", "0")) or _threads or (os.cpu_count() or 1)
        _engine = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)
        if runtime_name() == "openvino":
            use_openvino(_engine, threads)
    return _engine


def _forget_after_fork() -> None:
    global _engine
    if _engine is not None:
        _inherited.append(_engine)
        _engine = None


os.register_at_fork(after_in_child=_forget_after_fork)


def _det_scale(gray: np.ndarray, side: int = MAX_SIDE) -> tuple[np.ndarray, float]:
    """The page as rapidocr's call would see it: longest side at most `side`, sides multiples of 32
    when scaled; returns the image and the factor from its pixels to the page's."""
    h, w = gray.shape[:2]
    if max(h, w) <= side:
        return gray, 1.0
    ratio = side / max(h, w)
    rh, rw = int(round(int(h * ratio) / 32) * 32), int(round(int(w * ratio) / 32) * 32)
    return cv2.resize(gray, (rw, rh)), h / rh  # rapidocr scales back by h/rh and w/rw; they agree to <1 %


def detect(gray: np.ndarray) -> list[np.ndarray]:
    """Text line quadrilaterals (tl, tr, br, bl) of a grayscale page, in its pixels."""
    small, back = _det_scale(gray)
    det = engine().text_det
    h, w = small.shape
    # rapidocr's detector preprocessing (limit_type min 736: only small images grow), done once on the
    # grey channel in float32 and repeated, instead of three float64 channels.
    limit = det.limit_side_len
    ratio = limit / min(h, w) if min(h, w) < limit else 1.0
    rh, rw = int(round(int(h * ratio) / 32) * 32), int(round(int(w * ratio) / 32) * 32)
    if rh <= 0 or rw <= 0:
        return []
    resized = cv2.resize(small, (rw, rh)) if (rh, rw) != (h, w) else small
    norm = (resized.astype(np.float32) * np.float32(1 / 255.0) - np.float32(0.5)) / np.float32(0.5)
    tensor = np.ascontiguousarray(np.broadcast_to(norm, (1, 3, rh, rw)))
    preds = det.infer(tensor)[0]
    boxes, _ = det.postprocess_op(preds, (h, w))
    boxes = det.filter_tag_det_res(boxes, (h, w))
    if boxes is None or len(boxes) == 0:
        return []
    return [np.asarray(b, np.float32) * np.float32(back) for b in engine().sorted_boxes(boxes)]


def crops(gray: np.ndarray, boxes: list[np.ndarray]) -> list[np.ndarray]:
    """Each box cut out and straightened (rapidocr's perspective crop), as 3-channel images."""
    if not boxes:
        return []
    out = engine().get_crop_img_list(gray, [np.asarray(b, np.float32) for b in boxes])
    return [np.repeat(c[..., None], 3, axis=-1) if c.ndim == 2 else c for c in out]


def recognize_crops(images: list[np.ndarray], word_boxes: bool = False) -> list[tuple]:
    """Recognizer readings of line images, in order: (text, score, word info) as rapidocr's recognizer
    gives them. Crops are batched by padded width (the recognizer pads to at least 48×320)."""
    rec = engine().text_rec
    _, height, min_width = rec.rec_image_shape
    groups: dict[int, list[int]] = {}
    for i, img in enumerate(images):
        ratio = max(min_width / height, img.shape[1] / max(img.shape[0], 1))
        groups.setdefault(int(height * ratio), []).append(i)
    results: list[tuple] = [("", 0.0)] * len(images)
    for members in groups.values():
        for start in range(0, len(members), REC_BATCH):
            batch = members[start : start + REC_BATCH]
            read, _ = rec([images[i] for i in batch], word_boxes)
            for i, r in zip(batch, read):
                results[i] = r
    return results


def read(gray: np.ndarray, boxes: list[np.ndarray]) -> list[Glyph]:
    """Characters of the detected lines, with boxes in the page's pixels."""
    if not boxes:
        return []
    small, back = _det_scale(gray)
    scaled = [np.asarray(b, np.float32) / np.float32(back) for b in boxes]
    images = crops(small, scaled)
    readings = recognize_crops(images, word_boxes=True)
    readings = engine().cal_rec_boxes(images, scaled, readings)
    glyphs: list[Glyph] = []
    h, w = small.shape[:2]
    for quad, (text, score, *rest) in zip(scaled, readings):
        if float(score) < TEXT_SCORE:
            continue
        if rest and rest[0]:
            rest = [[[[min(max(x, 0), w) * back, min(max(y, 0), h) * back] for x, y in box] for box in rest[0]], *rest[1:]]
        glyphs += [g for g in _chars((quad * back).tolist(), text, float(score), rest) if g.text.strip()]
    return glyphs


def recognize(image: np.ndarray) -> list[Glyph]:
    """OCR an RGB or grayscale page image as it lies: its characters, with boxes in its pixels."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    return read(gray, detect(gray))


def _chars(quad, text: str, score: float, rest: list) -> list[Glyph]:
    """Per-character boxes when rapidocr gives them, else the line box cut evenly by character."""
    if rest and len(rest[0]) == len(rest[1]) and rest[1]:
        boxes, words, scores = rest[0], rest[1], rest[2]
        out = []
        for box, word, s in zip(boxes, words, scores):
            xs, ys = [p[0] for p in box], [p[1] for p in box]
            # A "word" may hold several characters (Latin runs): keep them together, one box.
            out.append(Glyph(word, min(xs), min(ys), max(xs), max(ys), float(s)))
        return out
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    if not text:
        return []
    step = (max(xs) - min(xs)) / len(text)
    return [
        Glyph(ch, min(xs) + i * step, min(ys), min(xs) + (i + 1) * step, max(ys), score)
        for i, ch in enumerate(text)
    ]
