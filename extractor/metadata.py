"""Title, issuing body and year of a report, from its head (and, for the body, its signature)."""

from __future__ import annotations

import functools
import re

from extractor.templates.chapters import REPORT_NAME as _REPORT

# The body's name: a run of characters without sentence punctuation or brackets.
_NAME = r"[^\s,，。、《》“”\"()\[\]:：;；！？<>]{2,40}?"
# A year in digits, or in Chinese numerals as titles print it (二〇二三年, 二○二三年, 二零二三年).
_ZERO = "〇○零"
_YEAR = rf"(?:19|20)\d\d|二[{_ZERO}][{_ZERO}一二三四五六七八九][{_ZERO}一二三四五六七八九]"
_TITLE = re.compile(rf"(?P<name>{_NAME})\s*(?P<year>{_YEAR})\s*年\s*度?\s*{_REPORT}")
# Site navigation that sits in front of the title on crawled pages, and the page's date (发布日期：2026年1月24日).
_CHROME = re.compile(r".*(?:年报|首页|当前位置|政务公开|文字版|全真版|-->|>|›|(?:19|20)\d\d年\d{1,2}月\d{1,2}日)")
# What may stand on a title's line before it (site navigation) and end it (a page title's 「_site name」 suffix).
_CHROME_ONLY = re.compile(rf"\s*|{_CHROME.pattern}\s*")
_LINE_ENDS = re.compile(r"\s*(?:$|\n|_|\||-)")
# Words that present this report in a sentence (现将…报告如下, 特此公布), not one that mentions another.
_PRESENTS = re.compile(r"现将|现予|现公布|现发布|特此|如下|予以公布|向社会公布|正式发布|编制完成")
# A count and the 、 of a list right before a name (…信息3条、).
_AFTER_A_COUNT = re.compile(r"\d\s*[条件篇项个份]\s*、\s*$")
# A page's link to another report in front of a title (上一篇：…2022年…年度报告 above this year's, 往年年报).
_LINKED = re.compile(r"(?:上一篇|下一篇|上篇|下篇|相关阅读|相关链接|相关文章|推荐阅读|相关推荐|往年年报|往年报告|历年年报|"
                     r"历年报告|往期)\s*[:：]?\s*$")
# A report title followed by these is part of a longer name: a notice about the reports, a format, ...
_CITED_AFTER = re.compile(r"\s*(?:有关|相关|的通知|的要求|格式)")
# Words no body's name holds: a sentence (a notice's name cut before 关于, 现编制完成, ...) is no agency.
# (编制 alone can be a body's: 机构编制委员会办公室.)
# A year, or a report's guide, published before it (按时发布2021年度信息公开指南和2020年度…报告) is a sentence too, and so
# is the verb 公开 in it (及时公开某局2023年度…年报), where it is no …务公开 or 信息公开 of an office's name.
_NOT_A_NAME = re.compile(r"关于|编制完成|编制公布|编制和公布|公布|印发|通知|以下简称|事项|报告|情况|要求|发布|指南|"
                         r"(?<!务)(?<!信息)公开|(?:19|20)\d\d\s*年")
_NOT_A_START = ("编制", "现", "特", "本", "我", "今", "该", "根据", "按照", "依据", "结合")
# Without a printed title the body is read where the report names itself, and there it must end like a body.
_BODY_END = "区县市省州盟旗镇乡村局厅委办府院处署会室站所部馆队社行关司团道心"
_BODY = rf"[^\s,，。、《》“”\"()（）\[\]:：;；！？<>]{{1,39}}[{_BODY_END}]"
# The year first: 2020年上海市宝山区顾村镇政府信息公开工作年度报告 (the name must then end like a body's, and 政府 of
# 政府信息公开 is none: 2022年度政府信息公开工作报告 names no body).
_TITLE_YEAR_FIRST = re.compile(rf"(?P<year>{_YEAR})\s*年\s*度?\s*"
                               rf"(?P<name>(?!度?\s*政府\s*信息){_BODY.replace('{1,39}', '{1,39}?')})\s*{_REPORT}")
_DATE = r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
# The signature under the report: "<body> 2023年1月5日" (not the "<office> … 印发" distribution line).
_SIGNATURE = re.compile(rf"(?<![^\s。；！])({_BODY})\s*{_DATE}(?!\s*印发)")
# "结合平潭综合实验区市场监督管理局（以下简称“我局”）".
_SELF_NAMED = re.compile(rf"({_BODY})\s*[（(]以下简称\s*[“\"]?(?:我|本)")
_LEADING_VERB = re.compile(r"^(?:结合|根据|按照|依据|由|对|在|经|为|是)")
# "区经济发展局", "县发展和改革局": the body shortened under its parent, no name to file a report under.
_SHORTENED = re.compile(r"^[区县市省镇乡]")
# The subject of 总体情况's first sentence: "一、总体情况 2022年，平潭综合实验区坚持…".
_OVERVIEW_SUBJECT = re.compile(
    rf"总体情况\s*(?:19|20)\d\d\s*年度?\s*[，,]\s*({_BODY})"
    r"(?:坚持|认真|深入|始终|紧紧|全面|严格|继续|进一步|持续|扎实|积极|高度|聚焦|围绕|不断|贯彻|按照|根据|以)"
)
# The statistics period: its data from 1 January of the year (统计期限自2023年1月1日, 所列数据时间从…, 报告期为…), or
# to 31 December of it (数据统计时间截至2023年12月31日).
_STATISTICS_PERIOD = re.compile(r"(?:统计|数据|报告期)[^。]{0,12}?(?:((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日"
                          r"|截[至止]\s*((?:19|20)\d\d)\s*年\s*12\s*月\s*31\s*日)")
# (or, after the overview's first sub-heading, a sentence opening with the year and a comma that counts what was
# disclosed: 一、总体情况 (一)主动公开情况。2022年，…主动公开政府信息86条; not 2019年以来, 2016年起, nor a background
# year, 2020年，我局完成网站迁移。)
_FIRST_YEAR = re.compile(r"总体情况\s*((?:19|20)\d\d)\s*年|"
                         r"总体情况\s*[（(]\s*[一1]\s*[)）][^。\n\d]{0,16}?[。：:\n]\s*((?:19|20)\d\d)\s*年度?\s*[，,]"
                         r"(?=[^。\n]{0,200}?(?:公开|发布)[^。\n\d]{0,40}?\d+\s*[余多]?\s*[条件项篇])")
# A sentence presenting this report with its year first and no title (现将2023年度政府信息公开工作情况报告如下,
# 特向社会公布2021年度某局信息公开年度报告).
_PRESENTED_YEAR = re.compile(r"(?:现将|现予|现公布|现发布|向社会公布)[^。\n\d]{0,20}?((?:19|20)\d\d)\s*年\s*度?"
                             r"[^。\n\d《》]{0,30}?信息\s*公开[^。\n\d《》]{0,12}?报告")


def _body_named(title: re.Match) -> str:
    """The body a title (_TITLE) names: without the site's navigation in front, nor 关于 before the year
    (某局关于2023年政府信息公开工作的年度报告)."""
    return re.sub(r"关于$", "", _CHROME.sub("", title.group("name")))


def _year_value(printed: str) -> int:
    """A year as printed: 2023, or 二〇二三 digit by digit."""
    if printed.isdigit():
        return int(printed)
    return int("".join("0" if ch in _ZERO else str("一二三四五六七八九".index(ch) + 1) for ch in printed))


def _is_name(name: str) -> bool:
    return len(name) >= 2 and not name.startswith(_NOT_A_START) and not _NOT_A_NAME.search(name)


def _is_full_body(name: str) -> bool:
    return _is_name(name) and not _SHORTENED.match(name)


def _cited(text: str, start: int, end: int) -> bool:
    """A title inside 《…》 or followed by 有关事项的通知 etc. names another document, not this report."""
    before = text[:start]
    return before.count("《") > before.count("》") or bool(_CITED_AFTER.match(text, end))


def _agency_in_text(text: str) -> str | None:
    """The issuing body where a report without a printed title names itself: its signature, a
    "X（以下简称“我局”）", or the subject of the overview's first sentence."""
    signatures = _SIGNATURE.finditer(text, max(0, len(text) - 600))
    self_named = _SELF_NAMED.finditer(text[:3000])
    subjects = _OVERVIEW_SUBJECT.finditer(text[:6000])
    for m in (*signatures, *self_named, *subjects):
        name = _LEADING_VERB.sub("", m.group(1))
        if _is_full_body(name):
            return name
    return None


def find_title(text: str) -> tuple[str | None, str | None, int | None]:
    """(title, agency, year); any may be None when the report does not print it. The year is the title's,
    else the statistics period's; the agency the title's, else the body the report names itself."""
    found = _printed_title(text)
    if found is not None:
        agency = _body_named(found)
        chrome = len(_CHROME.match(found.group("name")).group()) if _CHROME.match(found.group("name")) else 0
        title = found.group(0)[found.start("name") - found.start() + chrome:] if found.re is _TITLE else found.group(0)
        return re.sub(r"\s+", "", title), agency, _year_value(found.group("year"))
    return None, _agency_in_text(text), _year_without_title(text)


@functools.lru_cache(maxsize=2)
def find_year(text: str) -> int | None:
    """The year the report is about, as find_title reads it (without looking for the body's name). Remembered for the
    last two texts: every definition rule of a document asks it of the same text (a str caches its own hash, so a
    repeated call costs a lookup, not a read)."""
    found = _printed_title(text)
    return _year_value(found.group("year")) if found is not None else _year_without_title(text)


def _this_report(head: str, m: re.Match) -> bool:
    """A report title in the head that names this report: not cited (《…》, …有关事项的通知), nor a page's link, nor an
    item of a list of counts (…类信息3条、某局2024年政府信息公开工作年度报告 names last year's, disclosed; a joint title,
    某县委办公室、某县人民政府办公室2023年…, is one)."""
    return (not _cited(head, m.start(), m.end()) and not _LINKED.search(head, max(0, m.start() - 12), m.start())
            and not _AFTER_A_COUNT.search(head, max(0, m.start() - 8), m.start()))


@functools.lru_cache(maxsize=2)  # find_title and find_year ask it of the same document
def _printed_title(text: str) -> re.Match | None:
    """The first title in the head: the body's name then the year, or the year first on a line of its own (a
    sentence that mentions last year's report, 针对2022年某镇…年度报告评议指出的问题, is no title)."""
    head = text[:1500]
    found = [m for m in _TITLE.finditer(head) if _is_name(_body_named(m)) and _this_report(head, m)]
    found += [m for m in _TITLE_YEAR_FIRST.finditer(head) if _is_full_body(m.group("name")) and _this_report(head, m)
              and _CHROME_ONLY.fullmatch(head[head.rfind("\n", 0, m.start()) + 1:m.start()])
              and _LINE_ENDS.match(head, m.end())]
    return min(found, key=lambda m: m.start(), default=None)


def _year_without_title(text: str) -> int | None:
    """The statistics period's year, else the year of a sentence that presents this report (现将我镇2022年度政府信息
    公开工作报告如下), else the year the overview opens with."""
    year = _STATISTICS_PERIOD.search(text[:4000])
    if year is None:
        head = text[:1500]
        presented = next((m for m in _TITLE.finditer(head) if _this_report(head, m)
                          and _PRESENTS.search(head, max(0, m.start() - 4), m.end() + 8)), None)
        if presented is not None:
            return _year_value(presented.group("year"))
        year = _PRESENTED_YEAR.search(head) or _FIRST_YEAR.search(text[:6000])
    return int(next(g for g in year.groups() if g)) if year else None
