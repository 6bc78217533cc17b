"""Tables 2, 3 and 4 as the templates print them: rows of cells with rowspan/colspan.

The builders take the printed text of each value cell keyed by its canonical field key (SPEC §2),
so the invented examples (examples/make_examples.py) and the corpus gold (scripts/render_reports.py)
lay out the same printed tables. A row none of whose value keys is given is left out, as a report
that does not print that row; a given key whose text is empty is a blank cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from extractor.checks.rules import T3_OTHER_ROWS, T3_OUTCOMES_COMMON
from extractor.spec import fields_by_key

T3_COLUMNS = ("natural", "commercial", "research", "social", "legal", "other_org")
T4_BLOCKS = ("review", "suit_direct", "suit_after_review")
T4_COLUMNS = ("upheld", "corrected", "other", "pending")
T2_WIDTH = 4  # table 2 is four columns wide in both templates

# Printed text of each value cell by canonical key ("t3.granted.natural" -> "14").
Printed = Mapping[str, str]


class Cell(NamedTuple):
    text: str
    rowspan: int = 1
    colspan: int = 1
    key: str | None = None  # the canonical field key of a value cell; None for labels


def c(text: object, rowspan: int = 1, colspan: int = 1) -> Cell:
    """A label cell."""
    return Cell(str(text), rowspan, colspan)


def value(cells: Printed, key: str, colspan: int = 1) -> Cell:
    """A value cell: its printed text, blank where the key has none."""
    return Cell(cells.get(key, ""), 1, colspan, key)


# ---------------------------------------------------------------------------------------------
# Table 2: per 第二十条 item a header row, a column-head row, then one row per item;
# each section is (item heading, column heads, [(row label, key part)], value columns).

_T2Section = tuple[str, tuple[str, ...], list[tuple[str, str]], tuple[str, ...]]

_ITEMS_2019 = ("上一年项目数量", "本年增/减", "处理决定数量")
_T2_2019: list[_T2Section] = [
    ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
     [("规章", "regulations"), ("规范性文件", "normative")], ("made", "published", "total")),
    ("第二十条第（五）项", _ITEMS_2019, [("行政许可", "licensing"), ("其他对外管理服务事项", "other_services")],
     ("prev_items", "change", "decisions")),
    ("第二十条第（六）项", _ITEMS_2019, [("行政处罚", "punishment"), ("行政强制", "coercion")],
     ("prev_items", "change", "decisions")),
    ("第二十条第（八）项", _ITEMS_2019[:2], [("行政事业性收费", "fees")], ("prev_items", "change")),
    ("第二十条第（九）项", ("采购项目数量", "采购总金额"), [("政府集中采购", "procurement")], ("items", "amount")),
]  # fmt: skip
_T2_2021: list[_T2Section] = [
    ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
     [("规章", "regulations"), ("行政规范性文件", "normative")], ("issued", "repealed", "in_force")),
    ("第二十条第（五）项", ("本年处理决定数量",), [("行政许可", "licensing")], ("decisions",)),
    ("第二十条第（六）项", ("本年处理决定数量",), [("行政处罚", "punishment"), ("行政强制", "coercion")], ("decisions",)),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), [("行政事业性收费", "fees")], ("amount",)),
]  # fmt: skip


def _spread(cells: list[Cell]) -> list[Cell]:
    """Widen the last cell so that the row fills table 2's four columns."""
    span = T2_WIDTH - sum(cell.colspan for cell in cells) + 1
    return [*cells[:-1], cells[-1]._replace(colspan=span)]


def t2_rows(template: str, cells: Printed) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for heading, heads, items, columns in _T2_2021 if template == "2021" else _T2_2019:
        rows += [[c(heading, 1, T2_WIDTH)], _spread([c("信息内容"), *map(c, heads)])]
        for label, part in items:
            keys = [f"t2.{part}.{col}" for col in columns]
            if any(key in cells for key in keys):
                rows.append(_spread([c(label), *(value(cells, key) for key in keys)]))
    return rows


# ---------------------------------------------------------------------------------------------
# Table 3: outcome rows of each template as (key, item label); group labels span their items.

def _items(prefix: str, rows: tuple[str, ...]) -> list[tuple[str, str]]:
    """(row key part, item label) of the outcome rows of a group, in the template's order, as fields.json
    words them ('（三）不予公开 1.属于国家秘密 / 自然人' → '1.属于国家秘密'): the one source of these labels."""
    labels = fields_by_key()
    return [(row, labels[f"t3.{row}.natural"].label.split(" / ")[0].split(" ", 1)[1]) for row in rows if row.startswith(prefix)]


_DENIED = _items("denied_", T3_OUTCOMES_COMMON)
_UNABLE = _items("unable_", T3_OUTCOMES_COMMON)
_REFUSED = _items("refused_", T3_OUTCOMES_COMMON)
_OTHER_2021 = _items("other_", T3_OTHER_ROWS["2021"])

OutcomeGroup = tuple[str, list[tuple[str, str]]]


def outcome_groups(template: str, mixed: bool = False) -> list[OutcomeGroup]:
    """(group label, [(row key, item label)]) in printed order; a group with one unlabelled item is one
    row. A mixed report (2021 table 2, 2019-style table 3) prints the single 其他处理 row."""
    three_other_rows = template == "2021" and not mixed
    other = [("（六）其他处理", _OTHER_2021)] if three_other_rows else [("（六）其他处理", [("other", "")])]
    return [
        ("（一）予以公开", [("granted", "")]),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [("partial", "")]),
        ("（三）不予公开", _DENIED),
        ("（四）无法提供", _UNABLE),
        ("（五）不予处理", _REFUSED),
        *other,
    ]


def _t3_keys(row: str) -> list[str]:
    return [f"t3.{row}.{col}" for col in (*T3_COLUMNS, "total")]


def _t3_values(cells: Printed, row: str) -> list[Cell] | None:
    """The seven value cells of a table 3 row, or None where the report does not print the row."""
    keys = _t3_keys(row)
    return [value(cells, key) for key in keys] if any(key in cells for key in keys) else None


def _printed_groups(template: str, mixed: bool, cells: Printed) -> list[OutcomeGroup]:
    """The outcome groups keeping only the rows the report prints."""
    groups = []
    for group, items in outcome_groups(template, mixed):
        kept = [(key, item) for key, item in items if _t3_values(cells, key) is not None]
        if kept:
            groups.append((group, kept))
    return groups


def t3_rows(template: str, cells: Printed, mixed: bool = False) -> list[list[Cell]]:
    groups = _printed_groups(template, mixed, cells)
    total = _t3_values(cells, "total")
    n_outcome_rows = sum(len(items) for _, items in groups) + (total is not None)  # + （七）总计
    rows: list[list[Cell]] = [
        [c("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), c("申请人情况", 1, 7)],
        [c("自然人", 2), c("法人或其他组织", 1, 5), c("总计", 2)],
        [c("商业企业"), c("科研机构"), c("社会公益组织"), c("法律服务机构"), c("其他")],
    ]
    for label, row in (("一、本年新收政府信息公开申请数量", "new_received"), ("二、上年结转政府信息公开申请数量", "carried_over")):
        if (values := _t3_values(cells, row)) is not None:
            rows.append([c(label, 1, 3), *values])
    first = True
    for group, items in groups:
        for i, (key, item) in enumerate(items):
            row = [c("三、本年度办理结果", n_outcome_rows)] if first else []
            first = False
            if not item:
                row.append(c(group, 1, 2))
            else:
                row += [c(group, len(items))] if i == 0 else []
                row.append(c(item))
            rows.append(row + (_t3_values(cells, key) or []))
    if total is not None:
        rows.append([c("（七）总计", 1, 2), *total])
    if (values := _t3_values(cells, "carried_forward")) is not None:
        rows.append([c("四、结转下年度继续办理", 1, 3), *values])
    return rows


# ---------------------------------------------------------------------------------------------
# Table 4


def t4_rows(cells: Printed) -> list[list[Cell]]:
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    values = [value(cells, f"t4.{block}.{col}") for block in T4_BLOCKS for col in (*T4_COLUMNS, "total")]
    return [
        [c("行政复议", 1, 5), c("行政诉讼", 1, 10)],
        [*(c(h, 2) for h in heads), c("未经复议直接起诉", 1, 5), c("复议后起诉", 1, 5)],
        [*(c(h) for h in heads), *(c(h) for h in heads)],
        values,
    ]


# ---------------------------------------------------------------------------------------------
# Grid placement

Slot = tuple[int, int, Cell]  # (origin row, origin column, cell)


def grid_of(rows: list[list[Cell]]) -> list[list[Slot | None]]:
    """Place the cells on a grid: each position holds (origin row, origin col, cell)."""
    n_cols = sum(cell.colspan for cell in rows[0])
    grid: list[list[Slot | None]] = [[None] * n_cols for _ in rows]
    for r, row in enumerate(rows):
        col = 0
        for cell in row:
            while grid[r][col] is not None:
                col += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    grid[r + dr][col + dc] = (r, col, cell)
            col += cell.colspan
    return grid


def is_origin(slot: Slot | None, row: int, col: int) -> bool:
    """Whether this grid position is where its (possibly merged) cell starts."""
    return slot is not None and (slot[0], slot[1]) == (row, col)
