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


def to_task(doc: AnnotatedText) -> dict[str, Any]:
    ann = doc.annotation
    results = [_result(f"s{i}", SECTION_CONTROL, s, doc.text) for i, s in enumerate(ann.sections)]
    results += [_result(f"e{i}", ENTITY_CONTROL, e, doc.text) for i, e in enumerate(ann.entities)]
    data = {"text": doc.text, "document": ann.document, "sha256": ann.sha256,
            "meta": {"annotator": ann.annotator, "notes": ann.notes}}
    if ann.coordinates != "raw":  # the text is the reader's, not the file's: the sha256 is the file's bytes
        data["coordinates"] = ann.coordinates
    return {"data": data, "annotations": [{"result": results, "was_cancelled": False}]}


def _result(result_id: str, control: str, span: Span, text: str) -> dict[str, Any]:
    value = {"start": span.start, "end": span.end, "text": text[span.start:span.end], "labels": [span.label]}
    return {"id": result_id, "from_name": control, "to_name": TEXT_NAME, "type": "labels", "value": value}


def export_tasks(docs: list[AnnotatedText]) -> list[dict[str, Any]]:
    return [to_task(d) for d in docs]


# --- import -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedTask:
    name: str  # how messages refer to the task
    annotation: AnnotationFile
    text: str


def read_tasks(path: Path) -> list[dict[str, Any]]:
    """A Label Studio JSON export (a list of tasks; a single task object is accepted too)."""
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError([f"{path}: not a readable JSON file: {exc}"]) from exc
    tasks = [tasks] if isinstance(tasks, dict) else tasks
    if not isinstance(tasks, list) or not all(isinstance(t, dict) for t in tasks):
        raise CorpusError([f"{path}: expected a list of Label Studio tasks (JSON objects)"])
    return tasks


def import_tasks(tasks: list[dict[str, Any]], annotator: str | None = None) -> list[ImportedTask]:
    """Every task converted and checked; a CorpusError lists the problems of all bad tasks."""
    imported: list[ImportedTask] = []
    problems: list[str] = []
    for index, task in enumerate(tasks):
        try:
            imported.append(from_task(task, index, annotator))
        except CorpusError as exc:
            problems += exc.problems
    names = [t.annotation.document for t in imported]
    problems += [f"document {n} comes in {names.count(n)} tasks" for n in sorted(set(names)) if names.count(n) > 1]
    if problems:
        raise CorpusError(problems)
    return imported


def task_name(task: dict[str, Any], index: int) -> str:
    data = _object(task.get("data"))
    parts = [f"task #{index + 1}"]
    if "id" in task:
        parts.append(f"id {task['id']}")
    if data.get("document"):
        parts.append(str(data["document"]))
    return f"{parts[0]} ({', '.join(parts[1:])})" if len(parts) > 1 else parts[0]


def from_task(task: dict[str, Any], index: int = 0, annotator: str | None = None) -> ImportedTask:
    """One task → its AnnotationFile and text, checked like a corpus file; errors name the task."""
    name = task_name(task, index)
    data = task.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not data["text"]:
        raise CorpusError([f"{name}: data.text is missing or empty"])
    text: str = data["text"]
    meta = _object(data.get("meta"))
    chosen, problems = _chosen_annotation(task)
    sections, entities, span_problems = _spans(_object(chosen).get("result") or [], text)
    problems += span_problems
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    coordinates = "reader" if data.get("coordinates") == "reader" else "raw"
    if coordinates == "reader":  # the file's hash; `annotate validate` checks the text against the file
        if not isinstance(data.get("sha256"), str) or not data.get("document"):
            problems.append("data.sha256 and data.document are needed for a task in the reader's coordinates")
        sha = str(data.get("sha256"))
    elif data.get("sha256") not in (None, sha):
        problems.append(f"data.sha256 {str(data['sha256'])[:12]}… does not match the task's text ({sha[:12]}…)")
    ann = AnnotationFile(
        document=str(data.get("document") or f"{sha[:16]}.txt"), sha256=sha, length=len(text), coordinates=coordinates,
        annotator=annotator or str(meta.get("annotator") or _completed_by(chosen)),
        sections=sorted(sections, key=lambda s: s.start), entities=sorted(entities, key=lambda s: s.start),
        notes=_notes(meta.get("notes")),
    )
    if not problems:  # spans that could not be read would only repeat themselves here
        problems += check_sections(ann.sections, text) + check_entities(ann.entities, ann.sections, text)
    if problems:
        raise CorpusError([f"{name}: {p}" for p in problems])
    return ImportedTask(name, ann, text)


def _object(value: Any) -> dict[str, Any]:
    """A JSON object of the task, or an empty one where the task has something else (or nothing)."""
    return value if isinstance(value, dict) else {}


def _notes(notes: Any) -> list[str]:
    if notes is None:
        return []
    return [str(n) for n in notes] if isinstance(notes, list) else [str(notes)]


def _chosen_annotation(task: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    """The latest annotation not cancelled; the latest prediction (pre-labels) only if nobody annotated."""
    annotations = [a for a in task.get("annotations") or [] if isinstance(a, dict)]
    if annotations:
        kept = [a for a in annotations if not a.get("was_cancelled")]
        return (_latest(kept), []) if kept else (None, ["every annotation was cancelled (task skipped)"])
    predictions = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
    return (_latest(predictions), []) if predictions else (None, ["no annotation and no prediction"])


def _latest(candidates: list[dict[str, Any]]) -> dict[str, Any]:
    # ISO timestamps sort as strings; without them the list order (Label Studio's, oldest first) decides.
    _, latest = max(enumerate(candidates), key=lambda ia: (_stamp(ia[1]), ia[0]))
    return latest


def _stamp(annotation: dict[str, Any]) -> str:
    return str(annotation.get("updated_at") or annotation.get("created_at") or "")


def _completed_by(annotation: dict[str, Any] | None) -> str:
    who = (annotation or {}).get("completed_by")
    if isinstance(who, dict):  # older exports give the user object
        who = who.get("email") or who.get("id")
    return f"labelstudio:{who}" if who not in (None, "") else "labelstudio"


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
    target = spans_dir / f"{Path(item.annotation.document).stem}.json"
    item.annotation.dump(target)
    return Written(target, source, new_text)


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
