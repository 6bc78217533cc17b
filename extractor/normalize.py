"""Character normalization that keeps a map back to the original text.

Readers hand raw text to `normalize`; everything downstream works on the normalized text, and
provenance offsets can be mapped back to the original through `NormalizedText.original_offset`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

# A thousands separator sits between a digit and exactly three digits that are not followed by
# another digit: 173,581 and 1,234,567 but not 1,2 or a list like 3,45.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


@dataclass(frozen=True)
class NormalizedText:
    text: str
    # offsets[i] is the index in the original text of normalized character i; one extra entry
    # at the end maps the end of the text.
    offsets: tuple[int, ...]

    def original_offset(self, index: int) -> int:
        return self.offsets[min(index, len(self.offsets) - 1)]


def normalize(raw: str) -> NormalizedText:
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(raw):
        mapped = _CHAR_MAP.get(ch, ch)
        for out in mapped:
            chars.append(out)
            offsets.append(i)
    offsets.append(len(raw))
    text = "".join(chars)
    # Drop thousands separators in a second pass so the lookarounds see normalized digits.
    drop = {m.start() for m in _THOUSANDS.finditer(text)}
    if drop:
        kept = [i for i in range(len(text)) if i not in drop]
        text = "".join(text[i] for i in kept)
        offsets = [offsets[i] for i in kept] + [offsets[-1]]
    return NormalizedText(text=text, offsets=tuple(offsets))
