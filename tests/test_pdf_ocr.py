"""PDF and scan readers on the committed renders of the invented examples (tests/fixtures/scans; see its
README): text layers, ruled tables across pages, garbage text layers, scans with a seal, skewed and
turned page images, and broken files. OCR runs for real here (rapidocr's bundled models)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.batch import extract_batch
from extractor.document import ReadError
from extractor.pipeline import extract_document
from extractor.readers import read_document
from extractor.readers.pdf import looks_like_garbage

SCANS = Path(__file__).parent / "fixtures" / "scans"


def gold(name: str) -> dict:
    fields = json.loads((SCANS / f"{name}.gold.json").read_text("utf-8"))["fields"]
    return {k: v for k, v in fields.items() if not k.startswith("n.") and v is not None}


def table_f1(fields: dict, expected: dict, table: str) -> float:
    keys = [k for k in expected if k.startswith(table + ".")]
    right = sum(fields.get(k) == expected[k] for k in keys)
    wrong = sum(fields.get(k) is not None and fields.get(k) != expected[k] for k in keys)
    return 2 * right / (2 * right + wrong + (len(keys) - right - wrong)) if keys else 1.0


_cache: dict[str, tuple] = {}


def extracted(file: str):
    """Each fixture is read (and OCR'd) once per test session."""
    if file not in _cache:
        doc = read_document(SCANS / file, page_workers=2)
        _cache[file] = (doc, extract_document(doc))
    return _cache[file]


def test_text_pdf_reads_every_cell_exactly_with_page_and_box() -> None:
    doc, report = extracted("example_2021.pdf")
    assert doc.format == "pdf" and not doc.notes  # text layer used, no OCR
    expected = gold("example_2021")
    assert {k: report.fields.get(k) for k in expected} == expected
    p = report.provenance["t3.new_received.total"]
    assert p.page is not None and p.page >= 2 and p.box is not None and p.ocr_raw is None
    assert doc.text[p.start : p.end] == str(expected["t3.new_received.total"])


def test_table_split_across_pages_is_one_grid_and_reads_whole() -> None:
    doc, report = extracted("example_2021.t3split.pdf")
    expected = gold("example_2021.t3split")
    assert {k: report.fields.get(k) for k in expected} == expected
    t3_rows = [
        g for g in doc.tables
        if any("予以公开" in c.text for row in g.rows for c in row) and any("结转下年度" in c.text for row in g.rows for c in row)
    ]
    pages = {doc.placement_at(c.start).page for row in t3_rows[0].rows for c in row if c.text and doc.placement_at(c.start)}
    assert len(t3_rows) == 1 and len(pages) == 2  # joined across the page break


def test_page_numbers_are_not_read_as_text() -> None:
    doc, _ = extracted("example_2021.pdf")
    assert not any(line.strip(" —-") .isdigit() for line in doc.text.splitlines())


def test_garbage_text_layer_is_detected_and_ocrd() -> None:
    doc, report = extracted("example_2019.mojibake.pdf")
    assert any("garbage text layer" in n for n in doc.notes)
    assert "æ" not in doc.text and "本年" in doc.text
    expected = gold("example_2019.mojibake")
    assert table_f1(report.fields, expected, "t3") >= 0.95
    assert table_f1(report.fields, expected, "t4") == 1.0


def test_scanned_pdf_with_a_seal_over_table_4() -> None:
    doc, report = extracted("example_2020.scan.pdf")
    assert sum("no text layer; OCR" in n for n in doc.notes) == 3
    expected = gold("example_2020.scan")
    assert table_f1(report.fields, expected, "t2") >= 0.95
    assert table_f1(report.fields, expected, "t3") >= 0.95
    assert table_f1(report.fields, expected, "t4") == 1.0  # a cell under the seal filled by its identity
    assert all(report.provenance[k].ocr_raw is not None for k in expected if k in report.provenance and report.provenance[k].start is not None)


def test_every_ocr_corrected_cell_is_marked_and_warned() -> None:
    for file in ("example_2020.scan.pdf", "example_2019.mojibake.pdf", "example_2021-p3.skew2.jpg"):
        _, report = extracted(file)
        for key, p in report.provenance.items():
            if p.read_as and ("ocr-corrected" in p.read_as or "filled by identity" in p.read_as):
                assert p.confidence <= 0.5
                assert any(key in w for w in report.warnings if w.startswith("OCR"))


def test_page_image_reads_the_table_rows_it_holds() -> None:
    doc, report = extracted("example_2019-p2.png")
    assert doc.format == "image"
    assert table_f1(report.fields, gold("example_2019-p2"), "t3") >= 0.9


def test_skewed_photo_is_deskewed() -> None:
    doc, report = extracted("example_2021-p3.skew2.jpg")
    assert any("deskewed" in n for n in doc.notes)
    assert table_f1(report.fields, gold("example_2021-p3.skew2"), "t3") >= 0.95


def test_page_turned_on_its_side_is_turned_back() -> None:
    doc, report = extracted("example_2021-p4.rot90.jpg")
    # The photo was turned clockwise, so it is turned back counter-clockwise.
    assert any("turned 90° counter-clockwise" in n for n in doc.notes)
    assert table_f1(report.fields, gold("example_2021-p4.rot90"), "t4") == 1.0


@pytest.mark.parametrize(
    ("file", "reason"),
    [("example_2021.encrypted.pdf", "encrypted PDF"), ("example_2021.truncated.pdf", "not a readable PDF")],
)
def test_broken_pdfs_give_a_clear_error(file: str, reason: str) -> None:
    with pytest.raises(ReadError) as err:
        read_document(SCANS / file)
    assert file in str(err.value) and reason in str(err.value)


def test_batch_goes_on_past_broken_pdfs(tmp_path: Path) -> None:
    files = [SCANS / "example_2021.encrypted.pdf", SCANS / "example_2021.pdf", SCANS / "example_2021.truncated.pdf"]
    writer = extract_batch(files, tmp_path / "out")
    assert (writer.ok, writer.failed) == (1, 2)
    errors = [json.loads(line) for line in (tmp_path / "out" / "errors.jsonl").read_text("utf-8").splitlines()]
    assert {Path(e["source"]).name for e in errors} == {"example_2021.encrypted.pdf", "example_2021.truncated.pdf"}
    assert (tmp_path / "out" / "example_2021.json").exists()


def test_not_a_pdf_and_not_an_image(tmp_path: Path) -> None:
    fake_pdf = tmp_path / "report.pdf"
    fake_pdf.write_bytes(b"<html>not a pdf</html>")
    fake_png = tmp_path / "scan.png"
    fake_png.write_bytes(b"\x89PNG\r\n\x1a\n broken")
    for path, reason in ((fake_pdf, "not a PDF"), (fake_png, "not a readable image")):
        with pytest.raises(ReadError, match=reason):
            read_document(path)


def test_garbage_detector() -> None:
    assert looks_like_garbage("æœ¬å¹´æ–°æ”¶æ”¿åºœä¿¡æ¯å…¬å¼€ç”³è¯·æ•°é‡ 64 0 0 2 0 4 70")
    assert not looks_like_garbage("一、本年新收政府信息公开申请数量 64 0 0 2 0 4 70 二、上年结转政府信息公开申请数量")
    assert not looks_like_garbage("12 3")  # too little to judge


def _page_gray(name: str):
    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(SCANS / name).convert("L"))


def test_detection_on_the_grey_page_finds_rapidocrs_boxes() -> None:
    """`detect` does the detector's preprocessing itself (one grey channel in float32): it must find the
    boxes rapidocr's own detector finds on the same page as three channels."""
    import numpy as np

    from extractor.ocr.engine import detect, engine

    gray = _page_gray("example_2019-p2.png")
    ours = detect(gray)
    theirs, _ = engine().text_det(np.stack([gray] * 3, axis=-1))
    assert len(ours) == len(theirs) > 100
    key = lambda q: (round(float(q[0][1]) / 4), round(float(q[0][0]) / 4))  # noqa: E731
    for a, b in zip(sorted(ours, key=key), sorted(theirs, key=key)):
        assert np.abs(np.asarray(a) - np.asarray(b)).max() <= 2


def test_crops_of_mixed_widths_are_read_as_each_alone_and_kept_in_order() -> None:
    """Crops are grouped by padded width for the recognizer; each reading must come back to its crop."""
    from extractor.ocr.engine import crops, detect, engine, recognize_crops

    gray = _page_gray("example_2019-p2.png")
    boxes = detect(gray)
    images = crops(gray, boxes[:12] + boxes[-12:])  # long labels and short numbers mixed
    assert len({round(i.shape[1] / i.shape[0], 1) for i in images}) > 5
    together = recognize_crops(images)
    alone = [engine().text_rec([img])[0][0] for img in images]
    assert [r[0] for r in together] == [r[0] for r in alone]
    assert sum(bool(r[0]) for r in together) >= 20


def test_upright_returns_the_detection_of_the_page_it_returns() -> None:
    """The boxes handed to the recognizer belong to the turned page, not to the page as scanned."""
    from extractor.ocr.engine import detect
    from extractor.ocr.geometry import _turns_to_horizontal, upright

    gray = _page_gray("example_2021-p4.rot90.jpg")
    assert _turns_to_horizontal(detect(gray)) == 1  # as scanned, its lines run top to bottom
    page, fix, boxes = upright(gray)
    assert fix.quarter_turns in (1, 3) and page.shape[:2] == gray.shape[::-1]
    assert len(boxes) > 20 and _turns_to_horizontal(boxes) == 0
    assert all(float(q[:, 0].max()) <= page.shape[1] and float(q[:, 1].max()) <= page.shape[0] for q in boxes)
