"""A reviewer's decisions (a Label Studio JSON export of the review project) applied back:

- OUT/<name>.json: the value set (or confirmed, or removed), its provenance `via: reviewed` with who and when,
  the identities that involve it checked again, its `review` entry settled; each file written atomically as
  `xxgk extract` writes it, then OUT/fields.parquet and summary.csv rebuilt from the outputs (also atomically);
- table fixes (t2/t3/t4 keys) into the table gold (GOLD/<stem>.json, created partial where there is none);
- narrative fixes (n.* keys, with the span the reviewer marked) into the training spans (SPANS/<stem>.json).

Only annotations a person submitted count (the review tasks' predictions are the machine's proposal).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.batch.atomic import Staged, atomic_write
from extractor.batch.longform import LongFormWriter
from extractor.batch.rows import SUMMARY_HEAD, csv_line, summary_row
from extractor.checks.rules import T3_OTHER_ROWS, evaluate_rule, rules_for
from training.review.tasks import CELL_LABEL, DECISIONS
from extractor.spec import field_keys, is_known_key
from extractor.templates import template


class DecisionError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Decision:
    task: str  # how messages name it
    item: str
    document: str
    key: str
    decision: str  # one of DECISIONS
    values: dict[str, float | int | None]  # key → the right value (the item's key, or KEY=VALUE lines)
    by: str
    at: str
    span: tuple[int, int, str] | None = None  # document offsets and entity label the reviewer marked
    cut: list[tuple[int, int]] = field(default_factory=list)  # where the value was read (set when applied)


@dataclass
class Applied:
    outputs: list[Path] = field(default_factory=list)
    gold: list[Path] = field(default_factory=list)
    spans: list[Path] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # "document key: old → new (decision, by)"
    skipped: list[str] = field(default_factory=list)


# --- reading the export ---------------------------------------------------------------------------------------


def read_users(path: Path) -> dict[str, str]:
    """User id → email from Label Studio's user list (GET /api/users), since its JSON export names users by id."""
    try:
        users = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise DecisionError([f"{path}: not a readable JSON file: {exc}"]) from exc
    users = users.get("results", users) if isinstance(users, dict) else users
    if not isinstance(users, list):
        raise DecisionError([f"{path}: expected Label Studio's user list (GET /api/users)"])
    return {str(u["id"]): str(u.get("email") or u["id"]) for u in users if isinstance(u, dict) and "id" in u}


def read_decisions(path: Path, users: dict[str, str] | None = None) -> tuple[list[Decision], list[str]]:
    """The decisions of a Label Studio JSON export, and the tasks nobody decided (named); `users` names the
    people the export gives by id."""
    try:
        tasks = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise DecisionError([f"{path}: not a readable JSON file: {exc}"]) from exc
    if not isinstance(tasks, list) or not all(isinstance(t, dict) for t in tasks):
        raise DecisionError([f"{path}: expected a Label Studio JSON export (a list of tasks)"])
    if tasks and all("data" not in t for t in tasks):
        raise DecisionError([f"{path}: this is a JSON-MIN (or CSV-like) export; export as JSON instead"])
    decisions, skipped, problems = [], [], []
    for index, task in enumerate(tasks):
        data = task.get("data") or {}
        name = f"task #{index + 1} (id {task.get('id')}, {data.get('item')})"
        annotations = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
        if not annotations:
            skipped.append(f"{name}: not decided (no submitted annotation)")
            continue
        latest = max(enumerate(annotations), key=lambda ia: (str(ia[1].get("updated_at") or ia[1].get("created_at")
                                                                  or ""), ia[0]))[1]
        try:
            decisions.append(_decision(name, data, latest, users or {}))
        except DecisionError as exc:
            problems += exc.problems
    if problems:
        raise DecisionError(problems)
    return decisions, skipped


def _decision(name: str, data: dict[str, Any], annotation: dict[str, Any], users: dict[str, str]) -> Decision:
    if not data.get("item") or not data.get("document") or not data.get("key"):
        raise DecisionError([f"{name}: not a task of `xxgk review` (data.item, document, key missing)"])
    choice, typed, span = None, "", None
    for result in annotation.get("result") or []:
        value = result.get("value") or {}
        if result.get("from_name") == "decision" and value.get("choices"):
            choice = value["choices"][0]
        elif result.get("from_name") == "value" and value.get("text"):
            typed = "\n".join(value["text"]) if isinstance(value["text"], list) else str(value["text"])
        elif result.get("from_name") == "span" and value.get("labels"):
            offset = int(data.get("window_start") or 0)
            span = (offset + int(value["start"]), offset + int(value["end"]), str(value["labels"][0]))
    if choice not in DECISIONS:
        raise DecisionError([f"{name}: no decision ({', '.join(DECISIONS)}) in the annotation"])
    values: dict[str, float | int | None] = {}
    if choice == "wrong":
        values = _typed_values(name, data["key"], typed)
    elif choice == "not in report":
        values = {data["key"]: None}
    return Decision(name, data["item"], data["document"], data["key"], choice, values, _who(annotation, users),
                    str(annotation.get("updated_at") or annotation.get("created_at") or ""), span)


_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def _typed_values(name: str, key: str, typed: str) -> dict[str, float | int | None]:
    """"47", or "KEY=47" lines (another cell of a failed identity); a number as printed (no unit)."""
    values: dict[str, float | int | None] = {}
    for line in (ln.strip() for ln in typed.splitlines() if ln.strip()):
        target, _, number = line.rpartition("=")
        target = target.strip() or key
        number = number.strip().replace(",", "")
        if not is_known_key(target):
            raise DecisionError([f"{name}: {target!r} is not a field key (fields.json)"])
        if not _NUMBER.match(number):
            raise DecisionError([f"{name}: {line!r}: the right value must be a number"])
        values[target] = float(number) if "." in number else int(number)
    if not values:
        raise DecisionError([f"{name}: marked wrong but no right value typed"])
    return values


def _who(annotation: dict[str, Any], users: dict[str, str]) -> str:
    username = annotation.get("created_username")
    if isinstance(username, str) and username.split(",")[0].strip():
        return f"labelstudio:{username.split(',')[0].strip()}"
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("id")
    return f"labelstudio:{users.get(str(who), who)}" if who not in (None, "") else "labelstudio"


# --- applying -------------------------------------------------------------------------------------------------


def apply_decisions(decisions: list[Decision], out: Path, gold: Path | None, spans: Path | None) -> Applied:
    """Every decision applied (all checked first: a decision naming an output that is not there changes nothing)."""
    missing = sorted({f"{d.task}: {out / d.document}.json not found" for d in decisions
                      if not (out / f"{d.document}.json").is_file()})
    if missing:
        raise DecisionError(missing)
    applied = Applied()
    by_document: dict[str, list[Decision]] = {}
    for d in decisions:
        by_document.setdefault(d.document, []).append(d)
    for document, mine in by_document.items():
        path = out / f"{document}.json"
        report = json.loads(path.read_text("utf-8"))
        for d in mine:
            d.cut = _spans_of(report, d)
            applied.changed += _apply(report, d)
        _recheck(report, {k for d in mine for k in (d.values or {d.key: None})})
        atomic_write(path, json.dumps(report, ensure_ascii=False, indent=1), durable=False)
        applied.outputs.append(path)
        if gold is not None and (p := _to_gold(report, mine, gold)):
            applied.gold.append(p)
        if spans is not None and (p := _to_spans(report, mine, spans)):
            applied.spans.append(p)
    rebuild_summaries(out)
    return applied


def _apply(report: dict[str, Any], d: Decision) -> list[str]:
    fields, provenance = report.setdefault("fields", {}), report.setdefault("provenance", {})
    review = {r["key"]: r for r in report.get("review", [])}
    targets = d.values or {d.key: _confirmed(report, d.key)}
    changes = []
    for key, value in targets.items():
        old = fields.get(key)
        prov = dict(provenance.get(key) or {})
        if prov.get("via") == "reviewed" and (prov.get("reviewed_by"), prov.get("reviewed_at")) == (d.by, d.at):
            continue  # this decision was imported before: importing an export again changes nothing
        # What the extraction had, kept through later reviews of the same value.
        first = prov.get("reviewed_from") if prov.get("via") == "reviewed" else {"value": old, "via": prov.get("via")}
        prov.update(via="reviewed", confidence=1.0, reviewed_by=d.by, reviewed_at=d.at, decision=d.decision,
                    reviewed_from=dict(first))
        if key in review:  # a value the extraction left for review: what it proposed
            prov["reviewed_from"]["candidates"] = review[key].get("candidates") or []
        if d.span is not None and key.startswith("n."):
            start, end, _ = d.span
            prov.update(start=start, end=end, text=None)
        fields[key] = value
        provenance[key] = prov
        review.pop(key, None)
        changes.append(f"{d.document} {key}: {old} → {value} ({d.decision}, {d.by})")
    report["review"] = list(review.values())
    return changes


def _confirmed(report: dict[str, Any], key: str):
    """The value a reviewer confirmed: the field's, or the best candidate of a value left for review."""
    if report.get("fields", {}).get(key) is not None:
        return report["fields"][key]
    for entry in report.get("review", []):
        if entry["key"] == key and entry.get("candidates"):
            return max(entry["candidates"], key=lambda c: c.get("confidence") or 0)["value"]
    return None


def _recheck(report: dict[str, Any], keys: set[str]) -> None:
    """The identities the changed keys take part in, evaluated again on the corrected fields: a check that held or
    failed is updated, one the correction makes checkable is added, one it makes uncheckable is dropped."""
    fields = report["fields"]
    # The 其他处理 rows the report has (a report may mix the templates); else its template's.
    others = next((rows for rows in T3_OTHER_ROWS.values() if any(k.startswith(f"t3.{rows[0]}.") for k in fields)), None)
    rules = {r.name: r for r in rules_for(report.get("template", "2021"), others)}
    touched = {name for name, rule in rules.items() if keys & set(rule.keys())}
    checks = [c for c in report.get("checks", []) if c["rule"] not in touched]
    for name in sorted(touched, key=list(rules).index):
        result = evaluate_rule(rules[name], fields)
        if result is not None:
            checks.append({"rule": name, "ok": result.ok, "detail": result.detail, "severity": result.severity})
    report["checks"] = checks


def rebuild_summaries(out: Path) -> None:
    """fields.parquet and summary.csv from the outputs, in the order fields.parquet had (else by name); each built
    beside its target and renamed over it, so a failure leaves the previous one whole."""
    names = _document_order(out)
    keys = field_keys()
    summary = Staged(out / "summary.csv", lambda tmp: open(tmp, "wb"))
    longform = Staged(out / "fields.parquet", lambda tmp: LongFormWriter(Path(tmp)))
    summary.write(csv_line(SUMMARY_HEAD + keys))
    for name in names:
        report = json.loads((out / f"{name}.json").read_text("utf-8"))
        summary.write(csv_line(summary_row(report, keys)))
        longform.step(lambda w: w.add(name, report))
    for error in (summary.commit(lambda f: f.close()), longform.commit(LongFormWriter.close)):
        if error is not None:
            raise error


def _document_order(out: Path) -> list[str]:
    present = {p.stem for p in out.glob("*.json")
               if p.is_file() and "fields" in json.loads(p.read_text("utf-8"))}
    order: list[str] = []
    if (out / "fields.parquet").is_file():
        import pyarrow.parquet as pq

        for name in pq.read_table(out / "fields.parquet", columns=["document"]).column("document").to_pylist():
            if name in present and name not in order:
                order.append(name)
    return order + sorted(present - set(order))


# --- into the gold and the training spans ---------------------------------------------------------------------


def _to_gold(report: dict[str, Any], decisions: list[Decision], gold: Path) -> Path | None:
    table = [(k, v, d) for d in decisions for k, v in (d.values or {d.key: _confirmed(report, d.key)}).items()
             if not k.startswith("n.") and d.decision != "correct"]
    if not table:
        return None
    source = Path(report["source"])
    path = gold / f"{source.stem}.json"
    data = json.loads(path.read_text("utf-8")) if path.is_file() else {
        "document": source.name, "sha256": report.get("sha256"), "template": report.get("template"), "fields": {},
        "notes": "partial: only the cells a reviewer corrected (xxgk review-import); the others are unchecked"}
    for key, value, d in table:
        data.setdefault("fields", {})[key] = value
        if any((r.get("key"), r.get("by"), r.get("at")) == (key, d.by, d.at) for r in data.get("reviews", [])):
            continue  # imported before
        data.setdefault("reviews", []).append({"key": key, "value": value, "decision": d.decision, "by": d.by,
                                               "at": d.at, "extracted": d.values and (report.get("provenance", {})
                                               .get(key, {}).get("reviewed_from", {}).get("value"))})
    gold.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return path


def _to_spans(report: dict[str, Any], decisions: list[Decision], spans: Path) -> Path | None:
    """Narrative fixes as entity spans: into the document's span file where there is one, else a new entity-only
    file holding the output's tagged entities with the fixes applied (only the fixed ones were read by a person,
    as its notes say)."""
    fixes = [d for d in decisions if d.key.startswith("n.") and (d.decision == "not in report" or d.span)]
    if not fixes:
        return None
    from extractor.readers import read_document
    from training.corpus import AnnotationFile, EntitySpan, load_annotation, read_corpus_text

    source = Path(report["source"])
    coordinates = "raw" if source.suffix.lower() == ".txt" else "reader"
    doc = read_document(source)
    text, sha = read_corpus_text(source, coordinates)
    to_raw = (lambda i: doc.offsets[i]) if coordinates == "raw" else (lambda i: i)
    path = spans / f"{source.stem}.json"
    if path.is_file():
        ann = load_annotation(path)
    else:
        entities = [EntitySpan(start=to_raw(e["start"]), end=to_raw(e["end"] - 1) + 1, label=e["label"],
                               text=text[to_raw(e["start"]):to_raw(e["end"] - 1) + 1])
                    for e in report.get("entities", [])]
        ann = AnnotationFile(document=source.name, sha256=sha, length=len(text), coordinates=coordinates,
                             scope="entities", annotator="model+review", entities=entities,
                             notes=["the tagger's entities of `xxgk extract`; only those the notes below name were "
                                    "read by a person (xxgk review-import): check the rest before training"])
    entities = list(ann.entities)
    for d in fixes:
        if any(note.startswith(f"{d.key}: ") and note.endswith(f"reviewed by {d.by} {d.at}".strip()) for note in ann.notes):
            continue  # imported before
        old = report["provenance"][d.key].get("reviewed_from") or {}
        cut = [(to_raw(s), to_raw(e - 1) + 1) for s, e in d.cut]
        entities = [e for e in entities if not any(e.start < b and a < e.end for a, b in cut)]
        if d.span is not None and d.decision != "not in report":
            start, end, label = d.span
            label = label if label != CELL_LABEL else template.NARRATIVE_LABELS.get(d.key, label)
            a, b = to_raw(start), to_raw(end - 1) + 1
            entities.append(EntitySpan(start=a, end=b, label=label, text=text[a:b]))
        ann.notes.append(f"{d.key}: {d.decision} ({old.get('value')} → {report['fields'].get(d.key)}), "
                         f"reviewed by {d.by} {d.at}".strip())
    ann.entities = sorted(entities, key=lambda e: e.start)
    spans.mkdir(parents=True, exist_ok=True)
    ann.dump(path)
    return path


def _spans_of(report: dict[str, Any], d: Decision) -> list[tuple[int, int]]:
    """Document offsets to clear for a narrative fix: where the value was read and where the reviewer marked it."""
    cut = []
    mine = [e for e in report.get("review", []) if e["key"] == d.key]
    for entry in mine + [{"candidates": [report.get("provenance", {}).get(d.key) or {}]}]:
        for c in entry.get("candidates") or []:
            if c.get("start") is not None and c.get("end"):
                cut.append((c["start"], c["end"]))
    if d.span is not None:
        cut.append(d.span[:2])
    return cut
