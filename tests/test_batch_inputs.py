"""What a folder may hold besides reports: FIFOs, sockets, links to devices, loops of links, hidden files.
None of them hangs or aborts the batch; each gets a record, or a count, and the rest of the batch runs.
Every input is made by the test; every run that could hang is bounded."""

import os
import signal
import socket
from pathlib import Path

import pytest

from extractor.batch import extract_batch
from extractor.batch.manifest import file_sha256
from extractor.document import ReadError
from extractor.readers import read_document
from extractor.regular import NotRegularFile
from tests.test_batch_robust import _cli, _errors, _good, _rows


@pytest.fixture
def deadline():
    """Fail, rather than hang the suite, when the test body blocks for 20 s (a FIFO opened for reading)."""

    def expired(_signum, _frame):
        raise TimeoutError("blocked: a special file was opened or read")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _special_files(src: Path) -> None:
    os.mkfifo(src / "fifo.txt")
    (src / "zero.pdf").symlink_to("/dev/zero")
    (src / "linked.pdf").symlink_to(src / "reports.pdf")  # a link to a folder named like a report
    (src / "reports.pdf").mkdir()  # a folder named *.pdf: a folder, walked
    _good(src / "reports.pdf", "inner.txt", 3)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(src / "sock.txt"))
    sock.close()


def test_fifo_device_socket_and_linked_folder_get_records_and_the_batch_runs(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _good(src, "good.txt", 1)
    _special_files(src)
    out = tmp_path / "out"
    run = _cli(src, "-o", out, "--no-models", "--timeout", 20)  # bounded: 120 s
    assert run.returncode == 1, run.stderr
    errors = _errors(out)
    assert set(errors) == {"fifo.txt", "zero.pdf", "linked.pdf", "sock.txt"}
    assert {e["kind"] for e in errors.values()} == {"unsupported"}
    assert "FIFO" in errors["fifo.txt"]["error"] and "character device" in errors["zero.pdf"]["error"]
    assert "socket" in errors["sock.txt"]["error"] and "link to a folder" in errors["linked.pdf"]["error"]
    assert set(_rows(out)) == {"good.txt", "inner.txt"}


def test_special_files_are_never_opened_by_the_hash_or_the_reader(tmp_path, deadline):
    """A regular file when discovered, a FIFO by the time it is read: refused as soon as it is opened."""
    os.mkfifo(tmp_path / "fifo.txt")
    for path in (tmp_path / "fifo.txt", Path("/dev/zero")):
        with pytest.raises(NotRegularFile):
            file_sha256(path)
        with pytest.raises(ReadError, match="not a regular file"):
            read_document(path)


def test_hashing_a_large_file_stops_when_the_batch_is_stopped(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (3 << 20))
    assert file_sha256(big) is not None
    assert file_sha256(big, stopped=lambda: True) is None  # after the first MiB, not at the end


def test_a_loop_of_links_is_a_broken_link_and_the_rest_runs(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _good(src, "good.txt", 1)
    (src / "a.txt").symlink_to("b.txt")
    (src / "b.txt").symlink_to("a.txt")
    (src / "self").symlink_to("self")  # no suffix, in a loop: still a link that leads nowhere
    out = tmp_path / "out"
    result = extract_batch([src, src / "a.txt"], out)
    assert (result.ok, result.failed) == (1, 3)
    errors = _errors(out)
    assert {e["kind"] for e in errors.values()} == {"broken_link"} and set(errors) == {"a.txt", "b.txt", "self"}
    assert "loop" in errors["a.txt"]["error"]
    assert set(_rows(out)) == {"good.txt"}


def test_hidden_files_are_counted_as_ignored(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _good(src, "good.txt", 1)
    _good(src, ".draft.txt", 2)
    (src / ".git").mkdir()
    (src / ".git" / "HEAD").write_text("ref")
    out = src / "out"  # inside the input folder: its own hidden files (locks, temporaries) are not counted
    result = extract_batch([src], out)
    assert (result.ok, result.hidden, result.ignored) == (1, 2, 0)
    run = _cli(src, "-o", out, "--no-models")
    assert run.returncode == 0 and "2 hidden file(s) or folder(s)" in " ".join(run.stdout.split())
