"""Nothing lost, ever: whatever happens to a document or a worker, every input ends as exactly one
output or one error record naming it and the reason, inputs are never written to, and outputs are
never half-written. Every input is made by the test."""

import csv
import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.batch import UsageError, extract_batch
from extractor.batch import atomic, worker
from extractor.limits import Limits
from tests.synthetic import random_values, render
from tests.test_limits import blank_pdf, nested_elements_html, nested_tables_html, zip_bomb_docx

ROOT = Path(__file__).resolve().parents[1]


def _good(folder: Path, name: str, seed: int) -> Path:
    path = folder / name
    path.write_text(render(random_values("2021", seed), "2021", "tabs"), encoding="utf-8")
    return path


def _errors(out: Path) -> dict[str, dict]:
    records = [json.loads(line) for line in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    by_name = {Path(r["source"]).name: r for r in records}
    assert len(by_name) == len(records), "one error record per input"
    return by_name


def _rows(out: Path) -> dict[str, dict]:
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    by_name = {Path(r["source"]).name: r for r in rows}
    assert len(by_name) == len(rows), "one summary row per input"
    return by_name


def _accounted(src: Path, out: Path) -> None:
    """Every input file is exactly one summary row (and JSON) or one error record."""
    inputs = {f.name for f in src.iterdir()}
    rows, errors = _rows(out), _errors(out)
    assert set(rows) | set(errors) == inputs and not set(rows) & set(errors)
    for name in rows:
        assert (out / f"{Path(name).stem}.json").exists()
    assert not list(out.glob(".*.tmp")), "no temporary file left behind"


def _patch_extract(monkeypatch, action):
    """Make the workers (forked from this process) do `action(path)` before reading a document."""
    real = worker.extract_path

    def patched(path, page_workers=1, models=None):
        action(Path(path))
        return real(path, page_workers, models)

    monkeypatch.setattr(worker, "extract_path", patched)


def test_a_killed_worker_costs_only_its_document(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(5):
        _good(src, f"r{i}.txt", i)
    (src / "r2.txt").rename(src / "killme.txt")

    def die(path: Path) -> None:
        if path.name == "killme.txt":
            os.kill(os.getpid(), signal.SIGKILL)  # what the OOM killer does

    _patch_extract(monkeypatch, die)
    out = tmp_path / "out"
    result = extract_batch([src], out, workers=2)
    assert (result.ok, result.failed) == (4, 1)
    errors = _errors(out)
    assert errors["killme.txt"]["kind"] == "worker_killed"
    assert "killme.txt" in errors["killme.txt"]["error"] and "worker killed (SIGKILL" in errors["killme.txt"]["error"]
    _accounted(src, out)


def test_a_hung_document_times_out_and_the_batch_goes_on(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        _good(src, f"r{i}.txt", i)
    _good(src, "hang.txt", 9)
    _patch_extract(monkeypatch, lambda p: time.sleep(120) if p.name == "hang.txt" else None)
    out = tmp_path / "out"
    t0 = time.monotonic()
    result = extract_batch([src], out, workers=2, timeout=1)
    assert time.monotonic() - t0 < 30
    assert (result.ok, result.failed) == (3, 1)
    assert "timed out after 1 s" in _errors(out)["hang.txt"]["error"]
    _accounted(src, out)


def test_a_document_over_the_memory_cap_is_named(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    _good(src, "a.txt", 1)
    _good(src, "hog.txt", 2)

    def hog(path: Path) -> None:
        if path.name == "hog.txt":
            bytearray(8 * 2**30)  # 8 GiB, far over the cap below

    _patch_extract(monkeypatch, hog)
    out = tmp_path / "out"
    result = extract_batch([src], out, workers=1, memory_mb=3072)
    assert (result.ok, result.failed) == (1, 1)
    record = _errors(out)["hog.txt"]
    assert record["kind"] == "over_memory_limit" and "over memory limit" in record["error"]
    _accounted(src, out)


def test_over_limit_documents_in_a_batch_get_error_records(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _good(src, "good.txt", 1)
    zip_bomb_docx(src / "bomb.docx", 24)
    blank_pdf(src / "huge_page.pdf", 1, 14400, 14400)
    blank_pdf(src / "blank_pages.pdf", 12)
    nested_tables_html(src / "deep.html", 200)
    nested_elements_html(src / "deep_divs.html", 50_000)
    (src / "huge.txt").write_bytes("一、总体情况 本年新收政府信息公开申请 12 件\n".encode("utf-8") * 800_000)  # 50 MB
    out = tmp_path / "out"
    limits = Limits(max_unzipped_bytes=8 * 2**20, max_pages=10)
    result = extract_batch([src], out, workers=2, limits=limits)
    assert (result.ok, result.failed) == (1, 6)
    errors = _errors(out)
    assert {e["kind"] for e in errors.values()} == {"over_limit"}
    assert "decompressed size" in errors["bomb.docx"]["error"]
    assert "image pixels" in errors["huge_page.pdf"]["error"]
    assert "12 pages" in errors["blank_pages.pdf"]["error"]
    assert "nesting depth" in errors["deep.html"]["error"]
    assert "--max-nesting" in errors["deep_divs.html"]["error"] and "--max-text" in errors["huge.txt"]["error"]
    _accounted(src, out)


def test_unsupported_documents_and_broken_links_in_a_folder_get_error_records(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _good(src, "good.txt", 1)
    for name in ("old.doc", "office.wps", "rich.rtf"):
        (src / name).write_bytes(b"\xd0\xcf\x11\xe0 legacy")
    (src / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (src / "style.css").write_text("body{}")
    out = tmp_path / "out"
    result = extract_batch([src], out)
    assert (result.ok, result.failed, result.ignored) == (1, 4, 1)
    errors = _errors(out)
    assert errors["dangling.txt"]["kind"] == "broken_link"
    assert errors["old.doc"]["kind"] == errors["office.wps"]["kind"] == errors["rich.rtf"]["kind"] == "unsupported"
    assert ".docx" in errors["rich.rtf"]["error"]


def test_full_disk_leaves_no_truncated_output_and_names_the_file(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        _good(src, f"r{i}.txt", i)
    real_write = atomic._write_all

    def full_for(target):
        def write(tmp, f, data):
            if Path(tmp).name.startswith(f".{target}."):
                real_write(tmp, f, data[: len(data) // 2])  # the disk fills half-way through
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real_write(tmp, f, data)

        return write

    out = tmp_path / "out"
    monkeypatch.setattr(atomic, "_write_all", full_for("r1.json"))
    result = extract_batch([src], out, workers=1)
    assert (result.ok, result.failed) == (2, 1)
    assert not (out / "r1.json").exists()
    assert "No space left on device" in _errors(out)["r1.txt"]["error"]
    _accounted(src, out)
    for name in ("r0.json", "r2.json"):
        json.loads((out / name).read_text("utf-8"))  # whole, valid JSON
    # The summary cannot be written either: the previous summary stays whole, the batch says so.
    before = (out / "summary.csv").read_bytes()
    monkeypatch.setattr(atomic, "_write_all", full_for("summary.csv"))
    with pytest.raises(OSError):
        extract_batch([src], out, workers=1, force=True)
    assert (out / "summary.csv").read_bytes() == before and before.count(b"\n") == 3
    assert not list(out.glob(".*.tmp"))


def test_rerun_skips_what_is_done_and_redoes_what_failed_or_changed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        _good(src, f"r{i}.txt", i)
    (src / "fixme.txt").write_text("这是一篇与政府信息公开无关的散文。" * 20, encoding="utf-8")
    out = tmp_path / "out"
    first = extract_batch([src], out)
    assert (first.ok, first.failed, first.skipped) == (3, 1, 0)
    stamp = {n: (out / f"r{n}.json").stat().st_mtime_ns for n in range(3)}

    again = extract_batch([src], out)
    assert (again.ok, again.failed, again.skipped) == (0, 1, 3)
    assert {n: (out / f"r{n}.json").stat().st_mtime_ns for n in range(3)} == stamp
    _accounted(src, out)

    _good(src, "fixme.txt", 7)  # fixed
    _good(src, "r1.txt", 11)  # changed
    third = extract_batch([src], out)
    assert (third.ok, third.failed, third.skipped) == (2, 0, 2)
    assert _errors(out) == {}
    assert int(_rows(out)["r1.txt"]["t3.new_received.total"]) == random_values("2021", 11)["t3.new_received.total"]
    _accounted(src, out)

    forced = extract_batch([src], out, force=True)
    assert (forced.ok, forced.skipped) == (4, 0)
    records = [json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert len(records) == 4 and {r["status"] for r in records} == {"done"}
    assert all(r["sha256"] and r["tool_version"] and "model_version" in r for r in records)


def test_an_input_that_now_fails_loses_its_old_output(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _good(src, "r.txt", 1)
    out = tmp_path / "out"
    extract_batch([src], out)
    (src / "r.txt").write_text("这是一篇与政府信息公开无关的散文。" * 20, encoding="utf-8")
    extract_batch([src], out)
    assert not (out / "r.json").exists() and set(_errors(out)) == {"r.txt"}


def test_cross_year_checks_are_not_added_twice_on_rerun(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "y2021.txt").write_text(render(random_values("2021", 21), "2021", "tabs").replace("2022年度", "2021年度"), encoding="utf-8")
    (src / "y2022.txt").write_text(render(random_values("2021", 22), "2021", "tabs"), encoding="utf-8")
    out = tmp_path / "out"
    extract_batch([src], out)
    first = json.loads((out / "y2022.json").read_text("utf-8"))["checks"]
    extract_batch([src], out)
    assert json.loads((out / "y2022.json").read_text("utf-8"))["checks"] == first
    assert any(c["rule"].startswith("cross_year.") for c in first)


def test_out_that_holds_an_input_is_refused_and_inputs_are_never_written(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    original = _good(src, "r.txt", 1).read_bytes()
    with pytest.raises(UsageError, match="overwrite inputs"):
        extract_batch([src], src, write_text=True)
    with pytest.raises(UsageError):
        extract_batch([src / "r.txt"], src, write_text=True)
    with pytest.raises(UsageError):
        extract_batch([src], tmp_path, write_text=True)  # OUT above the input
    assert (src / "r.txt").read_bytes() == original and sorted(p.name for p in src.iterdir()) == ["r.txt"]
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError, match="is a file"):
        extract_batch([src], tmp_path / "file")


def test_out_inside_the_input_folder_is_not_read_back_as_input(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _good(src, "r.txt", 1)
    out = src / "out"
    first = extract_batch([src], out, write_text=True)
    second = extract_batch([src], out, write_text=True, force=True)
    assert (first.ok, first.failed) == (second.ok, second.failed) == (1, 0)
    assert list(_rows(out)) == ["r.txt"]


def test_fields_parquet_is_long_form_and_matches_the_json(tmp_path):
    import pyarrow.parquet as pq

    for i in range(2):
        _good(tmp_path, f"r{i}.txt", i)
    out = tmp_path / "out"
    extract_batch([tmp_path / "r0.txt", tmp_path / "r1.txt"], out)
    table = pq.read_table(out / "fields.parquet").to_pylist()
    assert {"document", "key", "value", "unit", "confidence", "via", "check_status"} <= set(table[0])
    for doc in ("r0", "r1"):
        report = json.loads((out / f"{doc}.json").read_text("utf-8"))
        rows = {r["key"]: r for r in table if r["document"] == doc}
        assert set(rows) == set(report["fields"])
        cell = rows["t3.new_received.total"]
        assert cell["value"] == report["fields"]["t3.new_received.total"]
        assert cell["check_status"] == "ok" and cell["via"] == "table"


def _cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "xxgk", "extract", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, **kw)  # fmt: skip


def test_exit_codes_name_the_failed_files(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _good(src, "good.txt", 1)
    ok = _cli(src, "-o", tmp_path / "o1")
    assert ok.returncode == 0, ok.stderr
    (src / "novel.txt").write_text("这是一篇与政府信息公开无关的散文。" * 20, encoding="utf-8")
    bad = _cli(src, "-o", tmp_path / "o2")
    assert bad.returncode == 1 and "novel.txt" in bad.stderr
    assert _cli(src, "-o", src).returncode == 2
    assert _cli(tmp_path / "missing", "-o", tmp_path / "o3").returncode == 2
    (tmp_path / "afile").write_text("x")
    usage = _cli(src, "-o", tmp_path / "afile")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_extract_help_names_the_ray_extra():
    from typer.testing import CliRunner

    from xxgk.cli import app

    result = CliRunner().invoke(app, ["extract", "--help"], env={"COLUMNS": "400"})
    assert result.exit_code == 0 and "pip install 'xxgk[ray]'" in result.output


SLOW_BATCH = """
import os, sys, time
from pathlib import Path
from extractor.batch import worker
real = worker.extract_path
def patched(path, page_workers=1, models=None):
    Path(sys.argv[1], str(os.getpid())).touch()  # who worked
    if Path(path).name.startswith("slow"):
        time.sleep(300)
    return real(path, page_workers, models)
worker.extract_path = patched
from xxgk.cli import app
app(sys.argv[2:])
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_writes_the_summaries_and_leaves_no_worker_behind(tmp_path, signum):
    src = tmp_path / "in"
    src.mkdir()
    _good(src, "a_fast.txt", 1)
    for i in range(4):
        _good(src, f"slow{i}.txt", 10 + i)
    pids, out = tmp_path / "pids", tmp_path / "out"
    pids.mkdir()
    script = tmp_path / "slow_batch.py"
    script.write_text(SLOW_BATCH)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(pids), "extract", str(src), "-o", str(out), "-w", "2", "--grace", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # until the fast one is written and both workers hold a slow one
        manifest = out / "manifest.jsonl"
        if manifest.exists() and manifest.read_text("utf-8").count("\n") >= 1 and len(list(pids.iterdir())) >= 2:
            break
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signum)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 1, stderr
    assert f"interrupted by {signal.Signals(signum).name}" in stderr
    _accounted(src, out)
    errors = _errors(out)
    assert set(errors) == {f"slow{i}.txt" for i in range(4)}
    assert {e["kind"] for e in errors.values()} == {"interrupted"}
    assert list(_rows(out)) == ["a_fast.txt"]
    time.sleep(0.2)
    alive = [p.name for p in pids.iterdir() if _alive(p.name)]
    assert not alive, f"orphan workers: {alive}"
    # The same batch run again (the CLI ran with the shipped models) finishes the job: the interrupted ones are
    # redone, the finished one kept.
    from extractor.models import DEFAULT_MODELS

    again = extract_batch([src], out, models_dir=DEFAULT_MODELS.resolve())
    assert (again.ok, again.skipped, again.failed) == (4, 1, 0)
    assert _errors(out) == {} and len(_rows(out)) == 5


def test_new_models_redo_every_document(tmp_path):
    _good(tmp_path, "r.txt", 1)
    out = tmp_path / "out"
    assert extract_batch([tmp_path / "r.txt"], out, model_version="m1").ok == 1
    assert extract_batch([tmp_path / "r.txt"], out, model_version="m1").skipped == 1
    assert extract_batch([tmp_path / "r.txt"], out, model_version="m2").ok == 1


def test_a_manifest_line_torn_by_a_crash_costs_only_that_document(tmp_path):
    for i in range(2):
        _good(tmp_path, f"r{i}.txt", i)
    out = tmp_path / "out"
    inputs = [tmp_path / "r0.txt", tmp_path / "r1.txt"]
    extract_batch(inputs, out)
    manifest = out / "manifest.jsonl"
    text = manifest.read_text("utf-8")
    manifest.write_text(text[: len(text) - 40], encoding="utf-8")  # the last record half-written
    again = extract_batch(inputs, out)
    assert (again.ok, again.skipped) == (1, 1)
    assert [json.loads(line)["status"] for line in manifest.read_text("utf-8").splitlines()] == ["done", "done"]


def _stuck_page(job, render):
    """An OCR page that never finishes (module level: the page pool pickles it by name)."""
    (Path(os.environ["XXGK_TEST_PIDS"]) / str(os.getpid())).touch()
    time.sleep(300)


def test_a_timed_out_scan_leaves_no_page_worker_behind(tmp_path, monkeypatch):
    """One scanned document with two workers OCRs its pages in processes of its own; when it times
    out, they go with it."""
    from extractor.ocr import pool

    scan = ROOT / "tests" / "fixtures" / "scans" / "example_2020.scan.pdf"
    pids = tmp_path / "pids"
    pids.mkdir()
    monkeypatch.setenv("XXGK_TEST_PIDS", str(pids))
    monkeypatch.setattr(pool, "_run", _stuck_page)
    out = tmp_path / "out"
    # The limit leaves the page workers time to start on a loaded machine (they took over 2 s on a busy 2-core one).
    result = extract_batch([scan], out, workers=2, timeout=8)
    assert (result.ok, result.failed) == (0, 1)
    assert "timed out after 8 s" in _errors(out)["example_2020.scan.pdf"]["error"]
    assert len(list(pids.iterdir())) == 2  # both page workers were running
    time.sleep(0.2)
    assert not [p.name for p in pids.iterdir() if _alive(p.name)]


def _alive(pid: str) -> bool:
    """A process that runs (a zombie, killed and waiting for init to reap it, is not)."""
    try:
        state = Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def test_discovery_walks_folders_in_path_order_and_skips_hidden_and_output(tmp_path):
    from extractor.batch.discover import discover

    src = tmp_path / "in"
    for rel in ("b.txt", "b/c.txt", "a.pdf", "b/d/e.html", ".hidden/x.txt", "b/.y.txt", "style.css", "out/r.json"):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text("x", encoding="utf-8")
    found = discover([src, src / "b.txt"], src / "out")  # b.txt named twice: one input
    names = [str(Path(f).relative_to(src)) for f in found.files]
    assert names == ["a.pdf", "b/c.txt", "b/d/e.html", "b.txt"]  # sorted by path parts, as rglob's sort gave
    assert found.ignored == 1 and not found.problems  # style.css; out/ is our own output folder
    assert found.hidden == 2  # .hidden/ and b/.y.txt: counted, not read


def test_a_worker_has_its_next_document_while_the_caller_writes_the_last_outputs(tmp_path):
    """The engine hands a worker its next document before it gives the caller the last one's outcome: the worker
    does not wait while the batch process writes outputs (about a fifth of a 2-core batch's time otherwise)."""
    from extractor.batch.engine import ProcessEngine
    from extractor.batch.worker import WorkerConfig

    paths = [str(_good(tmp_path, f"r{i}.txt", seed=i)) for i in range(3)]
    engine = ProcessEngine(1, WorkerConfig(), timeout=None)
    results = engine.run(list(enumerate(paths)))
    try:
        first_index, first = next(results)
        assert first.ok, first.error
        waiting = [slot.job for slot in engine.slots if slot.job is not None]
        assert waiting == [(first_index + 1, paths[first_index + 1])]  # already with the worker
        rest = list(results)
    finally:
        results.close()
    assert sorted(i for i, _ in rest) == [1, 2] and all(o.ok for _, o in rest)
