"""Tables read from the grids a format gives (extractor/tables/native.py): Word and HTML renders of corpus
reports (scripts/grid_forms.py), grids built by hand, and a scanned page that holds only table 2's blocks."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from evaluation.fields import load_predictions, score_documents
from extractor.batch import extract_batch
from extractor.checks.rules import rules_for
from extractor.document import Document, GridCell, TableGrid
from extractor.pipeline import extract_document
from extractor.readers import read_document
from extractor.tables import native
from extractor.tables.cells import Cell
from extractor.tables.parsed import parsed_cell
from extractor.tables.parser import parse_tables
from extractor.templates.layout import T3_2021
from tests.conftest import GOLD

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scans"
TABLES = ("t2", "t3", "t4")
# 2019 and 2021 templates, a mixed one (p014: 2021 table 2, single 其他处理 row), blank cells (seed000).
REPORTS = ("p005", "p014", "p016", "seed000")


def _scripts() -> None:
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))


def _gold(stem: str) -> dict:
    return json.loads((GOLD / f"{stem}.json").read_text("utf-8"))


def _table_fields(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if k.startswith(("t2.", "t3.", "t4."))}


@pytest.fixture(scope="module")
def grid_files(corpus, tmp_path_factory):
    _scripts()
    from grid_forms import write_grid_form
    from sources import corpus_source
    from text_forms import SUFFIX

    out = tmp_path_factory.mktemp("grids")
    files: dict[str, tuple[Path, dict]] = {}
    for stem in REPORTS:
        src = corpus_source(stem, corpus)
        for form in ("docx", "html", "blocks", "reshaped"):
            path = out / f"{stem}{SUFFIX[form]}"
            files[path.name] = (path, write_grid_form(src, form, path, _gold(stem)))
    return files


def test_word_and_html_grids_of_corpus_reports_are_read_as_grids(grid_files, tmp_path):
    paths = [p for p, _ in grid_files.values()]
    writer = extract_batch(paths, tmp_path / "out", workers=1)
    assert writer.failed == 0
    predicted = load_predictions(tmp_path / "out")
    gold = {p.name.rsplit(".", 1)[0]: _table_fields(g["fields"]) for p, g in grid_files.values()}
    scores = score_documents(gold, predicted)
    assert {t: scores.groups[t].f1 for t in TABLES} == {t: 1.0 for t in TABLES}, scores.to_dict()["wrong"][:5]
    for f in (tmp_path / "out").glob("*.json"):
        report = json.loads(f.read_text("utf-8"))
        if not isinstance(report, dict) or "provenance" not in report:
            continue
        cells = {k: p for k, p in report["provenance"].items() if k[:2] in TABLES}
        assert cells and all(p["read_as"] == "grid" and p["grid"] is not None for p in cells.values()), f.name


def test_grid_cells_point_at_their_printed_text(grid_files):
    path, gold = grid_files["p005.word.docx"]
    doc = read_document(path)
    report = extract_document(doc)
    for key, prov in report.provenance.items():
        table, row, col = prov.grid
        cell = doc.tables[table].rows[row][col]
        assert cell.start <= prov.start and prov.end <= cell.end, key
        assert doc.text[prov.start : prov.end] == prov.text


def test_table_2_without_its_first_block_and_columns_beside_the_template(grid_files):
    """The reshaped page: no 第二十条第（一）项 block (the text path finds no table 2 at all) and a 备注
    column of '/' right of tables 3 and 4 (the text path reads it as their 总计 column)."""
    for stem in REPORTS:
        path, gold = grid_files[f"{stem}.reshaped.html"]
        doc = read_document(path)
        text_only = parse_tables(doc.text).fields()
        with_grids = parse_tables(doc.text, doc.tables)
        expected = _table_fields(gold["fields"])
        assert not any(k.startswith("t2.") for k in text_only)
        assert text_only != {k: text_only.get(k) for k in expected}
        assert {k: with_grids.fields().get(k) for k in expected} == expected, stem
        assert with_grids.template.template == gold["template"]
        assert with_grids.template.mixed == bool(gold.get("mixed_template"))


# ---------------------------------------------------------------------------------------------
# Grids built by hand


def _document(rows_per_table: list[list[list[str]]], before: str = "报告\n") -> Document:
    """A Document whose text holds each table row as a tab-separated line, and the grids over it."""
    text, tables = before, []
    for rows in rows_per_table:
        start, grid = len(text), []
        for row in rows:
            cells = []
            for i, cell in enumerate(row):
                if i:
                    text += "\t"
                cells.append(GridCell(cell, len(text), len(text) + len(cell)))
                text += cell
            text += "\n"
            grid.append(cells)
        tables.append(TableGrid(grid, start, len(text) - 1))
    doc = Document.of_normalized_text(text)
    doc.tables = tables
    return doc


def test_a_merged_head_over_three_columns_takes_the_value_wherever_it_stands():
    doc = _document([[
        ["第二十条第(五)项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政许可", "", "", "12"],
        ["第二十条第(六)项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政处罚", "", "7", ""],
        ["行政强制", "3", "", ""],
    ]])  # fmt: skip
    parsed = parse_tables(doc.text, doc.tables)
    assert parsed.template.template == "2021"
    assert parsed.fields() == {"t2.licensing.decisions": 12, "t2.punishment.decisions": 7, "t2.coercion.decisions": 3}
    assert parsed.cells["t2.licensing.decisions"].grid == (0, 2, 3)


def test_a_ragged_grid_as_ocr_gives_it_reads_blocks_without_their_first_head():
    """A scanned page holding only the end of table 2: the 行政许可 row above any head on this page."""
    doc = _document([[
        ["行政许可", "95"],
        ["第二十条第(六)项"],
        ["信息内容", "本年处理决定数量"],
        ["行政处罚", "31"],
        ["行政强制", "2"],
        ["第二十条第(八)项"],
        ["信息内容", "本年收费金额(单位:万元)"],
        ["行政事业性收费", "0.35"],
    ]])  # fmt: skip
    assert parse_tables(doc.text).fields() == {}
    parsed = parse_tables(doc.text, doc.tables)
    assert parsed.fields() == {"t2.licensing.decisions": 95, "t2.punishment.decisions": 31,
                               "t2.coercion.decisions": 2, "t2.fees.amount": 0.35}  # fmt: skip
    assert parsed.cells["t2.fees.amount"].unit == "万元"


def test_a_damaged_label_is_mapped_by_similarity_within_the_row_order():
    from extractor.spec import T3_COLUMNS

    head = [["申请人情况", *[""] * 7], ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]]
    labels = ["一、本年新收政府信息公开申请数量", "(一)予以公开", "1.属于国家秘密", "2.其他法律行政止公开", "3.危及“三安全一稳定”"]
    rows = [[label, *["1", "0", "0", "0", "0", "0", "1"]] for label in labels]
    doc = _document([head + rows])
    read = native._read_t3(native._rows(doc.tables), T3_2021)
    assert read is not None and "denied_law" in read.rows
    assert read.refs[f"t3.denied_law.{T3_COLUMNS[0]}"] == (0, 5, 1)


def test_a_grid_that_breaks_more_identities_than_the_text_is_not_taken():
    parsed = parse_tables("")
    parsed.cells.clear()
    good = {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}
    for col, v in good.items():
        parsed.cells[f"t4.review.{col}"] = parsed_cell(f"t4.review.{col}", Cell(v, 0, 1, str(v)), "positional", None, "positional")
    bad = native._TableRead({f"t4.review.{c}": Cell(v, 0, 1, str(v)) for c, v in {**good, "total": 5}.items()},
                            {f"t4.review.{c}": (0, 1, i) for i, c in enumerate(good)}, {}, {"review"})  # fmt: skip
    native._take(parsed, "t4", bad, rules_for("2021"))
    assert parsed.cells["t4.review.total"].value == 2 and parsed.cells["t4.review.total"].how == "positional"
    assert any("was not used" in w for w in parsed.warnings)


def test_scanned_page_of_table_2_blocks_only(tmp_path):
    """Page 2 of the 2021 example rendered as a page image: 行政许可 (its head on page 1), then the
    行政处罚/行政强制 and 行政事业性收费 blocks. Without the first block the text path finds no table 2."""
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument(str(FIXTURES / "example_2021.pdf"))
    image = tmp_path / "example_2021-p2.png"
    pdf[1].render(scale=150 / 72).to_pil().convert("L").save(image)
    doc = read_document(image)
    assert not any(k.startswith("t2.") for k in parse_tables(doc.text).fields())
    report = extract_document(doc)
    gold = json.loads((FIXTURES / "example_2021.gold.json").read_text("utf-8"))["fields"]
    expected = {k: gold[k] for k in ("t2.licensing.decisions", "t2.punishment.decisions", "t2.coercion.decisions", "t2.fees.amount")}
    assert report.fields == expected
    assert report.template == "2021" and report.units["t2.fees.amount"] == "万元"
    assert all(p.read_as.startswith("grid") and p.box is not None for p in report.provenance.values())


def test_table_4_with_its_blocks_as_rows():
    """Some reports turn table 4: the result heads across, 行政复议 and the two 行政诉讼 blocks down."""
    doc = _document([[
        ["", "", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
        ["行政复议", "", "1", "0", "0", "1", "2"],
        ["行政诉讼", "未经复议直接起诉", "0", "1", "0", "0", "1"],
        ["行政诉讼", "复议后起诉", "0", "0", "0", "0", "0"],
    ]])  # fmt: skip
    read = native._read_t4(native._rows(doc.tables))
    assert read is not None and read.rows == {"review", "suit_direct", "suit_after_review"}
    values = {k: c.value if c else None for k, c in read.cells.items()}
    assert values["t4.review.total"] == 2 and values["t4.suit_direct.corrected"] == 1
    assert values["t4.suit_after_review.total"] == 0
    assert read.refs["t4.suit_direct.corrected"] == (0, 2, 3)


def test_a_cell_with_its_counter_word_is_read_as_its_number():
    doc = _document([[
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["行政规范性文件", "3件", "0", "21 件"],
    ]])  # fmt: skip
    parsed = parse_tables(doc.text, doc.tables)
    assert parsed.fields() == {"t2.normative.issued": 3, "t2.normative.repealed": 0, "t2.normative.in_force": 21}
    cell = parsed.cells["t2.normative.in_force"]
    assert doc.text[cell.start : cell.end] == "21" and cell.how == "grid"


def test_a_column_head_printed_with_a_typo_is_matched_by_similarity():
    doc = _document([[
        ["信息内容", "本年制发件数", "本年废止件数", "先行有效件数"],
        ["规章", "0", "0", "5"],
    ]])  # fmt: skip
    parsed = parse_tables(doc.text, doc.tables)
    assert parsed.fields() == {"t2.regulations.issued": 0, "t2.regulations.repealed": 0, "t2.regulations.in_force": 5}
    assert parsed.cells["t2.regulations.in_force"].grid == (0, 1, 3)


def test_a_page_holding_the_end_of_table_3_only():
    """A scan's page that continues table 3 (no header, no 本年新收 row: the text finds no table 3) and
    holds the 2021 template's 其他处理 rows: read from the grid although the rows it lacks leave the
    column sums open, and the template told by those rows."""
    rows = [
        ["(五)不予处理", "5.要求行政机关确认或重新出具已获取信息", "1", "0", "0", "0", "0", "0", "1"],
        ["(六)其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "2", "0", "0", "0", "0", "0", "2"],
        ["(六)其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "0", "0", "0", "0", "0", "0", "0"],
        ["(六)其他处理", "3.其他", "0", "1", "0", "0", "0", "0", "1"],
        ["(七)总计", "", "30", "2", "0", "0", "1", "0", "33"],
        ["四、结转下年度继续办理", "", "3", "0", "0", "0", "0", "0", "3"],
    ]
    doc = _document([rows])
    assert not any(k.startswith("t3.") for k in parse_tables(doc.text).fields())
    parsed = parse_tables(doc.text, doc.tables)
    assert parsed.template.template == "2021" and parsed.template.t3_three_other_rows
    fields = parsed.fields()
    assert fields["t3.other_no_correction.total"] == 2 and fields["t3.other_misc.commercial"] == 1
    assert fields["t3.total.total"] == 33 and fields["t3.carried_forward.natural"] == 3
    assert fields["t3.refused_confirm.natural"] == 1
    assert len([k for k in fields if k.startswith("t3.")]) == 6 * 7
