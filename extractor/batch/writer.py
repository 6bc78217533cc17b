"""Everything the batch writes in OUT, each file atomically:

- `<name>.json` (and `<name>.txt` with --text) as each document finishes, in completion order;
- `errors.jsonl`: a record appended as each document fails;
- `manifest.jsonl`: a record appended per document (see manifest.py);
- `summary.csv`, streamed: at the start (`start_summary`) it is replaced, atomically, by the header and the
  rows of the inputs of this run that an earlier run finished (skipped, read back from their JSON); then a
  row is appended (one write, flushed) as each document finishes. So at any moment, even after the batch
  process is killed, it holds one row per input of the *latest* command finished so far, never a row of an
  input this command does not name, never two rows of one input;
- at the end (`finish`), from the outputs read back one at a time: the checks across years added to
  the JSON of a body's consecutive reports, `summary.csv` rewritten in input order (its `failed_checks`
  now counting the checks across years, which need the whole batch), `fields.parquet`, and `errors.jsonl`
  rewritten with exactly this run's failed inputs.

On a full disk a document whose output cannot be written is a `write_error` (recorded once, like any
failure), appended lines are written whole or not at all, and at the end each file that cannot be written
is left as it was and named (`finish` returns them) while the others are still written.
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

import pydantic_core

from extractor.batch.atomic import Staged, append_whole, atomic_write, atomic_write_chunks, atomic_write_lines
from extractor.batch.longform import LongFormWriter
from extractor.batch.manifest import Manifest
from extractor.batch.rows import SUMMARY_HEAD, csv_line, summary_row
from extractor.batch.worker import Outcome, year_entry
from extractor.checks.cross_year import link_years
from extractor.spec import field_keys

ERRORS = "errors.jsonl"
# What stays of a summary file that cannot be rewritten at the end (a full disk), for the message naming it.
_KEPT = {
    ERRORS: "the records appended as documents failed stay",
    "summary.csv": "the rows streamed as documents finished stay, valid",
    "fields.parquet": "the one of the previous run, if any, stays",
    "manifest.jsonl": "the records appended as documents finished stay; a rerun redoes the documents it lacks",
}


def output_name(path: Path, taken: set[str]) -> str:
    name = path.stem
    if name in taken:
        name = f"{path.stem}.{path.suffix.lstrip('.')}"
    n = 2
    base = name
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


class BatchOutput:
    def __init__(self, out: Path, manifest: Manifest, write_text: bool = False, model_version: str | None = None) -> None:
        self.out = out
        self.manifest = manifest
        self.write_text = write_text
        self.model_version = model_version
        self.keys = field_keys()
        self._taken = manifest.names()
        self._reserved: dict[str, str] = {}  # queued inputs' names, until they finish
        atomic_write(out / ERRORS, b"")  # this run's failures only; the manifest keeps the history
        self._errors = (out / ERRORS).open("ab", buffering=0)
        self._summary = None  # summary.csv, open for appending while the batch runs
        # The outputs last read as a neighbour year (name → fields and provenance): read-only, dropped when the
        # output is rewritten; a few, so the batch process stays flat (reports of one body come close together).
        self._neighbours: OrderedDict[str, tuple[dict, dict]] = OrderedDict()

    # -- at the start ------------------------------------------------------------------------------
    def start_summary(self, skipped: list[str]) -> None:
        """summary.csv anew: the header and a row per input skipped as already done (`skipped`: their keys),
        atomically; then open for a row per document as it finishes. An OSError (disk full) is raised: the
        previous summary.csv stays whole, and nothing has been extracted yet."""
        def rows():
            yield csv_line(SUMMARY_HEAD + self.keys)
            for key in skipped:
                record = self.manifest.get(key)
                report = json.loads((self.out / f"{record['output']}.json").read_text("utf-8"))
                yield csv_line(summary_row(report, self.keys))

        atomic_write_chunks(self.out / "summary.csv", rows())
        self._summary = (self.out / "summary.csv").open("ab", buffering=0)

    def _append_summary(self, row: list | None) -> None:
        if self._summary is None or row is None:
            return
        try:
            append_whole(self._summary, csv_line(row))
        except OSError:  # disk full: no torn row; streaming stops, `finish` rewrites the file whole if it can
            self._summary.close()
            self._summary = None

    def reserve(self, key: str, path: Path) -> None:
        """Name a document's outputs when it is queued, in input order: two inputs with one stem (j002.txt,
        j002.pdf) get the same names whichever finishes first."""
        if key not in self._reserved and not (self.manifest.get(key) or {}).get("output"):
            self._reserved[key] = output_name(path, self._taken)

    def name_for(self, key: str, path: Path) -> str:
        previous = self.manifest.get(key)
        if previous and previous.get("output"):
            return previous["output"]  # the same input keeps its output name from run to run
        return self._reserved.pop(key, None) or output_name(path, self._taken)

    # -- as documents finish ---------------------------------------------------------------------
    def done(self, key: str, path: Path, sha256: str, outcome: Outcome) -> Outcome:
        """Write the outputs; a write that fails (disk full) turns the outcome into a failure, which the caller
        records with `failed` as any other."""
        name = self.name_for(key, path)
        try:
            atomic_write(self.out / f"{name}.json", outcome.report_json, durable=False)
            if self.write_text and outcome.text is not None:
                atomic_write(self.out / f"{name}.txt", outcome.text, durable=False)
        except OSError as exc:
            self._remove_outputs(name)
            error = f"{path}: cannot write {exc.filename}: {exc.strerror or exc}"
            return Outcome(str(path), error=error, kind="write_error")
        try:
            self.manifest.append(
                {"input": key, "source": str(path), "sha256": sha256, "status": "done", "output": name,
                 "model_version": self.model_version, "year": outcome.year}  # fmt: skip
            )
        except OSError:
            pass  # the output is whole and this run counts it; without its manifest line a rerun redoes it
        self._append_summary(outcome.summary)
        return outcome

    def failed(self, key: str, path: Path, sha256: str | None, outcome: Outcome) -> Outcome:
        previous = self.manifest.get(key)
        if previous and previous.get("output"):
            self._remove_outputs(previous["output"])  # an input ends as one output or one error, not both
        record = {"source": str(path), "kind": outcome.kind, "error": outcome.error}
        try:
            append_whole(self._errors, (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        except OSError:
            pass  # reported on stderr by the caller; the manifest below, or a rerun, keeps it
        try:
            self.manifest.append(
                {"input": key, "source": str(path), "sha256": sha256, "status": "failed",
                 "output": previous.get("output") if previous else None, "kind": outcome.kind,
                 "error": outcome.error, "model_version": self.model_version}  # fmt: skip
            )
        except OSError:
            pass
        return outcome

    def _remove_outputs(self, name: str) -> None:
        for suffix in (".json", ".txt"):
            try:
                (self.out / f"{name}{suffix}").unlink()
            except FileNotFoundError:
                pass

    # -- at the end --------------------------------------------------------------------------------
    def finish(self, keys: Iterable[str], on_report: Callable[[dict], None] | None = None) -> list[str]:
        """Summaries of this run's inputs (`keys`, in input order), each read back from its output. Returns what
        could not be written (a full disk), each naming its file and what stays instead; [] when all was."""
        self._errors.close()
        if self._summary is not None:
            self._summary.close()
            self._summary = None
        # One pass per file over the manifest's records, each parsed when its turn comes; the records, this run's
        # keys and, for the checks across years, the (agency, year) of each report are on disk (manifest.py).
        def records(status_done: bool):
            for k in keys:
                r = self.manifest.get(k)
                if r is not None and (r["status"] == "done") == status_done:
                    yield r

        problems: list[str] = []

        def not_written(exc: OSError) -> None:
            name = Path(exc.filename).name
            problems.append(f"{exc.filename}: not written: {exc.strerror or exc}; {_KEPT.get(name, 'left as it was')}")

        years = self.manifest.year_index(((r["year"]["agency"], r["year"]["year"]), r["input"]) for r in records(True) if r.get("year"))
        try:
            atomic_write_lines(
                self.out / ERRORS,
                (json.dumps({"source": r["source"], "kind": r.get("kind"), "error": r.get("error")}, ensure_ascii=False) + "\n"
                 for r in records(False)),
            )  # fmt: skip
        except OSError as exc:
            not_written(exc)
        summary = Staged(self.out / "summary.csv", lambda tmp: open(tmp, "wb"))
        longform = Staged(self.out / "fields.parquet", lambda tmp: LongFormWriter(Path(tmp)))
        summary.write(csv_line(SUMMARY_HEAD + self.keys))
        for r in records(True):
            report, problem = self._final_report(r, years)
            if problem:
                problems.append(problem)
            summary.write(csv_line(summary_row(report, self.keys)))
            longform.step(lambda w: w.add(r["output"], report))
            if on_report:
                on_report(report)
        for staged in (summary.commit(_close_durably), longform.commit(LongFormWriter.close)):
            if staged is not None:
                not_written(staged)
        try:
            self.manifest.compact()
        except OSError as exc:
            not_written(exc)
        return problems

    def _final_report(self, r: dict, years) -> tuple[dict, str | None]:
        """A report as it ends the batch: its checks across years (and the table 2 rows the years beside it decide)
        written into its JSON. When that write fails (a full disk) the JSON stays as it was, whole, and so does
        the report returned; the second value then says so."""
        path = self.out / f"{r['output']}.json"
        report = json.loads(path.read_text("utf-8"))
        decided = self._decide_open_rows(report, r, years)
        old = [c for c in report["checks"] if c["rule"].startswith("cross_year.")]
        new = [c.model_dump() for c in self._cross_year(r, years)]
        if old == new and not decided:
            return report, None
        # checks across years depend on the batch: replace, never add twice
        report["checks"] = [c for c in report["checks"] if not c["rule"].startswith("cross_year.")] + new
        try:
            self._neighbours.pop(r["output"], None)
            # pydantic-core writes it as the worker did (model_dump_json), in a fraction of json.dumps's time
            atomic_write(path, pydantic_core.to_json(report, indent=1), durable=False)
        except OSError as exc:
            unchanged = json.loads(path.read_text("utf-8"))
            return unchanged, f"{path}: checks across years not added: {exc.strerror or exc}; the report stays as it was"
        return report, None

    def _neighbour(self, output: str) -> tuple[dict, dict]:
        """An output's fields and provenance as it stands, read once while it stays among the last few read."""
        if output in self._neighbours:
            self._neighbours.move_to_end(output)
            return self._neighbours[output]
        data = json.loads((self.out / f"{output}.json").read_text("utf-8"))
        self._neighbours[output] = (data["fields"], data.get("provenance") or {})
        if len(self._neighbours) > 4:
            self._neighbours.popitem(last=False)
        return self._neighbours[output]

    def _cross_year(self, r: dict, years) -> list:
        """The checks across years of one report (`r`, its manifest record) against the same body's report of
        the year before in this batch, as `link_years` gives them (`years`: (agency, year) -> input)."""
        if not r.get("year"):
            return []
        prev_key = years.get((r["year"]["agency"], r["year"]["year"] - 1))
        prev = self.manifest.get(prev_key) if prev_key else None
        if prev is None:
            return []
        return link_years([year_entry(r["output"], r["year"]), year_entry(prev["output"], prev["year"])]).get(r["output"], [])

    def _decide_open_rows(self, report: dict, r: dict, years: dict[tuple[str, int], str]) -> bool:
        """Glued table 2 digits the identities left open, decided by the stock the same body's reports of the year
        before and the year after (in this batch, as their outputs stand, open rows with their readings) carry
        (reconcile.tables.decide_by_previous_year, decide_by_next_year); `report` is changed in place. Reports
        are taken in input order, so a neighbour decided later in this pass is seen with its readings open."""
        provenance = report.get("provenance") or {}
        if not r.get("year") or not any(k.startswith("t2.") and (p or {}).get("alternatives")
                                        for k, p in provenance.items()):
            return False
        from extractor.reconcile.tables import decide_by_next_year, decide_by_previous_year
        from extractor.report import Report

        model = None
        decided = False
        for step in (-1, 1):
            key = years.get((r["year"]["agency"], r["year"]["year"] + step))
            other = self.manifest.get(key) if key else None
            if other is None or not other.get("output"):
                continue
            model = model or Report.model_validate(report)
            fields, provenance = self._neighbour(other["output"])
            name = f"{other['output']} ({other['year']['year']})"
            if step < 0:
                warnings = decide_by_previous_year(model, fields, name, provenance)
            else:
                warnings = decide_by_next_year(model, fields, provenance, name)
            model.warnings.extend(warnings)
            decided |= bool(warnings)
        if decided:
            report.update(json.loads(model.model_dump_json()))
        return decided


def _close_durably(f) -> None:
    f.flush()
    os.fsync(f.fileno())
    f.close()
