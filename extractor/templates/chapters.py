"""The chapters of the national annual-report format (国办公开办函〔2019〕60号 and 〔2021〕30号) as data: the
headings a report is built from, whether or not its tables survived. SPEC §5 names the same parts.

A heading is the chapter's name after a chapter or part number (一、 （一） 1. 第一部分 ## …); the names below are
the format's own words, each with the shorter forms reports print (主动公开 for 主动公开政府信息情况)."""

from __future__ import annotations

import re

# section label → the words of its heading (regular expressions over normalized text)
CHAPTERS: dict[str, tuple[str, ...]] = {
    "overview": (r"总体(?:工作)?情况", r"概述"),
    "overview.proactive": (r"主动公开(?:政府信息)?(?:工作)?(?:情况)?",),
    "overview.requests": (r"依申请公开(?:政府信息)?(?:工作)?(?:情况)?",),
    "overview.management": (r"政府信息管理(?:情况)?",),
    "overview.platform": (r"(?:政府信息公开)?平台建设(?:情况)?",),
    "overview.oversight": (r"监督保障(?:情况)?",),
    "request_table": (r"收到和处理政府信息公开申请情况",),
    "review_table": (r"政府信息公开行政复议[、和及]?\s*行政诉讼情况",),
    "problems": (r"存在的主要问题(?:及|和)改进(?:情况|措施)",),
    "other_matters": (r"其他需要报告的事项",),
}
# A chapter or part number in front of a heading: 一、 （二） 3. 4、 第一部分 # / ##.
_NUMBER = r"(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d{1,2}\s*[、.．](?!\d)|第[一二三四五六七八九十]+部分|#{1,4})"
HEADING = re.compile(rf"{_NUMBER}\s*(?P<name>{'|'.join(f'(?:{w})' for words in CHAPTERS.values() for w in words)})")
# The title of such a report (the year may be missing from a cut-off page head).
REPORT_TITLE = re.compile(r"政府\s*信息\s*公开\s*(?:工作)?\s*(?:年\s*度)?\s*报\s*告")


def chapter_of(name: str) -> str | None:
    """The section label whose heading words `name` is."""
    for label, words in CHAPTERS.items():
        if any(re.fullmatch(w, name) for w in words):
            return label
    return None
