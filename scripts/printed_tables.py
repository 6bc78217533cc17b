"""Tables 2, 3 and 4 as the templates print them: rows of cells with rowspan/colspan.

The builders take the printed text of each value cell keyed by its canonical field key (SPEC §2),
so the invented examples (examples/make_examples.py) and the corpus gold (scripts/render_reports.py)
lay out the same printed tables. A row none of whose value keys is given is left out, as a report
that does not print that row; a given key whose text is empty is a blank cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from extractor.templates import template as tmpl

# The template's columns, the total last (printed after the parts: 总计 spans the two head rows of table 3).
T3_COLUMNS = tmpl.column_keys("t3")
T4_BLOCKS = tmpl.row_keys("t4")
T4_COLUMNS = tmpl.column_keys("t4")
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
# Table 2: per 第二十条 item a header row, a column-head row, then one row per item (templates/template.py).

def _spread(cells: list[Cell]) -> list[Cell]:
    """Widen the last cell so that the row fills table 2's four columns."""
    span = T2_WIDTH - sum(cell.colspan for cell in cells) + 1
    return [*cells[:-1], cells[-1]._replace(colspan=span)]


def t2_rows(template: str, cells: Printed) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for heading, heads, items, columns in tmpl.t2_sections("2021" if template == "2021" else "2019"):
        rows += [[c(heading, 1, T2_WIDTH)], _spread([c(tmpl.T2_FIRST_HEAD), *map(c, heads)])]
        for part, label in items:
            keys = [f"t2.{part}.{col}" for col in columns]
            if any(key in cells for key in keys):
                rows.append(_spread([c(label), *(value(cells, key) for key in keys)]))
    return rows


# ---------------------------------------------------------------------------------------------
# Table 3: outcome rows of each template as (key, item label); group labels span their items.

OutcomeGroup = tuple[str, list[tuple[str, str]]]


def outcome_groups(template: str, mixed: bool = False) -> list[OutcomeGroup]:
    """(group label, [(row key, item label)]) in printed order; a group with one unlabelled item is one
    row. A mixed report (2021 table 2, 2019-style table 3) prints the single 其他处理 row."""
    groups: list[OutcomeGroup] = []
    for key in tmpl.t3_outcome_rows("2021" if template == "2021" and not mixed else "2019"):
        label = tmpl.t3_label(key)
        if not groups or groups[-1][0] != label.heading:
            groups.append((label.heading, []))
        groups[-1][1].append((key, label.item))
    return groups


def _t3_keys(row: str) -> list[str]:
    return [f"t3.{row}.{col}" for col in T3_COLUMNS]


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
    total_row, forward_row = tmpl.row_keys("t3", groups=("total",))[0], tmpl.row_keys("t3", groups=("carried_forward",))[0]
    total = _t3_values(cells, total_row)
    n_outcome_rows = sum(len(items) for _, items in groups) + (total is not None)  # + （七）总计
    natural, *organisations, everyone = tmpl.columns("t3")
    rows: list[list[Cell]] = [
        [c(tmpl.T3_CHAPTER_NOTE, 3, 3), c(tmpl.T3_APPLICANT_HEAD, 1, len(T3_COLUMNS))],
        [c(natural.head, 2), c(tmpl.T3_ORG_HEAD, 1, len(organisations)), c(everyone.head, 2)],
        [c(col.head) for col in organisations],
    ]
    for row in tmpl.row_keys("t3", groups=("intake",)):
        if (values := _t3_values(cells, row)) is not None:
            rows.append([c(tmpl.t3_label(row).chapter, 1, 3), *values])
    first = True
    chapter = tmpl.t3_label(tmpl.row_keys("t3", groups=("outcome",))[0]).chapter  # 三、本年度办理结果
    for group, items in groups:
        for i, (key, item) in enumerate(items):
            row = [c(chapter, n_outcome_rows)] if first else []
            first = False
            if not item:
                row.append(c(group, 1, 2))
            else:
                row += [c(group, len(items))] if i == 0 else []
                row.append(c(item))
            rows.append(row + (_t3_values(cells, key) or []))
    if total is not None:
        rows.append([c(tmpl.t3_label(total_row).heading, 1, 2), *total])
    if (values := _t3_values(cells, forward_row)) is not None:
        rows.append([c(tmpl.t3_label(forward_row).chapter, 1, 3), *values])
    return rows


# ---------------------------------------------------------------------------------------------
# Table 4


def t4_rows(cells: Printed) -> list[list[Cell]]:
    heads = [col.head for col in tmpl.columns("t4")]
    values = [value(cells, f"t4.{block}.{col}") for block in T4_BLOCKS for col in T4_COLUMNS]
    review, *suits = tmpl.rows("t4")  # 行政复议; 行政诉讼 未经复议直接起诉, 行政诉讼 复议后起诉
    n = len(heads)
    return [
        [c(review.label, 1, n), c(suits[0].label.split(" ")[0], 1, n * len(suits))],
        [*(c(h, 2) for h in heads), *(c(suit.label.split(" ")[1], 1, n) for suit in suits)],
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
