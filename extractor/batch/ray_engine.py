"""The batch on a Ray cluster (`xxgk extract --engine ray [--address ADDRESS]`): the same documents, limits,
outputs, manifest and error records as the local engine; only where the documents run changes.

The batch process (the Ray driver) stays where it is: it discovers the inputs, skips what is done, writes
every output, the manifest and the summaries, exactly as with the local engine. What is spread over the
nodes is `process_one`: one Ray actor per CPU slot (`--workers N`, or one per CPU of the cluster), each
owning one document process of the local engine (`ProcessEngine` with one slot, forked from the actor and
kept from document to document). So the models and the OCR engine are loaded once per actor's document
process, not once per document, and each document keeps the local engine's guarantees: its deadline
(`--timeout`), its memory cap (`--memory`, RLIMIT_AS of that process, not of Ray's worker), its reader
limits, and a crash or a kill that costs only itself (the actor respawns its document process). An actor
that dies (its node lost, Ray's memory monitor) costs the document it held, with an error record saying so,
and is replaced.

Every node needs the same xxgk installed (`pip install 'xxgk[ray]'`: the same code, hence the same tool
version in the manifest) and the inputs at the same path (a shared filesystem: NFS, CephFS, …); results come
back to the batch process through Ray, which writes them in OUT on its own machine.

Ray is an optional dependency, imported only here and only when this engine is chosen.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Iterable, Iterator

from extractor.batch.discover import UsageError
from extractor.batch.engine import Job, ProcessEngine
from extractor.batch.worker import Outcome, WorkerConfig

RAY_REQUIREMENT = "ray[default]==2.60.0"  # the version tested; pyproject.toml's `ray` extra
MISSING = f"--engine ray needs Ray, which is not installed: pip install 'xxgk[ray]' (or '{RAY_REQUIREMENT}')"
SLACK = 60.0  # s past --timeout before the batch gives up on an actor that does not answer at all
# s the batch waits, with no worker placed at all, for Ray to place one (a replacement after a node was lost waits
# for a free CPU; an autoscaler may take minutes to add a node). After it, the documents left get a record.
START_WAIT = 300.0


def import_ray():
    try:
        import ray
    except ImportError:
        raise UsageError(MISSING) from None
    return ray


def outcome_from_ray_error(path: str, exc: BaseException) -> Outcome:
    """The error record of a document whose Ray actor failed (matched on the names of the exception's
    classes, so that this runs, and is tested, without Ray)."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
    if "OutOfMemoryError" in names:  # Ray's memory monitor killed the worker: the node ran short of memory
        return Outcome(path, error=f"{path}: over memory limit: Ray killed its worker ({first})", kind="over_memory_limit")
    if "TaskCancelledError" in names:
        return Outcome(path, error=f"{path}: abandoned: its Ray task was cancelled", kind="interrupted")
    if names & {"NodeDiedError", "ActorDiedError", "RayActorError", "WorkerCrashedError", "ActorUnavailableError",
                "ObjectLostError", "OwnerDiedError", "LocalRayletDiedError"}:  # fmt: skip
        return Outcome(path, error=f"{path}: worker killed (Ray: {type(exc).__name__}: {first})", kind="worker_killed")
    if "RayTaskError" in names:  # an exception in the actor's own code (process_one catches the document's)
        cause = getattr(exc, "cause", None)
        detail = f"{type(cause).__name__}: {cause}" if cause is not None else first
        return Outcome(path, error=f"{path}: internal error on a Ray worker: {detail}", kind="crash")
    return Outcome(path, error=f"{path}: internal error in Ray: {type(exc).__name__}: {first}", kind="crash")


class DocumentActor:
    """One per CPU slot of the cluster (made a Ray actor by `RayEngine`): serves documents one at a time
    through a document process of its own, as a worker of the local engine does."""

    def __init__(self, config: WorkerConfig, timeout: float | None) -> None:
        if config.one_ocr_thread:  # one CPU per actor: one thread for OCR and torch in its document process
            os.environ.setdefault("XXGK_OCR_THREADS", "1")
            os.environ.setdefault("OMP_NUM_THREADS", "1")
        # spawn, not fork: a Ray worker has 20 threads and some 8 GiB of address space mapped (its object store
        # and gRPC), which a forked child would inherit, leaving nothing under --memory's RLIMIT_AS.
        self.engine = ProcessEngine(1, config, timeout, start_method="spawn")
        self.host = socket.gethostname()

    def ready(self) -> str:
        """Answers once the actor is placed on a node and started: only then is it given a document, so a document
        never waits on an actor that Ray cannot place (no free CPU after a node was lost)."""
        return self.host

    def extract(self, job: Job) -> tuple[int, Outcome]:
        index, path = job
        if not os.path.exists(path) and not os.path.islink(path):
            return index, Outcome(path, error=f"{path}: not found on Ray node {self.host} (inputs must be on a "
                                  "filesystem every node mounts at the same path)", kind="read_error")  # fmt: skip
        for done_index, outcome in self.engine.run([job], keep_workers=True):
            return done_index, outcome
        return index, Outcome(path, error=f"{path}: no result from the document process", kind="crash")

    def close(self) -> None:
        self.engine.shutdown()


class RaySession:
    """A connection to a Ray cluster (`address`), or a local instance started for this batch (address None
    and no RAY_ADDRESS), shut down by `close()` if this batch started it. Raises UsageError when Ray is not
    installed or does not start or answer, before the batch writes anything."""

    def __init__(self, address: str | None = None, workers: int | None = None, **init_kwargs) -> None:
        ray = import_ray()
        self.ray = ray
        self.owns = not ray.is_initialized()
        if not self.owns:
            return
        kwargs = {"address": address, "include_dashboard": False, "log_to_driver": False,
                  "logging_level": "WARNING", **init_kwargs}  # fmt: skip
        if address is None and not os.environ.get("RAY_ADDRESS") and workers:
            kwargs.setdefault("num_cpus", workers)  # a local instance: as many CPUs as workers asked for
        handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            ray.init(**kwargs)
        except Exception as exc:
            where = f"the Ray cluster at {address}" if address else "a local Ray instance"
            raise UsageError(f"--engine ray: cannot start or reach {where}: {type(exc).__name__}: {exc}") from None
        finally:
            for s, h in handlers.items():  # the batch, not Ray, decides what Ctrl-C and SIGTERM do
                if h is not None and signal.getsignal(s) is not h:
                    try:
                        signal.signal(s, h)
                    except ValueError:  # not the main thread: nothing was installed there either
                        pass

    def cpus(self) -> int:
        return max(1, int(self.ray.cluster_resources().get("CPU", 1)))

    def close(self) -> None:
        if self.owns and self.ray.is_initialized():
            self.ray.shutdown()


class RayEngine:
    """Same interface as ProcessEngine: `run(jobs)` yields `(index, Outcome)` in completion order, never
    more documents in flight than actors; `stop(reason, grace)` from a signal handler."""

    def __init__(self, session: RaySession, workers: int | None, config: WorkerConfig, timeout: float | None) -> None:
        self.ray = ray = session.ray
        self.timeout = timeout if timeout and timeout > 0 else None
        self.stopping: str | None = None
        self.abandon_at = float("inf")
        self.n = workers if workers and workers > 0 else session.cpus()
        self.config = config
        self.actor_class = ray.remote(num_cpus=1, max_restarts=0, max_task_retries=0)(DocumentActor)
        self.actors: list = [None] * self.n

    # -- control -------------------------------------------------------------------------------
    def stop(self, reason: str, grace: float = 0.0) -> None:
        now = time.monotonic()
        self.abandon_at = now if self.stopping else min(self.abandon_at, now + grace)
        self.stopping = reason

    def _start(self, slot: int):
        """A new actor in `slot`; returns the reference its `ready()` answers on."""
        self.actors[slot] = self.actor_class.remote(self.config, self.timeout)
        return self.actors[slot].ready.remote()

    def _kill(self, slot: int) -> None:
        actor, self.actors[slot] = self.actors[slot], None
        if actor is not None:
            try:
                self.ray.kill(actor, no_restart=True)  # its document process dies with it (PDEATHSIG)
            except Exception:  # already dead
                pass

    def shutdown(self) -> None:
        for slot, actor in enumerate(self.actors):
            if actor is not None:
                try:
                    self.ray.get(actor.close.remote(), timeout=5)
                except Exception:
                    pass
                self._kill(slot)

    # -- the loop ------------------------------------------------------------------------------
    def run(self, jobs: Iterable[Job]) -> Iterator[tuple[int, Outcome]]:
        ray = self.ray
        pending = iter(jobs)
        exhausted = False
        inflight: dict = {}  # ObjectRef of a document -> (slot, job, started)
        starting = {self._start(slot): slot for slot in range(self.n)}  # ObjectRef of ready() -> slot
        idle: list[int] = []  # slots whose actor is placed and has no document
        placed_at = time.monotonic()  # last time the batch had a placed actor (or began)
        try:
            while True:
                while not self.stopping and not exhausted and idle:
                    job = next(pending, None)
                    if job is None:
                        exhausted = True
                        break
                    slot = idle.pop(0)
                    inflight[self.actors[slot].extract.remote(job)] = (slot, job, time.monotonic())
                if not inflight and (exhausted or self.stopping):
                    return
                now = time.monotonic()
                if inflight or idle:
                    placed_at = now
                elif not starting or now - placed_at >= START_WAIT:
                    # No actor can be placed (the cluster lost its nodes, or actors die as they start): the documents
                    # left get a record saying so rather than waiting forever; a rerun of the batch picks them up.
                    why = (f"no Ray worker could be placed for {START_WAIT:g} s (no free CPU in the cluster: nodes lost?)"
                           if starting else "every Ray worker died as it started")
                    for index, path in pending:
                        yield index, Outcome(path, error=f"{path}: not processed: {why}; rerun the batch to do it",
                                             kind="interrupted")
                    return
                if self.stopping and now >= self.abandon_at:
                    for ref, (slot, (index, path), _) in list(inflight.items()):
                        self._kill(slot)
                        del inflight[ref]
                        yield index, Outcome(path, error=f"{path}: abandoned: batch stopped by {self.stopping}", kind="interrupted")
                    continue
                wake = min(self.abandon_at, now + 0.2)  # 0.2 s: notice a stop() soon
                waiting = [*inflight, *starting]
                ready, rest = ray.wait(waiting, num_returns=1, timeout=max(0.0, wake - now))
                if ready and rest:  # and whatever else is done by now
                    ready += ray.wait(rest, num_returns=len(rest), timeout=0)[0]
                now = time.monotonic()
                for ref in ready:
                    if ref in starting:
                        slot = starting.pop(ref)
                        try:
                            ray.get(ref)
                            idle.append(slot)
                        except Exception:  # died as it started (a broken node): this slot is given up
                            self._kill(slot)
                        continue
                    slot, (index, path), _ = inflight.pop(ref)
                    try:
                        done_index, outcome = ray.get(ref)
                        idle.append(slot)
                    except Exception as exc:  # the actor died (node lost, OOM) or its own code failed
                        outcome, done_index = outcome_from_ray_error(path, exc), index
                        self._kill(slot)  # a fresh actor takes the next document once Ray has placed it
                        starting[self._start(slot)] = slot
                    yield done_index, outcome
                if self.timeout:  # the actor enforces --timeout; this only catches an actor that stopped answering
                    for ref, (slot, (index, path), started) in list(inflight.items()):
                        if now - started >= self.timeout + SLACK:
                            del inflight[ref]
                            self._kill(slot)
                            starting[self._start(slot)] = slot
                            yield index, Outcome(path, error=f"{path}: timed out after {self.timeout:g} s (no answer from its Ray worker)", kind="timeout")
        finally:
            self.shutdown()
