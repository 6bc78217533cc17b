"""A batch goes on past broken files, and says which file broke and why."""

import csv
import json
from pathlib import Path

from extractor.batch import extract_batch
from extractor.spec import field_keys
from tests.synthetic import random_values, render


def _good(tmp_path, name="good.txt", seed=1):
    path = tmp_path / name
    path.write_text(render(random_values("2021", seed), "2021", "tabs"), encoding="utf-8")
    return path


def test_bad_files_get_error_records_and_the_batch_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _good(src, "a_good.txt", 1)
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (src / "undecodable.txt").write_bytes(b"\xff\xfe\xfd" + b"\x81\x20" * 500)
    (src / "novel.txt").write_text("这是一篇与政府信息公开无关的散文，没有任何表格。" * 20, encoding="utf-8")
    (src / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    _good(src, "z_good.txt", 2)
    out = tmp_path / "out"
    writer = extract_batch([src], out, workers=2)
    assert writer.ok == 2
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    by_file = {e["source"].rsplit("/", 1)[-1]: e for e in errors}
    assert set(by_file) == {"empty.txt", "binary.txt", "undecodable.txt", "novel.txt", "broken.docx"}
    assert "empty" in by_file["empty.txt"]["error"]
    assert by_file["novel.txt"]["kind"] == "not_a_report"
    for e in errors:
        assert e["source"] in e["error"] or e["source"].rsplit("/", 1)[-1] in e["error"]
    assert (out / "a_good.json").exists() and (out / "z_good.json").exists()


def test_summary_csv_has_one_row_per_report_and_every_field_column(tmp_path):
    _good(tmp_path, "r1.txt", 3)
    _good(tmp_path, "r2.txt", 4)
    out = tmp_path / "out"
    extract_batch([tmp_path / "r1.txt", tmp_path / "r2.txt"], out)
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    assert len(rows) == 2
    assert set(field_keys()) <= set(rows[0])
    assert rows[0]["template"] == "2021" and rows[0]["failed_checks"] == "0"
    values = random_values("2021", 3)
    assert int(rows[0]["t3.new_received.total"]) == values["t3.new_received.total"]


def test_report_json_follows_the_contract(tmp_path):
    path = _good(tmp_path, "r.txt", 5)
    out = tmp_path / "out"
    extract_batch([path], out, write_text=True)
    report = json.loads((out / "r.json").read_text("utf-8"))
    for key in ("source", "sha256", "template", "fields", "units", "provenance", "checks", "warnings"):
        assert key in report
    text = (out / "r.txt").read_text("utf-8")
    prov = report["provenance"]["t3.new_received.total"]
    assert text[prov["start"] : prov["end"]] == prov["text"]
    assert prov["via"] == "table" and 0 < prov["confidence"] <= 1
    assert all(c["ok"] for c in report["checks"])
    assert any(c["rule"] == "t3.balance.total" for c in report["checks"])


def test_gbk_and_utf16_reports_extract_like_utf8(tmp_path):
    text = render(random_values("2019", 9), "2019", "word")
    (tmp_path / "u8.txt").write_text(text, encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes(text.encode("gbk"))
    (tmp_path / "u16.txt").write_bytes(text.encode("utf-16"))
    out = tmp_path / "out"
    extract_batch([tmp_path], out)
    fields = {n: json.loads((out / f"{n}.json").read_text("utf-8"))["fields"] for n in ("u8", "gbk", "u16")}
    assert fields["u8"] == fields["gbk"] == fields["u16"]
    assert json.loads((out / "gbk.json").read_text("utf-8"))["template"] == "2019"


def test_broken_identity_is_reported_as_printed(tmp_path):
    values = random_values("2021", 6)
    values["t3.total.total"] += 1  # the report itself adds up wrong
    path = tmp_path / "broken_sum.txt"
    path.write_text(render(values, "2021", "tabs"), encoding="utf-8")
    out = tmp_path / "out"
    extract_batch([path], out)
    report = json.loads((out / "broken_sum.json").read_text("utf-8"))
    assert report["fields"]["t3.total.total"] == values["t3.total.total"]
    failed = {c["rule"] for c in report["checks"] if not c["ok"]}
    assert "t3.row.total" in failed and "t3.balance.total" in failed


def test_bundled_examples_extract_to_their_expected_values(tmp_path):
    from pathlib import Path

    examples = Path(__file__).resolve().parents[1] / "examples"
    out = tmp_path / "out"
    writer = extract_batch([examples], out)
    assert writer.failed == 0 and writer.ok == 3
    for expected_file in sorted((examples / "expected").glob("*.json")):
        expected = json.loads(expected_file.read_text("utf-8"))["fields"]
        got = json.loads((out / expected_file.name).read_text("utf-8"))["fields"]
        table_keys = [k for k, v in expected.items() if v is not None and not k.startswith("n.")]
        assert table_keys
        assert {k: got.get(k) for k in table_keys} == {k: expected[k] for k in table_keys}


def test_cli_extract_and_evaluate(tmp_path):
    from typer.testing import CliRunner

    from xxgk.cli import app

    _good(tmp_path, "r.txt", 8)
    runner = CliRunner()
    res = runner.invoke(app, ["extract", str(tmp_path / "r.txt"), "-o", str(tmp_path / "out"), "--show"])
    assert res.exit_code == 0, res.output
    assert "1 report(s) extracted, 0 error(s)" in res.output
    # --show sets the running text's quantities beside the tables' and lists the sections
    assert "running text (confidence)" in res.output and "sections: " in res.output
    gold = tmp_path / "gold"
    gold.mkdir()
    values = random_values("2021", 8)
    values["t3.total.total"] += 1  # one wrong gold cell → one wrong cell listed
    (gold / "r.json").write_text(json.dumps({"document": "r.txt", "fields": values}), encoding="utf-8")
    res = runner.invoke(app, ["evaluate", "fields", "--gold", str(gold), "--pred", str(tmp_path / "out"), "--json", str(tmp_path / "s.json")])
    assert res.exit_code == 0, res.output
    scores = json.loads((tmp_path / "s.json").read_text("utf-8"))
    assert scores["overall"]["fn"] == 1 and [w["key"] for w in scores["wrong"]] == ["t3.total.total"]
    res = runner.invoke(app, ["extract", str(tmp_path / "nothing_here"), "-o", str(tmp_path / "o2")])
    assert res.exit_code != 0


def test_cross_year_carry_over_is_checked_within_a_batch(tmp_path):
    last = random_values("2021", 21)
    this = random_values("2021", 22)
    src = tmp_path / "in"
    src.mkdir()
    (src / "y2021.txt").write_text(render(last, "2021", "tabs").replace("2022年度", "2021年度"), encoding="utf-8")
    (src / "y2022.txt").write_text(render(this, "2021", "tabs"), encoding="utf-8")
    out = tmp_path / "out"
    extract_batch([src], out)
    report = json.loads((out / "y2022.json").read_text("utf-8"))
    cross = {c["rule"]: c for c in report["checks"] if c["rule"].startswith("cross_year.carried_over.")}
    assert len(cross) == 7
    for col in ("natural", "total"):
        expect_ok = this[f"t3.carried_over.{col}"] == last[f"t3.carried_forward.{col}"]
        assert cross[f"cross_year.carried_over.{col}"]["ok"] is expect_ok
    assert any(not c["ok"] for c in cross.values())  # these random years do not chain
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    row = next(r for r in rows if r["source"].endswith("y2022.txt"))
    assert int(row["failed_checks"]) == sum(1 for c in report["checks"] if not c["ok"] and c["severity"] == "error")
    assert not any(c["rule"].startswith("cross_year") for c in json.loads((out / "y2021.json").read_text("utf-8"))["checks"])


def test_manifest_index_on_disk_keeps_dict_semantics_and_is_removed(tmp_path):
    """The manifest's records live in a temporary sqlite file: last record of an input wins, compaction keeps
    the order of first appearance, torn lines are skipped, names taken are remembered, the (agency, year)
    index keeps the last input given, and the file has no name on disk while in use."""
    import os

    from extractor.batch.manifest import MANIFEST, Manifest
    from extractor.batch.writer import output_name

    lines = [{"input": f"/in/{c}", "status": "done", "output": c} for c in "abc"]
    (tmp_path / MANIFEST).write_bytes(
        b"".join(json.dumps(r).encode() + b"\n" for r in lines) + b'{"input": "/in/torn", "sta'
    )
    m = Manifest(tmp_path)
    assert m.get("/in/b")["output"] == "b" and m.get("/in/torn") is None and m.get("/in/zzz") is None
    m.append({"input": "/in/a", "status": "failed", "output": "a"})  # torn last line ended first
    m.append({"input": "/in/d", "status": "done", "output": "d"})
    assert m.get("/in/a")["status"] == "failed"
    taken = m.names()
    assert "b" in taken and "x" not in taken
    assert output_name(Path("/elsewhere/b.txt"), taken) == "b.txt" and "b.txt" in taken
    keys = m.run_keys()
    for k in ("/in/c", "/in/a"):
        keys.append(k)
    assert list(keys) == list(keys) == ["/in/c", "/in/a"]
    years = m.year_index([(("body", 2020), "/in/a"), (("body", 2021), "/in/b"), (("body", 2020), "/in/c")])
    assert years.get(("body", 2020)) == "/in/c" and years.get(("body", 2019)) is None
    files = m.run_files()
    assert files.append("/in/a", Path("/in/a.txt"), "ff") == 0 and files.append("/in/b", Path("/in/b.txt"), None) == 1
    assert files[1] == ("/in/b", Path("/in/b.txt"), None) and list(files.hashed()) == [(0, "/in/a.txt")]
    m.compact()
    written = [json.loads(line) for line in (tmp_path / MANIFEST).read_text().splitlines()]
    assert [(r["input"], r["status"]) for r in written] == [("/in/a", "failed"), ("/in/b", "done"), ("/in/c", "done"), ("/in/d", "done")]
    assert not os.path.exists(m.records.path)  # unlinked while open: nothing to leave behind if killed
    m.discard_index()


def test_a_batch_leaves_no_manifest_index_behind(tmp_path, monkeypatch):
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(render(random_values("2021", 1), "2021", "tabs"), encoding="utf-8")
    extract_batch([src], tmp_path / "out", workers=1, engine="inline")
    extract_batch([src], tmp_path / "out", workers=1, engine="inline")  # resumed: skipped, still cleaned up
    assert list(scratch.iterdir()) == []
    assert len((tmp_path / "out" / "manifest.jsonl").read_text().splitlines()) == 1


def test_inputs_sharing_a_stem_are_named_in_input_order_whichever_finishes_first(tmp_path):
    """j002.txt and j002.pdf: the first input given is j002.json, the second j002.pdf.json, run after run."""
    from extractor.batch.manifest import Manifest
    from extractor.batch.writer import BatchOutput

    out = tmp_path / "out"
    out.mkdir()
    writer = BatchOutput(out, Manifest(out))
    first, second = tmp_path / "a" / "r.txt", tmp_path / "b" / "r.pdf"
    writer.reserve("k1", first)
    writer.reserve("k2", second)
    assert writer.name_for("k2", second) == "r.pdf"  # the second finishes first and still gets the second name
    assert writer.name_for("k1", first) == "r"


def test_show_prints_a_report_whose_table_cell_was_printed_blank(capsys):
    """A cell printed as / or — reads as None: --show leaves it out of the table sum instead of failing."""
    from extractor.cli import _show

    report = {"fields": {"t4.suit_direct.total": None, "t4.suit_after_review.total": 2, "n.litigation.total": 2},
              "provenance": {"n.litigation.total": {"confidence": 0.93}}, "agency": "某局", "year": 2023,
              "source": "r.txt", "template": "2021", "sections": [], "checks": [], "warnings": [], "review": []}
    _show([report])
    assert "0.93" in capsys.readouterr().out
