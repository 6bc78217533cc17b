"""Where tables 2, 3 and 4 sit in a document, and which template they follow."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extractor.document import Document

_T2_ANCHOR = re.compile(r"第二十(?:六)?条第\s*\(?\s*一\s*\)?\s*项|信息内容\s*本年(?:新制作|制发)")
_T3_ANCHOR = re.compile(r"申请人情况|本\s*年\s*新\s*收[^\d]{0,12}?申\s*请\s*数")
# The first header cell of table 4; in layout-preserving text (pdftotext -layout) its two characters
# pairs sit on separate lines ('结果   结果   其他   尚未' over '维持   纠正   结果   审结').
_T4_HEADER_START = re.compile(r"结\s*果\s*维\s*持|结\s*果[^\n]{0,40}\n(?:[^\n]*\n){0,3}?\s*维\s*持")
_T4_LABEL = re.compile(r"行政复议")
_T4_END = re.compile(r"[五5][、.]\s*\S{0,6}(?:存在的主要问题|机构建设|主要问题)|存在的主要问题及改进")
_T3_END = re.compile(r"结\s*转\s*下\s*年\s*度\s*继\s*续\s*办\s*理")

_T2_2021 = re.compile(r"制发件数|废止件数|废纸件数|现行有效件数|先行有效件数|本年处理决定数量|本年收费金额")
_T2_2019 = re.compile(r"新制作数量|新公开数量|对外公开总数量|上一年项目数量|采购项目数量|采购总金额")
_T3_2021 = re.compile(r"逾期不补正|缴纳费用")
T2_2021_WORDS, T2_2019_WORDS = _T2_2021, _T2_2019  # table 2's column heads of each template (tables/native.py)
T3_2021_WORDS = _T3_2021  # the 2021 template's 其他处理 rows


@dataclass(frozen=True)
class Regions:
    t2: tuple[int, int] | None
    t3: tuple[int, int] | None
    t4: tuple[int, int] | None


@dataclass(frozen=True)
class TemplateGuess:
    template: str  # 2019 | 2021 | unknown
    t3_three_other_rows: bool
    mixed: bool
    evidence: str


def find_regions(text: str) -> Regions:
    t2m = _T2_ANCHOR.search(text)
    t3m = _T3_ANCHOR.search(text, t2m.end() if t2m else 0)
    t3_start = _t3_start(text, t3m.start()) if t3m else None
    t3_end_m = _T3_END.search(text, t3_start) if t3_start is not None else None
    # Table 4 follows table 3's last row; without table 3, the first 行政复议 header will do.
    t4_from = t3_end_m.end() if t3_end_m else (t3_start or (t2m.end() if t2m else 0))
    t4m = _t4_anchor(text, t4_from)
    t2_start = _t2_start(text, t2m.start()) if t2m else 0
    t2 = (t2_start, t3_start if t3_start is not None else min(len(text), t2m.start() + 3000)) if t2m else None
    if t3_start is not None:
        end = t4m.start() if t4m else (t3_end_m.end() + 200 if t3_end_m else t3_start + 4000)
        t3 = (t3_start, min(end, len(text)))
    else:
        t3 = None
    t4 = None
    if t4m:
        endm = _T4_END.search(text, t4m.end())
        t4 = (t4m.start(), _t4_end(text, endm) if endm else min(len(text), t4m.end() + 1500))
    return Regions(t2, t3, t4)


_T2_HEADING = re.compile(r"主动公开政府信息情况")


def table_spans(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, section label) of tables 2-4, in offsets of the document's raw text."""
    regions = find_regions(doc.text)

    def raw(index: int) -> int:
        return doc.offsets[index] if index < len(doc.offsets) else doc.offsets[-1]

    return [(raw(region[0]), raw(region[1]), label)
            for label, region in (("proactive_table", regions.t2), ("request_table", regions.t3), ("review_table", regions.t4))
            if region is not None]


def _t2_start(text: str, anchor: int) -> int:
    """Table 2 starts at its anchor, or where the chapter heading or the last sentence before it ends when
    only table words sit between them (a column-by-column dump prints the label column before the first
    第二十条 header, pdfminer)."""
    lo = max(0, anchor - 300)
    headings = list(_T2_HEADING.finditer(text, lo, anchor))
    sentence_ends = list(re.finditer(r"[。；;]", text[lo:anchor]))
    cut = max([h.end() for h in headings] + [lo + m.end() for m in sentence_ends], default=None)
    if cut is None or re.search(r"[，,：:\d]", text[cut:anchor]):
        return anchor  # prose between them: the table starts at its anchor
    return cut


_T3_HEADING = re.compile(r"收到和处理政府信息公开申请情况")
_T2_WORDS = re.compile(r"第二十条|行政事业性收费|政府集中采购|本年增\s*/\s*减|处理决定数量")


def _t3_start(text: str, anchor: int) -> int:
    """Table 3 starts at its anchor, or at the end of its chapter heading when only table material (header
    words, cells) sits between them: a column-by-column dump may print the 自然人 column before the
    申请人情况 header (pdfminer)."""
    headings = list(_T3_HEADING.finditer(text, max(0, anchor - 1500), anchor))
    if not headings:
        return anchor
    between = text[headings[-1].end() : anchor]
    if re.search(r"[。；;：:，,]", between) or _T2_2021.search(between) or _T2_2019.search(between) or _T2_WORDS.search(between):
        return anchor  # prose, or table 2's cells printed after the heading (pdfminer, p011)
    return headings[-1].end()


# Table 4 header words right after the next chapter's heading: the dump printed the heading inside the
# table (pdfminer puts 五、存在的主要问题 between the 行政复议 block and the 行政诉讼 blocks).
_T4_SPILL = re.compile(r"未经复议直接起诉|复议后起诉")
_PROSE = re.compile(r"。|(?:19|20)\d\d\s*年")


def _t4_end(text: str, heading: re.Match) -> int:
    if _T4_SPILL.search(text, heading.end(), heading.end() + 80) is None:
        return heading.start()
    prose = _PROSE.search(text, heading.end(), heading.end() + 600)
    return prose.start() if prose else min(len(text), heading.end() + 600)


def _t4_anchor(text: str, start: int) -> re.Match | None:
    """The 行政复议 header cell nearest before the first 结果维持 (not the section heading or a
    sentence saying there were no cases)."""
    header = _T4_HEADER_START.search(text, start)
    if header is None:
        return None
    before = list(_T4_LABEL.finditer(text, max(start, header.start() - 80), header.start()))
    return before[-1] if before else header


def guess_template(text: str, regions: Regions) -> TemplateGuess:
    t2_text = text[regions.t2[0] : regions.t2[1]] if regions.t2 else ""
    t3_text = text[regions.t3[0] : regions.t3[1]] if regions.t3 else ""
    n2021 = len(_T2_2021.findall(t2_text))
    n2019 = len(_T2_2019.findall(t2_text))
    t3_2021 = bool(_T3_2021.search(t3_text))
    if n2021 or n2019:
        template = "2021" if n2021 > n2019 else "2019"
        evidence = f"table 2 headers: {n2021} of the 2021 template, {n2019} of the 2019 template"
    elif t3_text:
        template = "2021" if t3_2021 else "2019"
        evidence = "no table 2 headers; table 3 其他处理 rows"
    else:
        return TemplateGuess("unknown", False, False, "no table 2 or table 3 found")
    mixed = bool(t3_text) and (template == "2021") != t3_2021
    return TemplateGuess(template, t3_2021, mixed, evidence)
