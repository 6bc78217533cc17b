"""Pre-annotation for a person to correct: sections from the heading rules and quantity entities from the phrase
rules (both in the runtime: extractor/sections/heading_rules.py, extractor/tagger/phrase_rules.py), as an annotation
file. These are suggestions, scored against the hand annotations by `xxgk annotate agree`; they are not the corpus."""

from __future__ import annotations

from pathlib import Path

from extractor.document import Document
from extractor.readers import read_document
from extractor.sections.heading_rules import heading_sections
from extractor.tagger.phrase_rules import phrase_entities
from training.corpus import AnnotationFile, EntitySpan, Span, read_corpus_text


def suggest_sections(text: str, doc: Document) -> list[Span]:
    return [Span(start=m.start, end=m.end, label=m.label) for m in heading_sections(text, doc)]


def suggest_entities(text: str, doc: Document) -> list[EntitySpan]:
    return [EntitySpan(start=m.start, end=m.end, label=m.label, text=text[m.start:m.end]) for m in phrase_entities(text, doc)]


def suggest(path: Path, annotator: str = "suggest") -> AnnotationFile:
    text, sha = read_corpus_text(path)
    doc = read_document(path)
    return AnnotationFile(
        document=path.name,
        sha256=sha,
        length=len(text),
        annotator=annotator,
        sections=suggest_sections(text, doc),
        entities=suggest_entities(text, doc),
        notes=["machine suggestion (heading and phrase rules): correct before use"],
    )
