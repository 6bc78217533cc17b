"""The phrase rules: quantities of the running text read by regular expressions over the spec's verbs. A
baseline tagger (`rules.py`) and the pre-annotation of `xxgk annotate suggest`; no shipped model depends on them."""

from __future__ import annotations

import re
from bisect import bisect_right

from extractor.document import Document
from extractor.mentions import Mention
from extractor.tables.regions import table_spans

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


def phrase_entities(text: str, doc: Document) -> list[Mention]:
    """Quantities the phrase rules find in the running text outside the tables."""
    tables = sorted((s, e) for s, e, _ in table_spans(doc))
    starts = [s for s, _ in tables]

    def in_table(i: int) -> bool:
        k = bisect_right(starts, i) - 1
        return k >= 0 and tables[k][0] <= i < tables[k][1]

    taken: list[Mention] = []
    for label, pattern in _ENTITY_RULES:
        for m in re.finditer(pattern, text):
            s, e = m.span(1)
            if in_table(s) or any(t.start < e and s < t.end for t in taken):
                continue
            taken.append(Mention(s, e, label))
            if label == "PROACTIVE_TOTAL":
                taken += _parts_after(text, e, taken)
    return sorted(taken)


def _parts_after(text: str, total_end: int, taken: list[Mention]) -> list[Mention]:
    """Counts listed after a proactive total ('其中工作动态112条、法规文件5条') are its parts."""
    sentence_end = min((i for i in (text.find("。", total_end), len(text)) if i >= 0))
    lead = _PART_AFTER_TOTAL.search(text, total_end, sentence_end)
    if not lead:
        return []
    parts = []
    for m in _COUNT.finditer(text, lead.end(), sentence_end):
        s, e = m.span(1)
        if not any(t.start < e and s < t.end for t in taken):
            parts.append(Mention(s, e, "PROACTIVE_PART"))
    return parts
