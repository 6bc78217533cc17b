"""Tables from the text forms users meet beyond plain text: column-major dumps (pdfminer), reading-order
and layout-preserving text of PDFs (pdftotext, pdfplumber), markdown from PDF converters, tab-separated
exports of HTML tables. On the real j002 (its PDF and its pdfminer dump j002.txt) and on forms made here
from corpus reports and their gold (scripts/text_forms.py, scripts/markdown_forms.py)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evaluation.fields import load_predictions, score_documents
from extractor.batch import extract_batch
from extractor.spec import T3_COLUMNS
from extractor.tables.parser import parse_tables
from extractor.templates.layout import T3_2019, T3_2021, printed_label
from tests.conftest import GOLD

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
TABLES = ("t2", "t3", "t4")


def _table_gold(stem: str) -> dict:
    fields = json.loads((GOLD / f"{stem}.json").read_text("utf-8"))["fields"]
    return {k: v for k, v in fields.items() if k.startswith(("t2.", "t3.", "t4."))}


def _extract(files: list[Path], out: Path) -> dict[str, dict]:
    writer = extract_batch(files, out, workers=1)
    assert writer.failed == 0
    return load_predictions(out)


def _f1(gold: dict[str, dict], predicted: dict[str, dict]) -> dict[str, float]:
    scores = score_documents(gold, predicted)
    assert not scores.missing_predictions
    return {t: scores.groups[t].f1 for t in TABLES if scores.groups[t].tp + scores.groups[t].fn}


def _report(out: Path, name: str) -> dict:
    """The output written for the input file `name`."""
    for f in out.glob("*.json"):
        data = json.loads(f.read_text("utf-8"))
        if isinstance(data, dict) and Path(str(data.get("source"))).name == name:
            return data
    raise AssertionError(f"no output for {name}")


def _scripts():
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))


# ---------------------------------------------------------------------------------------------
# j002: a real PDF and the column-by-column dump a common PDF-to-text tool gives of it


def test_column_major_dump_is_rebuilt_and_says_so(corpus, tmp_path):
    predicted = _extract([corpus / "j002.txt"], tmp_path)
    assert _f1({"j002.txt": _table_gold("j002")}, predicted) == {t: 1.0 for t in TABLES}
    report = _report(tmp_path, "j002.txt")
    # The 总计 column is dumped sixth of seven on page 3: the identities put it last.
    assert report["fields"]["t3.total.total"] == 95 and report["fields"]["t3.total.other_org"] == 0
    assert "column" in report["provenance"]["t3.granted.natural"]["read_as"]
    assert "column" in report["provenance"]["t2.normative.in_force"]["read_as"]
    assert any("t3 read as a grid column major" in w for w in report["warnings"])
    assert all(c["ok"] for c in report["checks"] if c["rule"].startswith("t3."))


def test_real_pdf_and_its_pdfminer_text(corpus, tmp_path):
    from pdfminer.high_level import extract_text

    dump = tmp_path / "in" / "j002.pdfminer.txt"
    dump.parent.mkdir()
    dump.write_text(extract_text(str(corpus / "j002.pdf")), "utf-8")
    predicted = _extract([corpus / "j002.pdf", dump], tmp_path / "out")
    gold = {"j002.pdf": _table_gold("j002"), "j002.pdfminer.txt": _table_gold("j002")}
    assert _f1(gold, predicted) == {t: 1.0 for t in TABLES}
    # '2.其他法律行政止公开' (characters missing in print) is found by similarity, not by a list of typos.
    assert predicted["j002.pdf"]["t3.denied_law.natural"] == 0


def test_layout_preserving_text_of_real_pdf(corpus, tmp_path):
    import pdfplumber

    with pdfplumber.open(corpus / "j002.pdf") as pdf:
        text = "\f".join(page.extract_text(layout=True) or "" for page in pdf.pages)
    path = tmp_path / "in" / "j002.plumber-layout.txt"
    path.parent.mkdir()
    path.write_text(text, "utf-8")
    f1 = _f1({"j002.plumber-layout.txt": _table_gold("j002")}, _extract([path], tmp_path / "out"))
    assert f1 == {t: 1.0 for t in TABLES}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils' pdftotext")
@pytest.mark.parametrize("mode", [[], ["-layout"], ["-raw"]])
def test_pdftotext_of_real_pdf(corpus, tmp_path, mode):
    args = ["pdftotext", "-enc", "UTF-8", *mode, str(corpus / "j002.pdf"), "-"]
    path = tmp_path / "in" / "j002.pdftotext.txt"
    path.parent.mkdir()
    path.write_bytes(subprocess.run(args, check=True, capture_output=True).stdout)
    f1 = _f1({"j002.pdftotext.txt": _table_gold("j002")}, _extract([path], tmp_path / "out"))
    assert f1 == {t: 1.0 for t in TABLES}


# ---------------------------------------------------------------------------------------------
# Forms made from corpus reports and their gold

FORM_REPORTS = ("p002", "p005", "p007", "p012", "seed000", "seed001", "seed004")  # 2019, 2021, blank cells (seed001)


@pytest.fixture(scope="module")
def sources(corpus):
    _scripts()
    from sources import corpus_source

    return {stem: corpus_source(stem, corpus) for stem in FORM_REPORTS}


def test_markdown_from_pdf_converters(sources, tmp_path):
    """Split pipe tables, placeholder/repeated/false header rows, page footers inside tables, labels cut
    off from their cells, a cell on a line of its own, <br> inside cells: three draws per report."""
    from markdown_forms import markdown_report

    files, gold = [], {}
    for stem, src in sources.items():
        for seed in range(3):
            path = tmp_path / "in" / f"{stem}.{seed}.md"
            path.parent.mkdir(exist_ok=True)
            path.write_text(markdown_report(src, random.Random(f"{seed}:{stem}")), "utf-8")
            files.append(path)
            gold[path.stem] = _table_gold(stem)
    f1 = _f1(gold, _extract(files, tmp_path / "out"))
    assert f1["t3"] >= 0.99 and f1["t4"] >= 0.99 and f1["t2"] >= 0.95, f1


def test_tab_separated_html_export(sources, tmp_path):
    """A rowspan group label precedes the row label only on its group's first row; empty cells are empty."""
    from markdown_forms import tsv_report

    files, gold = [], {}
    for stem, src in sources.items():
        path = tmp_path / "in" / f"{stem}.tsv.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(tsv_report(src), "utf-8")
        files.append(path)
        gold[f"{stem}.tsv"] = _table_gold(stem)
    assert _f1(gold, _extract(files, tmp_path / "out")) == {t: 1.0 for t in TABLES}


@pytest.fixture(scope="module")
def rendered(sources, tmp_path_factory):
    """Small text PDFs of three reports (2019 and 2021; p007's pdftotext dump prints a cell of a wrapped
    row after the next group label), rendered as render_reports.py does."""
    pytest.importorskip("reportlab")
    _scripts()
    from pdf_layout import FontMissing
    from text_forms import render_pdf

    out = tmp_path_factory.mktemp("renders")
    try:
        return {stem: render_pdf(sources[stem], out, 0) for stem in ("p002", "p005", "p007")}
    except FontMissing as e:
        pytest.skip(str(e))


@pytest.mark.parametrize("form", ["pdfminer", "pdftotext", "layout", "raw"])
def test_rendered_pdf_through_text_tools(rendered, form, tmp_path):
    if form != "pdfminer" and shutil.which("pdftotext") is None:
        pytest.skip("needs poppler-utils' pdftotext")
    from text_forms import pdf_text

    files, gold = [], {}
    for stem, pdf in rendered.items():
        path = tmp_path / "in" / f"{stem}.{form}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(pdf_text(pdf, form), "utf-8")
        files.append(path)
        gold[path.stem] = _table_gold(stem)
    f1 = _f1(gold, _extract(files, tmp_path / "out"))
    assert f1["t3"] >= 0.99 and f1["t4"] >= 0.99, f1
    assert f1["t2"] >= (0.8 if form == "pdfminer" else 0.99), f1


# ---------------------------------------------------------------------------------------------
# Labels damaged in print, matched by similarity within the template's row order


def _damaged(label: str, rng: random.Random) -> str:
    """The label with a character dropped and, when it is long, another one changed (not the first or
    last character, not its numbering)."""
    chars = list(label)
    body = [i for i, ch in enumerate(chars) if "\u4e00" <= ch <= "\u9fff"][1:-1]
    change = rng.choice(body) if len(body) >= 8 else None
    if change is not None:
        chars[change] = "止" if chars[change] != "止" else "之"
    drop = rng.choice([i for i in body if i != change])
    del chars[drop]
    return "".join(chars)


@pytest.mark.parametrize("spec", [T3_2019, T3_2021], ids=["2019", "2021"])
def test_damaged_row_labels_found_by_similarity(spec):
    rng = random.Random(7)
    for victim in spec.rows:
        label = printed_label("t3", victim)
        if sum("\u4e00" <= ch <= "\u9fff" for ch in label) < 5:
            continue  # 总计, 其他: too short to tell from anything once damaged
        damaged = _damaged(label, rng)
        lines = ["三、收到和处理政府信息公开申请情况", "申请人情况"]
        for i, row in enumerate(spec.rows):
            values = [i % 3 + 1, 0, 0, 0, 0, 0, i % 3 + 1]
            lines.append("\t".join([damaged if row is victim else printed_label("t3", row), *map(str, values)]))
        lines.append("四、政府信息公开行政复议、行政诉讼情况")
        parsed = parse_tables("\n".join(lines))
        key = f"t3.{victim.name}.natural"
        assert key in parsed.cells, (victim.name, damaged)
        assert parsed.cells[key].value == spec.rows.index(victim) % 3 + 1, (victim.name, damaged)


# ---------------------------------------------------------------------------------------------
# Rows printed with a cell fewer or more than the template's columns


def _t3_text(spec, row_values: dict[str, list[str]]) -> str:
    """Table 3 of the template, space-separated, from the given printed cells per row."""
    from extractor.tables.columns import column_heads

    heads = column_heads("t3", "total", T3_COLUMNS)
    lines = ["三、收到和处理政府信息公开申请情况", " ".join(["申请人情况", *heads])]
    for row in spec.rows:
        lines.append(" ".join([printed_label("t3", row), *row_values[row.name]]))
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    return "\n".join(lines)


def _balanced(spec) -> dict[str, list[int]]:
    """Cells that satisfy every identity: each outcome row some requests by natural persons."""
    outcomes = [r.name for r in spec.rows if r.name not in ("new_received", "carried_over", "total", "carried_forward")]
    values = {name: [i % 3 + 1, 0, 0, 0, 0, 0, i % 3 + 1] for i, name in enumerate(outcomes)}
    total = sum(v[0] for v in values.values())
    values.update(new_received=[total - 2, 0, 0, 0, 0, 2, total], carried_over=[2, 0, 0, 0, 0, 0, 2])
    values["total"] = [total, 0, 0, 0, 0, 0, total]
    values["carried_forward"] = [0, 0, 0, 0, 0, 2, 2]
    return values


@pytest.mark.parametrize("spec", [T3_2019, T3_2021], ids=["2019", "2021"])
def test_row_with_a_cell_missing_is_placed_not_dropped(spec):
    values = _balanced(spec)
    printed = {k: list(map(str, v)) for k, v in values.items()}
    printed["granted"] = [str(v) for i, v in enumerate(values["granted"]) if i != 2]  # 科研机构 cell not printed
    printed["new_received"] = [str(v) for i, v in enumerate(values["new_received"]) if i != 3]
    parsed = parse_tables(_t3_text(spec, printed))
    cols = T3_COLUMNS
    for row in ("granted", "new_received"):
        got = [parsed.cells[f"t3.{row}.{c}"].value for c in cols]
        # The printed values keep their cells where the identities pin them; the missing one is blank,
        # somewhere among the columns whose values the identities cannot tell apart (all 0 here).
        assert (got[0], got[6]) == (values[row][0], values[row][6]), (row, got)
        missing = 2 if row == "granted" else 3
        assert got.count(None) == 1, (row, got)
        assert [v for v in got if v is not None] == [v for i, v in enumerate(values[row]) if i != missing], (row, got)
        assert any(f"{row}: fewer values printed" in w for w in parsed.warnings)
    # The identities put new_received's 2 in 其他 (carried_forward has 2 there), not in 法律服务机构.
    assert parsed.cells["t3.new_received.other_org"].value == 2


def test_row_with_a_stray_value_drops_the_one_the_identities_reject():
    spec = T3_2021
    values = _balanced(spec)
    printed = {k: list(map(str, v)) for k, v in values.items()}
    printed["total"] = printed["total"][:3] + ["7"] + printed["total"][3:]  # a stray 7 inside the row
    parsed = parse_tables(_t3_text(spec, printed))
    assert [parsed.cells[f"t3.total.{c}"].value for c in ("natural", "research", "social", "total")] == [
        values["total"][i] for i in (0, 2, 3, 6)
    ]
    assert any("total: more values printed" in w for w in parsed.warnings)


# ---------------------------------------------------------------------------------------------
# Layout-preserving text with blank cells: values placed under the column they stand in


def test_layout_text_places_values_under_their_column_heads():
    from extractor.tables.columns import column_heads

    spec = T3_2021
    heads = column_heads("t3", "total", T3_COLUMNS)
    at = [44 + 7 * i for i in range(7)]  # where each column stands on a line

    def line(left: str, cells: dict[int, str]) -> str:
        out = list(left.ljust(at[-1] + 8))
        for col, text in cells.items():
            out[at[col] : at[col] + len(text)] = text
        return "".join(out).rstrip()

    lines = ["三、收到和处理政府信息公开申请情况", line("    申请人情况", {})]
    lines.append(line("", {i: h[:2] for i, h in enumerate(heads)}))
    expected = {}
    for i, row in enumerate(spec.rows):
        # Only the 总计 column is filled, except in a few rows that also print 自然人 (blank cells stay blank).
        cells = {6: str(i % 4)} if i % 5 else {0: str(i % 4), 6: str(i % 4)}
        expected[row.name] = cells
        lines.append(line("      " + printed_label("t3", row), cells))
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    parsed = parse_tables("\n".join(lines))
    cols = T3_COLUMNS
    for name, cells in expected.items():
        got = {i: parsed.cells[f"t3.{name}.{c}"].value for i, c in enumerate(cols) if f"t3.{name}.{c}" in parsed.cells}
        assert {i: v for i, v in got.items() if v is not None} == {i: int(v) for i, v in cells.items()}, name


def test_one_value_per_row_without_positions_is_the_total_column():
    """Text that keeps no column positions (a reading-order dump) of a report that fills only 总计."""
    spec = T3_2019
    values = _balanced(spec)
    lines = ["三、收到和处理政府信息公开申请情况", "申请人情况"]
    for row in spec.rows:
        lines += [printed_label("t3", row), "", str(values[row.name][6]), ""]
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    parsed = parse_tables("\n".join(lines))
    for row in spec.rows:
        assert parsed.cells[f"t3.{row.name}.total"].value == values[row.name][6], row.name
        assert parsed.cells[f"t3.{row.name}.natural"].value is None, row.name
    assert any("read as the 总计 column" in w for w in parsed.warnings)


def test_a_table_that_breaks_an_identity_as_printed_keeps_its_label_reading():
    """The identities choose layouts, but a report may break one as printed (p013 counts a request both
    as handled and as carried over): a table read row by row after its labels stays as printed."""
    spec = T3_2021
    values = _balanced(spec)
    values["granted"] = [v + 1 if i in (0, 6) else v for i, v in enumerate(values["granted"])]  # breaks 总计
    parsed = parse_tables(_t3_text(spec, {k: list(map(str, v)) for k, v in values.items()}))
    for row in spec.rows:
        assert [parsed.cells[f"t3.{row.name}.{c}"].value for c in T3_COLUMNS] == values[row.name], row.name
    assert not any("grid" in w for w in parsed.warnings)


def test_numbers_are_not_cut_in_a_text_that_prints_its_cells_apart():
    """Table 3 printed cell by cell shows the text does not glue cells: table 2's fees row printed with
    one number for its two cells keeps the number whole (35), rather than cutting it into 3 | 5."""
    from extractor.tables.columns import column_heads
    from extractor.templates.layout import T2_2019

    lines = ["二、主动公开政府信息情况", "第二十条第（一）项"]
    for row in T2_2019.rows:
        lines.append(" ".join(["信息内容", *column_heads("t2", row.name, row.columns)]))
        cells = ["35"] if row.name == "fees" else ["1"] * len(row.columns)
        lines.append(" ".join([printed_label("t2", row), *cells]))
    spec = T3_2019
    t3 = _t3_text(spec, {k: list(map(str, v)) for k, v in _balanced(spec).items()})
    parsed = parse_tables("\n".join(lines) + "\n" + t3)
    assert parsed.cells["t2.fees.prev_items"].value == 35
    assert parsed.cells["t2.fees.change"].value is None
    assert any("fees: fewer values printed" in w for w in parsed.warnings)
