"""Tables 2-4 of both templates: values that satisfy SPEC §3 and their text in every layout family.

Layouts: word (one cell per line, as Word exports), tabs, pipes (markdown), spaced (one line, cells
separated by spaces) and glued (one line, cells run together, like the Pingtan web pages).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from extractor.checks.rules import APPLICANT_COLUMNS, T3_OTHER_ROWS
from extractor.spec import T3_COLUMNS, T4_BLOCKS
from extractor.templates import template as tmpl  # `template` names a template year below

LAYOUTS = ("word", "tabs", "pipes", "spaced", "glued")
T4_CELLS = tmpl.column_keys("t4", ("result",))


def _flat_labels(tpl: str) -> dict[str, str]:
    """Table 3's row labels as a table with one label cell per row prints them: a chapter (三、本年度办理结果)
    and a group heading ((三)不予公开) only on the first row they head ('（三）不予公开1.属于国家秘密', then '2.…')."""
    out, chapter, heading = {}, "", ""
    for key in tmpl.row_keys("t3", tpl):
        label = tmpl.t3_label(key)
        out[key] = (label.chapter if label.chapter != chapter else "") + (
            label.heading if label.heading != heading else ""
        ) + label.item
        chapter, heading = label.chapter or chapter, label.heading
    return out


_LABELS = {k: v for tpl in tmpl.TEMPLATES for k, v in _flat_labels(tpl).items()}
T3_LABELS = {k: _LABELS[k] for k in tmpl.row_keys("t3")}
# (item heading, column headers, rows (key part, label), columns (key part)) per block of table 2.
T2_ROWS = {
    tpl: [(heading, "\t".join((tmpl.T2_FIRST_HEAD, *heads)), items, cols)
          for heading, heads, items, cols in tmpl.t2_sections(tpl)]
    for tpl in tmpl.TEMPLATES
}  # fmt: skip
T4_HEADER = "\t".join(dict.fromkeys(r.label.split(" ")[0] for r in tmpl.rows("t4"))) + "\n" + "\t".join(
    [c.head for c in tmpl.columns("t4")] + [r.label.split(" ")[1] for r in tmpl.rows("t4") if " " in r.label]
)
# The amount cell of table 2 per template; the 2021 header always prints its unit (万元).
AMOUNT_KEY = {"2019": "t2.procurement.amount", "2021": "t2.fees.amount"}

Cell = Callable[[str, str], int]  # (row or block, column) -> a count


def t2_keys(template: str) -> list[str]:
    return [f"t2.{name}.{c}" for _, _, rows, cols in T2_ROWS[template] for name, _ in rows for c in cols]


def t3_values(template: str, cell: Cell) -> dict[str, int]:
    """Table 3 from per-cell draws: each applicant column balances (new + carried over == total +
    carried forward) and every row's total is the sum of its columns."""
    v: dict[str, int] = {}
    outcome_rows = tmpl.t3_outcome_rows(template)
    for c in APPLICANT_COLUMNS:
        outcomes = {r: cell(r, c) for r in outcome_rows}
        carried_over = cell("carried_over", c)
        carried_forward = cell("carried_forward", c)
        total = sum(outcomes.values())
        new = total + carried_forward - carried_over
        if new < 0:  # more carried over than handled: the surplus was carried over, not new
            carried_over += -new
            new = 0
        for r, x in outcomes.items():
            v[f"t3.{r}.{c}"] = x
        v[f"t3.total.{c}"] = total
        v[f"t3.new_received.{c}"] = new
        v[f"t3.carried_over.{c}"] = carried_over
        v[f"t3.carried_forward.{c}"] = carried_forward
    for r in tmpl.t3_rows_with(T3_OTHER_ROWS[template]):
        v[f"t3.{r}.total"] = sum(v[f"t3.{r}.{c}"] for c in APPLICANT_COLUMNS)
    return v


def t4_values(cell: Cell) -> dict[str, int]:
    v: dict[str, int] = {}
    for b in T4_BLOCKS:
        cells = [cell(b, c) for c in T4_CELLS]
        for c, x in zip(T4_CELLS, cells):
            v[f"t4.{b}.{c}"] = x
        v[f"t4.{b}.total"] = sum(cells)
    return v


def random_values(template: str, seed: int, busy: bool = True) -> dict[str, int | float]:
    """Field values of one report with uniform small counts; every identity holds (the tests' reports)."""
    rng = random.Random(seed)
    small = (lambda: rng.choice([0, 0, 0, 1, 2, 3, 5, 12])) if busy else (lambda: 0)
    v: dict[str, int | float] = {k: (rng.randint(0, 900) if busy else 0) for k in t2_keys(template)}
    v[AMOUNT_KEY[template]] = round(rng.uniform(1, 9000) if template == "2019" else rng.uniform(0, 90), 2)
    v.update(t3_values(template, lambda r, c: small()))
    v.update(t4_values(lambda b, c: small()))
    return v


def format_value(x: int | float) -> str:
    return f"{x:.2f}" if isinstance(x, float) else str(x)


def table_lines(
    values: dict[str, int | float],
    template: str,
    t3_template: str | None = None,
    amount_suffix: str = "",
    amount_header: str = "",
) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """Rows of cells of tables 2, 3 and 4. `t3_template` differs from `template` in a mixed report;
    `amount_suffix` is a unit printed in the amount cell, `amount_header` one printed in its header."""
    t2: list[list[str]] = []
    for group, header, rows, cols in T2_ROWS[template]:
        t2.append([group])
        heads = header.split("\t")
        if amount_header and cols[-1] == "amount":
            heads[-1] += amount_header
        t2.append(heads)
        for name, label in rows:
            cells = [format_value(values[f"t2.{name}.{c}"]) for c in cols]
            if cols[-1] == "amount":
                cells[-1] += amount_suffix
            t2.append([label] + cells)
    t3 = [[tmpl.T3_CHAPTER_NOTE, tmpl.T3_APPLICANT_HEAD], [c.head for c in tmpl.columns("t3")]]
    for r in tmpl.t3_rows_with(T3_OTHER_ROWS[t3_template or template]):
        t3.append([T3_LABELS[r]] + [format_value(values[f"t3.{r}.{c}"]) for c in T3_COLUMNS])
    t4 = [line.split("\t") for line in T4_HEADER.split("\n")]
    t4.append([format_value(values[f"t4.{b}.{c}"]) for b in T4_BLOCKS for c in (*T4_CELLS, "total")])
    return t2, t3, t4


def format_table(lines: list[list[str]], layout: str) -> str:
    if layout == "word":
        return "\n".join("\n".join("\t" + c for c in line) + "\n" for line in lines)
    if layout == "tabs":
        return "\n".join("\t".join(line) for line in lines)
    if layout == "pipes":
        return "\n".join("| " + " | ".join(line) + " |" for line in lines)
    if layout == "spaced":
        return " ".join(" ".join(line) for line in lines)
    if layout == "glued":
        return "".join("".join(line) for line in lines)
    raise ValueError(layout)


def render(values: dict[str, int | float], template: str, layout: str) -> str:
    """A bare report around the three tables (the tests' documents)."""
    t2, t3, t4 = (format_table(lines, layout) for lines in table_lines(values, template))
    sep = "" if layout in ("spaced", "glued") else "\n"
    body = [
        "示例县示例局2022年度政府信息公开工作年度报告",
        "一、总体情况",
        "本局认真贯彻落实《条例》，全年主动公开政府信息若干条。",
        "二、主动公开政府信息情况",
        t2,
        "三、收到和处理政府信息公开申请情况",
        t3,
        "四、政府信息公开行政复议、行政诉讼情况",
        t4,
        "五、存在的主要问题及改进情况",
        "宣传培训有待加强。",
        "六、其他需要报告的事项",
        "无。",
    ]
    return sep.join(body) + "\n"


# Shares of requests by applicant column and by outcome row, and of cases by block and result:
# real reports are dominated by 自然人, 予以公开/部分公开/本机关不掌握, and 维持.
_COLUMN_SHARE = {"natural": 1.0, "commercial": 0.2, "research": 0.02, "social": 0.02, "legal": 0.06, "other_org": 0.04}
_ROW_SHARE = {"granted": 0.35, "partial": 0.15, "unable_not_held": 0.2, "denied_internal": 0.05,
              "denied_process": 0.05, "refused_petition": 0.04, "refused_duplicate": 0.04,
              "other": 0.05, "other_misc": 0.04, "carried_over": 0.04, "carried_forward": 0.06}
_BLOCK_SHARE = {"review": 1.0, "suit_direct": 0.4, "suit_after_review": 0.2}
_RESULT_SHARE = {"upheld": 0.6, "corrected": 0.15, "other": 0.15, "pending": 0.1}


def _count(rng: random.Random, mean: float) -> int:
    """A heavy-tailed count: mostly 0 when the mean is small, occasionally large."""
    return int(rng.expovariate(1 / mean)) if mean > 0 else 0


def _rows_with(tpl: str, column: str) -> tuple[str, ...]:
    """Table 2's rows of a template that print this column."""
    return tuple(r.key for r in tmpl.rows("t2", tpl) if column in tmpl.row_columns("t2", tpl, r.key))


def _t2_2019(rng: random.Random, amount_unit: str) -> dict[str, int | float]:
    v: dict[str, int | float] = {}
    for name in _rows_with("2019", "made"):
        made = _count(rng, 8 if name == "normative" else 0.3)
        v |= {f"t2.{name}.made": made, f"t2.{name}.published": made, f"t2.{name}.total": made + _count(rng, 60)}
    for name in _rows_with("2019", "decisions"):
        v |= {f"t2.{name}.prev_items": _count(rng, 150), f"t2.{name}.change": rng.choice([0, 0, rng.randint(-30, 30)]),
              f"t2.{name}.decisions": _count(rng, rng.choice([5, 300, 3000]))}
    v |= {"t2.fees.prev_items": _count(rng, 4), "t2.fees.change": rng.choice([0, 0, rng.randint(-5, 5)])}
    items = _count(rng, rng.choice([0.5, 5, 40]))
    v["t2.procurement.items"] = items
    if not items:
        v["t2.procurement.amount"] = 0
    elif amount_unit == "元":
        v["t2.procurement.amount"] = rng.randint(2_000, 3_000_000)
    else:
        v["t2.procurement.amount"] = round(rng.uniform(0.5, 9000), 2)
    return v


def _t2_2021(rng: random.Random) -> dict[str, int | float]:
    v: dict[str, int | float] = {}
    for name, mean in (("regulations", 0.3), ("normative", 20)):
        issued, repealed = _count(rng, mean), _count(rng, mean / 2)
        v |= {f"t2.{name}.issued": issued, f"t2.{name}.repealed": repealed,
              f"t2.{name}.in_force": issued + _count(rng, mean * 8)}
    for name in _rows_with("2021", "decisions"):
        v[f"t2.{name}.decisions"] = _count(rng, rng.choice([3, 200, 4000]))
    v["t2.fees.amount"] = rng.choice([0, round(rng.uniform(0, 20000), 2), round(rng.uniform(0, 50), 2)])
    return v


def realistic_values(
    template: str, rng: random.Random, t3_template: str | None = None, amount_unit: str = "万元"
) -> dict[str, int | float]:
    """Field values shaped like real reports (skewed columns and outcomes, signed changes, amounts
    in 元 as integers or 万元 with decimals); every identity holds. `t3_template` differs from
    `template` in a mixed report (2021 table 2 with the single 2019 其他处理 row)."""
    v = _t2_2019(rng, amount_unit) if template == "2019" else _t2_2021(rng)
    scale = rng.choice([0, 2, 6, 20, 60, 200])  # expected requests in the busiest cell
    v.update(t3_values(t3_template or template,
                       lambda r, c: _count(rng, scale * _COLUMN_SHARE[c] * _ROW_SHARE.get(r, 0.01))))
    cases = rng.choice([0, 0, 0.5, 2, 8])
    v.update(t4_values(lambda b, c: _count(rng, cases * _BLOCK_SHARE[b] * _RESULT_SHARE[c])))
    return v
