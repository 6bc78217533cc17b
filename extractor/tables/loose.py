"""A row whose first cells a converter printed on loose lines above it, the pipe row keeping its label and the
other cells (`12` / `（其中修订 3 件）` / `40` above `| 规章 | 12 | 150 |`): the loose values go first. A cell's
note in parentheses (其中修订3件, 含自然失效17件) holds digits but is no cell, beside its value or on a line
of its own."""

from __future__ import annotations

import re

from extractor.tables.cells import Reading, Token, _cell, numeric_tokens

_NOTE = r"[(（][^()（）\n]*[)）]"
# A loose line: one value, perhaps with its note; or the note alone.
_VALUE_LINE = re.compile(r"[ \t]*((?:减|增|[+-])?\d+(?:\.\d+)?(?:万元|元)?)[ \t]*(?:" + _NOTE + r")?[ \t]*")
_NOTE_LINE = re.compile(r"[ \t]*" + _NOTE + r"[ \t]*")


def _loose_tokens(text: str, line_start: int) -> list[Token]:
    """The values on the loose lines right above the line at `line_start` (no blank line between), up to
    a line of anything else (the previous pipe row, a header, prose)."""
    out: list[Token] = []
    pos = line_start
    while pos > 0:
        start = text.rfind("\n", 0, pos - 1) + 1
        line = text[start : pos - 1]
        if (m := _VALUE_LINE.fullmatch(line)) is not None:
            out.insert(0, Token(m.group(1), start + m.start(1), start + m.end(1)))
        elif _NOTE_LINE.fullmatch(line) is None:
            break
        pos = start
    return out


def loose_reading(text: str, label_start: int, label_end: int, n: int) -> Reading | None:
    """The row's cells when its pipe row (the label's line) prints fewer than `n` values and loose value
    lines above it make up the rest: the loose values first, then the pipe row's, less the pipe row's
    first value where it repeats the first loose one. None when the row is not printed so."""
    line_start = text.rfind("\n", 0, label_start) + 1
    line_end = text.find("\n", label_end)
    line_end = len(text) if line_end == -1 else line_end
    if text.count("|", line_start, line_end) < 2:
        return None
    kept = numeric_tokens(text, label_end, line_end)
    if len(kept) >= n:
        return None
    loose = _loose_tokens(text, line_start)
    if not loose:
        return None
    if len(loose) + len(kept) == n + 1 and kept and kept[0].raw == loose[0].raw:
        kept = kept[1:]
    if len(loose) + len(kept) != n:
        return None
    return Reading(tuple(_cell(t.raw, t.start, t.end) for t in (*loose, *kept)), "loose")
