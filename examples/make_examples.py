"""Write the bundled example reports and their expected field values.

The body (示例县示例镇人民政府) and every number are invented. The three reports are one body's
consecutive years, so they also satisfy the cross-year identity (this year's 上年结转 is last year's
结转下年度). Each report is described once as data; the .docx, .html and .txt layouts and the
expected JSON are all generated from it:

    .venv/bin/python examples/make_examples.py
"""

from __future__ import annotations

import hashlib
import html
import json
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "scripts"))  # the printed table layouts are shared with render_reports.py

from printed_tables import (  # noqa: E402
    T3_COLUMNS,
    T4_BLOCKS,
    T4_COLUMNS,
    Cell,
    grid_of,
    is_origin,
    outcome_groups,
    t2_rows,
    t3_rows,
    t4_rows,
)

AGENCY = "示例县示例镇人民政府"


@dataclass
class Report:
    year: int
    template: str
    # t2: key -> printed cell text ("+2", "173.58万元"); the value and unit are read from it.
    t2: dict[str, str]
    # t3 outcome rows that are not all zero: row -> six applicant columns.
    outcomes: dict[str, list[int]]
    carried_over: list[int]
    carried_forward: list[int]
    t4: dict[str, list[int]]
    proactive_total: int
    proactive_cumulative: int
    fee_text: str | None = None  # 信息处理费 as printed in section 六, e.g. "0元"
    t3: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.t3 = _complete_t3(self)

    @property
    def title(self) -> str:
        return f"{AGENCY}{self.year}年政府信息公开工作年度报告"


def _outcome_keys(template: str) -> list[str]:
    return [key for _, items in outcome_groups(template) for key, _ in items]


def _complete_t3(report: Report) -> dict[str, list[int]]:
    """All table 3 rows with their 总计 column; new_received follows from the balance identity."""
    rows = {key: report.outcomes.get(key, [0] * 6) for key in _outcome_keys(report.template)}
    total = [sum(col) for col in zip(*rows.values())]
    new = [t + f - o for t, f, o in zip(total, report.carried_forward, report.carried_over)]
    assert min(new) >= 0, f"{report.year}: outcomes smaller than carried-over requests"
    t3 = {"new_received": new, "carried_over": report.carried_over, **rows, "total": total,
          "carried_forward": report.carried_forward}  # fmt: skip
    return {key: [*values, sum(values)] for key, values in t3.items()}


REPORTS = [
    Report(
        year=2019,
        template="2019",
        t2={
            "regulations.made": "0", "regulations.published": "0", "regulations.total": "0",
            "normative.made": "3", "normative.published": "3", "normative.total": "15",
            "licensing.prev_items": "12", "licensing.change": "+2", "licensing.decisions": "86",
            "other_services.prev_items": "5", "other_services.change": "-1", "other_services.decisions": "40",
            "punishment.prev_items": "8", "punishment.change": "0", "punishment.decisions": "23",
            "coercion.prev_items": "2", "coercion.change": "0", "coercion.decisions": "1",
            "fees.prev_items": "1", "fees.change": "0",
            "procurement.items": "6", "procurement.amount": "173.58万元",
        },  # fmt: skip
        outcomes={
            "granted": [14, 2, 0, 1, 1, 0],
            "partial": [4, 0, 0, 0, 0, 0],
            "denied_third_party": [1, 0, 0, 0, 0, 0],
            "denied_process": [1, 0, 0, 0, 0, 0],
            "unable_not_held": [6, 1, 0, 0, 1, 0],
            "unable_unclear": [1, 0, 0, 0, 0, 0],
            "refused_duplicate": [2, 0, 0, 0, 0, 0],
            "other": [1, 0, 0, 0, 0, 0],
        },
        carried_over=[2, 0, 0, 0, 0, 0],
        carried_forward=[2, 1, 0, 0, 0, 0],
        t4={"review": [1, 0, 0, 1], "suit_direct": [1, 0, 1, 0], "suit_after_review": [0, 0, 0, 0]},
        proactive_total=268,
        proactive_cumulative=1935,
    ),
    Report(
        year=2020,
        template="2019",
        t2={
            "regulations.made": "0", "regulations.published": "0", "regulations.total": "0",
            "normative.made": "2", "normative.published": "2", "normative.total": "17",
            "licensing.prev_items": "14", "licensing.change": "+3", "licensing.decisions": "102",
            "other_services.prev_items": "4", "other_services.change": "0", "other_services.decisions": "37",
            "punishment.prev_items": "8", "punishment.change": "-2", "punishment.decisions": "19",
            "coercion.prev_items": "2", "coercion.change": "0", "coercion.decisions": "0",
            "fees.prev_items": "1", "fees.change": "-1",
            "procurement.items": "5", "procurement.amount": "85.2万元",
        },  # fmt: skip
        outcomes={
            "granted": [17, 3, 0, 0, 1, 0],
            "partial": [5, 1, 0, 0, 0, 0],
            "denied_third_party": [2, 0, 0, 0, 0, 0],
            "unable_not_held": [8, 0, 0, 1, 0, 0],
            "unable_create": [1, 0, 0, 0, 0, 0],
            "refused_petition": [1, 0, 0, 0, 0, 0],
            "refused_duplicate": [1, 0, 0, 0, 0, 0],
        },
        carried_over=[2, 1, 0, 0, 0, 0],
        carried_forward=[3, 0, 0, 0, 0, 0],
        t4={"review": [2, 1, 0, 0], "suit_direct": [0, 0, 0, 1], "suit_after_review": [1, 0, 0, 0]},
        proactive_total=301,
        proactive_cumulative=2236,
    ),
    Report(
        year=2021,
        template="2021",
        t2={
            "regulations.issued": "0", "regulations.repealed": "0", "regulations.in_force": "0",
            "normative.issued": "4", "normative.repealed": "1", "normative.in_force": "20",
            "licensing.decisions": "95", "punishment.decisions": "31", "coercion.decisions": "2",
            "fees.amount": "0.35",
        },  # fmt: skip
        outcomes={
            "granted": [20, 2, 1, 0, 0, 1],
            "partial": [6, 0, 0, 0, 0, 0],
            "denied_law": [1, 0, 0, 0, 0, 0],
            "denied_third_party": [1, 0, 0, 0, 0, 0],
            "unable_not_held": [9, 1, 0, 0, 1, 0],
            "unable_unclear": [2, 0, 0, 0, 0, 0],
            "refused_petition": [2, 0, 0, 0, 0, 0],
            "refused_confirm": [1, 0, 0, 0, 0, 0],
            "other_no_correction": [1, 0, 0, 0, 0, 0],
            "other_misc": [1, 0, 0, 0, 0, 0],
        },
        carried_over=[3, 0, 0, 0, 0, 0],
        carried_forward=[4, 1, 0, 0, 0, 0],
        t4={"review": [1, 1, 0, 1], "suit_direct": [1, 0, 0, 0], "suit_after_review": [0, 0, 0, 1]},
        proactive_total=356,
        proactive_cumulative=2592,
        fee_text="0元",
    ),
]

def printed_cells(r: Report) -> dict[str, str]:
    """The printed text of every value cell of tables 2-4 by canonical key, in table order."""
    cells = {f"t2.{key}": text for key, text in r.t2.items()}
    for row, values in r.t3.items():
        cells |= {f"t3.{row}.{col}": str(v) for col, v in zip(T3_COLUMNS, values)}
    for block in T4_BLOCKS:
        values = [*r.t4[block], sum(r.t4[block])]
        cells |= {f"t4.{block}.{col}": str(v) for col, v in zip(T4_COLUMNS, values)}
    return cells


# ---------------------------------------------------------------------------------------------
# The report as blocks: ("title"|"h"|"p", text) or ("table", rows)


def blocks(r: Report) -> list[tuple[str, object]]:
    t3, y = r.t3, r.year
    received, done, carried = t3["new_received"][6], t3["total"][6], t3["carried_forward"][6]
    review, suits = sum(r.t4["review"]), sum(r.t4["suit_direct"]) + sum(r.t4["suit_after_review"])
    fmt = "国办公开办函〔2021〕30号" if r.template == "2021" else "国办公开办函〔2019〕60号"
    fee = f"本年度共收取信息处理费{r.fee_text}。" if r.fee_text else ""
    cells = printed_cells(r)
    return [
        ("title", r.title),
        ("p", f"本报告依据《中华人民共和国政府信息公开条例》和《政府信息公开工作年度报告格式》（{fmt}）编制，"
              f"由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
              f"存在的主要问题及改进情况、其他需要报告的事项六部分组成。报告所列数据的统计期限为{y}年1月1日至{y}年12月31日。"
              f"本报告电子版可在示例县人民政府门户网站下载。"),
        ("h", "一、总体情况"),
        ("h", "（一）主动公开"),
        ("p", f"{y}年，示例镇围绕镇党委、镇政府中心工作，主动公开政府信息{r.proactive_total}条，其中机构职能信息12条、"
              f"工作动态{r.proactive_total // 2}条、财政预决算信息9条。截至{y}年12月31日，累计主动公开政府信息"
              f"{r.proactive_cumulative}条。"),
        ("h", "（二）依申请公开"),
        ("p", f"全年共收到政府信息公开申请{received}件，办结{done}件，结转下年度继续办理{carried}件。"
              f"所有申请均在法定期限内答复。"),
        ("h", "（三）政府信息管理"),
        ("p", "镇党政办公室落实公开前保密审查，对拟公开信息逐条审核公开属性，定期清理过期信息。"),
        ("h", "（四）平台建设"),
        ("p", "以县政府门户网站镇级专栏为第一平台，同步通过镇政务公开栏和便民服务中心查阅点发布信息。"),
        ("h", "（五）监督保障"),
        ("p", f"{y}年组织政务公开业务培训2次，将政务公开纳入村（社区）年度考核。因政府信息公开被申请行政复议"
              f"{review}件，被提起行政诉讼{suits}件。"),
        ("h", "二、主动公开政府信息情况"),
        ("table", t2_rows(r.template, cells)),
        ("h", "三、收到和处理政府信息公开申请情况"),
        ("table", t3_rows(r.template, cells)),
        ("h", "四、政府信息公开行政复议、行政诉讼情况"),
        ("table", t4_rows(cells)),
        ("h", "五、存在的主要问题及改进情况"),
        ("p", "主要问题是部分栏目更新不够及时，政策解读形式较为单一。下一步将建立栏目更新台账，"
              "增加图文解读和视频解读。"),
        ("h", "六、其他需要报告的事项"),
        ("p", f"{fee}本年度无其他需要报告的事项。"),
        ("p", AGENCY),
        ("p", f"{y + 1}年1月18日"),
    ]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Writers


def write_docx(r: Report, path: Path) -> None:
    docx_from_blocks(blocks(r), r.title, path)


def docx_from_blocks(parts: list[tuple[str, object]], title: str, path: Path, indent: bool = True) -> None:
    """A Word file of title, headings, paragraphs (first line indented unless `indent` is off) and tables."""
    document = docx.Document()
    for kind, content in parts:
        if kind == "table":
            _docx_table(document, content)  # type: ignore[arg-type]
            continue
        para = document.add_paragraph()
        run = para.add_run(str(content))
        if kind == "title":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold, run.font.size = True, Pt(16)
        elif kind == "h":
            run.bold = True
        elif indent:
            para.paragraph_format.first_line_indent = Pt(24)
    document.core_properties.title = title
    document.save(str(path))
    _freeze_zip(path)


def _freeze_zip(path: Path) -> None:
    """Rewrite the archive with fixed timestamps so that regenerating gives the same bytes (and sha256)."""
    with zipfile.ZipFile(path) as zf:
        members = [(info.filename, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(zipfile.ZipInfo(name, date_time=(2022, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


def _docx_table(document: docx.document.Document, rows: list[list[Cell]]) -> None:
    grid = grid_of(rows)
    table = document.add_table(rows=len(grid), cols=len(grid[0]))
    table.style = "Table Grid"
    for r, grid_row in enumerate(grid):
        for col, slot in enumerate(grid_row):
            if slot is None or not is_origin(slot, r, col):
                continue  # empty or covered by a merge
            text, rowspan, colspan, _ = slot[2]
            cell = table.cell(r, col)
            if rowspan > 1 or colspan > 1:
                cell = cell.merge(table.cell(r + rowspan - 1, col + colspan - 1))
            cell.text = text


def write_html(r: Report, path: Path) -> None:
    html_from_blocks(blocks(r), r.title, r.year + 1, path)


def html_from_blocks(parts: list[tuple[str, object]], title: str, year: int, path: Path, lead: str = "\u3000\u3000",
                     encoding: str = "gbk") -> None:
    """A site page (`_PAGE`) whose article is the blocks after the title; paragraphs start with `lead`."""
    body: list[str] = []
    for kind, content in parts[1:]:  # the title goes into the page's article header
        if kind == "table":
            body.append(_html_table(content))  # type: ignore[arg-type]
        elif kind == "h":
            body.append(f"<p><strong>{html.escape(str(content))}</strong></p>")
        else:
            body.append(f'<p style="text-indent:2em">{lead}{html.escape(str(content))}</p>')
    page = _PAGE.format(title=html.escape(title), year=year, body="\n".join(body))
    path.write_bytes(page.encode(encoding))


def _html_table(rows: list[list[Cell]]) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" width="600">', "<tbody>"]
    for row in rows:
        cells = []
        for text, rowspan, colspan, _ in row:
            attrs = "".join(f' {name}="{n}"' for name, n in (("rowspan", rowspan), ("colspan", colspan)) if n > 1)
            # Word-exported pages wrap cell text in <p><span>; numbers sometimes split across spans.
            inner = html.escape(text)
            if text.isdigit() and len(text) > 1:
                inner = f"<span>{text[:-1]}</span><span>{text[-1]}</span>"
            cells.append(f'<td{attrs} valign="center"><p align="center">{inner}</p></td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


_PAGE = """<!DOCTYPE html>
<html>
<head>
<meta charset="gbk">
<title>{title}_示例县人民政府</title>
<link rel="stylesheet" href="/css/style.css">
<script type="text/javascript">var siteId = "shili"; function doSearch() {{ return false; }}</script>
</head>
<body>
<div class="top-bar">无障碍浏览 | 长者模式 | 登录 | 注册</div>
<div class="header"><img src="/images/logo.png" alt="示例县人民政府"><span>示例县人民政府门户网站</span></div>
<ul class="nav">
<li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/zjsl/">走进示例</a></li>
</ul>
<div class="main">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<div class="sidebar"><h3>政府信息公开</h3><ul><li>政府信息公开指南</li><li>政府信息公开制度</li>
<li>法定主动公开内容</li><li>政府信息公开年报</li></ul></div>
<div class="article">
<h1 class="article-title">{title}</h1>
<div class="article-info">发布时间：{year}-01-20　来源：示例镇人民政府　浏览次数：<span id="hits">128</span></div>
<div class="TRS_Editor">
{body}
</div>
<div class="share">分享到：微信 微博 QQ空间</div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
</div>
<div class="footer">
<p>主办：示例县人民政府办公室　承办：示例县大数据中心</p>
<p>网站标识码：0000000000　示ICP备00000000号　示公网安备 00000000000000号</p>
</div>
<script>document.getElementById("hits").innerText = "129";</script>
</body>
</html>
"""


def write_txt(r: Report, path: Path) -> None:
    """Tab-separated text as a Word-to-text export leaves it: a merged cell's text once, covered cells blank."""
    lines: list[str] = []
    for kind, content in blocks(r):
        if kind != "table":
            lines += [str(content), ""]
            continue
        for r_i, grid_row in enumerate(grid_of(content)):  # type: ignore[arg-type]
            cells = [slot[2].text if is_origin(slot, r_i, col) else "" for col, slot in enumerate(grid_row)]
            lines.append("\t".join(cells))
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Expected values


def _number(text: str) -> tuple[int | float, str | None]:
    """A printed cell as (value, unit): '+2' -> 2, '173.58万元' -> 173.58 with unit 万元."""
    unit = next((u for u in ("万元", "元") if text.endswith(u)), None)
    digits = text[: -len(unit)] if unit else text
    value = float(digits) if "." in digits else int(digits)
    return value, unit


def expected(r: Report, path: Path) -> dict[str, object]:
    fields: dict[str, int | float] = {}
    units: dict[str, str | None] = {}
    for key, text in printed_cells(r).items():
        fields[key], unit = _number(text)
        if key.endswith("amount"):  # the 2021 template prints 万元 in the column head
            units[key] = unit or ("万元" if r.template == "2021" else None)
    fields |= {
        "n.proactive.total": r.proactive_total,
        "n.proactive.cumulative": r.proactive_cumulative,
        "n.applications.received": r.t3["new_received"][6],
        "n.applications.completed": r.t3["total"][6],
        "n.applications.carried_forward": r.t3["carried_forward"][6],
        "n.review.total": sum(r.t4["review"]),
        "n.litigation.total": sum(r.t4["suit_direct"]) + sum(r.t4["suit_after_review"]),
    }
    if r.fee_text:
        fields["n.fees.info_processing"], units["n.fees.info_processing"] = _number(r.fee_text)
    return {
        "document": path.name,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "template": r.template,
        "title": r.title,
        "agency": AGENCY,
        "year": r.year,
        "fields": fields,
        "units": units,
    }


def _check_keys(doc: dict[str, object]) -> None:
    """Every key must be a contract key (SPEC §2) for the report's template."""
    spec = json.loads((HERE.parent / "extractor" / "templates" / "fields.json").read_text("utf-8"))
    allowed = {f["key"] for f in spec["fields"] if doc["template"] in f["templates"]}
    unknown = set(doc["fields"]) - allowed  # type: ignore[arg-type]
    assert not unknown, f"{doc['document']}: keys not in fields.json for its template: {sorted(unknown)}"


WRITERS = {2019: ("example_2019.html", write_html), 2020: ("example_2020.txt", write_txt),
           2021: ("example_2021.docx", write_docx)}  # fmt: skip


def main() -> None:
    (HERE / "expected").mkdir(exist_ok=True)
    for report in REPORTS:
        name, write = WRITERS[report.year]
        path = HERE / name
        write(report, path)
        doc = expected(report, path)
        _check_keys(doc)
        out = HERE / "expected" / f"{path.stem}.json"
        out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(HERE.parent)} and {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
