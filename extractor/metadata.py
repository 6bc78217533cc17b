"""Title, issuing body and year of a report, from its first lines."""

from __future__ import annotations

import re

_TITLE = re.compile(
    r"([^\n。]{2,60}?(?:19|20)\d\d\s*年(?:度)?\s*(?:政府)?信息公开(?:工作)?年度?报告)"
)
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年(?:度)?\s*(?:政府)?信息公开(?:工作)?年度?报告")
_CHROME_HEAD = re.compile(r"^.*?(?:相关链接\s*:?\s*-->|当前位置\s*:[^\n]*?(?=\S{2,40}(?:19|20)\d\d年))", re.S)


def find_title(text: str) -> tuple[str | None, str | None, int | None]:
    """(title, agency, year) from the head of the report; any may be None."""
    head = text[:3000]
    m = _TITLE.search(head)
    if m is None:
        year = _YEAR.search(head)
        return None, None, int(year.group(1)) if year else None
    title = re.sub(r"\s+", "", m.group(1)).lstrip("#").strip()
    title = re.sub(r"^.*?(?:首页|正文|文字版|-->)", "", title)
    year_m = _YEAR.search(title)
    year = int(year_m.group(1)) if year_m else None
    agency = title[: year_m.start()] if year_m else None
    return title, agency or None, year
