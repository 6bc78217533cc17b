"""Tables 2, 3 and 4 of both national templates (2019, 2021) as data, written once.

Rows, columns, their printed labels and which template has which cell come from fields.json (keys
`t3.<row>.<col>`, labels 'row label / column head'). What fields.json does not say is added here as
data: the group of each row and column, the printed variants of a few labels, the identities that
hold within a report and across a body's consecutive reports, and the narrative → table-cell map.
Everything else (parser row specs, checks, reconcile stock rules, synthetic and printed tables) is
derived from this module; tests/test_template_literals.py keeps it that way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractor.templates.fields import all_fields

TEMPLATES = ("2019", "2021")

# ---------------------------------------------------------------------------------------------
# What fields.json lacks: groups of rows and columns.

# Table 3 rows: the counts that come in, the outcomes every template has, the 其他处理 rows (one in
# 2019, three in 2021), the outcomes' total and what carries on to next year.
T3_ROW_GROUPS: dict[str, tuple[str, ...]] = {
    "intake": ("new_received", "carried_over"),
    "outcome": (
        "granted", "partial", "denied_secret", "denied_law", "denied_safety", "denied_third_party",
        "denied_internal", "denied_process", "denied_enforcement", "denied_query", "unable_not_held",
        "unable_create", "unable_unclear", "refused_petition", "refused_duplicate", "refused_publication",
        "refused_mass", "refused_confirm",
    ),
    "other_outcome": ("other", "other_no_correction", "other_unpaid_fee", "other_misc"),
    "total": ("total",),
    "carried_forward": ("carried_forward",),
}  # fmt: skip
# Columns: the parts a total sums ('applicant' in table 3, 'result' in table 4) and the total.
COLUMN_GROUPS: dict[str, dict[str, tuple[str, ...]]] = {
    "t3": {"applicant": ("natural", "commercial", "research", "social", "legal", "other_org"), "total": ("total",)},
    "t4": {"result": ("upheld", "corrected", "other", "pending"), "total": ("total",)},
}
# Table 4 rows (blocks): the review and the two kinds of suit.
T4_ROW_GROUPS: dict[str, tuple[str, ...]] = {"review": ("review",), "suit": ("suit_direct", "suit_after_review")}

# Table 2's group of the documents made (规章, 规范性文件), whose third column is a stock.
T2_DOCUMENTS = "第二十条第（一）项"

# Printed variants fields.json does not carry: the remark the template prints after 部分公开, and the
# head the 2021 template prints over table 2's decision counts.
T3_REMARKS = {"partial": "（区分处理的，只计这一情形，不计其他情形）"}
T2_HEAD_VARIANTS = {("2021", "decisions"): "本年处理决定数量"}
T2_FIRST_HEAD = "信息内容"  # the head over table 2's row labels
T3_CHAPTER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANT_HEAD = "申请人情况"
T3_ORG_HEAD = "法人或其他组织"

# ---------------------------------------------------------------------------------------------
# Identities (SPEC §3).

# Within a report, table 3 per column: intake == total + carried_forward; total == every outcome.
T3_BALANCE = (("intake",), ("total", "carried_forward"))
T3_OUTCOMES = (("total",), ("outcome", "other_outcome"))
# Within a report, every row of tables 3 and 4: its total column == the sum of its part columns.
# Narrative statements and the table cells they restate (their sum).
NARRATIVE_CELLS: dict[str, tuple[str, ...]] = {
    "n.applications.received": ("t3.new_received.total",),
    "n.applications.completed": ("t3.total.total",),
    "n.applications.carried_forward": ("t3.carried_forward.total",),
    "n.review.total": ("t4.review.total",),
    "n.litigation.total": ("t4.suit_direct.total", "t4.suit_after_review.total"),
}
# The SPEC §6 entity label that states each narrative key in running text: the one label ↔ key map (the
# reconciler, weak labels, review tasks and synthetic text derive theirs from it). One label may state two keys:
# a CASE_COUNT is a review or a suit by the words in front of it.
NARRATIVE_LABELS: dict[str, str] = {
    "n.proactive.total": "PROACTIVE_TOTAL",
    "n.proactive.cumulative": "PROACTIVE_CUMULATIVE",
    "n.applications.received": "APP_RECEIVED",
    "n.applications.completed": "APP_COMPLETED",
    "n.applications.carried_forward": "APP_CARRIED",
    "n.review.total": "CASE_COUNT",
    "n.litigation.total": "CASE_COUNT",
    "n.fees.info_processing": "FEE_AMOUNT",
}


def narrative_keys(label: str) -> tuple[str, ...]:
    """The `n.*` keys an entity label may state (none for a label no key is read from, e.g. APP_OUTCOME)."""
    return tuple(k for k, lab in NARRATIVE_LABELS.items() if lab == label)


def restating_labels() -> dict[str, str]:
    """Table cell → the label of the running-text number that restates it (via NARRATIVE_CELLS)."""
    return {cell: NARRATIVE_LABELS[key] for key, cells in NARRATIVE_CELLS.items() for cell in cells}


@dataclass(frozen=True)
class Term:
    year: str  # this | previous
    column: str
    sign: int = 1


@dataclass(frozen=True)
class StockIdentity:
    """A table 2 row's stock carried across years: this year's `column` == the sum of `terms`."""

    name: str
    column: str
    terms: tuple[Term, ...]
    checked: bool  # also a cross-year check of the output (checks/cross_year.py), a warning


# Across years: table 3's carried-over column == last year's carried-forward one (an error), and table 2's stocks.
CARRIED_ACROSS = ("carried_over", "carried_forward")
T2_STOCKS = (
    StockIdentity("prev_items", "prev_items", (Term("previous", "prev_items"), Term("previous", "change")), False),
    StockIdentity(
        "in_force", "in_force",
        (Term("previous", "in_force"), Term("this", "issued"), Term("this", "repealed", -1)), True,
    ),
    StockIdentity("total", "total", (Term("previous", "total"), Term("this", "published")), False),
)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Derived from fields.json.


@dataclass(frozen=True)
class Column:
    key: str
    head: str  # the printed column head, as fields.json words it
    group: str


@dataclass(frozen=True)
class Row:
    key: str
    group: str
    label: str  # the row's label, as fields.json words it (the part before ' / ')
    columns: tuple[str, ...]  # its cells' column keys, in printed order
    templates: tuple[str, ...]


def _split(key: str) -> tuple[str, str]:
    _, row, col = key.split(".")
    return row, col


@lru_cache(maxsize=None)
def _rows(table: str) -> tuple[Row, ...]:
    """Every row of a table in printed order, over both templates (a 2019-only row beside 2021's)."""
    cells: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    labels: dict[str, str] = {}
    for f in all_fields():
        if f.table == table:
            row, col = _split(f.key)
            cells.setdefault(row, []).append((col, f.templates))
            labels.setdefault(row, f.label.split(" / ")[0])
    groups = T3_ROW_GROUPS if table == "t3" else T4_ROW_GROUPS if table == "t4" else {}
    group_of = {r: g for g, rows in groups.items() for r in rows}
    out = []
    for row, cols in cells.items():
        templates = tuple(t for t in TEMPLATES if any(t in ts for _, ts in cols))
        group = group_of.get(row) or _t2_item(labels[row])
        out.append(Row(row, group, labels[row], tuple(c for c, _ in cols), templates))
    if table == "t2":  # fields.json lists 2019's rows first: print order is by 第二十条 item
        out.sort(key=lambda r: _item_number(r.label))
    missing = set(group_of) - {r.key for r in out}
    if missing:
        raise RuntimeError(f"template groups name rows missing from fields.json: {sorted(missing)}")
    return tuple(out)


_CN_DIGITS = "一二三四五六七八九十"


def _t2_item(label: str) -> str:
    """Table 2's group of a row: its 第二十条 item ('第二十条第（一）项 规章' → '第二十条第（一）项')."""
    m = re.match(r"第二十条第（[一二三四五六七八九十]+）项", label)
    return m.group() if m else ""


def _item_number(label: str) -> int:
    item = _t2_item(label)
    return _CN_DIGITS.index(item[6]) if item else 0


@lru_cache(maxsize=None)
def _columns(table: str) -> tuple[Column, ...]:
    heads: dict[str, str] = {}
    for f in all_fields():
        if f.table == table:
            heads.setdefault(_split(f.key)[1], f.label.split(" / ")[-1])
    group_of = {c: g for g, cols in COLUMN_GROUPS.get(table, {}).items() for c in cols}
    return tuple(Column(c, h, group_of.get(c, "")) for c, h in heads.items())


def rows(table: str, template: str | None = None, groups: tuple[str, ...] | None = None) -> tuple[Row, ...]:
    """The rows of a table (of one template, of some groups), in printed order."""
    return tuple(
        r for r in _rows(table)
        if (template is None or template in r.templates) and (groups is None or r.group in groups)
    )  # fmt: skip


def row_keys(table: str, template: str | None = None, groups: tuple[str, ...] | None = None) -> tuple[str, ...]:
    return tuple(r.key for r in rows(table, template, groups))


def columns(table: str, groups: tuple[str, ...] | None = None) -> tuple[Column, ...]:
    return tuple(c for c in _columns(table) if groups is None or c.group in groups)


def column_keys(table: str, groups: tuple[str, ...] | None = None) -> tuple[str, ...]:
    return tuple(c.key for c in columns(table, groups))


def row(table: str, key: str) -> Row:
    return next(r for r in _rows(table) if r.key == key)


def row_columns(table: str, template: str, key: str) -> tuple[str, ...]:
    """The column keys of one row's cells in one template (table 2's rows differ by template)."""
    from extractor.templates.fields import fields_by_key

    known = fields_by_key()
    return tuple(c for c in row(table, key).columns if template in known[f"{table}.{key}.{c}"].templates)


def width(table: str) -> int:
    """Value cells in a row of table 3, or in table 4's one row of values (all blocks)."""
    n = len(_columns(table))
    return n * len(_rows(table)) if table == "t4" else n


def t3_outcome_rows(template: str, other_rows: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """Table 3's outcome rows: the common ones, then the template's 其他处理 rows (or `other_rows`)."""
    others = other_rows if other_rows is not None else other_outcome_rows(template)
    return row_keys("t3", groups=("outcome",)) + tuple(others)


def other_outcome_rows(template: str) -> tuple[str, ...]:
    """The 其他处理 rows of a template: one in 2019, three in 2021 (an unknown template: 2019's)."""
    return row_keys("t3", template if template in TEMPLATES else "2019", ("other_outcome",))


def t3_rows_with(other_rows: tuple[str, ...]) -> tuple[str, ...]:
    """Every row of table 3, in printed order, with the given 其他处理 rows."""
    return (
        row_keys("t3", groups=("intake",)) + t3_outcome_rows("", other_rows)
        + row_keys("t3", groups=("total",)) + row_keys("t3", groups=("carried_forward",))
    )  # fmt: skip


def group_rows(groups: tuple[str, ...], template: str | None = None) -> tuple[str, ...]:
    return row_keys("t3", template, groups)


# ---------------------------------------------------------------------------------------------
# Printed labels.


@dataclass(frozen=True)
class T3Label:
    """A table 3 row label in its three printed parts: chapter (三、本年度办理结果), group heading
    ((三)不予公开, with its remark) and item (1.属于国家秘密); an intake row is a chapter alone."""

    chapter: str
    heading: str
    item: str


def t3_label(key: str) -> T3Label:
    label = row("t3", key).label
    m = re.match(r"([一二三四五六七八九十]+、[^（]*)(.*)", label)
    chapter, rest = (m.group(1), m.group(2)) if m else ("", label)
    heading, _, item = rest.partition(" ")
    return T3Label(chapter, heading + T3_REMARKS.get(key, "") if heading else "", item)


def t2_sections(template: str) -> list[tuple[str, tuple[str, ...], list[tuple[str, str]], tuple[str, ...]]]:
    """Table 2 of a template as printed: per 第二十条 item (heading, column heads, [(row key, row label)],
    column keys). Rows of one item share their columns."""
    from extractor.templates.fields import fields_by_key

    known = fields_by_key()
    out: list = []
    for r in rows("t2", template):
        cols = row_columns("t2", template, r.key)
        if not out or out[-1][0] != r.group:
            heads = tuple(
                T2_HEAD_VARIANTS.get((template, c), known[f"t2.{r.key}.{c}"].label.split(" / ")[-1]) for c in cols
            )
            out.append((r.group, heads, [], cols))
        label = known[f"t2.{r.key}.{cols[0]}"].label.split(" / ")[0]  # the template's own words (行政规范性文件)
        out[-1][2].append((r.key, label.split(" ")[-1]))
    return out
