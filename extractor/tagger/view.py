"""The text as the taggers read it, with an exact map back to the document text.

PDF-to-text tools and narrow pages hard-wrap a paragraph into lines (often with blank lines and page footers such
as `- 1 -` between them), and PDF text puts spaces between Chinese and digits (`受理申请 17 件`). Neither is in
what the taggers learned from, and both cut a quantity off from the words that say what it counts. The view joins
the lines of a wrapped paragraph and drops those spaces; `origin` maps every character of the view to the
document text, so every offset a tagger gives is an offset of the document. Table regions are left alone: their
rows are lines, and their cells are separated by spaces on purpose."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from itertools import chain

from extractor.mentions import Mention
from extractor.tagger.context import TableContext

_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
_ENDS_SENTENCE = re.compile(r"[。；;！？!?：:]\s*$")
_STARTS_PART = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]"
                          r"|\d{1,2}\s*[、.．](?!\d)|#|[|│]|第[一二三四五六七八九十]+[部章])")
_PAGE_FOOTER = re.compile(r"\s*[-—–]\s*\d{1,3}\s*[-—–]\s*$|\s*第\s*\d{1,3}\s*页\s*(?:共\s*\d{1,3}\s*页)?\s*$")
_MIN_WRAPPED = 12  # a wrapped line is a full line of the page; a short one ends its paragraph
_CLAUSE_MARK = re.compile(r"[，,。；;]")
_FULL_SHARE = 0.85  # how close to the page's full width a wrapped line comes (justified text, digits narrower)
_LATIN = re.compile(r"[A-Za-z0-9]")
# A space between a Chinese character and a digit, either way round (not between two digits: 0 0 0 is cells).
_NARROW = re.compile(r"[\x00-\u2000]")  # half a unit of a printed line
_DIGIT_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=\d)|(?<=\d)[ \u3000]+(?=[\u4e00-\u9fff])")
_KEPT = re.compile(rb"\x00+")


@dataclass(frozen=True)
class View:
    text: str
    origin: tuple[int, ...]  # origin[i]: index in the document text of text[i]; one extra entry for the end

    def position(self, doc_index: int) -> int:
        """Where a document offset falls in the view."""
        return bisect_left(self.origin, doc_index, 0, len(self.origin) - 1)

    def regions(self, regions: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
        return tuple((self.position(a), self.position(b)) for a, b in regions)

    def to_document(self, mentions: list[Mention]) -> list[Mention]:
        return [m.moved(self.origin[m.start], self.origin[m.end - 1] + 1) for m in mentions]


def reading_view(text: str, regions: tuple[tuple[int, int], ...] = ()) -> View:
    drop = bytearray(len(text))
    for a, b in _wrap_joins(text, regions):
        drop[a:b] = b"\x01" * (b - a)
    for m in _DIGIT_SPACE.finditer(text):
        if not any(a <= m.start() < b for a, b in regions):
            drop[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    if 1 not in drop:  # nothing joined or dropped
        return View(text, tuple(range(len(text) + 1)))
    kept = [m.span() for m in _KEPT.finditer(drop)]  # runs of characters kept, found at C speed
    origin = tuple(chain.from_iterable(range(a, b) for a, b in kept))
    return View("".join(text[a:b] for a, b in kept), origin + (len(text),))


def _wrap_joins(text: str, regions: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """[a, b) stretches (line breaks, blank lines, page footers) between the lines of one wrapped paragraph."""
    lines = [m.span() for m in _LINE.finditer(text)]
    full = _full_width([text[s:e] for s, e in lines if not any(a <= s < b for a, b in regions)])
    out = []
    k = 0
    while k < len(lines):
        s, e = lines[k]
        body = text[s:e].rstrip("\n\r")
        if not _wrapped(body, full) or any(a <= s < b for a, b in regions):
            k += 1
            continue
        j = k + 1
        while j < len(lines) and (not text[lines[j][0]:lines[j][1]].strip()
                                  or _PAGE_FOOTER.match(text[lines[j][0]:lines[j][1]])):
            j += 1
        if j < len(lines) and _continues(text[lines[j][0]:lines[j][1]]) \
                and not any(a <= lines[j][0] < b for a, b in regions):
            join_at = s + len(body.rstrip())
            resume = lines[j][0] + _indent(text, lines[j])
            # Chinese is written without spaces; only two Latin words or numbers keep one character between them.
            latin = _LATIN.match(text[join_at - 1:join_at]) and _LATIN.match(text[resume:resume + 1])
            out.append((join_at + 1 if latin else join_at, resume))
        k = j
    return out


def _indent(text: str, line: tuple[int, int]) -> int:
    body = text[line[0]:line[1]]
    return len(body) - len(body.lstrip())


def _width(line: str) -> float:
    """How much of a printed line a string fills: a Chinese character one unit, a digit, letter or space half."""
    stripped = line.strip()
    return len(stripped) - 0.5 * len(_NARROW.findall(stripped))  # multiples of 0.5: exact, as a sum of them is


def _full_width(lines: list[str]) -> float:
    """The width of a full line of the page: the 90th percentile of the lines long enough to be wrapped."""
    widths = sorted(w for w in map(_width, lines) if w >= _MIN_WRAPPED)
    return widths[int(0.9 * (len(widths) - 1))] if widths else 0.0


def _wrapped(line: str, full: float) -> bool:
    """A line cut off mid-sentence: long enough, with no sentence end and no cell separator, and either as wide as
    a full line of the page or prose (a clause mark inside: a paragraph broken by a page break). A title or a
    heading above its paragraph is neither."""
    stripped = line.strip()
    return (len(stripped) >= _MIN_WRAPPED and not _ENDS_SENTENCE.search(stripped) and "\t" not in stripped
            and (_width(stripped) >= _FULL_SHARE * full or bool(_CLAUSE_MARK.search(stripped))))


def _continues(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not _STARTS_PART.match(stripped) and "\t" not in stripped


def page_footer_lines(text: str) -> list[tuple[int, int]]:
    """[start, end) of each line that is only a page number, with the white space after it (blank lines, a form
    feed) up to the next printed character."""
    out: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        if m.start() < (out[-1][1] if out else 0) or not m.group().strip() or not _PAGE_FOOTER.match(m.group()):
            continue
        a, b = m.start() + _indent(text, m.span()), m.end()
        while b < len(text) and text[b].isspace():
            b += 1
        out.append((a, b))
    return out


def in_view(text: str, context: TableContext | None) -> tuple[View, TableContext | None]:
    """The view of a report and its table context with the regions moved into the view's offsets."""
    view = reading_view(text, context.regions if context else ())
    return view, (replace(context, regions=view.regions(context.regions)) if context else None)


def entities_in_view(view: View, entities: list[Mention]) -> list[Mention]:
    return [m.moved(view.position(m.start), view.position(m.end)) for m in entities]
