"""The Ray engine (`--engine ray`): the same outputs, error records, limits and resume as the local engine.

Without Ray installed, only the parts that need no Ray run (error mapping, the message when Ray is missing);
the rest starts a local Ray instance (slow: some 10 s to start) and skips when Ray is not installed."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.batch import UsageError, extract_batch
from extractor.batch.ray_engine import MISSING, outcome_from_ray_error
from tests.test_batch_robust import ROOT, _accounted, _alive, _errors, _good, _rows

HOOKS = ROOT / "tests" / "ray_hooks"


# -- without Ray ----------------------------------------------------------------------------------------
def _exception(name: str, *bases: type) -> BaseException:
    return type(name, bases or (Exception,), {})("the node went away\ndetails")


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (_exception("OutOfMemoryError"), "over_memory_limit"),
        (_exception("ActorDiedError", type("RayActorError", (Exception,), {})), "worker_killed"),
        (_exception("NodeDiedError"), "worker_killed"),
        (_exception("WorkerCrashedError"), "worker_killed"),
        (_exception("TaskCancelledError"), "interrupted"),
        (_exception("RayTaskError"), "crash"),
        (ValueError("something else"), "crash"),
    ],
)
def test_ray_failures_become_the_local_engines_error_kinds(exc, kind):
    outcome = outcome_from_ray_error("/in/r.txt", exc)
    assert not outcome.ok and outcome.kind == kind
    assert outcome.error.startswith("/in/r.txt: ") and "\n" not in outcome.error


def test_real_ray_exceptions_are_mapped():
    exceptions = pytest.importorskip("ray.exceptions")
    assert outcome_from_ray_error("r", exceptions.OutOfMemoryError("oom")).kind == "over_memory_limit"
    assert outcome_from_ray_error("r", exceptions.ActorDiedError()).kind == "worker_killed"
    assert outcome_from_ray_error("r", exceptions.NodeDiedError("gone")).kind == "worker_killed"
    assert outcome_from_ray_error("r", exceptions.TaskCancelledError()).kind == "interrupted"


def test_without_ray_the_engine_is_a_usage_error_and_nothing_is_written(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from xxgk.cli import app

    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    _good(tmp_path, "r.txt", 1)
    out = tmp_path / "out"
    with pytest.raises(UsageError, match=r"pip install 'xxgk\[ray\]'"):
        extract_batch([tmp_path / "r.txt"], out, engine="ray")
    assert not out.exists()
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "r.txt"), "-o", str(out), "--engine", "ray", "--no-models"])
    assert result.exit_code == 2 and MISSING.split(":")[0] in result.output
    assert CliRunner().invoke(app, ["extract", str(tmp_path / "r.txt"), "-o", str(out), "--address", "x:1"]).exit_code == 2
    with pytest.raises(UsageError, match="unknown engine"):
        extract_batch([tmp_path / "r.txt"], out, engine="spark")


# -- on a local Ray instance ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ray_instance(tmp_path_factory):
    """One local Ray instance (2 CPUs) for this module's tests, its workers loading tests/ray_hooks."""
    ray = pytest.importorskip("ray")
    pids = tmp_path_factory.mktemp("pids")
    env = {"PYTHONPATH": os.pathsep.join([str(HOOKS), str(ROOT)]), "XXGK_TEST_HOOKS": str(pids)}
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="WARNING",
             runtime_env={"env_vars": env})  # fmt: skip
    try:
        yield pids
    finally:
        ray.shutdown()


def _mixed(src: Path) -> None:
    src.mkdir()
    for i in range(4):
        _good(src, f"r{i}.txt", i)
    (src / "novel.txt").write_text("这是一篇与政府信息公开无关的散文。" * 20, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")


@pytest.mark.slow
def test_ray_gives_the_same_outputs_as_the_local_engine_and_resumes(tmp_path, ray_instance):
    src = tmp_path / "in"
    _mixed(src)
    local, on_ray = tmp_path / "local", tmp_path / "ray"
    a = extract_batch([src], local, workers=2)
    for p in ray_instance.iterdir():
        p.unlink()
    b = extract_batch([src], on_ray, workers=2, engine="ray")
    assert (a.ok, a.failed) == (b.ok, b.failed) == (4, 2)
    # Six documents went to the document processes of the two actors: at most one process per
    # actor served them all, so whatever a process loads (models, OCR engine) it loads once.
    assert 1 <= len(list(ray_instance.iterdir())) <= 2
    for name in ("r0", "r1", "r2", "r3"):
        assert (local / f"{name}.json").read_bytes() == (on_ray / f"{name}.json").read_bytes()
    assert (local / "summary.csv").read_bytes() == (on_ray / "summary.csv").read_bytes()
    assert _errors(local) == _errors(on_ray)
    _accounted(src, on_ray)
    # Resume: nothing to redo on Ray, then a changed file and a file done by the local engine are picked up.
    again = extract_batch([src], on_ray, engine="ray")
    assert (again.ok, again.skipped, again.failed) == (0, 4, 2)
    _good(src, "r1.txt", 11)
    third = extract_batch([src], local, engine="ray")
    assert (third.ok, third.skipped, third.failed) == (1, 3, 2)
    assert len(_rows(local)) == 4
    assert json.loads((local / "r1.json").read_text("utf-8"))["fields"]["t3.new_received.total"] is not None


@pytest.mark.slow
def test_on_ray_a_hung_killed_hogging_or_crashing_document_costs_only_itself(tmp_path, ray_instance):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        _good(src, f"r{i}.txt", i)
    for name in ("hang.txt", "die.txt", "hog.txt", "crash.txt"):
        _good(src, name, 9)
    out = tmp_path / "out"
    t0 = time.monotonic()
    result = extract_batch([src], out, workers=2, engine="ray", timeout=20, memory_mb=3072)
    assert time.monotonic() - t0 < 120
    assert (result.ok, result.failed) == (3, 4)
    errors = _errors(out)
    assert errors["hang.txt"]["kind"] == "timeout" and "timed out after 20 s" in errors["hang.txt"]["error"]
    assert errors["die.txt"]["kind"] == "worker_killed" and "SIGKILL" in errors["die.txt"]["error"]
    assert errors["hog.txt"]["kind"] == "over_memory_limit"
    assert errors["crash.txt"]["kind"] == "crash" and "a bug in the extractor" in errors["crash.txt"]["error"]
    _accounted(src, out)
    time.sleep(1)
    hooked = [p.name for p in ray_instance.iterdir() if _alive(p.name)]
    assert len(list(ray_instance.iterdir())) >= 4 and not [p for p in hooked if _is_document_process(p)]


def _is_document_process(pid: str) -> bool:
    """A document process of an actor (spawned by multiprocessing), as opposed to Ray's own workers."""
    try:
        return b"multiprocessing" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


@pytest.mark.slow
def test_reader_limits_apply_on_ray(tmp_path, ray_instance):
    from tests.test_limits import nested_tables_html

    src = tmp_path / "in"
    src.mkdir()
    _good(src, "r.txt", 1)
    nested_tables_html(src / "deep.html", 40)
    from extractor.limits import Limits

    out = tmp_path / "out"
    result = extract_batch([src], out, workers=1, engine="ray", limits=Limits(max_table_depth=8))
    assert (result.ok, result.failed) == (1, 1)
    assert _errors(out)["deep.html"]["kind"] == "over_limit"


@pytest.mark.slow
def test_sigterm_on_ray_records_the_unfinished_and_leaves_no_process_behind(tmp_path):
    pytest.importorskip("ray")
    src = tmp_path / "in"
    src.mkdir()
    _good(src, "a_fast.txt", 1)
    for i in range(3):
        _good(src, f"hang{i}.txt", 10 + i)
    pids, out = tmp_path / "pids", tmp_path / "out"
    pids.mkdir()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HOOKS), str(ROOT)]), "XXGK_TEST_HOOKS": str(pids)}
    env.pop("RAY_ADDRESS", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "xxgk", "extract", str(src), "-o", str(out), "--engine", "ray", "-w", "2",
         "--grace", "0", "--no-models"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # the fast one done, both actors holding a hanging one
            rows = (out / "summary.csv").read_text("utf-8").count("\n") if (out / "summary.csv").exists() else 0
            hanging = [p for p in pids.iterdir() if _is_document_process(p.name)]
            if rows >= 2 and len(hanging) >= 2:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the batch did not get going on Ray")
        time.sleep(1)
        proc.send_signal(signal.SIGTERM)
        _stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 1, stderr
    assert "interrupted by SIGTERM" in stderr
    _accounted(src, out)
    assert list(_rows(out)) == ["a_fast.txt"]
    assert {e["kind"] for e in _errors(out).values()} == {"interrupted"}
    time.sleep(1)
    assert not [p.name for p in pids.iterdir() if _alive(p.name)], "a Ray worker or document process outlived the batch"
