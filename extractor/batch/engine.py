"""Worker processes the batch controls: one document per worker at a time, a deadline per document,
and a worker that dies or hangs costs only the document it held.

`ProcessEngine.run(jobs)` pulls jobs lazily (never more in flight than workers), and yields
`(index, Outcome)` as documents finish, in completion order. A worker killed (the OOM killer, a
segfault) or past its deadline is replaced; its document comes back as an error outcome naming why.
`stop()` (called from a signal handler) stops submitting; the documents in flight get `grace`
seconds to finish, then are abandoned with an error outcome each.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait

from extractor.batch.worker import Outcome, WorkerConfig, process_one, setup_worker, worker_main

Job = tuple[int, str]  # (index in the batch, path)


@dataclass
class _Slot:
    process: mp.process.BaseProcess | None = None
    conn: object = None
    job: Job | None = None
    started: float = 0.0


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(code).name
    except ValueError:
        return f"signal {code}"


class ProcessEngine:
    def __init__(self, workers: int, config: WorkerConfig, timeout: float | None, start_method: str = "fork") -> None:
        self.config = config
        self.timeout = timeout if timeout and timeout > 0 else None
        self.slots = [_Slot() for _ in range(max(1, workers))]
        # fork: workers start in milliseconds and share the parent's imports. spawn: a fresh interpreter, for a
        # parent whose address space must not be inherited (a Ray worker maps gigabytes it never touches).
        self.ctx = mp.get_context(start_method)
        self.stopping: str | None = None
        self.abandon_at = float("inf")

    # -- control -------------------------------------------------------------------------------
    def stop(self, reason: str, grace: float = 0.0) -> None:
        """Submit nothing more; abandon what is in flight after `grace` seconds (at once if called twice)."""
        now = time.monotonic()
        self.abandon_at = now if self.stopping else min(self.abandon_at, now + grace)
        self.stopping = reason

    # -- workers -------------------------------------------------------------------------------
    def _spawn(self, slot: _Slot) -> None:
        parent, child = self.ctx.Pipe()
        # Not a daemon: a worker may start OCR page processes of its own. It goes with the batch anyway:
        # `shutdown` on every exit from `run`, and the kernel (PDEATHSIG) if the batch process dies.
        proc = self.ctx.Process(target=worker_main, args=(child, self.config), daemon=False, name="xxgk-worker")
        proc.start()
        child.close()
        slot.process, slot.conn = proc, parent

    def _kill(self, slot: _Slot) -> None:
        proc = slot.process
        if proc is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the worker and any OCR processes it started
            except (ProcessLookupError, PermissionError):
                pass
            if proc.is_alive():
                proc.kill()
            proc.join()
        if slot.conn is not None:
            slot.conn.close()
        slot.process, slot.conn, slot.job = None, None, None

    def _submit(self, slot: _Slot, job: Job) -> None:
        for attempt in range(2):
            if slot.process is None or not slot.process.is_alive():
                if slot.process is not None:
                    self._kill(slot)
                self._spawn(slot)
            try:
                slot.conn.send(job)
                break
            except OSError:  # the idle worker died since its last document: a fresh one takes the job
                self._kill(slot)
                if attempt:
                    raise
        slot.job, slot.started = job, time.monotonic()

    def shutdown(self) -> None:
        for slot in self.slots:
            if slot.process is None:
                continue
            if slot.job is None:
                try:
                    slot.conn.send(None)
                    slot.process.join(timeout=2)
                except (OSError, ValueError):
                    pass
            self._kill(slot)

    # -- the loop ------------------------------------------------------------------------------
    def _died(self, slot: _Slot) -> Outcome:
        index, path = slot.job
        code = slot.process.exitcode
        if code is not None and code < 0:
            how = _signal_name(-code)
            if self.config.memory_mb and -code in (signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS):
                how += f"; probably over memory limit ({self.config.memory_mb} MiB)"
            elif -code == signal.SIGKILL:
                how += "; the out-of-memory killer?"
        else:
            how = f"exit status {code}"
        return Outcome(path, error=f"{path}: worker killed ({how})", kind="worker_killed")

    def run(self, jobs: Iterable[Job], keep_workers: bool = False) -> Iterator[tuple[int, Outcome]]:
        """`keep_workers`: the idle workers stay up when the jobs run out, for the next `run` (the Ray engine
        serves one document per call this way, its models loaded once per worker); `shutdown()` ends them."""
        pending = iter(jobs)
        exhausted = False

        def refill(slot: _Slot) -> None:
            nonlocal exhausted
            if self.stopping or exhausted or slot.job is not None:
                return
            job = next(pending, None)
            if job is None:
                exhausted = True
            else:
                self._submit(slot, job)

        try:
            while True:
                for slot in self.slots:
                    refill(slot)
                busy = [s for s in self.slots if s.job is not None]
                if not busy:
                    return
                now = time.monotonic()
                if self.stopping and now >= self.abandon_at:
                    for slot in busy:
                        index, path = slot.job
                        self._kill(slot)
                        yield index, Outcome(path, error=f"{path}: abandoned: batch stopped by {self.stopping}", kind="interrupted")
                    continue
                deadlines = [s.started + self.timeout for s in busy] if self.timeout else []
                wake = min([*deadlines, self.abandon_at, now + 0.2])  # 0.2 s: notice a stop() soon
                ready = set(wait([s.conn for s in busy] + [s.process.sentinel for s in busy], max(0.0, wake - now)))
                now = time.monotonic()
                for slot in busy:
                    index, path = slot.job
                    if slot.conn in ready:
                        try:
                            done_index, outcome = slot.conn.recv()
                        except (EOFError, OSError):
                            slot.process.join(timeout=1)
                            outcome = self._died(slot)
                            self._kill(slot)
                            yield index, outcome
                            continue
                        slot.job = None
                        refill(slot)  # the worker starts its next document while the caller writes this one's outputs
                        yield done_index, outcome
                    elif slot.process.sentinel in ready:
                        slot.process.join(timeout=1)
                        outcome = self._died(slot)
                        self._kill(slot)
                        yield index, outcome
                    elif self.timeout and now - slot.started >= self.timeout:
                        self._kill(slot)
                        yield index, Outcome(path, error=f"{path}: timed out after {self.timeout:g} s", kind="timeout")
        finally:
            if keep_workers and not self.stopping:
                for slot in self.slots:
                    if slot.job is not None:  # left unfinished (the caller stopped iterating): it goes
                        self._kill(slot)
            else:
                self.shutdown()


class InlineEngine:
    """Documents one after the other in this process: no isolation, no timeout (for debugging)."""

    def __init__(self, config: WorkerConfig) -> None:
        self.config = config
        self.stopping: str | None = None

    def stop(self, reason: str, grace: float = 0.0) -> None:
        self.stopping = reason

    def run(self, jobs: Iterable[Job]) -> Iterator[tuple[int, Outcome]]:
        for index, path in jobs:
            if self.stopping:
                return
            yield index, process_one(path, self.config.keep_text, self.config.page_workers, self.config.models_dir)


__all__ = ["InlineEngine", "ProcessEngine", "setup_worker"]
