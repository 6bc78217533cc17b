"""Word .docx: paragraphs and tables in document order; tables as tab-separated rows, merged cells expanded."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from extractor.document import Document, ReadError
from extractor.limits import LimitExceeded, current
from extractor.readers.linear import LinearText, collapse_cell, expand_grid

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_T, _TAB, _BR, _CR, _NB_HYPHEN = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")
_R = qn("w:r")
# Content controls and custom XML wrap paragraphs, rows and cells without changing the layout.
_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag")}
# Not text: properties, field codes, deleted or moved-away runs, and drawings (whose alternate renderings
# would repeat any text box twice).
_SKIP = {qn("w:pPr"), qn("w:rPr"), qn("w:sdtPr"), qn("w:instrText"), qn("w:del"), qn("w:moveFrom"),
         qn("w:drawing"), qn("w:pict"),
         "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}  # fmt: skip
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def _children(el: etree._Element, tags: set[str]) -> Iterator[etree._Element]:
    """Child elements with one of `tags`, looking through content-control wrappers."""
    for child in el:
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tags)


def _run_text(el: etree._Element, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == _T:
            out.append(child.text or "")
        elif tag == _TAB and el.tag == _R:  # outside a run, w:tab defines a tab stop
            out.append("\t")
        elif tag in (_BR, _CR) and el.tag == _R:
            out.append("\n")
        elif tag == _NB_HYPHEN:
            out.append("-")
        else:
            _run_text(child, out)  # runs inside hyperlinks, insertions, fields, smart tags


def paragraph_text(p: etree._Element) -> str:
    out: list[str] = []
    _run_text(p, out)
    return "".join(out)


def _cell_text(tc: etree._Element) -> str:
    """All text of a cell on one line, nested tables included."""
    parts: list[str] = []
    for block in _children(tc, {_P, _TBL}):
        if block.tag == _P:
            parts.append(paragraph_text(block))
        else:
            parts.extend(" ".join(row) for row in _table_rows(block))
    return collapse_cell(" ".join(parts))


def _int_val(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return max(int(el.get(qn("w:val"), default)), 0)
    except ValueError:
        return default


def _table_rows(tbl: etree._Element) -> list[list[str]]:
    """Rows of cell texts with merged cells expanded: a horizontal or vertical merge repeats the text."""
    placed: list[list[tuple[str, int, int]]] = []
    # vMerge "continue" cells are filled from the cell above at the same grid column.
    above: dict[int, str] = {}
    for tr in _children(tbl, {_TR}):
        trPr = tr.find(qn("w:trPr"))
        col = _int_val(trPr.find(qn("w:gridBefore")) if trPr is not None else None, 0)
        row: list[tuple[str, int, int]] = [("", 1, 1)] * col
        current: dict[int, str] = {}
        for tc in _children(tr, {_TC}):
            tcPr = tc.find(qn("w:tcPr"))
            span = max(_int_val(tcPr.find(qn("w:gridSpan")) if tcPr is not None else None, 1), 1)
            vmerge = tcPr.find(qn("w:vMerge")) if tcPr is not None else None
            is_continue = vmerge is not None and vmerge.get(qn("w:val"), "continue") == "continue"
            text = above.get(col, "") if is_continue else _cell_text(tc)
            row.append((text, 1, span))
            for c in range(col, col + span):
                current[c] = text
            col += span
        above = current
        placed.append(row)
    return expand_grid(placed)


def _open(path: Path, data: bytes) -> docx.document.Document:
    if data.startswith(_OLE_MAGIC):
        raise ReadError(path, "a legacy Word .doc (OLE) file, not .docx: convert it to .docx first")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReadError(path, "not a .docx file (not a zip archive)")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if "word/document.xml" not in zf.namelist():
            raise ReadError(path, "not a .docx file (no word/document.xml in the archive)")
        # zipfile never inflates a member past its declared size, so the declared sizes bound the cost.
        unzipped, cap = sum(i.file_size for i in zf.infolist()), current().max_unzipped_bytes
        if unzipped > cap:
            raise LimitExceeded(path, "decompressed size", f"{unzipped:,} bytes unzipped (limit {cap:,}); a zip bomb?", "--max-unzipped")
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise ReadError(path, f"broken .docx file: {type(exc).__name__}: {exc}") from exc


def read_docx(path: Path, data: bytes) -> Document:
    body = _open(path, data).element.body
    out = LinearText()
    for block in _children(body, {_P, _TBL}):
        if block.tag == _P:
            out.add_line(paragraph_text(block))
        else:
            out.add_table(_table_rows(block))
    doc = out.to_document(path, "utf-8", "docx")
    if not doc.text.strip():
        raise ReadError(path, "the document holds no text")
    return doc
