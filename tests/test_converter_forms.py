"""Tables from converter forms made from corpus reports and their gold (scripts/converter_forms.py, issue 22):
OCR/LLM markdown with table 3 per row group under made-up headers and table 4 as three pipe tables; cells on
loose lines above their pipe row with notes that hold digits, table 4 in reading order with its heads repeated;
tab-separated exports with merged cells blank; markdown with a merged cell's text repeated in every position
it covers (docling, HTML-to-Markdown converters). Every table read right, and no wrong cell at confidence ≥ 0.9."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from evaluation.fields import CONFIDENT, load_predictions, score_documents
from extractor.batch import extract_batch
from extractor.normalize import normalize
from extractor.tables.parser import parse_tables

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
REPORTS = ("p002", "p004", "p005", "p017", "seed001", "seed004")  # 2019, 2021, blank cells, table 4 with cases


@pytest.fixture(scope="module")
def sources(corpus):
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    from sources import corpus_source

    return {stem: corpus_source(stem, corpus) for stem in REPORTS}


def _run(sources, form: str, tmp_path: Path, seeds=(0, 1), make=None) -> tuple[dict, dict]:
    """Each report in the form for each seed (`make(src, rng)`, by default the form's converter), extracted."""
    from converter_forms import converter_form

    make = make or (lambda src, rng: converter_form(form, src, rng))
    files, gold = [], {}
    (tmp_path / "in").mkdir()
    for stem, src in sources.items():
        for seed in seeds:
            text, printed = make(src, random.Random(f"{seed}:{stem}:{form}"))
            path = tmp_path / "in" / f"{stem}.{seed}.{form}.txt"
            path.write_text(text, "utf-8")
            files.append(path)
            gold[path.name.rsplit(".", 1)[0]] = {k: v for k, v in printed["fields"].items() if k[:3] in ("t2.", "t3.", "t4.")}
    assert extract_batch(files, tmp_path / "out", workers=1).failed == 0
    outputs = {}
    for f in (tmp_path / "out").glob("*.json"):
        data = json.loads(f.read_text("utf-8"))
        if isinstance(data, dict) and "provenance" in data:
            outputs[Path(data["source"]).name.rsplit(".", 1)[0]] = data
    return gold, outputs


def _check(gold: dict, outputs: dict, tmp_path: Path, least: float) -> None:
    scores = score_documents(gold, load_predictions(tmp_path / "out"))
    f1 = {t: scores.groups[t].f1 for t in ("t2", "t3", "t4")}
    assert min(f1.values()) >= least, f1
    for name, fields in gold.items():
        prov = outputs[name]["provenance"]
        confident_wrong = [k for k, v in fields.items() if v is not None and (prov.get(k) or {}).get("confidence", 0) >= CONFIDENT
                           and outputs[name]["fields"].get(k) != v]
        assert not confident_wrong, (name, confident_wrong)


# A tab export that drops a row's trailing blanks leaves table 2 (no identity) a guess: right or flagged.
@pytest.mark.parametrize("form, least", [("ocrmd", 1.0), ("loose", 1.0), ("tsvgrid", 0.99), ("spanrepeat", 1.0)])
def test_converter_form_tables(sources, form, least, tmp_path):
    gold, outputs = _run(sources, form, tmp_path)
    _check(gold, outputs, tmp_path, least)


@pytest.mark.parametrize("style", ["padded", "plain", "empty header", "rowspan dropped"])
def test_merged_cells_repeated_in_every_position(sources, style, tmp_path):
    """docling's tabulate table (padded), an HTML-to-Markdown one, and one under an empty header row: the
    group labels repeated down their rows and across their columns, the column groups' heads across theirs,
    a 2021 table 2 value spanning its row's columns repeated in each; and markdownify's, a rowspan left out
    below its first row (rows shifted left). Read right, none wrong at ≥ 0.9."""
    from converter_forms import span_repeat_report

    gold, outputs = _run(sources, f"spanrepeat-{style}", tmp_path, seeds=(0,),
                         make=lambda src, rng: span_repeat_report(src, rng, style))
    from extractor.templates import template as tmpl

    chapter = tmpl.t3_label(tmpl.row_keys("t3", groups=("outcome",))[0]).chapter  # spans the outcome rows
    texts = [p.read_text("utf-8") for p in (tmp_path / "in").glob("*.txt")]
    for text in texts:  # no blank for a span: the rowspan label on every row it covers, a colspan one twice
        rows = [[c.strip() for c in line.split("|")[1:4]] for line in text.splitlines() if line.count("|") > 4]
        outcome_rows = sum(1 for cells in rows if cells[0] == chapter)
        assert outcome_rows == 1 if style == "rowspan dropped" else outcome_rows > 5
        assert any(cells[0] == chapter and cells[1] == cells[2] != "" for cells in rows) != (style == "rowspan dropped")
    assert any(line.startswith("|  |  |") for t in texts for line in t.splitlines()) == (style == "empty header")
    _check(gold, outputs, tmp_path, 1.0)


def test_made_up_header_total_is_not_the_total_row():
    """A placeholder header's 总计 right before the 其他处理 rows must not be taken for the total row's label."""
    from extractor.templates.layout import T3_2021, printed_label

    head = "| 类别 | " + " | ".join(f"数据{i}" for i in range(1, 7)) + " | 总计 |\n|" + "---|" * 8
    lines = ["三、收到和处理政府信息公开申请情况", "| 申请人情况 |" + " |" * 7, "|" + "---|" * 8, ""]
    for i, row in enumerate(T3_2021.rows):
        if i % 4 == 0:
            lines += ["", head]
        value = 1 if row.name.startswith("other") else 0
        lines.append(f"| {printed_label('t3', row)} | {value} | 0 | 0 | 0 | 0 | 0 | {value} |")
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    parsed = parse_tables("\n".join(lines))
    assert parsed.cells["t3.other_misc.natural"].value == 1
    assert "t3.total.natural" in parsed.cells and parsed.cells["t3.total.natural"].value == 0


def test_loose_lines_go_first_and_notes_are_no_cells():
    text = "\n".join([
        "二、主动公开政府信息情况", "| 第二十条第（一）项 | | | |", "|---|---|---|---|",
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |", "| 规章 | 1 | 0 | 9 |",
        "12", "（其中修订 3 件）", "40", "| 行政规范性文件 | 12 | 150 |",
        "| 第二十条第（五）项 | | | |", "|---|---|---|---|", "| 行政许可 | 7 |",
    ])
    parsed = parse_tables(normalize(text).text)
    assert [parsed.cells[f"t2.normative.{c}"].value for c in ("issued", "repealed", "in_force")] == [12, 40, 150]
    assert parsed.cells["t2.normative.issued"].confidence < CONFIDENT  # table 2 has no identity to pin it


def test_tab_row_blanks_the_identities_cannot_place_are_not_confident():
    """Table 4's values-only line with its trailing blank fields dropped: blocks of zeros left blank can stand
    anywhere; the cells it moves between blocks are low-confidence with their alternatives."""
    heads = "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3)
    text = "\n".join(["四、政府信息公开行政复议、行政诉讼情况", "行政复议\t\t\t\t\t行政诉讼", heads, "10\t\t\t\t10",
                      "五、存在的主要问题及改进情况"])
    parsed = parse_tables(text + "\n" + "无。")
    cell = parsed.cells["t4.review.upheld"]
    assert cell.value == 10 and cell.confidence < CONFIDENT and cell.alternatives
