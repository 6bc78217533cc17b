"""Numbers as a recognizer misreads them: letters that look like digits.

In a table cell that is otherwise a number, O/o/〇/D → 0 and l/I/|/丨/! → 1, and a cell holding only
a full stop or degree sign is a small 0 (。°); in running text only a
letter standing between or beside digits is changed (so 'LED屏' and '二〇三五' stay as printed).
The raw reading is kept by the reader (Placement.ocr_raw) for provenance.
"""

from __future__ import annotations

import re

from extractor.ocr.lookalikes import CONFUSABLE as _CONFUSABLE
from extractor.ocr.lookalikes import TO_DIGIT as _TO_DIGIT
from extractor.tables.cells import UNREADABLE

_CELL = re.compile(rf"^[-+]?[\d{re.escape(_CONFUSABLE)}][\d.,{re.escape(_CONFUSABLE)}]*(?:万元|元|%)?$")
_IN_TEXT = re.compile(rf"(?<=\d)[{re.escape(_CONFUSABLE)}]+|[{re.escape(_CONFUSABLE)}]+(?=\d)")


_SMALL_ZERO = {"。", "°", "º", "○", "゜"}


def clean_number_cell(text: str) -> str:
    """A cell reading like '1O5' or 'l2' becomes '105', '12'; anything with other letters is left alone."""
    return " ".join(_clean_token(t) for t in text.split(" "))


def _clean_token(token: str) -> str:
    if token in _SMALL_ZERO:
        return "0"
    if not token or not _CELL.match(token) or (not any(ch.isdigit() for ch in token) and len(token) > 1):
        return token
    return token.translate(_TO_DIGIT)


def clean_running_text(text: str) -> str:
    return _IN_TEXT.sub(lambda m: m.group(0).translate(_TO_DIGIT), text)


def clean(text: str, is_cell: bool) -> str:
    return clean_number_cell(text) if is_cell else clean_running_text(text)

_VALUE = re.compile(r"^(?:[-+减增]?\d+(?:\.\d+)?\s*(?:万元|元|%)?|/|—|-|无|不适用)$")


_ITEM_LABEL = re.compile(r"^(?:\d+\s*[.、．]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)")


def _label_like(cell: str) -> bool:
    """A row label rather than a damaged value: an item number, or more than three characters."""
    return bool(_ITEM_LABEL.match(cell)) or len(cell) > 3


def mark_unreadable(cells: list[str]) -> list[str]:
    """In a row of numbers, a cell among the values that does not read as a number (a seal's characters,
    a smudge read as 'L0' or '“o') is an occluded value: it becomes '?', so the parser keeps its position
    and the identities may fill it, instead of the row losing its alignment. The values are the cells
    right of the last label-like cell; the first cell is always a label."""
    if sum(1 for c in cells if c and _VALUE.match(c)) < 3:
        return cells
    first_value = len(cells)
    while first_value > 1 and (not cells[first_value - 1] or _VALUE.match(cells[first_value - 1])
                               or not _label_like(cells[first_value - 1])):
        first_value -= 1
    return [UNREADABLE if i >= first_value and c and not _VALUE.match(c) else c for i, c in enumerate(cells)]
