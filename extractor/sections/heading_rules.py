"""The heading rules: sections of a report read from its chapter headings (by content: reports number them
inconsistently), the overview's part headings and the table parser's regions. They are a baseline section model
(`rules.py`), the pre-annotation of `xxgk annotate suggest`, and one feature of the shipped section CRF, which
is why they live in the runtime and carry a version: a model folder records the version its features were
computed with, and loading it under other rules is refused."""

from __future__ import annotations

import re

from extractor.document import Document
from extractor.mentions import Mention
from extractor.tables.regions import table_spans

# Bump when a change below can change what the rules say of a text: section models record it (model.py).
RULES_VERSION = 1

# Chapter headings of the template, by content (reports number them inconsistently).
_CHAPTERS = [
    ("overview", r"总体情况"),
    ("proactive_table", r"主动公开政府信息情况"),
    ("request_table", r"收到和处理政府信息公开申请情况"),
    ("review_table", r"政府信息公开行政复议[、,，]?\s*行政诉讼情况|因政府信息公开(?:申请)?(?:提起)?行政复议"),
    ("problems", r"存在的主要问题"),
    ("other_matters", r"其他需要报告的事项"),
]
_NUMBER = r"[一二三四五六七八九1-9][、.．]\s*"
_PARTS = [
    ("overview.proactive", r"主动公开"),
    ("overview.requests", r"依申请公开"),
    ("overview.management", r"政府信息管理"),
    ("overview.platform", r"平台建设"),
    ("overview.oversight", r"监督保障"),
]
_PART_NUMBER = r"[（(][一二三四五六七][）)]\s*"
_CHROME_END = re.compile(r"相关链接[:：]\s*(?:-->)?|文件下载\s")
_TRAILER = re.compile(r"附件下载|【打印本页】|【关闭窗口】")


def _headings(text: str) -> list[tuple[int, str]]:
    """(offset, label) of chapter and overview-part headings found in order."""
    found: list[tuple[int, str]] = []
    for label, pattern in _CHAPTERS:
        # A chapter heading may name its subject first (五、政府信息公开工作存在的主要问题…).
        m = re.search(_NUMBER + f"[^。；\\n]{{0,10}}?(?:{pattern})", text)
        if m:
            found.append((m.start(), label))
    overview = next((s for s, label in found if label == "overview"), None)
    if overview is not None:
        end = min((s for s, label in found if s > overview), default=len(text))
        for label, pattern in _PARTS:
            m = re.compile(_PART_NUMBER + rf"[^（(。]{{0,12}}?{pattern}").search(text, overview, end)
            if m:
                found.append((m.start(), label))
    return sorted(found)


def heading_sections(text: str, doc: Document) -> list[Mention]:
    """Sections from the chapter headings, the overview's part headings and the table parser's regions; the
    whole text is covered, each section running to the next one's start."""
    starts: list[tuple[int, str]] = []
    chrome = _CHROME_END.search(text[:600])
    body = chrome.end() if chrome else 0
    if body:
        starts.append((0, "boilerplate"))
    title = re.search(r"[^\s。]{2,60}?(?:政府信息公开工作年度报告|政府信息公开年度报告|信息公开工作报告)", text[body : body + 300])
    if title:
        starts.append((body + title.start(), "title"))
        starts.append((body + title.end(), "preamble"))
    else:
        starts.append((body, "preamble"))
    heads = _headings(text)
    starts += heads
    # A table region that starts before its chapter heading was found still gets its label.
    for s, _, label in table_spans(doc):
        if not any(lab == label for _, lab in heads):
            starts.append((s, label))
    trailer = _TRAILER.search(text, heads[-1][0] if heads else 0)
    if trailer:
        starts.append((trailer.start(), "boilerplate"))
    starts = sorted(set(starts))
    kept: list[tuple[int, str]] = []  # (start, label) of each non-empty section, neighbours of one label merged
    for (start, label), (end, _) in zip(starts, [*starts[1:], (len(text), "")]):
        if end > start and text[start:end].strip() and not (kept and kept[-1][1] == label):
            kept.append((start, label))
    if not kept:
        return []
    bounds = [0, *(s for s, _ in kept[1:]), len(text)]
    return [Mention(a, b, label) for (_, label), a, b in zip(kept, bounds, bounds[1:])]
