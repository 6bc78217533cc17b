"""Tables 2, 3 and 4 of both templates as data: rows, the labels real reports print for them
(with their typos and variants), and the field key of every cell.

Labels are regular expressions over normalized text (full-width brackets already ASCII).
Every key produced here is checked against fields.json at import time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from extractor.spec import T3_COLUMNS, T4_BLOCKS, T4_COLUMNS, fields_by_key
from extractor.templates import template

# An item number that may precede a label (1. 2、 3．) — consumed with the label so a digit run
# glued to the next row's number ('3700000372.没有现成…') keeps only its own digits.
ITEM = r"(?:\d\s*[.、]\s*)?"
SP = r"\s*"


# Two literal CJK characters in a label pattern, outside a character class (between them goes \s*).
_CJK_PAIR = re.compile(r"(?<!\[)([\u4e00-\u9fff“”\"])(?=[\u4e00-\u9fff“”\"])(?![^\[]*\])")


def spaced(word: str) -> str:
    """A label whose characters may be separated by stray spaces ('社会公益 组织')."""
    return SP.join(word)


@dataclass(frozen=True)
class RowSpec:
    name: str  # the row part of the key: t2.<name>.<col>, t3.<name>.<col>
    label: str  # regex
    columns: tuple[str, ...]  # column part of each cell's key, in printed order
    kind: str = "count"  # count | signed-middle | amount-last

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        # Whitespace may fall between any two characters of a label: a cell's line breaks that a
        # converter turned into <br> or spaces ('政府<br>集中<br>采购'), a label wrapped over lines.
        return re.compile(_CJK_PAIR.sub(r"\1\\s*", self.label))


@dataclass(frozen=True)
class TableSpec:
    table: str  # t2, t3
    template: str
    rows: tuple[RowSpec, ...]

    def keys(self) -> list[str]:
        return [f"{self.table}.{r.name}.{c}" for r in self.rows for c in r.columns]


# A bracketed remark that may wrap over lines, but not over a line of cells (pdftotext -layout prints a
# row's cells between the two lines of its wrapped label: '（二）部分公开（区分处理的，…不' / '5 0 0 …' / '计其他情形）').
PAREN_BODY = r"(?:[^()\n]|\n(?!\s*[-+/—]?\d))*"
PAREN = r"\(" + PAREN_BODY + r"\)"

_REG = r"规章(?!制度)"
_NORM = r"(?:行政)?规范性文件"

def _t2(tpl: str, name: str, label: str, kind: str = "count") -> RowSpec:
    """A table 2 row: its cells' columns in this template from fields.json (templates/template.py)."""
    return RowSpec(name, label, template.row_columns("t2", tpl, name), kind)


T2_2019 = TableSpec(
    "t2",
    "2019",
    (
        _t2("2019", "regulations", _REG),
        _t2("2019", "normative", _NORM),
        _t2("2019", "licensing", r"行政许可", "signed-middle"),
        _t2("2019", "other_services", r"其他对外管理服务事项", "signed-middle"),
        _t2("2019", "punishment", r"行政处罚", "signed-middle"),
        _t2("2019", "coercion", r"行政强制", "signed-middle"),
        _t2("2019", "fees", r"行政事业性收费", "signed-middle"),
        _t2("2019", "procurement", r"政府集中采购", "amount-last"),
    ),
)

T2_2021 = TableSpec(
    "t2",
    "2021",
    (
        _t2("2021", "regulations", _REG),
        _t2("2021", "normative", _NORM),
        _t2("2021", "licensing", r"行政许可"),
        _t2("2021", "punishment", r"行政处罚"),
        _t2("2021", "coercion", r"行政强制"),
        _t2("2021", "fees", r"行政事业性收费", "amount-last"),
    ),
)

_T3_COMMON_HEAD = (
    RowSpec("new_received", spaced("本年新收") + r"[^\d]{0,12}?" + spaced("申请数") + r"量?", T3_COLUMNS),
    RowSpec("carried_over", spaced("上年结转") + r"[^\d]{0,12}?" + spaced("申请数") + r"量?", T3_COLUMNS),
    RowSpec("granted", r"(?:\(一\)\s*)?予以公开", T3_COLUMNS),
    RowSpec("partial", r"(?:\(二\)\s*)?部分公开(?:" + PAREN + ")?", T3_COLUMNS),
    RowSpec("denied_secret", ITEM + r"(?:属于)?国家秘密", T3_COLUMNS),
    RowSpec("denied_law", ITEM + r"(?:其他)?法律(?:、)?行政法规禁止公开", T3_COLUMNS),
    RowSpec("denied_safety", ITEM + r"危及\s*[“\"]?\s*三安全一稳定\s*[”\"]?", T3_COLUMNS),
    RowSpec("denied_third_party", ITEM + r"(?:保护)?第三方合法权益", T3_COLUMNS),
    RowSpec("denied_internal", ITEM + r"(?:属于)?(?:第)?三类内部事务(?:信息)?", T3_COLUMNS),
    RowSpec("denied_process", ITEM + r"(?:属于)?(?:第)?四类过程性(?:信息)?", T3_COLUMNS),
    RowSpec("denied_enforcement", ITEM + r"(?:属于)?行政执法案[卷件]", T3_COLUMNS),
    RowSpec("denied_query", ITEM + r"(?:属于)?行政查询事项", T3_COLUMNS),
    RowSpec("unable_not_held", ITEM + r"本机关不掌握(?:相关)?(?:政府)?(?:信息)?", T3_COLUMNS),
    RowSpec("unable_create", ITEM + r"(?:没有现成信息)?需要另行制作", T3_COLUMNS),
    RowSpec("unable_unclear", ITEM + r"(?:补正后)?申请内容仍不明确", T3_COLUMNS),
    RowSpec("refused_petition", ITEM + r"信访举报(?:投诉)?类?申请", T3_COLUMNS),
    RowSpec("refused_duplicate", ITEM + r"重复申请", T3_COLUMNS),
    RowSpec("refused_publication", ITEM + r"(?:要求)?提供公开出版物", T3_COLUMNS),
    RowSpec("refused_mass", ITEM + r"(?:无正当理由)?大量反复申请", T3_COLUMNS),
    RowSpec("refused_confirm", ITEM + r"(?:要求行政机关)?确认或重新出具已获取(?:的)?信息", T3_COLUMNS),
)
_T3_COMMON_TAIL = (
    RowSpec("total", r"(?:\(七\)\s*)?总\s*计", T3_COLUMNS),
    RowSpec("carried_forward", spaced("结转下年度继续办理"), T3_COLUMNS),
)
T3_OTHER_2019 = RowSpec("other", r"\(六\)\s*其他处理", T3_COLUMNS)
T3_OTHER_2021 = (
    RowSpec(
        "other_no_correction",
        r"(?:\(六\)\s*其他处理\s*)?" + ITEM + r"申请人无正当理由逾期不补正[^\d]{0,30}?不再处理其政府信息公开申请",
        T3_COLUMNS,
    ),
    RowSpec(
        "other_unpaid_fee",
        ITEM + r"申请人逾期未按收费通知要求缴纳费用[^\d]{0,30}?不再处理其政府信息公开申请",
        T3_COLUMNS,
    ),
    RowSpec("other_misc", r"3\s*[.、]\s*其他(?!法律)", T3_COLUMNS),
)

T3_2019 = TableSpec("t3", "2019", _T3_COMMON_HEAD + (T3_OTHER_2019,) + _T3_COMMON_TAIL)
T3_2021 = TableSpec("t3", "2021", _T3_COMMON_HEAD + T3_OTHER_2021 + _T3_COMMON_TAIL)

T4_KEYS = tuple(f"t4.{b}.{c}" for b in T4_BLOCKS for c in T4_COLUMNS)
# Value cells: of a table 3 row, of table 4's one row of values, and of one table 4 block (its total last).
T3_WIDTH, T4_WIDTH, T4_BLOCK_WIDTH = template.width("t3"), template.width("t4"), len(T4_COLUMNS)

# Phrases of table headers that sit between rows (or, in a dump, between a row's cells) and carry no
# cell value; table 2's column heads come from fields.json (appended below).
HEADER_NOISE = (
    PAREN_BODY.join((r"\(", r"[\u4e00-\u9fff]", r"\)")),  # (单位:万元,保留4位小数), (五), (区分处理的…)
    r"第[一二三四五六七八九十]+条第\s*\(?[一二三四五六七八九十]+\)?\s*项",
    r"[一二三四五六七八九十]+[、.]",
)


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+\s*[.、．])")


def label_core(text: str) -> str:
    """A row label without its numbering, brackets' contents, spaces and punctuation: what to compare
    when a printed label was damaged ('2.其他法律行政止公开' against 其他法律行政法规禁止公开)."""
    text = text.replace("（", "(").replace("）", ")")
    text = re.sub(r"\s+", "", text)
    while (m := _NUMBERING.match(text)) is not None:
        text = text[m.end() :]
    text = re.sub(r"\([^()]*\)", "", text)  # （区分处理的，…） and group numbers inside the label
    text = text.replace("本年度办理结果", "")
    return re.sub(r"[^\u4e00-\u9fff]", "", text)


def printed_label(table: str, row: RowSpec) -> str:
    """The template's own label of a row, as fields.json words it (the part before ' / ', without its
    group): the reference a damaged printed label is compared with."""
    spec = fields_by_key()[f"{table}.{row.name}.{row.columns[0]}"]
    head = spec.label.split(" / ")[0]
    head = re.sub(r"^第二十条第（[一二三四五六七八九十]+）项\s*", "", head)
    return head.split(" ")[-1]


def section_of(table: str, row: RowSpec) -> str:
    """The printed part of the table a row belongs to (table 2: its 第二十条 item), from fields.json."""
    label = fields_by_key()[f"{table}.{row.name}.{row.columns[0]}"].label
    m = re.match(r"第二十条第（[一二三四五六七八九十]+）项", label)
    return m.group() if m else table


def _column_heads() -> tuple[str, ...]:
    """Table 2's column heads as fields.json words them (上一年项目数量, 本年增/减, 采购总金额 …) and its
    信息内容 head: header words a dump may print between a row's cells."""
    heads = {"信息内容"}
    for key, spec in fields_by_key().items():
        if key.startswith("t2.") and " / " in spec.label:
            heads.add(re.sub(r"（[^）]*）", "", spec.label.split(" / ")[-1]))
    return tuple(sorted(heads, key=len, reverse=True))


def _check_keys() -> None:
    known = fields_by_key()
    for spec in (T2_2019, T2_2021, T3_2019, T3_2021):
        unknown = [k for k in spec.keys() if k not in known]
        if unknown:
            raise RuntimeError(f"layout names keys missing from fields.json: {unknown}")
    for row in T3_OTHER_2021 + (T3_OTHER_2019,):
        for c in row.columns:
            assert f"t3.{row.name}.{c}" in known
    assert all(k in known for k in T4_KEYS)


_check_keys()
HEADER_NOISE = HEADER_NOISE + tuple(r"\s*".join(map(re.escape, head)) for head in _column_heads())


def table2(template: str) -> TableSpec:
    return T2_2021 if template == "2021" else T2_2019


def table3(template: str, single_other_row: bool = False) -> TableSpec:
    if template == "2021" and not single_other_row:
        return T3_2021
    if template == "2021":
        return TableSpec("t3", "2021", _T3_COMMON_HEAD + (T3_OTHER_2019,) + _T3_COMMON_TAIL)
    return T3_2019
