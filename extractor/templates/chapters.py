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
# The report's name in its title: (政府)信息公开 or 政务公开, (工作)(的)(年度)报告 or 年报 (the year and body may be
# missing from a cut-off page head). Each \s* follows a character, none leads an optional part: spaced-out PDF text
# would otherwise make a title search backtrack several times over.
REPORT_NAME = (r"(?:政\s*[府务]\s*信\s*息\s*|信\s*息\s*|政\s*务\s*)公\s*开\s*(?:工\s*作\s*)?的?\s*(?:年\s*度\s*)?"
               r"(?:报\s*告|年\s*报)")
REPORT_TITLE = re.compile(REPORT_NAME)


def chapter_of(name: str) -> str | None:
    """The section label whose heading words `name` is."""
    for label, words in CHAPTERS.items():
        if any(re.fullmatch(w, name) for w in words):
            return label
    return None
