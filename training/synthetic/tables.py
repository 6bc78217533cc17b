"""Tables 2-4 of both templates: values that satisfy SPEC §3 and their text in every layout family.

Layouts: word (one cell per line, as Word exports), tabs, pipes (markdown), spaced (one line, cells
separated by spaces) and glued (one line, cells run together, like the Pingtan web pages).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from extractor.checks.rules import APPLICANT_COLUMNS, T3_OTHER_ROWS, T3_OUTCOMES_COMMON
from extractor.spec import T3_COLUMNS, T4_BLOCKS

LAYOUTS = ("word", "tabs", "pipes", "spaced", "glued")
T4_CELLS = ("upheld", "corrected", "other", "pending")

T3_LABELS = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "三、本年度办理结果（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "denied_secret": "（三）不予公开1.属于国家秘密",
    "denied_law": "2.其他法律行政法规禁止公开",
    "denied_safety": "3.危及“三安全一稳定”",
    "denied_third_party": "4.保护第三方合法权益",
    "denied_internal": "5.属于三类内部事务信息",
    "denied_process": "6.属于四类过程性信息",
    "denied_enforcement": "7.属于行政执法案卷",
    "denied_query": "8.属于行政查询事项",
    "unable_not_held": "（四）无法提供1.本机关不掌握相关政府信息",
    "unable_create": "2.没有现成信息需要另行制作",
    "unable_unclear": "3.补正后申请内容仍不明确",
    "refused_petition": "（五）不予处理1.信访举报投诉类申请",
    "refused_duplicate": "2.重复申请",
    "refused_publication": "3.要求提供公开出版物",
    "refused_mass": "4.无正当理由大量反复申请",
    "refused_confirm": "5.要求行政机关确认或重新出具已获取信息",
    "other": "（六）其他处理",
    "other_no_correction": "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_unpaid_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_misc": "3.其他",
    "total": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}
# (item heading, column headers, rows (key part, label), columns (key part)) per block of table 2.
T2_ROWS = {
    "2019": [
        ("第二十条第（一）项", "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量", [("regulations", "规章"), ("normative", "规范性文件")], ("made", "published", "total")),
        ("第二十条第（五）项", "信息内容\t上一年项目数量\t本年增/减\t处理决定数量", [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")], ("prev_items", "change", "decisions")),
        ("第二十条第（六）项", "信息内容\t上一年项目数量\t本年增/减\t处理决定数量", [("punishment", "行政处罚"), ("coercion", "行政强制")], ("prev_items", "change", "decisions")),
        ("第二十条第（八）项", "信息内容\t上一年项目数量\t本年增/减", [("fees", "行政事业性收费")], ("prev_items", "change")),
        ("第二十条第（九）项", "信息内容\t采购项目数量\t采购总金额", [("procurement", "政府集中采购")], ("items", "amount")),
    ],
    "2021": [
        ("第二十条第（一）项", "信息内容\t本年制发件数\t本年废止件数\t现行有效件数", [("regulations", "规章"), ("normative", "行政规范性文件")], ("issued", "repealed", "in_force")),
        ("第二十条第（五）项", "信息内容\t本年处理决定数量", [("licensing", "行政许可")], ("decisions",)),
        ("第二十条第（六）项", "信息内容\t本年处理决定数量", [("punishment", "行政处罚"), ("coercion", "行政强制")], ("decisions",)),
        ("第二十条第（八）项", "信息内容\t本年收费金额（单位：万元）", [("fees", "行政事业性收费")], ("amount",)),
    ],
}
T4_HEADER = "行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉"
# The amount cell of table 2 per template; the 2021 header always prints its unit (万元).
AMOUNT_KEY = {"2019": "t2.procurement.amount", "2021": "t2.fees.amount"}

Cell = Callable[[str, str], int]  # (row or block, column) -> a count


def t2_keys(template: str) -> list[str]:
    return [f"t2.{name}.{c}" for _, _, rows, cols in T2_ROWS[template] for name, _ in rows for c in cols]


def t3_values(template: str, cell: Cell) -> dict[str, int]:
    """Table 3 from per-cell draws: each applicant column balances (new + carried over == total +
    carried forward) and every row's total is the sum of its columns."""
    v: dict[str, int] = {}
    outcome_rows = T3_OUTCOMES_COMMON + T3_OTHER_ROWS[template]
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
    for r in ("new_received", "carried_over", *outcome_rows, "total", "carried_forward"):
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
    t3 = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
          ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]]
    other = T3_OTHER_ROWS[t3_template or template]
    for r in ("new_received", "carried_over", *T3_OUTCOMES_COMMON, *other, "total", "carried_forward"):
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


def _t2_2019(rng: random.Random, amount_unit: str) -> dict[str, int | float]:
    v: dict[str, int | float] = {}
    for name in ("regulations", "normative"):
        made = _count(rng, 8 if name == "normative" else 0.3)
        v |= {f"t2.{name}.made": made, f"t2.{name}.published": made, f"t2.{name}.total": made + _count(rng, 60)}
    for name in ("licensing", "other_services", "punishment", "coercion"):
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
    for name in ("licensing", "punishment", "coercion"):
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
