"""A report cut into segments that a section label can be given whole: lines, sentences, and the places where a
heading or a table starts. Section boundaries fall on segment boundaries, also in reports glued into one line
(where the heading `（二）依申请公开` sits right after the previous sentence's `。`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Places a new part may start: after a line break or a sentence end, and before a numbered heading.
_BREAK_AFTER = re.compile(r"[\n。；;！？]")
# In text that lost its line breaks a space is often all that is left of one: a break before a word after spaces.
# Seen in the single-line web pages of the corpus (title | preamble | signature boundaries of p005, p010, p011,
# p015, p018, p020): of the 264 section boundaries there, 239 fell on the other breaks, 261 with this one too.
_SPACE_BREAK = re.compile(r"(?<=[ \t])(?=[\u4e00-\u9fff《(（])")
_HEADING = re.compile(
    r"(?:#{1,6}\s*)?(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]"
    r"|(?<![\d.])\d{1,2}\s*[、．]|(?<![\d.])\d{1,2}\.(?!\d)|第[一二三四五六七八九十]{1,3}(?:部分|章))"
)
MAX_SEGMENT = 400


@dataclass(frozen=True)
class Segment:
    start: int
    end: int


def segment_starts(text: str, extra: tuple[int, ...] = ()) -> list[int]:
    starts = {0, *extra}
    starts.update(m.end() for m in _BREAK_AFTER.finditer(text))
    starts.update(m.start() for m in _HEADING.finditer(text))
    starts.update(m.start() for m in _SPACE_BREAK.finditer(text))
    return sorted(s for s in starts if 0 <= s < len(text))


def segments(text: str, extra: tuple[int, ...] = ()) -> list[Segment]:
    """Consecutive segments tiling `text`; `extra` adds boundaries (e.g. where the parser found a table);
    a segment longer than MAX_SEGMENT characters (a glued table) is cut into pieces of that size."""
    starts = segment_starts(text, extra)
    out: list[Segment] = []
    for s, e in zip(starts, [*starts[1:], len(text)]):
        while e - s > MAX_SEGMENT:
            out.append(Segment(s, s + MAX_SEGMENT))
            s += MAX_SEGMENT
        if e > s:
            out.append(Segment(s, e))
    return out
