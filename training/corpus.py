"""Standoff annotations of the corpus: the file format, loading, and validation.

One JSON file per report, `annotations/spans/<stem>.json`, pointing into the unmodified corpus text by
character offsets (Python string indices into the file's bytes decoded as UTF-8, nothing normalized).
The report text never enters this project; the sha256 of its bytes pins which text the offsets mean.

A report that is not a text file (an HTML page, a Word file) has no raw characters worth pointing into: its file
says `"coordinates": "reader"`, and its offsets index the text the project's reader gives (`read_document`), as
`xxgk extract` sees it. The sha256 is still that of the file's bytes; `length` then pins the reader's text, so a
reader that changes what it extracts is caught by validation rather than shifting the spans silently.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from extractor.document import ReadError
from extractor.spec import ENTITY_LABELS, SECTION_LABELS


class Span(BaseModel):
    start: int
    end: int
    label: str


class EntitySpan(Span):
    text: str = Field(description="the characters the span covers, to re-anchor the offsets if the text moves")


class AnnotationFile(BaseModel):
    document: str  # file name in the corpus folder
    sha256: str  # of the document's bytes
    length: int  # characters of the decoded text
    annotator: str = ""  # who made this pass (a name or 'pass1', 'pass2')
    coordinates: Literal["raw", "reader"] = "raw"  # offsets into the decoded file, or into the reader's text
    # "entities": an entity-only pass (a Label Studio project without the section labels): no sections, and none
    # expected; such a file trains and scores the tagger only.
    scope: Literal["full", "entities"] = "full"
    sections: list[Span] = Field(default_factory=list)
    entities: list[EntitySpan] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def dump(self, path: Path) -> None:
        data = self.model_dump()
        if data["coordinates"] == "raw":  # the default stays implicit: text files' annotations read as before
            del data["coordinates"]
        if data["scope"] == "full":
            del data["scope"]
        data["sections"] = sorted(data["sections"], key=lambda s: s["start"])
        data["entities"] = sorted(data["entities"], key=lambda s: s["start"])
        path.write_text(_compact_json(data), encoding="utf-8")


def _compact_json(data: dict) -> str:
    """One span per line: files stay diffable and reviewable."""
    lines = ["{"]
    items = list(data.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if isinstance(value, list) and value and isinstance(value[0], dict):
            inner = ",\n".join("    " + json.dumps(v, ensure_ascii=False) for v in value)
            lines.append(f'  "{key}": [\n{inner}\n  ]{comma}')
        else:
            lines.append(f'  "{key}": {json.dumps(value, ensure_ascii=False)}{comma}')
    lines.append("}")
    return "\n".join(lines) + "\n"


def read_corpus_text(path: Path, coordinates: str = "raw") -> tuple[str, str]:
    """The text exactly as the offsets see it, and the sha256 of the file's bytes."""
    raw = path.read_bytes()
    if coordinates == "reader":
        from extractor.readers import read_document

        return read_document(path).text, hashlib.sha256(raw).hexdigest()
    return raw.decode("utf-8"), hashlib.sha256(raw).hexdigest()


def load_annotation(path: Path) -> AnnotationFile:
    return AnnotationFile.model_validate_json(path.read_text(encoding="utf-8"))


@dataclass
class ValidationResult:
    path: Path
    problems: list[str] = field(default_factory=list)
    annotation: AnnotationFile | None = None  # as loaded, when the file parsed
    text: str | None = None  # the document's text, when it was found

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_file(path: Path, corpus: Path) -> ValidationResult:
    """Every check of the corpus contract; problems are sentences naming the file and the span."""
    result = ValidationResult(path)
    try:
        ann = load_annotation(path)
    except (OSError, ValueError) as exc:
        result.problems.append(f"{path}: not a valid annotation file: {exc}")
        return result
    source = corpus / ann.document
    if not source.is_file():
        result.problems.append(f"{path}: document {ann.document} not found in {corpus}")
        return result
    try:
        text, sha = read_corpus_text(source, ann.coordinates)
    except (UnicodeDecodeError, ReadError) as exc:
        result.problems.append(f"{path}: cannot read {ann.document} in {ann.coordinates} coordinates: {exc}")
        return result
    result.annotation, result.text = ann, text
    if sha != ann.sha256:
        result.problems.append(f"{path}: sha256 {ann.sha256[:12]}… does not match {ann.document} ({sha[:12]}…)")
    if len(text) != ann.length:
        where = f"the reader's text of {ann.document}" if ann.coordinates == "reader" else ann.document
        result.problems.append(f"{path}: length {ann.length} but {where} has {len(text)} characters")
    result.problems += [f"{path}: {p}" for p in check_sections(ann.sections, text, ann.scope)]
    result.problems += [f"{path}: {p}" for p in check_entities(ann.entities, ann.sections, text)]
    return result


def _in_range(span: Span, text: str) -> str | None:
    if not 0 <= span.start < span.end <= len(text):
        return f"{span.label} [{span.start}, {span.end}) is out of range or empty (text has {len(text)} characters)"
    return None


def check_sections(sections: list[Span], text: str, scope: str = "full") -> list[str]:
    """Sections tile the text: sorted, no overlap, no gap except whitespace, known labels; an entity-only file
    (scope "entities") has none."""
    problems: list[str] = []
    if scope == "entities":
        return ["an entity-only file (scope: entities) has sections"] if sections else []
    if not sections:
        return ["no sections"]
    position = 0
    for span in sorted(sections, key=lambda s: s.start):
        if span.label not in SECTION_LABELS:
            problems.append(f"unknown section label {span.label!r} at [{span.start}, {span.end})")
        if (bad := _in_range(span, text)) is not None:
            problems.append(bad)
            continue
        if span.start < position:
            problems.append(f"section {span.label} [{span.start}, {span.end}) overlaps the previous section")
        elif text[position:span.start].strip():
            problems.append(f"characters [{position}, {span.start}) belong to no section")
        position = max(position, span.end)
    if text[position:].strip():
        problems.append(f"characters [{position}, {len(text)}) at the end belong to no section")
    return problems


def check_entities(entities: list[EntitySpan], sections: list[Span], text: str) -> list[str]:
    """Known labels, offsets that match the stored text, a number inside, no overlaps, tight spans."""
    problems: list[str] = []
    previous: EntitySpan | None = None
    for span in sorted(entities, key=lambda s: s.start):
        where = f"entity {span.label} [{span.start}, {span.end})"
        if span.label not in ENTITY_LABELS:
            problems.append(f"{where}: unknown label")
        if (bad := _in_range(span, text)) is not None:
            problems.append(bad)
            continue
        covered = text[span.start:span.end]
        if covered != span.text:
            problems.append(f"{where}: text {span.text!r} but the document has {covered!r} there")
        if not any(ch.isdigit() for ch in covered) and not any(ch in "零〇一二两三四五六七八九十百千万" for ch in covered):
            problems.append(f"{where}: {covered!r} holds no number")
        if covered != covered.strip():
            problems.append(f"{where}: span starts or ends with whitespace")
        if previous is not None and span.start < previous.end:
            problems.append(f"{where}: overlaps {previous.label} [{previous.start}, {previous.end})")
        previous = span
    return problems


def annotation_files(folder: Path) -> list[Path]:
    """Annotation files of a folder; table gold files (*.gold.json) that may sit beside them are not."""
    return sorted(p for p in folder.glob("*.json") if p.is_file() and not p.name.endswith(".gold.json"))
