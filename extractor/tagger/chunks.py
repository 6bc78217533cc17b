"""The parts of a report a tagger reads: sentences that hold a number, cut to a bounded length.

Quantities are numbers, so a sentence without one holds no entity and is never tagged; long glued lines are cut
at clause marks, never inside a number or a unit."""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"[^。；;！？\n]*[。；;！？\n]?")
_CLAUSE_BREAKS = "，,、：: "
_HAS_NUMBER = re.compile(r"\d|[零〇一二两三四五六七八九十百千]+\s*[件条个篇项起]")
# Running text has clause marks; a row of table cells has none (SPEC §6: table cells are the parser's job).
_CLAUSE = re.compile(r"[,，。；;:：]")


def chunk_spans(text: str, max_len: int = 160) -> list[tuple[int, int]]:
    """[start, end) spans of `text`, in order, each ≤ max_len characters, covering every sentence with a number."""
    spans: list[tuple[int, int]] = []
    for m in _SENTENCE.finditer(text):
        s, e = m.span()
        if e <= s or not _HAS_NUMBER.search(text, s, e):
            continue
        spans += _cut(text, s, e, max_len)
    return spans


def narrative_chunks(text: str, max_len: int, tables: tuple[tuple[int, int], ...] = ()) -> list[tuple[int, int]]:
    """`chunk_spans` less the rows of tables 2-4: chunks inside a parsed table region without a clause mark.
    Narrative printed inside a table area (a note under a row) keeps its commas and full stops, and stays."""
    return [(s, e) for s, e in chunk_spans(text, max_len)
            if not (any(a <= s and e <= b for a, b in tables) and not _CLAUSE.search(text, s, e))]


def _cut(text: str, start: int, end: int, max_len: int) -> list[tuple[int, int]]:
    out = []
    while end - start > max_len:
        window = text[start + max_len // 2 : start + max_len]
        cut = max(window.rfind(ch) for ch in _CLAUSE_BREAKS)
        stop = start + max_len // 2 + cut + 1 if cut >= 0 else start + max_len
        while stop < end and stop > start + 1 and text[stop - 1].isdigit() and text[stop].isdigit():
            stop -= 1  # never split a number
        out.append((start, stop))
        start = stop
    out.append((start, end))
    return out
