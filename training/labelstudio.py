"""Label Studio interchange: annotation files ⇄ Label Studio JSON tasks, plus the labeling config that reads them.

A task carries the document's text, its name and sha256, and (in data.meta) the annotator and notes, so that
export followed by import gives back the same AnnotationFile. Sections and entities are two Labels controls over
one Text object. Offsets are Python string indices (code points); Label Studio agrees for texts without characters
outside the BMP (none in the corpus), and every span's `text` is checked on import so that a drift is caught.
"""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.spec import ENTITY_LABELS, SECTION_LABELS
from training.corpus import AnnotationFile, EntitySpan, Span, check_entities, check_sections
from training.documents import AnnotatedText, CorpusError

TEXT_NAME = "text"
ENTITY_CONTROL = "entity"
SECTION_CONTROL = "section"
CONTROLS: dict[str, tuple[str, ...]] = {SECTION_CONTROL: SECTION_LABELS, ENTITY_CONTROL: ENTITY_LABELS}
# Pale section colours keep the entity highlights, drawn over them, readable.
_SECTION_COLOURS = ("#e8eaf6", "#fff3e0", "#e0f7fa", "#e1f5fe", "#e0f2f1", "#f1f8e9", "#f9fbe7", "#fffde7",
                    "#fce4ec", "#f3e5f5", "#ede7f6", "#efebe9", "#eceff1", "#fbe9e7", "#f5f5f5")
_ENTITY_COLOURS = ("#d32f2f", "#c2185b", "#7b1fa2", "#303f9f", "#1976d2", "#0097a7", "#388e3c", "#f57c00",
                   "#e64a19", "#5d4037", "#455a64", "#afb42b")


# --- export -------------------------------------------------------------------------------------------------


def labeling_config() -> str:
    """The project's labeling interface: the document name, the two label sets, the text."""
    view = ET.Element("View")
    ET.SubElement(view, "Header", value="$document")
    for control, colours in ((SECTION_CONTROL, _SECTION_COLOURS), (ENTITY_CONTROL, _ENTITY_COLOURS)):
        labels = ET.SubElement(view, "Labels", name=control, toName=TEXT_NAME, showInline="true")
        for label, colour in zip(CONTROLS[control], colours, strict=True):
            ET.SubElement(labels, "Label", value=label, background=colour)
    ET.SubElement(view, "Text", name=TEXT_NAME, value=f"${TEXT_NAME}")
    ET.indent(view)
    return ET.tostring(view, encoding="unicode") + "\n"


# Annotators whose files are a machine's proposals, not a person's reading: exported as Label Studio predictions
# (pre-annotations a person accepts or fixes), never as annotations, so they cannot come back as training data.
MACHINE_ANNOTATORS = ("suggest", "weak-tables")
MACHINE_PREFIX = "model:"  # `annotate next`: the shipped tagger's pre-annotations ("model:<version>")


def is_machine(annotator: str) -> bool:
    return annotator in MACHINE_ANNOTATORS or annotator.startswith(MACHINE_PREFIX)


def to_task(doc: AnnotatedText, as_prediction: bool | None = None) -> dict[str, Any]:
    """One task; a machine's file (or any, with `as_prediction`) goes in as a prediction, a person's as an
    annotation whose spans' hash (data.meta.spans_sha256) tells an untouched one from a fix on import."""
    ann = doc.annotation
    results = [_result(f"s{i}", SECTION_CONTROL, s, doc.text) for i, s in enumerate(ann.sections)]
    results += [_result(f"e{i}", ENTITY_CONTROL, e, doc.text) for i, e in enumerate(ann.entities)]
    data: dict[str, Any] = {"text": doc.text, "document": ann.document, "sha256": ann.sha256,
                            "meta": {"annotator": ann.annotator, "notes": ann.notes}}
    if ann.coordinates != "raw":  # the text is the reader's, not the file's: the sha256 is the file's bytes
        data["coordinates"] = ann.coordinates
    if as_prediction if as_prediction is not None else is_machine(ann.annotator):
        return {"data": data, "predictions": [{"model_version": ann.annotator or "machine", "result": results}]}
    data["meta"]["spans_sha256"] = spans_hash(ann.sections, ann.entities)
    return {"data": data, "annotations": [{"result": results, "was_cancelled": False}]}


def spans_hash(sections: list[Span], entities: list[EntitySpan]) -> str:
    spans = sorted((SECTION_CONTROL, s.start, s.end, s.label) for s in sections)
    spans += sorted((ENTITY_CONTROL, e.start, e.end, e.label) for e in entities)
    return hashlib.sha256(json.dumps(spans).encode("utf-8")).hexdigest()


def _result(result_id: str, control: str, span: Span, text: str) -> dict[str, Any]:
    value = {"start": span.start, "end": span.end, "text": text[span.start:span.end], "labels": [span.label]}
    return {"id": result_id, "from_name": control, "to_name": TEXT_NAME, "type": "labels", "value": value}


def export_tasks(docs: list[AnnotatedText], as_prediction: bool | None = None) -> list[dict[str, Any]]:
    return [to_task(d, as_prediction) for d in docs]


# --- import -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedTask:
    name: str  # how messages refer to the task
    annotation: AnnotationFile
    text: str
    by: str = ""  # the Label Studio user whose annotation this is (a folder of its own with --each-annotator)


@dataclass(frozen=True)
class ImportResult:
    items: list[ImportedTask]
    skipped: list[str]  # tasks with no reviewed annotation, each with why: not training data


# How to read a task several people annotated: None refuses it (the choice must be explicit), "latest" takes the
# latest annotation, "each" keeps every person's (for `annotate agree`), any other value is the person to take.
Pick = str | None


def read_tasks(path: Path) -> list[dict[str, Any]]:
    """A Label Studio JSON export (a list of tasks; a single task object is accepted too)."""
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError([f"{path}: not a readable JSON file: {exc}"]) from exc
    tasks = [tasks] if isinstance(tasks, dict) else tasks
    if not isinstance(tasks, list) or not all(isinstance(t, dict) for t in tasks):
        raise CorpusError([f"{path}: expected a list of Label Studio tasks (JSON objects)"])
    if tasks and all(_is_json_min(t) for t in tasks):
        raise CorpusError([f"{path}: this is Label Studio's JSON-MIN export (no data/annotations: it drops who "
                           "annotated, cancelled and several annotations); export as JSON instead"])
    return tasks


def _is_json_min(task: dict[str, Any]) -> bool:
    """JSON-MIN flattens a task to its data plus one annotation's controls and annotator/annotation_id keys."""
    return "data" not in task and ("annotation_id" in task or "annotator" in task or TEXT_NAME in task)


def import_tasks(tasks: list[dict[str, Any]], annotator: str | None = None, pick: Pick = None) -> ImportResult:
    """Every reviewed task converted and checked (a CorpusError lists the problems of all bad tasks); tasks no
    person annotated (predictions only, all cancelled) are skipped, named in `skipped`."""
    imported: list[ImportedTask] = []
    skipped: list[str] = []
    problems: list[str] = []
    for index, task in enumerate(tasks):
        name = task_name(task, index)
        if _is_json_min(task):
            problems.append(f"{name}: a JSON-MIN task (no data/annotations); export as JSON instead")
            continue
        try:
            chosen = _chosen_annotations(task, name, pick)
        except CorpusError as exc:
            problems += exc.problems
            continue
        if isinstance(chosen, str):
            skipped.append(f"{name}: {chosen}")
            continue
        for annotation in chosen:
            try:
                imported.append(from_annotation(task, annotation, name, annotator, each=pick == "each"))
            except CorpusError as exc:
                problems += exc.problems
    keys = [(t.by, t.annotation.document) for t in imported]
    problems += [f"document {d} comes in {keys.count((b, d))} tasks" + (f" annotated by {b}" if b else "")
                 for b, d in sorted(set(keys)) if keys.count((b, d)) > 1]
    if problems:
        raise CorpusError(problems)
    return ImportResult(imported, skipped)


def task_name(task: dict[str, Any], index: int) -> str:
    data = _object(task.get("data"))
    parts = [f"task #{index + 1}"]
    if "id" in task:
        parts.append(f"id {task['id']}")
    if data.get("document"):
        parts.append(str(data["document"]))
    return f"{parts[0]} ({', '.join(parts[1:])})" if len(parts) > 1 else parts[0]


def from_task(task: dict[str, Any], index: int = 0, annotator: str | None = None, pick: Pick = None) -> ImportedTask:
    """One task → its AnnotationFile and text (one person's annotation); errors name the task."""
    name = task_name(task, index)
    chosen = _chosen_annotations(task, name, pick)
    if isinstance(chosen, str):
        raise CorpusError([f"{name}: {chosen}"])
    return from_annotation(task, chosen[0], name, annotator)


def from_annotation(task: dict[str, Any], chosen: dict[str, Any], name: str, annotator: str | None = None,
                    each: bool = False) -> ImportedTask:
    """The AnnotationFile of one annotation of a task, checked like a corpus file; errors name the task."""
    data = task.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not data["text"]:
        raise CorpusError([f"{name}: data.text is missing or empty"])
    text: str = data["text"]
    meta = _object(data.get("meta"))
    results = chosen.get("result") or []
    sections, entities, problems = _spans(results, text)
    # A project that labels only entities (no section control, or none used) gives an entity-only file.
    scope = "full" if any(isinstance(r, dict) and r.get("from_name") == SECTION_CONTROL for r in results) \
        else "entities"
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    coordinates = "reader" if data.get("coordinates") == "reader" else "raw"
    if coordinates == "reader":  # the file's hash; `annotate validate` checks the text against the file
        if not isinstance(data.get("sha256"), str) or not data.get("document"):
            problems.append("data.sha256 and data.document are needed for a task in the reader's coordinates")
        sha = str(data.get("sha256"))
    elif data.get("sha256") not in (None, sha):
        problems.append(f"data.sha256 {str(data['sha256'])[:12]}… does not match the task's text ({sha[:12]}…)")
    who = _who(chosen)
    # The exported annotation, untouched, keeps the annotator of its file; a fix is recorded as its author's.
    untouched = meta.get("spans_sha256") == spans_hash(sections, entities) and not is_machine(str(meta.get("annotator")))
    recorded = annotator or (str(meta.get("annotator") or "") if untouched else "") or who or "labelstudio"
    notes = _notes(meta.get("notes"))
    if not untouched and who:
        notes = [n for n in notes if "machine suggestion" not in n]
        notes.append(f"reviewed in Label Studio by {who}" + (f" at {_stamp(chosen)}" if _stamp(chosen) else ""))
    ann = AnnotationFile(
        document=str(data.get("document") or f"{sha[:16]}.txt"), sha256=sha, length=len(text), coordinates=coordinates,
        annotator=recorded, scope=scope,
        sections=sorted(sections, key=lambda s: s.start), entities=sorted(entities, key=lambda s: s.start),
        notes=notes,
    )
    if not problems:  # spans that could not be read would only repeat themselves here
        problems += check_sections(ann.sections, text, scope) + check_entities(ann.entities, ann.sections, text)
    if problems:
        raise CorpusError([f"{name}: {p}" for p in problems])
    return ImportedTask(name, ann, text, (who or "labelstudio") if each else "")


def _object(value: Any) -> dict[str, Any]:
    """A JSON object of the task, or an empty one where the task has something else (or nothing)."""
    return value if isinstance(value, dict) else {}


def _notes(notes: Any) -> list[str]:
    if notes is None:
        return []
    return [str(n) for n in notes] if isinstance(notes, list) else [str(notes)]


def _chosen_annotations(task: dict[str, Any], name: str, pick: Pick) -> list[dict[str, Any]] | str:
    """The annotations to import (one, or one per person with pick "each"), or why the task is not training
    data. Predictions are never taken: a pre-annotation nobody submitted is not a person's reading."""
    annotations = [a for a in task.get("annotations") or [] if isinstance(a, dict)]
    kept = [a for a in annotations if not a.get("was_cancelled")]
    if not kept:
        if annotations:
            return "every annotation was cancelled (task skipped)"
        return "only predictions, no reviewed annotation" if task.get("predictions") else "not annotated"
    by_person: dict[str, list[dict[str, Any]]] = {}
    for a in kept:  # one person's later annotations of a task replace their earlier ones
        by_person.setdefault(_who(a) or "labelstudio", []).append(a)
    latest = {who: _latest(mine) for who, mine in by_person.items()}
    if pick == "each":
        return list(latest.values())
    if pick == "latest" or (pick is None and len(latest) == 1):
        return [_latest(list(latest.values()))]
    if pick is None:
        raise CorpusError([f"{name}: annotated by {len(latest)} people ({', '.join(sorted(latest))}): choose with "
                           "--pick latest or --pick USER, or keep each with --each-annotator (then `xxgk annotate "
                           "agree` compares them)"])
    mine = [a for who, a in latest.items() if pick in (who, who.removeprefix("labelstudio:"))]
    return mine or f"no annotation by {pick} (annotated by {', '.join(sorted(latest))})"


def _latest(candidates: list[dict[str, Any]]) -> dict[str, Any]:
    # ISO timestamps sort as strings; without them the list order (Label Studio's, oldest first) decides.
    _, latest = max(enumerate(candidates), key=lambda ia: (_stamp(ia[1]), ia[0]))
    return latest


def _stamp(annotation: dict[str, Any]) -> str:
    return str(annotation.get("updated_at") or annotation.get("created_at") or "")


def _who(annotation: dict[str, Any] | None) -> str:
    """"labelstudio:<user>" for the person who submitted an annotation ("" where the export does not say)."""
    annotation = annotation or {}
    who = annotation.get("completed_by")
    if isinstance(who, dict):  # older exports give the user object
        who = who.get("email") or who.get("id")
    username = annotation.get("created_username")  # "email, id" in Label Studio's exports
    if isinstance(username, str) and username.split(",")[0].strip():
        who = username.split(",")[0].strip()
    return f"labelstudio:{who}" if who not in (None, "") else ""


def _spans(results: list[Any], text: str) -> tuple[list[Span], list[EntitySpan], list[str]]:
    sections: list[Span] = []
    entities: list[EntitySpan] = []
    problems: list[str] = []
    for i, result in enumerate(results):
        span, problem = _span(result, text)
        where = f"result {i + 1}" + (f" (id {result['id']})" if isinstance(result, dict) and "id" in result else "")
        if problem:
            problems.append(f"{where}: {problem}")
        elif isinstance(span, EntitySpan):
            entities.append(span)
        elif span is not None:
            sections.append(span)
    return sections, entities, problems


def _span(result: Any, text: str) -> tuple[Span | None, str | None]:
    """A section Span or an EntitySpan from one result, or the reason it cannot be read."""
    if not isinstance(result, dict) or result.get("type") != "labels":
        kind = result.get("type") if isinstance(result, dict) else type(result).__name__
        return None, f"type {kind!r} is not a text span ('labels')"
    control = result.get("from_name")
    if control not in CONTROLS:
        return None, f"from_name {control!r} is none of {', '.join(CONTROLS)}"
    value = result.get("value") or {}
    start, end, labels = value.get("start"), value.get("end"), value.get("labels")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return None, f"offsets [{start}, {end}) are not a span of the text ({len(text)} characters)"
    if not (isinstance(labels, list) and len(labels) == 1):
        return None, f"[{start}, {end}) has labels {labels!r}; exactly one is expected"
    if labels[0] not in CONTROLS[control]:
        return None, f"[{start}, {end}) label {labels[0]!r} is not one of the {control} labels"
    if "text" in value and value["text"] != text[start:end]:
        return None, f"[{start}, {end}) says {value['text']!r} but the text has {text[start:end]!r} (offsets moved?)"
    if control == ENTITY_CONTROL:
        return EntitySpan(start=start, end=end, label=labels[0], text=text[start:end]), None
    return Span(start=start, end=end, label=labels[0]), None


# --- writing imported tasks into the corpus -----------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    annotation: Path
    text: Path
    new_text: bool  # the document was not in the corpus folder before


def write_imported(items: list[ImportedTask], spans_dir: Path, corpus: Path) -> list[Written]:
    """Annotation files into spans_dir; texts of documents new to the corpus folder into it. A document already
    there must have the same bytes: the corpus text is never overwritten."""
    problems = [p for item in items if (p := _corpus_conflict(item, corpus))]
    if problems:
        raise CorpusError(problems)
    try:
        return [_write(item, spans_dir, corpus) for item in items]
    except OSError as exc:  # a read-only corpus folder, a full disk: say where
        raise CorpusError([f"cannot write {exc.filename}: {exc.strerror}"]) from exc


def _write(item: ImportedTask, spans_dir: Path, corpus: Path) -> Written:
    spans_dir.mkdir(parents=True, exist_ok=True)
    corpus.mkdir(parents=True, exist_ok=True)
    source = corpus / item.annotation.document
    new_text = not source.exists()
    if new_text:
        source.write_bytes(item.text.encode("utf-8"))  # bytes, so no newline translation touches the offsets
    folder = spans_dir / _slug(item.by) if item.by else spans_dir
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{Path(item.annotation.document).stem}.json"
    item.annotation.dump(target)
    return Written(target, source, new_text)


def _slug(who: str) -> str:
    """A folder name for an annotator ("labelstudio:ann@x.org" → "labelstudio_ann_x.org")."""
    return "".join(ch if ch.isalnum() or ch in "-." else "_" for ch in who) or "unknown"


def _corpus_conflict(item: ImportedTask, corpus: Path) -> str | None:
    document = item.annotation.document
    if Path(document).name != document or not document:
        return f"{item.name}: document name {document!r} is not a plain file name"
    source = corpus / document
    if not source.exists():
        return None
    sha = hashlib.sha256(source.read_bytes()).hexdigest()  # bytes: a file that is not UTF-8 differs all the same
    if sha != item.annotation.sha256:
        return (f"{item.name}: {source} exists with other content (sha256 {sha[:12]}…, task "
                f"{item.annotation.sha256[:12]}…); rename the document or fix the text")
    return None
