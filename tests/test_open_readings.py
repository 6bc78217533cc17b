"""Glued table 2 digits whose readings the identities leave open: kept on the parsed cells and decided by
evidence (the report's running text; the same body's report of the year before), a prior only ranking
what the evidence leaves open (extractor/reconcile/tables.py)."""

from __future__ import annotations

import json

from extractor.document import Document
from extractor.pipeline import extract_document
from extractor.readers import read_document
from extractor.reconcile.tables import (
    _carried, decide_across_years, decide_by_running_text, row_readings, stated_numbers,
)
from extractor.tables.parser import parse_tables
from tests.conftest import GOLD
from tests.synthetic import random_values, render

NORMATIVE = ("t2.normative.issued", "t2.normative.repealed", "t2.normative.in_force")


def _glued_report(narrative: str) -> str:
    """A 2021 report printed with every cell glued; its 规范性文件 row is '2120' (2 | 12 | 0, as p016
    prints it), which the plausibility prior reads as 2 | 1 | 20."""
    values = random_values("2021", seed=3)
    values.update(dict(zip(NORMATIVE, (2, 12, 0))))
    text = render(values, "2021", "glued")
    return text.replace("本局认真贯彻落实《条例》，全年主动公开政府信息若干条。", narrative)


def test_open_readings_are_kept_on_the_cells():
    parsed = parse_tables(_glued_report("本局认真贯彻落实《条例》。"))
    cells = [parsed.cells[k] for k in NORMATIVE]
    assert tuple(c.value for c in cells) == (2, 1, 20)  # the prior's pick
    readings = list(zip(*(c.alternatives for c in cells)))
    assert (2, 12, 0) in readings and (21, 2, 0) in readings
    assert any(row.keys == NORMATIVE for row in parsed.open_rows)


def test_the_running_text_decides_an_open_reading():
    text = _glued_report("本局本年制发规范性文件2件，废止规范性文件12件。")
    report = extract_document(Document.of_normalized_text(text))
    assert tuple(report.fields[k] for k in NORMATIVE) == (2, 12, 0)
    for key in NORMATIVE:
        prov = report.provenance[key]
        assert prov.via == "reconciled" and "running text" in prov.read_as and not prov.alternatives
    assert any(w.startswith("reconciled: t2 row normative") and "(decided)" in w for w in report.warnings)


def test_statements_about_other_things_are_not_evidence():
    """Information items (…类信息5条) and numbers no reading has leave the prior's pick and say nothing."""
    text = _glued_report("全年主动公开规范性文件类信息12件，清理规范性文件7件。")
    parsed = parse_tables(text)
    assert decide_by_running_text(parsed, text) == []
    assert tuple(parsed.cells[k].value for k in NORMATIVE) == (2, 1, 20)
    assert parsed.cells[NORMATIVE[0]].evidence is None


def test_stated_numbers_need_the_row_and_the_column_word():
    text = "本年度制发的规范性文件88件，集中公开现行有效行政规范性文件698件。行政许可事项12件。"
    found = stated_numbers(text, "normative", ("issued", "repealed", "in_force"), [])
    assert {j: [v for v, _, _ in f] for j, f in found.items()} == {0: [88], 2: [698]}


def test_real_report_narrative_states_its_glued_row(corpus):
    """p004's text states 制发 88 and 现行有效 698 for its glued row 8855698."""
    report = extract_document(read_document(corpus / "p004.txt"))
    gold = json.loads((GOLD / "p004.json").read_text("utf-8"))["fields"]
    assert tuple(report.fields[k] for k in NORMATIVE) == tuple(gold[k] for k in NORMATIVE) == (88, 55, 698)
    assert all(report.provenance[k].via == "reconciled" for k in NORMATIVE)


def test_previous_year_stock_decides_across_a_batch(corpus):
    """p003 (2020) glues 其他对外管理服务事项 as 107105; p002 (2019, same body) ends the year with 10 such
    items (10 + 0), which leaves 10 | 7 | 105 and 10 | 710 | 5, the prior ranking those two."""
    reports = {stem: extract_document(read_document(corpus / f"{stem}.txt")) for stem in ("p002", "p003")}
    gold = json.loads((GOLD / "p003.json").read_text("utf-8"))["fields"]
    keys = [k for k in gold if k.startswith("t2.other_services.")]
    assert [reports["p003"].fields[k] for k in keys] != [gold[k] for k in keys]
    warnings = decide_across_years(reports)
    assert sorted(warnings) == ["p002", "p003"]  # p002 by the stock p003 starts from (below)
    assert {k: v for k, v in reports["p003"].fields.items() if k.startswith("t2.")} == {k: v for k, v in gold.items() if k.startswith("t2.")}
    prov = reports["p003"].provenance["t2.other_services.decisions"]
    assert prov.via == "reconciled" and prov.alternatives == [5] and "stock carried from p002" in prov.read_as


def test_next_year_stock_decides_the_year_before(corpus):
    """p002 (2019) glues 行政许可 as 3960181 (11 readings); p003 (2020, same body) prints 上一年项目数量 396 in every
    reading of its row, and 上一年项目数量 + 本年增/减 of 2019 is the 上一年项目数量 of 2020: only 396 | 0 | 181 gives
    396. The same decides 其他对外管理服务事项, 行政处罚 and 行政事业性收费; 行政强制 (126025) keeps two readings,
    since p003's own run 1262629 can also start with 1262 (= 1260 + 2)."""
    reports = {stem: extract_document(read_document(corpus / f"{stem}.txt")) for stem in ("p002", "p003")}
    gold = json.loads((GOLD / "p002.json").read_text("utf-8"))["fields"]
    decide_across_years(reports)
    p002 = reports["p002"]
    for row in ("licensing", "other_services", "punishment", "fees"):
        keys = [k for k in gold if k.startswith(f"t2.{row}.")]
        assert [p002.fields[k] for k in keys] == [gold[k] for k in keys], row
        for k in keys:
            prov = p002.provenance[k]
            assert not prov.alternatives and "the stock p003 (2020) starts from" in prov.read_as
            assert prov.confidence < 0.9  # evidence across years, never pinned
    coercion = [p002.provenance[k].alternatives for k in gold if k.startswith("t2.coercion.")]
    assert coercion == [[1260], [2], [5]]
    assert any("t2 row licensing reading 396|0|181 kept: decided by the stock p003 (2020) starts from" in w
               for w in p002.warnings)


def test_a_year_reads_the_open_rows_of_its_neighbour_with_their_readings():
    """A neighbour's row still open counts with every reading it keeps, not only the one its prior chose."""
    later = {"t2.coercion.prev_items": 126, "t2.coercion.change": 26, "t2.coercion.decisions": 29}
    prov = {"t2.coercion.prev_items": {"alternatives": [1262]}, "t2.coercion.change": {"alternatives": [6]},
            "t2.coercion.decisions": {"alternatives": [29]}}
    readings = row_readings(later, prov, "coercion")
    assert [tuple(r.values()) for r in readings] == [(126, 26, 29), (1262, 6, 29)]
    earlier = [{"prev_items": 1260, "change": 2, "decisions": 5}]
    assert _carried(readings, earlier) is True  # 1260 + 2 = 1262, the second reading
    assert _carried(readings[:1], earlier) is False
    assert _carried(readings, [{"prev_items": None, "change": 2, "decisions": 5}]) is None


def test_a_decrease_is_at_most_the_items_there_were():
    """2019 template: 上一年项目数量 + 本年增/减 is this year's number of items, never negative, so '行政许可5-312'
    is 5 | -3 | 12 (5 | -31 | 2 would leave -26 items): one reading, read as printed."""
    values = random_values("2019", seed=3)
    keys = [k for k in values if k.startswith("t2.licensing.")]
    values.update(dict(zip(keys, (5, -3, 12))))
    text = render(values, "2019", "glued")
    assert "行政许可5-312" in text
    parsed = parse_tables(text)
    assert [parsed.cells[k].value for k in keys] == [5, -3, 12]
    assert all(not parsed.cells[k].alternatives and parsed.cells[k].unique for k in keys)


def test_a_batch_decides_open_rows_by_the_previous_years_report_it_holds(corpus, tmp_path):
    """The same as above through `xxgk extract` over a folder: the batch's last pass decides p003's row."""
    import shutil

    from typer.testing import CliRunner

    from xxgk.cli import app

    src = tmp_path / "in"
    src.mkdir()
    for stem in ("p002", "p003"):
        shutil.copy(corpus / f"{stem}.txt", src / f"{stem}.txt")
        if (corpus / f"{stem}.meta.json").exists():
            shutil.copy(corpus / f"{stem}.meta.json", src / f"{stem}.meta.json")
    result = CliRunner().invoke(app, ["extract", str(src), "-o", str(tmp_path / "out"), "--no-models"])
    assert result.exit_code == 0, result.output
    out = json.loads((tmp_path / "out" / "p003.json").read_text("utf-8"))
    gold = json.loads((GOLD / "p003.json").read_text("utf-8"))["fields"]
    keys = [k for k in gold if k.startswith("t2.other_services.")]
    assert [out["fields"][k] for k in keys] == [gold[k] for k in keys]
    assert out["provenance"]["t2.other_services.decisions"]["via"] == "reconciled"
    # and p002's 行政许可 by the stock p003 starts from, whichever of the two the batch finished first
    first = json.loads((tmp_path / "out" / "p002.json").read_text("utf-8"))
    gold = json.loads((GOLD / "p002.json").read_text("utf-8"))["fields"]
    keys = [k for k in gold if k.startswith("t2.licensing.")]
    assert [first["fields"][k] for k in keys] == [gold[k] for k in keys]
    assert not any(first["provenance"][k].get("alternatives") for k in keys)
    assert any("starts from" in w for w in first["warnings"])
