"""Title, issuing body and year of a report, from its head."""

from __future__ import annotations

import re

# The body's name: a run of characters without sentence punctuation or brackets.
_NAME = r"[^\s,，。、《》“”\"()\[\]:;；！？<>]{2,40}?"
_TITLE = re.compile(
    rf"({_NAME})\s*((?:19|20)\d\d)\s*年\s*度?\s*(?:政府)?\s*信息\s*公开\s*(?:工作)?\s*(?:年\s*度)?\s*报\s*告"
)
# Site navigation that sits in front of the title on crawled pages.
_CHROME = re.compile(r".*(?:年报|首页|当前位置|政务公开|文字版|全真版|-->|>|›)")
_PERIOD_YEAR = re.compile(r"统计(?:期限|时限|周期|时间)[^。]{0,12}?((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日")
_FIRST_YEAR = re.compile(r"总体情况\s*((?:19|20)\d\d)\s*年")


def find_title(text: str) -> tuple[str | None, str | None, int | None]:
    """(title, agency, year); any may be None when the report does not print it."""
    head = text[:1500]
    for m in _TITLE.finditer(head):
        agency = _CHROME.sub("", m.group(1))
        if len(agency) < 2 or agency.startswith(("关于", "编制", "现将", "本", "我")):
            continue
        title = re.sub(r"\s+", "", agency + m.group(0)[len(m.group(1)) :])
        return title, agency, int(m.group(2))
    year = _PERIOD_YEAR.search(text[:4000]) or _FIRST_YEAR.search(text[:6000])
    return None, None, int(year.group(1)) if year else None
