"""summary.csv is written as the batch goes: a row on disk as each document finishes, a valid file at
any moment (also after the batch process is killed outright), and on a rerun one row per input of the
latest command, never a duplicate nor a row of an input it does not name."""

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from extractor.batch import extract_batch
from extractor.batch.rows import SUMMARY_HEAD
from extractor.spec import field_keys
from tests.test_batch_robust import ROOT, SLOW_BATCH, _accounted, _alive, _good, _rows


def _parse(out: Path) -> list[dict]:
    """summary.csv as it is on disk now: a header and whole rows, each as wide as the header."""
    text = (out / "summary.csv").read_text("utf-8")
    assert text == "" or text.endswith("\n"), "no torn last row"
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == SUMMARY_HEAD + field_keys()
    assert all(len(row) == len(table[0]) for row in table)
    return [dict(zip(table[0], row)) for row in table[1:]]


def _start_slow_batch(tmp_path: Path, src: Path, out: Path) -> tuple[subprocess.Popen, Path]:
    """The CLI on `src` (tables only), in which documents named slow* take 300 s."""
    pids = tmp_path / "pids"
    pids.mkdir(exist_ok=True)
    script = tmp_path / "slow_batch.py"
    script.write_text(SLOW_BATCH)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(pids), "extract", str(src), "-o", str(out), "-w", "2", "--grace", "0", "--no-models"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    return proc, pids


def _wait_rows(out: Path, n: int, proc: subprocess.Popen) -> list[dict]:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        if (out / "summary.csv").exists():
            rows = _parse(out)
            if len(rows) >= n:
                return rows
        time.sleep(0.05)
    raise AssertionError(f"summary.csv did not reach {n} row(s)")


def test_rows_are_on_disk_while_the_batch_runs_and_survive_a_kill(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(3):
        _good(src, f"a_fast{i}.txt", i)
    _good(src, "slow0.txt", 10)
    _good(src, "slow1.txt", 11)
    proc, pids = _start_slow_batch(tmp_path, src, out)
    try:
        # The three fast ones are done, the slow ones hold both workers: the batch is still running, and
        # the rows of the finished documents are already in summary.csv.
        rows = _wait_rows(out, 3, proc)
        assert proc.poll() is None
        assert sorted(Path(r["source"]).name for r in rows) == [f"a_fast{i}.txt" for i in range(3)]
        # The batch process dies without a chance to write anything (SIGKILL): the file stays valid.
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    streamed = {Path(r["source"]).name: r for r in _parse(out)}
    assert sorted(streamed) == [f"a_fast{i}.txt" for i in range(3)]
    deadline = time.monotonic() + 10  # the workers die with the batch process (PDEATHSIG)
    while [p.name for p in pids.iterdir() if _alive(p.name)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p.name for p in pids.iterdir() if _alive(p.name)]

    # A rerun (without the slow patch) skips the three, does the two: one row per input, none twice, and the
    # rows streamed earlier are exactly those the end of a batch writes.
    again = extract_batch([src], out)
    assert (again.ok, again.skipped, again.failed) == (2, 3, 0)
    final = _rows(out)
    assert len(final) == 5 and len(_parse(out)) == 5
    _accounted(src, out)
    for name, row in streamed.items():
        assert final[name] == row


def test_a_rerun_starts_with_the_skipped_rows_and_drops_inputs_it_does_not_name(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(3):
        _good(src, f"a_fast{i}.txt", i)
    assert extract_batch([src], out).ok == 3
    assert len(_parse(out)) == 3
    # Now one of them is dropped from the command and a slow one added: while the slow one runs, the summary
    # holds the two skipped inputs of this command only.
    (src / "a_fast2.txt").unlink()
    _good(src, "slow0.txt", 10)
    proc, _pids = _start_slow_batch(tmp_path, src, out)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            manifest = (out / "manifest.jsonl").read_text("utf-8")
            if list(_pids.iterdir()):  # the slow one has reached a worker: the summary was started before
                break
            time.sleep(0.05)
        rows = _parse(out)
        assert sorted(Path(r["source"]).name for r in rows) == ["a_fast0.txt", "a_fast1.txt"]
        proc.send_signal(signal.SIGTERM)
        _stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 1, stderr
    assert sorted(_rows(out)) == ["a_fast0.txt", "a_fast1.txt"]  # slow0 is an `interrupted` error record
    assert manifest  # the first run's manifest was there all along


class _FillsUp:
    """summary.csv open for appending, on a disk that fills half-way through the second row."""

    def __init__(self, f):
        self.f, self.writes = f, 0

    def write(self, data: bytes) -> int:
        self.writes += 1
        if self.writes == 2:
            self.f.write(data[: len(data) // 2])
            self.f.flush()
            raise OSError(28, os.strerror(28))
        return self.f.write(data)

    def __getattr__(self, name):
        return getattr(self.f, name)


def test_a_streamed_row_that_hits_a_full_disk_is_cut_off_and_the_end_rewrites_the_file(tmp_path, monkeypatch):
    from extractor.batch import writer

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(3):
        _good(src, f"r{i}.txt", i)
    real_start = writer.BatchOutput.start_summary

    def start(self, skipped):
        real_start(self, skipped)
        self._summary = _FillsUp(self._summary)

    monkeypatch.setattr(writer.BatchOutput, "start_summary", start)
    seen: list[int] = []
    result = extract_batch([src], out, engine="inline", on_progress=lambda _o: seen.append(len(_parse(out))))
    assert result.ok == 3
    assert seen == [1, 1, 1]  # the torn second row was cut off and streaming stopped: the file stayed valid
    assert len(_rows(out)) == 3  # and the end of the batch wrote it whole
    _accounted(src, out)
