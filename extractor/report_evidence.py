"""Is a text with none of the template's tables still a 政府信息公开工作年度报告?

A free-form report, the opening of one, an older report or a page that lost its tables still has the report's
own shape: its title, the chapters of the national format (templates/chapters.py) as numbered headings, and the
narrative's quantities (主动公开…条, …申请…件). Such a text is a report whose tables are absent (SPEC §4); a text
with none of these (an unrelated file, a bare grid of numbers) is not one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.templates.chapters import HEADING, REPORT_TITLE, chapter_of

# A statement of one of the narrative's quantities: a proactive count of items, or a count of requests or cases.
_QUANTITY = re.compile(
    r"(?:主动公开|公开|发布)[^。；;\n]{0,30}?\d+\s*[余多]?\s*条"
    r"|申请[^。；;\n]{0,20}?(?:\d+|[一二两三四五六七八九十]+)\s*件"
    r"|(?:复议|诉讼)[^。；;\n]{0,12}?(?:\d+|[一二两三四五六七八九十]+)\s*[件起]"
)
_HEAD = 3000  # the title is printed at the top (after page chrome)
# The national format's preface, which says what the report is made of (本报告由总体情况、主动公开政府信息情况…等六部
# 分组成: the format's own chapters) or what period its figures cover (本报告所列数据的统计期限自…, in a text that names
# 政府信息公开): the report describing itself, a sign as strong as its title. Other reports have an overview and a
# period too (决算说明, 统计年鉴): the disclosure's words make it this report's.
_PREFACE_PARTS = re.compile(r"(?:本报告|全文|报告全文)[^。\n]{0,6}?由[^。\n]{0,12}?总体情况[^。\n]{0,200}?"
                            r"(?:主动公开政府信息|政府信息公开|依申请公开)[^。\n]{0,200}?(?:组成|构成)")
# The statute the report accounts for, named in its opening (依据《中华人民共和国政府信息公开条例》…): beside a chapter
# heading of the format, an opening with neither title nor preface nor a count in figures (session 20's dev halves).
_STATUTE = re.compile(r"政府信息公开条例")
_PERIOD_STATEMENT = re.compile(r"本(?:年度)?报告(?:中)?所列(?:的)?数据[^。\n]{0,6}?(?:统计期限|统计时限|统计周期|统计时间|截止日期)")


# The title of another of a body's yearly documents printed at the top in place of this report's: a rule-of-law report,
# final accounts or a budget, a work summary, plan or key points, a statistical bulletin. Its overview and its counts
# (行政复议…件, 公开…条) are that document's. Only the first lines are read (the document's own title, not a link
# further down a page); a line naming 政府信息公开 or 政务公开 (2023年政务公开工作要点) is no other document's title.
_OTHER_KIND = re.compile(r"法治政府建设|法治建设|依法行政|决算|预算|统计公报|国民经济和社会发展|政府工作报告|述职|工作总结|"
                         r"工作要点|工作计划|实施方案")
_TITLE_END = re.compile(r"(?:报告|说明|总结|公报|要点|计划|方案)$")
_TOP_LINES = 5


def _other_title(head: str) -> str | None:
    lines = [line.strip() for line in head.splitlines() if line.strip()][:_TOP_LINES]
    return next((line for line in lines if len(line) <= 60 and "政府信息公开" not in line and "政务公开" not in line
                 and _OTHER_KIND.search(line) and _TITLE_END.search(line)), None)


def _has_preface(head: str) -> bool:
    return bool(_PREFACE_PARTS.search(head) or (_PERIOD_STATEMENT.search(head) and "政府信息公开" in head))


@dataclass(frozen=True)
class ReportEvidence:
    title: bool  # a 政府信息公开(工作)年度报告 title near the top
    preface: bool  # the format's preface near the top (本报告由…组成, 本报告所列数据的统计期限)
    chapters: tuple[str, ...]  # the format's chapters found as numbered headings (section labels, in order)
    quantities: int  # statements of the narrative's quantities
    other_title: str | None = None  # the title of another kind of document at the top (法治政府建设…报告, 决算说明)
    statute: bool = False  # the statute named near the top (政府信息公开条例)

    def is_report(self) -> bool:
        """Two independent signs of the report's shape: the title or the format's preface with a chapter or a
        quantity, the title with the preface, two chapters, a chapter with a quantity, or a chapter with the statute
        named near the top. One alone (a title over a link to a PDF, a sentence that names 政府信息公开) is not enough.
        Under another document's title, only this report's title or preface makes it one: that document's chapters
        and counts are its own."""
        chapters = len(self.chapters)
        if self.other_title and not (self.title or self.preface):
            return False
        return (((self.title or self.preface) and (chapters > 0 or self.quantities > 0)) or chapters >= 2
                or (chapters > 0 and (self.quantities > 0 or self.statute)) or bool(self.title and self.preface))

    def describe(self) -> str:
        found = [*(["a report title"] if self.title else []), *(["the format's preface"] if self.preface else []),
                 *([f"chapter headings ({', '.join(self.chapters)})"] if self.chapters else []),
                 *([f"{self.quantities} narrative quantities"] if self.quantities else []),
                 *(["the statute named"] if self.statute else []),
                 *([f"under another document's title ({self.other_title})"] if self.other_title else [])]
        return ", ".join(found) or "no title, chapter heading or narrative quantity of such a report"


def report_evidence(text: str) -> ReportEvidence:
    chapters: list[str] = []
    for m in HEADING.finditer(text):
        label = chapter_of(m.group("name"))
        if label and label not in chapters:
            chapters.append(label)
    return ReportEvidence(
        title=REPORT_TITLE.search(text, 0, _HEAD) is not None,
        preface=_has_preface(text[:_HEAD]),
        chapters=tuple(chapters),
        quantities=sum(1 for _ in _QUANTITY.finditer(text)),
        other_title=_other_title(text[:_HEAD]),
        statute=_STATUTE.search(text, 0, _HEAD) is not None,
    )
