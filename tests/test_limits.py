"""What one document may cost: each limit refuses its document with a clear reason, before paying for it.

Every input is made here: a docx zip bomb, a PDF with a huge page, a PDF of many blank pages, an image
whose header declares billions of pixels, HTML of deeply nested tables, a bare grid of numbers.
"""

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from extractor.limits import LimitExceeded, Limits, set_limits
from extractor.document import ReadError
from extractor.pipeline import NotAReport, extract_path
from extractor.readers import read_document


@pytest.fixture(autouse=True)
def default_limits():
    set_limits(Limits())
    yield
    set_limits(Limits())


EXAMPLE_DOCX = Path(__file__).resolve().parents[1] / "examples" / "example_2021.docx"


def zip_bomb_docx(path, unzipped_mib: int) -> None:
    """A real report .docx with one more part that inflates to `unzipped_mib` MiB (a few KB on disk each)."""
    with zipfile.ZipFile(EXAMPLE_DOCX) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in src.infolist():
            zf.writestr(item, src.read(item))
        with zf.open("word/media/padding.bin", "w", force_zip64=True) as f:
            chunk = b"0" * 2**20
            for _ in range(unzipped_mib):
                f.write(chunk)


def blank_pdf(path, pages: int, width: float = 595, height: float = 842) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(width, height)
    buf = io.BytesIO()
    pdf.save(buf)
    pdf.close()
    path.write_bytes(buf.getvalue())


def huge_png(path, width: int, height: int, whole: bool = False) -> None:
    """A 1-bit PNG whose header declares width×height pixels; its pixel data is absent (never decoded), or with
    `whole` all there (blank rows: a few KB on disk, width×height/8 bytes decoded)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = b"\0" * (1 + (width + 7) // 8) * height if whole else b"\0" * 64
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(pixels, 9)) + chunk(b"IEND", b""))


def nested_tables_html(path, depth: int) -> None:
    cells = "<table><tr><td>" * depth + "一、总体情况 本年新收政府信息公开申请 12 件" + "</td></tr></table>" * depth
    path.write_text(f"<html><body><p>某某局2022年政府信息公开工作年度报告</p>{cells}</body></html>", encoding="utf-8")


def test_docx_zip_bomb_is_refused_before_inflating(tmp_path):
    bomb = tmp_path / "bomb.docx"
    zip_bomb_docx(bomb, 40)
    assert bomb.stat().st_size < 200_000
    set_limits(Limits(max_unzipped_bytes=16 * 2**20))
    with pytest.raises(LimitExceeded, match="decompressed size") as exc:
        read_document(bomb)
    assert str(bomb) in str(exc.value) and "zip bomb" in str(exc.value)
    set_limits(Limits(max_unzipped_bytes=64 * 2**20))
    assert "行政复议" in read_document(bomb).text  # under the limit it is an ordinary report


def test_pdf_page_too_large_to_render_is_refused(tmp_path):
    huge = tmp_path / "huge_page.pdf"
    blank_pdf(huge, 1, 14400, 14400)  # 5 m × 5 m: 1.6 billion pixels at the OCR resolution
    assert huge.stat().st_size < 2000
    with pytest.raises(LimitExceeded, match="image pixels") as exc:
        read_document(huge)
    assert "page 1" in str(exc.value)


def test_pdf_with_too_many_pages_is_refused_before_any_ocr(tmp_path):
    blank = tmp_path / "blank.pdf"
    blank_pdf(blank, 30)
    set_limits(Limits(max_pages=20))
    with pytest.raises(LimitExceeded, match="30 pages"):
        read_document(blank)


def test_image_declaring_too_many_pixels_is_refused_from_its_header(tmp_path):
    png = tmp_path / "huge.png"
    huge_png(png, 60_000, 60_000)
    with pytest.raises(LimitExceeded, match="image pixels"):
        read_document(png)


def test_deeply_nested_html_tables_are_refused(tmp_path):
    deep = tmp_path / "deep.html"
    nested_tables_html(deep, 400)
    with pytest.raises(LimitExceeded, match="nesting depth"):
        read_document(deep)
    shallow = tmp_path / "shallow.html"
    nested_tables_html(shallow, 3)
    assert "总体情况" in read_document(shallow).text


def test_a_bare_grid_of_numbers_is_not_a_report(tmp_path):
    rng = random.Random(7)
    rows = "".join(
        "<tr>" + "".join(f"<td>{rng.randint(0, 99)}</td>" for _ in range(n)) + "</tr>" for n in [7] * 30 + [15] * 3
    )
    for head in ("统计表", "行政复议 结果维持"):
        grid = tmp_path / "grid.html"
        grid.write_text(f"<html><body><p>{head}</p><table>{rows}</table></body></html>", encoding="utf-8")
        with pytest.raises(NotAReport):
            extract_path(grid)


def test_blank_pages_are_not_ocred(tmp_path):
    """Blank scanned pages cost a render each, not seconds of OCR (20 of them would take minutes)."""
    from extractor.document import ReadError
    from extractor.ocr.page import is_blank, ocr_page

    blank = tmp_path / "blank.pdf"
    blank_pdf(blank, 20)
    with pytest.raises(ReadError, match="OCR found none"):
        read_document(blank)
    import numpy as np

    page = np.full((2339, 1654), 255, np.uint8)
    assert is_blank(page) and ocr_page(np.stack([page] * 3, axis=-1)).glyphs == []
    page[1000:1040, 200:1400:30] = 0  # a line of strokes is ink
    assert not is_blank(page)


def nested_elements_html(path, depth: int, tag: str = "div") -> None:
    inner = f"<{tag}>" * depth + "一、总体情况 本年新收政府信息公开申请 12 件" + f"</{tag}>" * depth
    path.write_text(f"<html><body><p>某某局2022年政府信息公开工作年度报告</p>{inner}</body></html>", encoding="utf-8")


@pytest.mark.parametrize("tag", ["div", "span", "b"])
def test_deeply_nested_html_elements_are_refused(tmp_path, tag):
    """Reading nested elements costs time quadratic in the depth (50,000 would take some 25 minutes)."""
    deep = tmp_path / "deep.html"
    nested_elements_html(deep, 50_000, tag)
    with pytest.raises(LimitExceeded, match=r"nesting depth limit \(--max-nesting\): elements nested more than 256"):
        read_document(deep)
    nested_elements_html(deep, 200, tag)
    assert "总体情况" in read_document(deep).text
    set_limits(Limits(max_nesting=100))
    with pytest.raises(LimitExceeded, match="--max-nesting"):
        read_document(deep)


def test_text_over_the_limit_is_refused_before_it_is_read(tmp_path):
    set_limits(Limits(max_text=1000))
    text = tmp_path / "long.txt"
    text.write_text("一、总体情况" * 200, encoding="utf-8")  # 1,200 characters, 3,600 bytes
    with pytest.raises(LimitExceeded, match=r"text length limit \(--max-text\): 1,200 characters \(limit 1,000\)"):
        read_document(text)
    text.write_bytes(b"x" * 4001)  # surely over 1,000 characters, whatever its encoding: not even decoded
    with pytest.raises(LimitExceeded, match="4,001 bytes, over 1,000 characters in any encoding"):
        read_document(text)
    page = tmp_path / "long.html"
    page.write_text(f"<html><body><p>{'一、总体情况' * 200}</p></body></html>", encoding="utf-8")
    with pytest.raises(LimitExceeded, match="--max-text"):
        read_document(page)
    set_limits(Limits(max_text=2000))
    assert len(read_document(text.with_name("long.html")).text) == 1201


def test_default_text_limit_leaves_room_for_the_largest_real_report(corpus):
    largest = max(len(read_document(p).text) for p in corpus.iterdir() if p.suffix in (".txt", ".html"))
    assert Limits().max_text >= 40 * largest


def test_image_limit_is_max_pixels_not_pillows(tmp_path):
    import warnings

    from PIL import Image

    from extractor.readers.image import _open

    pillows = Image.MAX_IMAGE_PIXELS
    assert 15_000 * 15_000 > 2 * pillows  # 225 million pixels: Pillow refuses over 2 × 89.5 million, warns over 89.5
    png = tmp_path / "huge.png"
    huge_png(png, 15_000, 15_000)
    with pytest.raises(LimitExceeded, match=r"image pixels limit \(--max-pixels\): 15000×15000 = 225,000,000 pixels"):
        read_document(png)
    huge_png(png, 15_000, 15_000, whole=True)  # 28 MB decoded (1 bit a pixel)
    set_limits(Limits(max_pixels=300_000_000))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a DecompressionBombWarning would fail the test
        assert _open(png.read_bytes(), png).size == (15_000, 15_000)
        huge_png(png, 9_500, 9_500)  # over Pillow's warning threshold, under ours: read (here: its pixels are missing)
        with pytest.raises(ReadError, match="not a readable image") as exc:
            read_document(png)
        assert not isinstance(exc.value, LimitExceeded)
    assert Image.MAX_IMAGE_PIXELS == pillows  # Pillow's guard is back for everyone else
