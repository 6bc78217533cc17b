"""Pre-annotation for a person to correct: sections from chapter headings and the table parser's
regions, quantity entities from phrase rules over the running text outside the tables.

These are suggestions, scored against the hand annotations by `xxgk annotate agree`; they are not
the corpus. Once trained models exist they can replace the rules here.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path

from extractor.document import Document
from extractor.readers import read_document
from extractor.tables.regions import find_regions
from training.corpus import AnnotationFile, EntitySpan, Span, read_corpus_text

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

D = r"(\d+(?:\.\d+)?)"
SEP = r"[^，。；;,\d]{0,12}?"
# (label, pattern with one group around the span). Order matters: earlier rules win on overlaps.
_ENTITY_RULES = [
    ("PROACTIVE_CUMULATIVE", rf"截至[^。；]{{0,30}}?主动公开{SEP}{D}条"),
    ("PROACTIVE_TOTAL", rf"(?:全年|本年|今年|共)[^，。；\d]{{0,10}}?主动公开{SEP}{D}条"),
    ("PROACTIVE_TOTAL", rf"主动公开{SEP}(?:信息|政府信息){SEP}{D}条"),
    ("APP_RECEIVED", rf"(?:收到|受理|新收|接收){SEP}申请{SEP}{D}件"),
    ("APP_RECEIVED", rf"(?:收到|受理|新收){SEP}{D}件{SEP}申请"),
    ("APP_COMPLETED", rf"(?:办结|答复|办理完毕){SEP}{D}件"),
    ("APP_CARRIED", rf"{D}件[^，。；\d]{{0,4}}结转"),
    ("APP_CARRIED", rf"结转{SEP}{D}件"),
    ("APP_OUTCOME", rf"(?:予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|自然人|法人或其他组织){SEP}{D}件"),
    ("PROCUREMENT_AMOUNT", rf"采购{SEP}(?:金额|总额|资金){SEP}(\d+(?:\.\d+)?\s*万?元)"),
    ("PROCUREMENT_COUNT", rf"采购{SEP}{D}(?:个|项)"),
    ("FEE_AMOUNT", rf"(?:信息处理费|收费){SEP}(\d+(?:\.\d+)?\s*万?元)"),
    ("CASE_COUNT", rf"(?:行政复议|行政诉讼){SEP}{D}(?:件|起)"),
    ("DOC_COUNT", rf"(?:政策解读|解读|制发|印发){SEP}(?:规范性文件|文件|稿件)?{SEP}{D}(?:件|篇)"),
]
_PART_AFTER_TOTAL = re.compile(rf"(?:其中|包括){SEP}")
_COUNT = re.compile(r"(\d+)(?:条|篇)")


def _raw_offset(doc: Document, index: int) -> int:
    return doc.offsets[index] if index < len(doc.offsets) else doc.offsets[-1]


def _table_spans(doc: Document) -> list[tuple[int, int, str]]:
    """The parser's table regions, in offsets of the raw text."""
    regions = find_regions(doc.text)
    out = []
    for label, region in (("proactive_table", regions.t2), ("request_table", regions.t3), ("review_table", regions.t4)):
        if region is not None:
            out.append((_raw_offset(doc, region[0]), _raw_offset(doc, region[1]), label))
    return out


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


def suggest_sections(text: str, doc: Document) -> list[Span]:
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
    for s, _, label in _table_spans(doc):
        if not any(lab == label for _, lab in heads):
            starts.append((s, label))
    trailer = _TRAILER.search(text, heads[-1][0] if heads else 0)
    if trailer:
        starts.append((trailer.start(), "boilerplate"))
    starts = sorted(set(starts))
    spans: list[Span] = []
    for (start, label), (end, _) in zip(starts, [*starts[1:], (len(text), "")]):
        if end > start and text[start:end].strip():
            if spans and spans[-1].label == label:
                spans[-1].end = end
            else:
                spans.append(Span(start=start, end=end, label=label))
    if spans:
        spans[0].start = 0
        for prev, nxt in zip(spans, spans[1:]):
            prev.end = nxt.start
        spans[-1].end = len(text)
    return spans


def suggest_entities(text: str, doc: Document) -> list[EntitySpan]:
    tables = sorted((s, e) for s, e, _ in _table_spans(doc))
    starts = [s for s, _ in tables]

    def in_table(i: int) -> bool:
        k = bisect_right(starts, i) - 1
        return k >= 0 and tables[k][0] <= i < tables[k][1]

    taken: list[EntitySpan] = []
    for label, pattern in _ENTITY_RULES:
        for m in re.finditer(pattern, text):
            s, e = m.span(1)
            if in_table(s) or any(t.start < e and s < t.end for t in taken):
                continue
            taken.append(EntitySpan(start=s, end=e, label=label, text=text[s:e]))
            if label == "PROACTIVE_TOTAL":
                taken += _parts_after(text, e, taken)
    return sorted(taken, key=lambda t: t.start)


def _parts_after(text: str, total_end: int, taken: list[EntitySpan]) -> list[EntitySpan]:
    """Counts listed after a proactive total ('其中工作动态112条、法规文件5条') are its parts."""
    sentence_end = min((i for i in (text.find("。", total_end), len(text)) if i >= 0))
    lead = _PART_AFTER_TOTAL.search(text, total_end, sentence_end)
    if not lead:
        return []
    parts = []
    for m in _COUNT.finditer(text, lead.end(), sentence_end):
        s, e = m.span(1)
        if not any(t.start < e and s < t.end for t in taken):
            parts.append(EntitySpan(start=s, end=e, label="PROACTIVE_PART", text=text[s:e]))
    return parts


def suggest(path: Path, annotator: str = "suggest") -> AnnotationFile:
    text, sha = read_corpus_text(path)
    doc = read_document(path)
    return AnnotationFile(
        document=path.name,
        sha256=sha,
        length=len(text),
        annotator=annotator,
        sections=suggest_sections(text, doc),
        entities=suggest_entities(text, doc),
        notes=["machine suggestion (training/suggest.py rules): correct before use"],
    )
