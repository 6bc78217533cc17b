"""The number a tagged span states, as SPEC §6 and the guidelines (D8) print it."""

from __future__ import annotations

import re

from extractor.ocr.lookalikes import TO_DIGIT

_CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# Every character of a Chinese numeral, and one well-formed numeral from 一 to 九十九 (the ones parse_quantity reads;
# 二三十, 十七八 are ranges).
NUMERAL_CHARS = "".join(_CN) + "十百千万亿"
UP_TO_99 = r"[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九]"


def parse_quantity(text: str) -> int | float | None:
    """The number a tagged span states: digits (OCR letter confusions undone), a decimal, a count scaled by 万/亿
    (4.86万 is 48600, 20余万 is 200000: the guidelines put the scale inside the span), or a Chinese numeral up to 99;
    the unit (元, 万元) is dropped (units go to `units`)."""
    s = text.translate(TO_DIGIT).replace(",", "").replace(" ", "")
    s = re.sub(r"万?元$", "", s)
    scaled = re.fullmatch(r"(\d+(?:\.\d+)?)[余多]?([万亿])", s)
    if scaled:
        value = float(scaled.group(1)) * (10_000 if scaled.group(2) == "万" else 100_000_000)
        return int(value) if value.is_integer() else value
    if re.fullmatch(r"\d+", s):
        return int(s)
    if re.fullmatch(r"\d+\.\d+", s):
        return float(s)
    if s and all(ch in _CN or ch == "十" for ch in s):
        if "十" not in s:
            return int("".join(str(_CN[ch]) for ch in s)) if len(s) == 1 else None
        formed = re.fullmatch(r"([一二两三四五六七八九]?)十([一二三四五六七八九]?)", s)
        if formed is None:  # 二三十, 十七八: a range, not one number
            return None
        tens, ones = formed.groups()
        return (_CN[tens] if tens else 1) * 10 + (_CN[ones] if ones else 0)
    return None
