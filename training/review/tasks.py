"""The review queue as Label Studio tasks: the value's sentence with its span highlighted (a prediction the reviewer
may move), its candidates and reason in the header, and for PDFs and scans the page image with the cell's box
drawn on it. The reviewer answers correct / wrong / not in the report and, where wrong, types the right value."""

from __future__ import annotations

import base64
import io
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path
from typing import Any

from training.review.queue import Item
from extractor.spec import ENTITY_LABELS, fields_by_key
from extractor.templates import template

WINDOW = 240  # characters of context on each side of the value
CELL_LABEL = "CELL"  # the span of a table cell (table values have no entity label)
DECISIONS = ("correct", "wrong", "not in report")
MODEL_VERSION = "xxgk review"
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
# A blank 1×1 PNG for tasks without a page image (every task must carry the config's $image).
_BLANK = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/"
          "PchI7wAAAABJRU5ErkJggg==")


def labeling_config() -> str:
    view = ET.Element("View")
    ET.SubElement(view, "Header", value="$title")
    ET.SubElement(view, "Text", name="info", value="$info")
    labels = ET.SubElement(view, "Labels", name="span", toName="text", showInline="true")
    for label in (*ENTITY_LABELS, CELL_LABEL):
        ET.SubElement(labels, "Label", value=label)
    ET.SubElement(view, "Text", name="text", value="$text")
    choices = ET.SubElement(view, "Choices", name="decision", toName="text", choice="single", required="true")
    for decision in DECISIONS:
        ET.SubElement(choices, "Choice", value=decision)
    ET.SubElement(view, "TextArea", name="value", toName="text", maxSubmissions="1", editable="true",
                  placeholder="if wrong: the right number (or KEY=NUMBER per line for other cells)")
    ET.SubElement(view, "Image", name="page", value="$image", zoom="true")
    ET.indent(view)
    return ET.tostring(view, encoding="unicode") + "\n"


def to_task(item: Item, text: str, image: str | None, rank: int) -> dict[str, Any]:
    label = fields_by_key().get(item.key)
    start = max(0, (item.start or 0) - WINDOW)
    end = min(len(text), (item.end if item.end is not None else 0) + WINDOW)
    window = text[start:end] or "(no text)"
    candidates = " · ".join(f"{c.get('value')} ({c.get('confidence')})" for c in item.candidates)
    info = [f"rank {rank}, score {item.score} = P(wrong) {item.p_wrong} × importance {item.importance}",
            f"{item.kind}: {item.reason}"]
    if candidates:
        info.append(f"candidates: {candidates}")
    if len(item.keys) > 1:
        info.append("keys of the identity: " + ", ".join(item.keys))
    data = {
        "item": item.id, "document": item.document, "source": item.source, "key": item.key, "kind": item.kind,
        "value": "" if item.value is None else str(item.value), "window_start": start,
        "title": f"{item.document} · {item.key}{f' ({label.label})' if label else ''} = {item.value}",
        "info": "\n".join(info), "text": window, "image": image or _BLANK,
    }
    task: dict[str, Any] = {"data": data}
    if item.start is not None and item.end is not None and item.end > item.start:
        value = {"start": item.start - start, "end": item.end - start, "text": text[item.start:item.end],
                 "labels": [_span_label(item)]}
        task["predictions"] = [{"model_version": MODEL_VERSION, "score": item.score,
                                "result": [{"id": "v", "from_name": "span", "to_name": "text", "type": "labels",
                                            "value": value}]}]
    return task


def _span_label(item: Item) -> str:
    if item.key.startswith("n."):
        tagged = str(item.read_as or "")  # the label the tagger gave: read_as "tagged APP_RECEIVED"
        for label in ENTITY_LABELS:
            if tagged.endswith(label):
                return label
        return template.NARRATIVE_LABELS.get(item.key, ENTITY_LABELS[0])  # the label the key is stated with
    return CELL_LABEL


def page_image(source: Path, page: int | None, box: list[float] | None, max_width: int = 1400) -> str | None:
    """A PNG data URI of the item's page (PDF pages rendered, images as they are) with the cell's box drawn in
    red; None for text formats or a file that cannot be opened."""
    suffix = source.suffix.lower()
    if suffix != ".pdf" and suffix not in _IMAGE_SUFFIXES:
        return None
    try:
        image, scale = _page(str(source), page or 1)
    except Exception:  # an unreadable file gives no image; the text still shows the value
        return None
    image = image.convert("RGB")
    if box:
        from PIL import ImageDraw

        x0, y0, x1, y1 = (v * scale for v in box)
        ImageDraw.Draw(image).rectangle((x0 - 3, y0 - 3, x1 + 3, y1 + 3), outline=(220, 0, 0), width=4)
    if image.width > max_width:
        image = image.resize((max_width, round(image.height * max_width / image.width)))
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


@lru_cache(maxsize=8)
def _page(source: str, page: int):
    """The page as a PIL image and the factor from the box's units to its pixels (PDF points at 144 dpi)."""
    from PIL import Image

    if source.lower().endswith(".pdf"):
        import pypdfium2

        pdf = pypdfium2.PdfDocument(source)
        return pdf[page - 1].render(scale=2).to_pil(), 2.0
    with Image.open(source) as img:
        img.seek(min(page - 1, getattr(img, "n_frames", 1) - 1))
        return img.copy(), 1.0
