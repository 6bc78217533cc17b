"""Reports written by the tests: both templates in every layout family real reports come in.

Values are drawn so that every identity of SPEC §3 holds; the text around the tables is invented.
"""

from __future__ import annotations

import random

from extractor.spec import T3_COLUMNS
from extractor.checks.rules import T3_OUTCOMES_COMMON, T3_OTHER_ROWS

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


def random_values(template: str, seed: int, busy: bool = True) -> dict[str, int | float]:
    """Field values of one report; every identity holds."""
    rng = random.Random(seed)
    v: dict[str, int | float] = {}
    small = (lambda: rng.choice([0, 0, 0, 1, 2, 3, 5, 12])) if busy else (lambda: 0)
    for _, _, rows, cols in T2_ROWS[template]:
        for name, _ in rows:
            for c in cols:
                v[f"t2.{name}.{c}"] = rng.randint(0, 900) if busy else 0
    if template == "2019":
        v["t2.procurement.amount"] = round(rng.uniform(1, 9000), 2)
    else:
        v["t2.fees.amount"] = round(rng.uniform(0, 90), 2)
    outcome_rows = T3_OUTCOMES_COMMON + T3_OTHER_ROWS[template]
    for c in T3_COLUMNS[:-1]:
        outcomes = {r: small() for r in outcome_rows}
        carried_over = small()
        carried_forward = small()
        total = sum(outcomes.values())
        new = total + carried_forward - carried_over
        if new < 0:
            carried_over += -new
            new = 0
        for r, x in outcomes.items():
            v[f"t3.{r}.{c}"] = x
        v[f"t3.total.{c}"] = total
        v[f"t3.new_received.{c}"] = new
        v[f"t3.carried_over.{c}"] = carried_over
        v[f"t3.carried_forward.{c}"] = carried_forward
    for r in ("new_received", "carried_over", *outcome_rows, "total", "carried_forward"):
        v[f"t3.{r}.total"] = sum(v[f"t3.{r}.{c}"] for c in T3_COLUMNS[:-1])
    for b in ("review", "suit_direct", "suit_after_review"):
        cells = [small() for _ in range(4)]
        for c, x in zip(("upheld", "corrected", "other", "pending"), cells):
            v[f"t4.{b}.{c}"] = x
        v[f"t4.{b}.total"] = sum(cells)
    return v


def _fmt(x: int | float) -> str:
    return f"{x:.2f}" if isinstance(x, float) else str(x)


def render(values: dict[str, int | float], template: str, layout: str) -> str:
    """layout: word (one cell per line), tabs, pipes (markdown), spaced (one line), glued (one line)."""
    t2_lines: list[list[str]] = []
    for group, header, rows, cols in T2_ROWS[template]:
        t2_lines.append([group])
        t2_lines.append(header.split("\t"))
        for name, label in rows:
            t2_lines.append([label] + [_fmt(values[f"t2.{name}.{c}"]) for c in cols])
    t3_lines = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
                ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]]
    rows = ("new_received", "carried_over", *T3_OUTCOMES_COMMON, *T3_OTHER_ROWS[template], "total", "carried_forward")
    for r in rows:
        t3_lines.append([T3_LABELS[r]] + [_fmt(values[f"t3.{r}.{c}"]) for c in T3_COLUMNS])
    t4_lines = [line.split("\t") for line in T4_HEADER.split("\n")]
    t4_lines.append([_fmt(values[f"t4.{b}.{c}"]) for b in ("review", "suit_direct", "suit_after_review")
                     for c in ("upheld", "corrected", "other", "pending", "total")])

    def table(lines: list[list[str]]) -> str:
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

    sep = "" if layout in ("spaced", "glued") else "\n"
    body = [
        "示例县示例局2022年度政府信息公开工作年度报告",
        "一、总体情况",
        "本局认真贯彻落实《条例》，全年主动公开政府信息若干条。",
        "二、主动公开政府信息情况",
        table(t2_lines),
        "三、收到和处理政府信息公开申请情况",
        table(t3_lines),
        "四、政府信息公开行政复议、行政诉讼情况",
        table(t4_lines),
        "五、存在的主要问题及改进情况",
        "宣传培训有待加强。",
        "六、其他需要报告的事项",
        "无。",
    ]
    return sep.join(body) + "\n"
