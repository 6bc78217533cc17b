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
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from extractor.batch.atomic import atomic_write, atomic_write_chunks, atomic_write_lines, replacing
from extractor.batch.longform import LongFormWriter
from extractor.batch.manifest import Manifest
from extractor.batch.rows import SUMMARY_HEAD, csv_line, summary_row
from extractor.batch.worker import Outcome, year_entry
from extractor.checks.cross_year import link_years
from extractor.spec import field_keys

ERRORS = "errors.jsonl"


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
        atomic_write(out / ERRORS, b"")  # this run's failures only; the manifest keeps the history
        self._errors = (out / ERRORS).open("a", encoding="utf-8")
        self._summary = None  # summary.csv, open for appending while the batch runs

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
        self._summary = (self.out / "summary.csv").open("ab")

    def _append_summary(self, row: list | None) -> None:
        if self._summary is None or row is None:
            return
        pos = self._summary.tell()
        try:
            self._summary.write(csv_line(row))
            self._summary.flush()
        except OSError:  # disk full: cut the torn row off and stop streaming; `finish` rewrites the file whole
            try:
                self._summary.truncate(pos)
                self._summary.close()
            except OSError:
                pass
            self._summary = None

    def name_for(self, key: str, path: Path) -> str:
        previous = self.manifest.get(key)
        if previous and previous.get("output"):
            return previous["output"]  # the same input keeps its output name from run to run
        return output_name(path, self._taken)

    # -- as documents finish ---------------------------------------------------------------------
    def done(self, key: str, path: Path, sha256: str, outcome: Outcome) -> Outcome:
        """Write the outputs; a write that fails (disk full) turns the outcome into a failure."""
        name = self.name_for(key, path)
        try:
            atomic_write(self.out / f"{name}.json", outcome.report_json, durable=False)
            if self.write_text and outcome.text is not None:
                atomic_write(self.out / f"{name}.txt", outcome.text, durable=False)
        except OSError as exc:
            self._remove_outputs(name)
            failure = Outcome(str(path), error=f"{path}: cannot write {name}.json in {self.out}: {exc.strerror or exc}", kind="write_error")
            return self.failed(key, path, sha256, failure)
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
            self._errors.write(json.dumps(record, ensure_ascii=False) + "\n")
            self._errors.flush()
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
    def finish(self, keys: Iterable[str], on_report: Callable[[dict], None] | None = None) -> None:
        """Summaries of this run's inputs (`keys`, in input order), each read back from its output."""
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

        years = self.manifest.year_index(((r["year"]["agency"], r["year"]["year"]), r["input"]) for r in records(True) if r.get("year"))
        atomic_write_lines(
            self.out / ERRORS,
            (json.dumps({"source": r["source"], "kind": r.get("kind"), "error": r.get("error")}, ensure_ascii=False) + "\n"
             for r in records(False)),
        )  # fmt: skip
        with replacing(self.out / "fields.parquet") as parquet_tmp:
            longform = LongFormWriter(Path(parquet_tmp))
            atomic_write_chunks(self.out / "summary.csv", self._summary_rows(records(True), years, longform, on_report))
            longform.close()
        self.manifest.compact()

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
        """Glued table 2 digits the identities left open, decided by the stock the same body's report of the year
        before (in this batch, as its output stands) carried (reconcile.tables.decide_by_previous_year); `report`
        is changed in place. Reports are taken in input order, so a predecessor decided later in this pass is
        not seen as decided."""
        provenance = report.get("provenance") or {}
        if not r.get("year") or not any(k.startswith("t2.") and (p or {}).get("alternatives")
                                        for k, p in provenance.items()):
            return False
        prev_key = years.get((r["year"]["agency"], r["year"]["year"] - 1))
        prev = self.manifest.get(prev_key) if prev_key else None
        if prev is None or not prev.get("output"):
            return False
        from extractor.reconcile.tables import decide_by_previous_year
        from extractor.report import Report

        model = Report.model_validate(report)
        previous = json.loads((self.out / f"{prev['output']}.json").read_text("utf-8"))
        if not decide_by_previous_year(model, previous["fields"], f"{prev['output']} ({prev['year']['year']})"):
            return False
        report.update(json.loads(model.model_dump_json()))
        return True

    def _summary_rows(self, done, years, longform, on_report):
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(SUMMARY_HEAD + self.keys)
        for r in done:
            name = r["output"]
            path = self.out / f"{name}.json"
            report = json.loads(path.read_text("utf-8"))
            decided = self._decide_open_rows(report, r, years)
            old = [c for c in report["checks"] if c["rule"].startswith("cross_year.")]
            new = [c.model_dump() for c in self._cross_year(r, years)]
            if old != new or decided:  # checks across years depend on the batch: replace, never add twice
                report["checks"] = [c for c in report["checks"] if not c["rule"].startswith("cross_year.")] + new
                atomic_write(path, json.dumps(report, ensure_ascii=False, indent=1), durable=False)
            writer.writerow(summary_row(report, self.keys))
            longform.add(name, report)
            if on_report:
                on_report(report)
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
        yield buf.getvalue().encode("utf-8")
