"""Character normalization that keeps a map back to the original text.

Readers hand raw text to `normalize`; everything downstream works on the normalized text, and
provenance offsets can be mapped back to the original through `NormalizedText.original_offset`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Full-width forms that matter for numbers and labels. Chinese enumeration marks (、) and
# quotation marks stay as they are: labels are matched on them.
_CHAR_MAP = {
    "\u3000": " ",  # ideographic space
    "\u00a0": " ",  # non-breaking space
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u200b": "",  # zero-width space
    "\ufeff": "",  # BOM inside text
    "\r": "",
    "（": "(",
    "）": ")",
    "：": ":",
    "，": ",",
    "．": ".",
    "％": "%",
    "／": "/",
    "－": "-",
    "﹣": "-",
    "＋": "+",
    "﹢": "+",
}
for _i in range(10):
    _CHAR_MAP[chr(0xFF10 + _i)] = str(_i)  # ０-９
for _i in range(26):
    _CHAR_MAP[chr(0xFF21 + _i)] = chr(0x41 + _i)  # Ａ-Ｚ
    _CHAR_MAP[chr(0xFF41 + _i)] = chr(0x61 + _i)  # ａ-ｚ

# Every mapping is one character for one, or none (dropped): str.translate does it, and the offsets follow.
assert all(len(v) <= 1 for v in _CHAR_MAP.values())
_TRANSLATION = {ord(k): v for k, v in _CHAR_MAP.items()}
_DROPPED = frozenset(k for k, v in _CHAR_MAP.items() if not v)

# A comma that may be a thousands separator sits between a digit and exactly three digits that are
# not followed by another digit: 173,581 and 1,234,567 but not 1,2 or a list like 3,45. Whether it is
# one is decided by its context (`_is_thousands`).
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# A number written with grouping commas: a lead of 1-3 digits and 3-digit groups.
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d])")
# Words that make a comma between numbers a list: 分别为5，120件 (5 and 120), 5、8，120.
_ENUMERATION = re.compile(r"分别|依次|、\s*\d+\s*$")
_COUNTER = re.compile(r"\d{3}\s*(?:件|条|个|项|次|人次|人|家|元|万元|篇|期|场)")
# A pinyin gloss right after a character: (fā), (guī): lowercase letters with at least one tone mark.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])\((?=[a-z{_TONED}]*[{_TONED}])[a-z{_TONED}]{{1,6}}\)")


# Characters that only traditional script writes (开 is 開 there): a text holding several of them is a traditional-script
# copy of a report (mirror sites publish them), read as the simplified text it was.
_TRADITIONAL_MARKS = frozenset("個們來時會對說開關於與為國資體條報務請點號區縣鄉鎮業議辦網發")
TRADITIONAL_NOTE = "traditional characters read as simplified ones (a traditional-script copy of the report)"


@dataclass(frozen=True)
class NormalizedText:
    text: str
    # offsets[i] is the index in the original text of normalized character i; one extra entry
    # at the end maps the end of the text.
    offsets: tuple[int, ...]
    traditional: bool = False  # traditional characters were read as simplified ones

    def original_offset(self, index: int) -> int:
        return self.offsets[min(index, len(self.offsets) - 1)]


def normalize(raw: str) -> NormalizedText:
    text = raw.translate(_TRANSLATION)
    if len(text) == len(raw):  # nothing dropped: each character stays where it was
        offsets = list(range(len(raw) + 1))
    else:
        offsets = [i for i, ch in enumerate(raw) if ch not in _DROPPED] + [len(raw)]
    traditional = len(_TRADITIONAL_MARKS.intersection(text)) >= 3
    if traditional:
        text = to_simplified(text)
    # Drop thousands separators in a second pass so the lookarounds see normalized digits, and the pinyin glosses
    # some mirror copies print after every character (發(fā)布信息600條): the report's words are the characters.
    drop = {m.start() for m in _THOUSANDS.finditer(text) if _is_thousands(text, raw, offsets, m.start())}
    drop.update(i for m in _PINYIN_GLOSS.finditer(text) for i in range(m.start(), m.end()))
    if drop:
        kept = [i for i in range(len(text)) if i not in drop]
        text = "".join(text[i] for i in kept)
        offsets = [offsets[i] for i in kept] + [offsets[-1]]
    return NormalizedText(text=text, offsets=tuple(offsets), traditional=traditional)


def to_simplified(text: str) -> str:
    """Each traditional character as its simplified one (OpenCC's t2s table, which ships inside its wheel), one
    character for one so that every offset holds; a character OpenCC would turn into several stays as it is."""
    table = _simplified_table(frozenset(ch for ch in text if ch >= "\u3400"))
    return text.translate(table) if table else text


def _simplified_table(chars: frozenset[str]) -> dict[int, str]:
    converter = _t2s()
    out = {}
    for ch in chars:
        simple = converter.convert(ch)
        if len(simple) == 1 and simple != ch:
            out[ord(ch)] = simple
    return out


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _is_thousands(text: str, raw: str, offsets: list[int], comma: int) -> bool:
    """Whether the comma at `comma` groups the digits of one number, by its context, not by a blanket
    rule: a number with two or more groups (1,234,567) is one; a lead of more than three digits is not
    (2024,120 is two numbers); an ASCII comma with a short lead is; a Chinese comma (，), the usual
    clause and list mark, only where the number stands as a count (5，120件) and nothing around it
    enumerates (分别为5，120件 are two numbers)."""
    near = _GROUPED.finditer(text, max(0, comma - 40), comma + 40)
    grouped = next((m for m in near if m.start() < comma < m.end()), None)
    if grouped is None:
        return False  # the lead has more than three digits, or the number does not group evenly
    if grouped.group().count(",") >= 2:
        return True
    if raw[offsets[comma]] == ",":
        return True
    clause = re.split(r"[。;；:：,，]", text[max(0, comma - 30) : grouped.start()])[-1]
    if _ENUMERATION.search(clause + text[grouped.start() : comma]):
        return False
    return _COUNTER.match(text, comma + 1) is not None
