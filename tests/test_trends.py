"""`xxgk trends`: the body key, the template mapping and each anomaly rule on batches with known answers.

The batch is generated: multi-year series of invented bodies made from the bundled examples' outputs
(examples/expected, 2019 template for 2019-2020, 2021 template after) with their numbers changed, written as
a batch folder (one JSON per report, fields.parquet by the batch's own writer); the anomalies are planted."""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path

import pytest

from extractor.batch.longform import LongFormWriter
from extractor.spec import T3_COLUMNS
from extractor.trends import bodies as B
from extractor.trends import measures as M

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "examples" / "expected"
YEARS = (2019, 2020, 2021, 2022, 2023)
N_BODIES = 12  # enough peers (anomalies.MIN_PEERS) for every pair of years


# ---------------------------------------------------------------- the body key

@pytest.mark.parametrize("printed, key", [
    ("平潭综合实验区管委会", "平潭综合实验区"),
    ("平潭综合实验区管理委员会", "平潭综合实验区"),
    ("宁海县政府", "宁海县"),
    ("宁海县人民政府", "宁海县"),
    ("宁海县政府办公室", "宁海县人民政府办公室"),  # the office is not the government
    ("银川市兴庆区胜利街街道办事处", "银川市兴庆区胜利街街道"),
    ("胜利街街道办", "胜利街街道"),
    ("平潭综合实验区管委会办公室关于编制公布", "平潭综合实验区管理委员会办公室"),
    ("平潭综合实验区 社会事业局（2020年度）", "平潭综合实验区社会事业局"),
    ("ＸＸ市人民政府", "XX市"),  # full-width letters
])  # fmt: skip
def test_canonical_names(printed, key):
    assert B.canonical(printed) == key


def _doc(i, agency, title=None, document=None, sha=None, year=2020):
    return B.DocName(i, document or f"d{i}", f"in/{document or f'd{i}'}.pdf", sha, agency, title, year)


def test_short_names_join_the_one_full_name_and_only_it():
    docs = [_doc(1, "某市某区龙津洲街道"), _doc(2, "龙津洲街道"), _doc(3, "某市甲区新华街道"), _doc(4, "某市乙区新华街道"),
            _doc(5, "新华街道"), _doc(6, "某市文化局"), _doc(7, "文化局办公室")]  # fmt: skip
    m = B.assign(docs)
    assert m[2].body_key == m[1].body_key == "某市某区龙津洲街道" and "short name of" in m[2].how
    assert m[5].body_key == "新华街道" and "not joined" in m[5].how  # two full names end with it
    assert m[7].body_key == "文化局办公室"  # not a tail after a place name
    assert m[1].body_name == "某市某区龙津洲街道"


def test_title_issuer_mapping_and_unnamed_documents(tmp_path):
    docs = [_doc(1, None, "某县人民政府2021年政府信息公开工作年度报告"), _doc(2, None, document="p004"),
            _doc(3, None, sha="ab" * 32), _doc(4, "某县某局"), _doc(5, None, document="lost")]  # fmt: skip
    mapping = tmp_path / "map.csv"
    mapping.write_text("name,body\np004,某县政府\n" + "ab" * 32 + ",某县人民政府\n某县某局,某县另一局\n", "utf-8")
    m = B.assign(docs, B.load_mapping(mapping))
    assert m[1].body_key == "某县" and "title's issuer" in m[1].how
    assert m[2].body_key == m[3].body_key == "某县" and "mapping file (document p004)" in m[2].how
    assert "sha256" in m[3].how
    assert m[4].body_key == "某县另一局"  # the mapping comes first
    assert m[5].body_key == "?lost" and "--map" in m[5].how
    as_json = tmp_path / "map.json"
    as_json.write_text(json.dumps({"p004": "某县政府"}, ensure_ascii=False), "utf-8")
    assert B.assign(docs[1:2], B.load_mapping(as_json))[2].body_key == "某县"


def test_a_body_the_mapping_names_is_final_and_never_joined_as_a_short_name():
    docs = [_doc(1, "某市某区龙津洲街道"), _doc(2, "龙津洲街道", document="keep")]
    assert B.assign(docs)[2].body_key == "某市某区龙津洲街道"  # without a mapping: a short name, joined
    m = B.assign(docs, {"keep": "龙津洲街道"})
    assert m[2].body_key == "龙津洲街道" and m[1].body_key == "某市某区龙津洲街道" and "short name" not in m[2].how


def test_a_title_without_an_issuer_and_an_empty_printed_name():
    docs = [_doc(1, "某县人民政府", "2021年政府信息公开工作年度报告"),  # no issuer before the year: no crash
            _doc(2, "", "某县人民政府2021年政府信息公开工作年度报告"),  # an empty name is no name: the title's issuer
            _doc(3, "", None, document="bare")]  # fmt: skip
    m = B.assign(docs)
    assert m[1].body_key == m[2].body_key == "某县" and "title's issuer" in m[2].how
    assert m[3].body_key == "?bare"


@pytest.mark.parametrize("name, text", [("m.csv", "a,b\nx,y\n"), ("m.json", "[1, 2]"), ("m.json", "{"),
                                        ("m.csv", "name,body\nx,\n")])  # fmt: skip
def test_bad_mapping_files_are_named(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    with pytest.raises(ValueError, match=str(path)):
        B.load_mapping(path)


# ---------------------------------------------------------------- the template mapping

def test_every_field_key_is_mapped_or_left_out_with_a_reason():
    assert M.unaccounted_keys() == []
    by = M.by_name()
    assert by["outcome.other"].keys["2019"] == ("t3.other.total",)
    assert set(by["outcome.other"].keys["2021"]) == {"t3.other_no_correction.total", "t3.other_unpaid_fee.total",
                                                     "t3.other_misc.total"}  # fmt: skip
    assert by["normative.issued"].keys == {"2019": ("t2.normative.made",), "2021": ("t2.normative.issued",)}
    assert "2019" not in by["normative.in_force"].keys  # 对外公开总数量 is not 现行有效件数
    assert not any(k.startswith("t2.procurement") for m in M.measures() for ks in m.keys.values() for k in ks)


def test_a_measure_naming_a_key_its_template_lacks_is_refused(monkeypatch):
    raw = copy.deepcopy(M._raw())
    raw["measures"][0]["keys"]["2021"] = ["t2.procurement.amount"]  # 2019 only
    monkeypatch.setattr(M, "_raw", lambda: raw)
    M.measures.cache_clear()
    try:
        with pytest.raises(ValueError, match="t2.procurement.amount"):
            M.measures()
    finally:
        monkeypatch.undo()
        M.measures.cache_clear()


# ---------------------------------------------------------------- a generated batch with planted anomalies

def _report(template_doc: dict, body: int, year: int) -> dict:
    r = copy.deepcopy(template_doc)
    f = r["fields"]
    for c in T3_COLUMNS:  # the identity across years holds: nothing carried either way
        f[f"t3.carried_over.{c}"] = f[f"t3.carried_forward.{c}"] = 0
    if r["template"] == "2021":  # the stock in force carries on: nothing issued or repealed
        for row in ("regulations", "normative"):
            f[f"t2.{row}.issued"] = f[f"t2.{row}.repealed"] = 0
            f[f"t2.{row}.in_force"] = 40
    f["t3.new_received.total"] = 100 + 10 * body + 2 * (year - 2019)  # unique per report, growing slowly
    f["n.proactive.total"] = 1000 + 10 * body + (year - 2019)
    name = f"测试县第{body}镇人民政府"
    r.update(agency=name, title=f"{name}{year}年政府信息公开工作年度报告", year=year,
             sha256=f"{body:04d}{year}".ljust(64, "0"), checks=[],
             provenance={"t3.new_received.total": {"page": None, "start": 10, "end": 13, "text": "100", "via": "table",
                                                   "confidence": 0.99}})  # fmt: skip
    return r


def _write_batch(folder: Path, reports: dict[str, dict]) -> None:
    folder.mkdir(parents=True)
    w = LongFormWriter(folder / "fields.parquet")
    for name, r in reports.items():
        r.setdefault("source", f"reports/{name}.pdf")
        (folder / f"{name}.json").write_text(json.dumps(r, ensure_ascii=False), "utf-8")
        w.add(name, r)
    w.close()


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A batch of N_BODIES bodies × 2019-2023 with one case of each rule; returns (batch, mapping file, OUT)."""
    base = {t: json.loads((EXPECTED / f"example_{y}.json").read_text("utf-8")) for t, y in (("2019", 2019), ("2021", 2021))}
    reports: dict[str, dict] = {}
    for b in range(N_BODIES):
        for y in YEARS:
            if b == 3 and y == 2021:
                continue  # missing year
            reports[f"b{b}_{y}"] = _report(base["2019" if y < 2021 else "2021"], b, y)
    f = lambda name: reports[name]["fields"]  # noqa: E731
    # body 0 prints its name four ways
    for y, name in ((2020, "测试县第0镇政府"), (2021, "测试县第0镇"), (2022, "第0镇")):
        reports[f"b0_{y}"]["agency"] = name
    # body 1: 上年结转 2021 ≠ 结转下年度 2020 (error); 现行有效 2023 ≠ 2022 + 制发 − 废止 (warning)
    f("b1_2021")["t3.carried_over.total"] = 3
    f("b1_2023")["t2.normative.in_force"] = 47
    # body 2: new requests tenfold from 2022 on (a step: one jump)
    for y in (2022, 2023):
        f(f"b2_{y}")["t3.new_received.total"] *= 10
    # body 4: 2022 prints no 主动公开 total though 2021 and 2023 do
    del f("b4_2022")["n.proactive.total"]
    # body 5: the 2020 file twice; body 6: the 2021 report again under another file; body 7: two reports for 2022
    reports["b5_2020_again"] = copy.deepcopy(reports["b5_2020"])
    reports["b6_2021_pdf"] = copy.deepcopy(reports["b6_2021"]) | {"sha256": "f" * 64}
    other = copy.deepcopy(reports["b7_2022"]) | {"sha256": "e" * 64}
    other["fields"] = {k: v for k, v in other["fields"].items() if k.startswith("t3.")}  # fewer values: not kept
    other["fields"]["t3.new_received.total"] += 1
    reports["b7_2022_draft"] = other
    # body 8: no name printed in 2021: joined by the mapping file
    reports["b8_2021"].update(agency=None, title=None)
    root = tmp_path_factory.mktemp("trends")
    _write_batch(root / "batch", reports)
    mapping = root / "map.csv"
    mapping.write_text("name,body\nb8_2021,测试县第8镇人民政府\n", "utf-8")
    from extractor.trends.run import run

    out = root / "out"
    summary = run([root / "batch"], out, mapping, threads=1)
    return root / "batch", mapping, out, summary


def _anomalies(out: Path) -> list[dict]:
    with (out / "anomalies.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _of(rows, rule):
    return {(r["body_key"], int(r["year"]) if r["year"] else None, r["measure"]) for r in rows if r["rule"] == rule}


def test_bodies_across_printed_names_and_the_mapping(planted):
    _, _, out, summary = planted
    assert summary.bodies == N_BODIES
    with (out / "bodies.csv").open(encoding="utf-8") as fh:
        rows = {r["document"]: r for r in csv.DictReader(fh)}
    assert {rows[f"b0_{y}"]["body_key"] for y in YEARS} == {"测试县第0镇"}
    assert "short name of 测试县第0镇" in rows["b0_2022"]["how"]
    assert rows["b8_2021"]["body_key"] == "测试县第8镇" and "mapping file" in rows["b8_2021"]["how"]


def test_series_one_row_per_body_year_measure(planted):
    import duckdb

    _, _, out, _ = planted
    s = f"read_parquet('{out / 'series.parquet'}')"
    assert duckdb.sql(f"SELECT count(*) FROM (SELECT body_key, year, measure FROM {s} GROUP BY ALL HAVING count(*) > 1)").fetchall() == [(0,)]
    got = dict(duckdb.sql(f"SELECT year, value FROM {s} WHERE body_key = '测试县第2镇' AND measure = 'requests.received'").fetchall())
    assert got == {2019: 120, 2020: 122, 2021: 124, 2022: 1260, 2023: 1280}
    # the 2019 template's one 其他处理 row and the 2021 template's three rows are one measure
    other = dict(duckdb.sql(f"SELECT template, any_value(value) FROM {s} WHERE measure = 'outcome.other' GROUP BY ALL").fetchall())
    e19, e21 = (json.loads((EXPECTED / f"example_{y}.json").read_text("utf-8"))["fields"] for y in (2019, 2021))
    assert other["2019"] == e19["t3.other.total"]
    assert other["2021"] == sum(e21[f"t3.{r}.total"] for r in ("other_no_correction", "other_unpaid_fee", "other_misc"))
    kept = duckdb.sql(f"SELECT DISTINCT document FROM {s} WHERE body_key = '测试县第7镇' AND year = 2022").fetchall()
    assert kept == [("b7_2022",)]
    assert not duckdb.sql(f"SELECT * FROM {s} WHERE measure = 'normative.in_force' AND year < 2021").fetchall()


def test_cross_year_identities(planted):
    rows = _anomalies(planted[2])
    assert _of(rows, "cross_year") == {("测试县第1镇", 2021, "cross_year.carried_over.total"),
                                       ("测试县第1镇", 2023, "cross_year.in_force.normative")}  # fmt: skip
    sev = {r["measure"]: r["severity"] for r in rows if r["rule"] == "cross_year"}
    assert sev == {"cross_year.carried_over.total": "error", "cross_year.in_force.normative": "warning"}


def test_jump(planted):
    rows = _anomalies(planted[2])
    assert _of(rows, "jump") == {("测试县第2镇", 2022, "requests.received")}
    (jump,) = [r for r in rows if r["rule"] == "jump"]
    assert float(jump["value"]) == 1260 and float(jump["expected"]) == 124 and float(jump["score"]) > 10


def test_missing_year_and_value(planted):
    rows = _anomalies(planted[2])
    assert _of(rows, "missing_year") == {("测试县第3镇", 2021, "")}
    assert _of(rows, "missing_value") == {("测试县第4镇", 2022, "proactive.total")}


def test_same_report_twice(planted):
    rows = _anomalies(planted[2])
    assert _of(rows, "same_file") == {("测试县第5镇", 2020, "")}
    assert _of(rows, "same_fields") == {("测试县第6镇", 2021, "")}
    assert _of(rows, "two_reports") == {("测试县第7镇", 2022, "")}
    (two,) = [r for r in rows if r["rule"] == "two_reports"]
    assert "the series uses b7_2022" in two["evidence"]
    assert {r["rule"] for r in rows} == {"cross_year", "jump", "missing_year", "missing_value", "same_file",
                                         "same_fields", "two_reports"}  # fmt: skip


def test_report_is_self_contained_and_links_back(planted):
    _, _, out, _ = planted
    html = (out / "report.html").read_text("utf-8")
    assert "<svg" in html and "测试县第2镇人民政府" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    assert "<script" not in html and "<link" not in html
    assert 'href="../batch/b2_2022.json"' in html
    assert "t3.new_received.total = &#x27;100&#x27; at characters 10–13, via table" in html  # provenance on hover
    md = (out / "report.md").read_text("utf-8")
    assert "| jump | warning | 1 |" in md and "outcome.other" in md


def test_cli(planted, tmp_path):
    from typer.testing import CliRunner

    from extractor.cli import app

    batch, mapping, _, _ = planted
    res = CliRunner().invoke(app, ["trends", str(batch), "-o", str(tmp_path / "t"), "--map", str(mapping)])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "t" / "series.parquet").is_file()
    res = CliRunner().invoke(app, ["trends", str(tmp_path / "nothing"), "-o", str(tmp_path / "u")])
    assert res.exit_code == 2 and "nothing" in res.output


@pytest.mark.slow
def test_corpus_and_examples(corpus, tmp_path):
    """The corpus's batch with the examples: one file in two formats (j002 .txt and .pdf) is the same report
    twice; with the corpus's own titles as the mapping, 平潭综合实验区 has seven years (three print its name)."""
    from extractor.batch import extract_batch
    from extractor.trends.run import run

    extract_batch([corpus, ROOT / "examples"], tmp_path / "out", workers=2)
    mapping = tmp_path / "map.csv"
    with mapping.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "body"])
        for meta in sorted(corpus.glob("*.meta.json")):
            issuer = B.issuer_of_title(json.loads(meta.read_text("utf-8"))["title"])
            if issuer:
                w.writerow([meta.name.split(".")[0], issuer])
    run([tmp_path / "out"], tmp_path / "trends", mapping, threads=1)
    rows = _anomalies(tmp_path / "trends")
    assert ("淮安市洪泽区", 2024, "") in _of(rows, "same_fields")
    import duckdb

    years = duckdb.sql(f"SELECT DISTINCT year FROM read_parquet('{tmp_path / 'trends' / 'series.parquet'}') "
                       "WHERE body_key = '平潭综合实验区' ORDER BY year").fetchall()  # fmt: skip
    assert [y for (y,) in years] == list(range(2019, 2026))
    assert "示例县示例镇" in (tmp_path / "trends" / "report.html").read_text("utf-8")
