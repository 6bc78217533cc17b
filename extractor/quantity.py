"""The number a tagged span states, as SPEC §6 and the guidelines (D8) print it."""

from __future__ import annotations

import re

from extractor.ocr.lookalikes import TO_DIGIT

_CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
# Every character of a Chinese numeral, and one well-formed numeral from 一 to 九十九 (the request and case counts read
# in numerals; 二三十, 十七八 are ranges).
NUMERAL_CHARS = "".join(_CN) + "十百千万亿"
UP_TO_99 = r"[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九]"


def parse_quantity(text: str) -> int | float | None:
    """The number a tagged span states: digits (OCR letter confusions undone), a decimal, a count scaled by 万/亿
    (4.86万 is 48600, 20余万 is 200000: the guidelines put the scale inside the span), or a Chinese numeral (八, 三十五,
    一百零五, 一万二千三百); the unit (元, 万元) is dropped (units go to `units`)."""
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
    if s and all(ch in _CN or ch in _UNITS for ch in s):
        return _numeral_below_10000(s)
    if s.count("万") == 1 and s[-1] != "万" and s[0] != "万":  # 一万二千三百: ten thousands, then the rest
        high, low = s.split("万")
        tens_of_thousands, rest = _numeral_below_10000(high), _numeral_below_10000(low.lstrip("零〇"))
        if tens_of_thousands is not None and rest is not None and len(low) > 1:
            return tens_of_thousands * 10_000 + rest  # (一万二 means 12000 in speech: not read, too loose)
    if s.endswith("万") and len(s) > 1 and (tens_of_thousands := _numeral_below_10000(s[:-1])) is not None:
        return tens_of_thousands * 10_000
    return None


def _numeral_below_10000(s: str) -> int | None:
    """一 to 九千九百九十九 written out, each digit followed by its unit (零 for a gap); None for a range (二三十, 十七八),
    units out of order or a digit left without its unit (一百二, speech for 120, is not read)."""
    if len(s) == 1:
        return 10 if s == "十" else _CN.get(s)
    total, digit, last_unit, gap = 0, None, 10_000, False
    for ch in s:
        if ch in ("零", "〇"):
            if digit is not None or total == 0:
                return None
            gap = True
        elif ch in _CN:
            if digit is not None:
                return None  # two digits in a row: a range
            digit = _CN[ch]
        else:
            unit = _UNITS[ch]
            if unit >= last_unit:
                return None
            if digit is None and not (unit == 10 and total == 0):
                return None  # 十 alone opens a number (十二); 百, 千 need their digit
            total += (1 if digit is None else digit) * unit
            digit, last_unit, gap = None, unit, False
    if digit is not None:
        if last_unit != 10_000 and last_unit > 10 and not gap:
            return None  # 一百二: 120 in speech, not read
        total += digit
    return total
