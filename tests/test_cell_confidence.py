"""A cell's confidence says how it was read and whether the identities pin it down: a cell placed by position,
rebuilt from a dump or chosen by a prior stays below 0.9 unless the identities pin it; the table of confidences is
calibrated by benchmarks/cell_calibration.py and read at run time from extractor/tables/calibration.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.normalize import normalize
from extractor.tables.confidence import AS_PRINTED, CALIBRATION, FAMILIES, cell_confidence
from extractor.tables.parser import parse_tables as _parse_normalized
from extractor.templates.layout import T3_2021, printed_label
from tests.test_text_forms import _balanced, _t3_text

CONFIDENT = 0.9
BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def parse_tables(text: str):
    return _parse_normalized(normalize(text).text)


def _t3_tsv(rows: dict[str, list[str]]) -> str:
    """Table 3 as an HTML table exported tab-separated: a blank cell is an empty field."""
    lines = ["三、收到和处理政府信息公开申请情况", "\t".join(["申请人情况", "自然人", "商业企业", "科研机构",
                                                        "社会公益组织", "法律服务机构", "其他", "总计"])]
    lines += ["\t".join([printed_label("t3", row), *rows[row.name]]) for row in T3_2021.rows]
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    return "\n".join(lines)


def _blank_zeros(values: dict[str, list[int]]) -> dict[str, list[str]]:
    return {name: [str(v) if v else "" for v in row] for name, row in values.items()}


def test_a_pinned_table_3_is_confident():
    values = _balanced(T3_2021)
    parsed = parse_tables(_t3_text(T3_2021, {k: list(map(str, v)) for k, v in values.items()}))
    cells = [c for k, c in parsed.cells.items() if k.startswith("t3.")]
    assert len(cells) == 7 * len(T3_2021.rows)
    assert all(c.pinned and c.confidence >= CONFIDENT for c in cells)


def test_a_blank_cell_tsv_export_that_the_identities_do_not_pin_is_not_confident():
    values = _balanced(T3_2021)
    rows = _blank_zeros(values)
    # The export lost one blank field of 本年新收 (a merged cell): its values read one column to the right.
    rows["new_received"] = [rows["new_received"][0], *rows["new_received"][2:]]
    parsed = parse_tables(_t3_tsv(rows))
    cell = parsed.cells["t3.new_received.commercial"]
    assert cell.value == values["new_received"][0] and cell.how == "positional"  # misplaced, as printed
    assert cell.family == "positional, blanks" and not cell.pinned and cell.confidence < CONFIDENT
    # The same export with every field kept: the balance and outcome identities pin every printed cell (how sure
    # such a cell is, is what the calibration measured of pinned cells of blank-cell rows).
    whole = parse_tables(_t3_tsv(_blank_zeros(values)))
    printed = [c for k, c in whole.cells.items() if k.startswith("t3.") and c.value is not None]
    assert printed and all(c.pinned for c in printed)
    assert {c.confidence for c in printed if c.family == "positional, blanks"} == {cell_confidence("positional, blanks", True)}


def test_blank_cells_of_table_2_are_placed_by_position():
    head = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
    tail = "\n三、收到和处理政府信息公开申请情况\n"
    gapped = parse_tables(head + "行政规范性文件\t5\t\t12" + tail).cells["t2.normative.in_force"]
    assert gapped.value == 12 and gapped.family == "positional, blanks" and gapped.confidence < CONFIDENT
    full = parse_tables(head + "行政规范性文件\t5\t0\t12" + tail).cells["t2.normative.in_force"]
    assert full.family == "positional" and full.pinned and full.confidence >= CONFIDENT


def test_a_rebuilt_column_major_dump_is_confident_only_where_the_identities_pin_it(corpus):
    """j002.txt, a real column-by-column dump: table 3 rebuilt with every identity holding is pinned; table 2,
    rebuilt the same way, has no identity to pin it. One count printed off by one breaks an identity of the
    rebuilt table 3, and then no cell of it is pinned, not even those whose own identities hold: the whole table
    was placed at once."""
    from extractor.readers import read_document

    doc = read_document(corpus / "j002.txt")
    parsed = _parse_normalized(doc.text, doc.tables)
    t3 = [c for k, c in parsed.cells.items() if k.startswith("t3.")]
    assert {c.family for c in t3} == {"column-major dump"}
    assert all(c.pinned and c.confidence >= CONFIDENT for c in t3)
    t2 = [c for k, c in parsed.cells.items() if k.startswith("t2.") and c.family.endswith("dump")]
    assert t2 and all(not c.pinned and c.confidence < CONFIDENT for c in t2)
    cell = parsed.cells["t3.granted.natural"]
    broken = _parse_normalized(doc.text[: cell.start] + str(cell.value + 1) + doc.text[cell.end :])
    t3 = [c for k, c in broken.cells.items() if k.startswith("t3.")]
    assert broken.cells["t3.granted.natural"].value == cell.value + 1
    assert {c.family for c in t3} == {"column-major dump"}
    assert all(not c.pinned and c.confidence < CONFIDENT for c in t3)


def test_unpinned_cells_placed_rebuilt_or_chosen_stay_below_0_9():
    for family in FAMILIES:
        if family not in AS_PRINTED:
            assert cell_confidence(family, False) < CONFIDENT, family
        assert cell_confidence(family, True, table={}) <= 0.85  # a family never measured: no high confidence
    assert cell_confidence("prior", True) == cell_confidence("prior", False)  # a prior's choice is never pinned


# ---------------------------------------------------------------------------------------------
# The calibration: its script's output and the shipped table


def _calibration():
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    import cell_calibration

    return cell_calibration


def test_the_shipped_calibration_is_the_table_the_runtime_reads():
    data = json.loads(CALIBRATION.read_text("utf-8"))
    assert data["cells"] == sum(row["cells"] for row in data["table"]) and data["reports"] > 1
    for row in data["table"]:
        assert set(row) == {"family", "pinned", "cells", "right", "confidence"}
        assert row["family"] in FAMILIES and 0 <= row["right"] <= row["cells"]
        assert cell_confidence(row["family"], row["pinned"]) == row["confidence"]
    assert {"families", "bands", "per_kind", "f1"} <= set(data["held_out"])


def test_calibration_fits_a_conservative_table_and_holds_reports_out():
    cc = _calibration()
    records = [cc.CellRecord(f"r{i % 4}", "tsv", f"r{i % 4}.tsv", f"t3.k{i}", "tokens", True, True) for i in range(400)]
    records += [cc.CellRecord("r0", "tsv", "r0.tsv", f"t2.k{i}", "split", False, i % 2 == 0) for i in range(4)]
    records += [cc.CellRecord("r9", "corpus", "r9", "t3.x", "layout", True, True)]
    table = cc.fit(records)
    assert table["tokens|pinned"] == {"family": "tokens", "pinned": True, "cells": 400, "right": 400,
                                      "confidence": round(cc.wilson_lower(400, 400), 4)}
    assert 0.98 < table["tokens|pinned"]["confidence"] < 1.0
    assert cc.wilson_lower(1, 1) < 0.25  # one right cell says little
    held = dict(((r.document, r.key), c) for r, c in cc.held_out(records))
    # r9's one layout cell: no other report measured the family, so it gets no high confidence held out
    assert held[("r9", "t3.x")] <= 0.85
    assert held[("r1.tsv", "t3.k1")] >= CONFIDENT
    record = cc.summary(records, cc.held_out(records), table, {}, {})
    families = {(row["family"], row["pinned"]): row for row in record["held_out"]["families"]}
    assert families[("split", False)]["held_out_at_0_9"] == 0 and record["cells"] == len(records)
    assert "| tokens | yes | 400 | 400 |" in cc.markdown(record)


# ---------------------------------------------------------------------------------------------
# xxgk evaluate fields: precision and coverage at confidence ≥ 0.9 per table


def test_evaluate_fields_reports_precision_and_coverage_at_0_9(tmp_path):
    from xxgk.cli import app

    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir(), pred.mkdir()
    fields = {"t2.normative.issued": 3, "t3.total.total": 5, "t3.total.natural": 5, "t4.review.total": 2,
              "n.review.total": 2}
    (gold / "a.json").write_text(json.dumps({"document": "a.txt", "fields": fields}))
    out = {"source": "in/a.txt",
           "fields": {"t2.normative.issued": 3, "t3.total.total": 5, "t3.total.natural": 4, "t4.review.total": 2,
                      "n.review.total": 2},
           "provenance": {"t2.normative.issued": {"confidence": 0.5}, "t3.total.total": {"confidence": 0.99},
                          "t3.total.natural": {"confidence": 0.95}, "t4.review.total": {"confidence": 0.9},
                          "n.review.total": {"confidence": 0.89}}}
    (pred / "a.json").write_text(json.dumps(out))
    result = CliRunner().invoke(app, ["evaluate", "fields", "--gold", str(gold), "--pred", str(pred),
                                      "--json", str(tmp_path / "s.json")])
    assert result.exit_code == 0, result.output
    assert "confidence ≥ 0.9" in result.output
    at = json.loads((tmp_path / "s.json").read_text())["at_confidence"]
    assert at["threshold"] == 0.9
    assert at["t2"] == {"gold": 1, "taken": 0, "right": 0, "precision": 0.0, "coverage": 0.0}
    assert at["t3"] == {"gold": 2, "taken": 2, "right": 1, "precision": 0.5, "coverage": 0.5}
    assert at["t4"] == {"gold": 1, "taken": 1, "right": 1, "precision": 1.0, "coverage": 1.0}
    assert at["narrative"]["taken"] == 0 and at["narrative"]["gold"] == 1
    assert at["overall"] == {"gold": 5, "taken": 3, "right": 2, "precision": pytest.approx(2 / 3), "coverage": 0.4}
