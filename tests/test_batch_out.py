"""OUT belongs to one batch at a time, and what is in it is what it says: a second batch on a busy OUT is
refused, a rerun trusts an output only if it is the report of that very input, temporary names never
collide, outputs get the user's usual permissions, and a full disk costs only what cannot be written, each
file named. Every input is made by the test."""

import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.batch import extract_batch
from extractor.batch.atomic import replacing
from extractor.batch.lock import LOCK
from extractor.batch.manifest import output_identity
from tests.test_batch_robust import ROOT, _accounted, _good
from tests.test_summary_stream import _start_slow_batch


def _same_named_inputs(tmp_path: Path, tag: str, seed: int) -> Path:
    src = tmp_path / tag
    src.mkdir()
    for i in range(3):
        _good(src, f"r{i}.txt", seed + i)
    _good(src, "slow.txt", seed + 9)
    return src


def test_two_batches_started_together_on_one_out_one_is_refused(tmp_path):
    a, b = _same_named_inputs(tmp_path, "a", 1), _same_named_inputs(tmp_path, "b", 20)
    out = tmp_path / "out"
    procs = {"a": _start_slow_batch(tmp_path, a, out)[0], "b": _start_slow_batch(tmp_path, b, out)[0]}
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and all(p.poll() is None for p in procs.values()):
            time.sleep(0.05)
        refused = [t for t, p in procs.items() if p.poll() is not None]
        assert len(refused) == 1, "one of them must stop at once, the other holds OUT (its slow document)"
        loser, winner = refused[0], "b" if refused[0] == "a" else "a"
        _stdout, stderr = procs[loser].communicate()
        assert procs[loser].returncode == 2
        stderr = " ".join(stderr.split())  # as rich wrapped it
        assert f"pid {procs[winner].pid}" in stderr and "started 20" in stderr and "in use by another batch" in stderr
        assert procs[winner].poll() is None
        procs[winner].send_signal(signal.SIGTERM)
        procs[winner].communicate(timeout=60)
        assert procs[winner].returncode == 1  # interrupted
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
                p.communicate()
    assert not (out / LOCK).exists()
    srcs = {"a": a, "b": b}
    # Only the winner wrote: its three finished reports, each the report of its own input.
    records = [json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert {Path(r["source"]).parent.name for r in records} == {winner}
    for r in records:
        if r["status"] == "done":
            assert output_identity(out / f"{r['output']}.json") == (r["source"], r["sha256"])
    # The refused batch, run again once OUT is free, does its own inputs; the winner's outputs stay.
    again = extract_batch([srcs[loser]], out)
    assert (again.ok, again.failed) == (4, 0)
    _accounted(srcs[loser], out)
    for r in (json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()):
        if r["status"] == "done":
            assert output_identity(out / f"{r['output']}.json") == (r["source"], r["sha256"])


def test_a_lock_left_by_a_dead_batch_is_taken_over(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _good(src, "r.txt", 1)
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (out / LOCK).write_text(json.dumps({"pid": int(dead.stdout), "host": "h", "started": "2020-01-01T00:00:00"}))
    assert extract_batch([src], out).ok == 1
    assert not (out / LOCK).exists()


def test_a_rerun_redoes_an_input_whose_output_holds_another_report(tmp_path):
    """What two batches writing one OUT used to leave: the manifest says done, the JSON is another input's."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    _good(a, "r.txt", 1)
    _good(b, "r.txt", 2)
    (b / "same.txt").write_bytes((a / "r.txt").read_bytes())  # the same bytes as a/r.txt, another input
    out, other = tmp_path / "out", tmp_path / "other"
    assert extract_batch([b], out).ok == 2
    extract_batch([a], other)
    foreign = (other / "r.json").read_bytes()
    (out / "r.json").write_bytes(foreign)  # another file's report
    (out / "same.json").write_bytes(foreign)  # a report of the same bytes, but of another input
    again = extract_batch([b], out)
    assert (again.ok, again.skipped) == (2, 0)
    assert output_identity(out / "r.json") == (str(b / "r.txt"), json.loads((out / "r.json").read_text("utf-8"))["sha256"])
    assert json.loads((out / "same.json").read_text("utf-8"))["source"] == str(b / "same.txt")
    assert extract_batch([b], out).skipped == 2  # and now it is trusted


def test_temporary_names_are_unique(tmp_path):
    target = tmp_path / "summary.csv"
    with replacing(target) as one, replacing(target) as two:
        assert one != two and Path(one).exists() and Path(two).exists()
        assert str(os.getpid()) in Path(one).name and Path(one).name.startswith(".summary.csv.")
        Path(one).write_text("1")
        Path(two).write_text("2")
    assert target.read_text() == "1"  # the last one renamed in place wins, whole
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_outputs_follow_the_umask(tmp_path, umask):
    src = tmp_path / "in"
    src.mkdir()
    _good(src, "r.txt", 1)
    (src / "novel.txt").write_text("这是一篇与政府信息公开无关的散文。" * 20, encoding="utf-8")
    out = tmp_path / "out"
    old = os.umask(umask)
    try:
        extract_batch([src], out, write_text=True)
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()}
    assert {"r.json", "r.txt", "summary.csv", "errors.jsonl", "fields.parquet", "manifest.jsonl"} <= set(modes)
    assert set(modes.values()) == {0o666 & ~umask}, modes


def _disk_fills_at(monkeypatch, target: str) -> None:
    """From the write of `target` on, every whole-file write fails as on a full disk (half written, then ENOSPC),
    fields.parquet too; the short appended lines still fit."""
    from extractor.batch import atomic
    from extractor.batch.longform import LongFormWriter

    real_write, real_add = atomic._write_all, LongFormWriter.add
    full = []

    def write(name, f, data):
        if Path(name).name.startswith(f".{target}."):
            full.append(True)
        if full and Path(name).name.startswith("."):  # a temporary file: a whole file being written
            real_write(name, f, bytes(data)[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write(name, f, data)

    def add(self, name, report):
        if full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_add(self, name, report)

    monkeypatch.setattr(atomic, "_write_all", write)
    monkeypatch.setattr(LongFormWriter, "add", add)


def test_a_disk_that_fills_records_each_failure_once_and_names_each_file_not_written(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from xxgk.cli import app

    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        _good(src, f"r{i}.txt", i)
    (src / "s_novel.txt").write_text("这是一篇与政府信息公开无关的散文。" * 20, encoding="utf-8")
    out = tmp_path / "out"
    _disk_fills_at(monkeypatch, "r1.json")
    run = CliRunner().invoke(app, ["extract", str(src), "-o", str(out), "--no-models", "-w", "1"])
    assert run.exit_code == 3, run.output
    said = " ".join(run.output.split())
    for name in ("summary.csv", "fields.parquet", "errors.jsonl", "manifest.jsonl"):
        assert f"{out / name}: not written: No space left on device" in said
    assert said.count("cannot write") == 2 and f"cannot write {out / 'r1.json'}: No space left on device" in said
    # What was appended as documents finished stays, each input once: r0 done, r1 and r2 not written, one not a report.
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    assert sorted((Path(e["source"]).name, e["kind"]) for e in errors) == [
        ("r1.txt", "write_error"), ("r2.txt", "write_error"), ("s_novel.txt", "not_a_report")]  # fmt: skip
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert sorted(Path(r["source"]).name for r in manifest) == ["r0.txt", "r1.txt", "r2.txt", "s_novel.txt"]
    summary = (out / "summary.csv").read_text("utf-8").splitlines()  # the streamed one: header and r0's row
    assert len(summary) == 2 and summary[1].startswith(str(src / "r0.txt"))
    assert not (out / "fields.parquet").exists() and not list(out.glob(".*.tmp"))
    assert sorted(p.name for p in out.glob("*.json")) == ["r0.json"]


def test_a_real_full_disk(tmp_path):
    """The same on a real small filesystem (a tmpfs mounted in a user namespace, where the machine allows it),
    filled up by a worker while the batch runs."""
    disk, kept = tmp_path / "disk", tmp_path / "kept"
    disk.mkdir()
    if shutil.which("unshare") is None:
        pytest.skip("no unshare(1) here to mount a tmpfs with")
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=4m tmpfs {disk}"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {probe.stderr.decode(errors='replace').strip()}")
    src = tmp_path / "in"
    src.mkdir()
    for name, seed in (("a0.txt", 1), ("a1.txt", 2), ("b_fill.txt", 3), ("c0.txt", 4), ("c1.txt", 5)):
        _good(src, name, seed)
    script = tmp_path / "fill.py"
    script.write_text(FILL_BATCH)
    out = disk / "out"
    batch = f"{sys.executable} {script} {disk / 'filler'} extract {src} -o {out} --no-models -w 1"
    shell = (f"mount -t tmpfs -o size=4m tmpfs {disk} && cd {ROOT} && PYTHONPATH={ROOT} {batch} "
             f"> {tmp_path / 'stdout'} 2> {tmp_path / 'stderr'}; echo $? > {tmp_path / 'rc'}; cp -a {out} {kept}")  # fmt: skip
    subprocess.run(["unshare", "-rm", "sh", "-c", shell], check=True, timeout=300)
    rc, stderr = int((tmp_path / "rc").read_text()), (tmp_path / "stderr").read_text()
    assert rc == 3 and "Traceback" not in stderr, stderr
    lines = stderr.splitlines()  # one a message: not wrapped
    for name in ("summary.csv", "fields.parquet"):  # pyarrow words it its own way
        assert [line for line in lines if line.startswith(f"{out / name}: not written:") and "No space left on device" in line]
    for name in ("b_fill", "c0", "c1"):
        assert stderr.count(f"cannot write {out / name}.json: No space left on device") == 1
    summary = (kept / "summary.csv").read_text("utf-8").splitlines()  # the streamed one, valid
    assert [Path(line.split(",")[0]).name for line in summary[1:]] == ["a0.txt", "a1.txt"]
    errors = [json.loads(line) for line in (kept / "errors.jsonl").read_text("utf-8").splitlines()]
    assert len({e["source"] for e in errors}) == len(errors)  # whatever fitted, each once
    assert not list(kept.glob(".*.tmp")) and not (kept / LOCK).exists()


FILL_BATCH = """
import sys
from pathlib import Path
from extractor.batch import worker
real = worker.extract_path
def patched(path, page_workers=1, models=None):
    if Path(path).name.startswith("b_fill"):  # the disk fills up now
        with open(sys.argv[1], "wb") as f:
            try:
                while True:
                    f.write(b"0" * 65536)
                    f.flush()
            except OSError:
                pass
    return real(path, page_workers, models)
worker.extract_path = patched
from xxgk.cli import app
app(sys.argv[2:])
"""
