"""Training exports of the annotated corpus: a Hugging Face dataset (characters, BIO entity tags, section tags)
and a spaCy DocBin (one token per character, doc.ents, doc.spans["sections"]).

Tokens are single characters so that every annotation offset is a token boundary: nothing is re-aligned, and
`start + i` is the document offset of token i.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor.mentions import NER_TAGS, bio_tags, section_tags
from extractor.spec import SECTION_LABELS
from training.corpus import EntitySpan
from training.documents import AnnotatedText, CorpusError

if TYPE_CHECKING:  # both are heavy imports; only the export functions need them
    from datasets import Dataset, DatasetDict, Features
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

DEFAULT_WINDOW = 510  # characters: a 512-token encoder minus [CLS] and [SEP]
NO_SECTION = -1  # datasets' ClassLabel value for "no label": whitespace between two sections
SECTIONS_KEY = "sections"  # doc.spans key of the section spans
_SENTENCE_ENDS = "。！？；\n"
_NER_INDEX = {tag: i for i, tag in enumerate(NER_TAGS)}
_SECTION_INDEX = {label: i for i, label in enumerate(SECTION_LABELS)}


# --- splits ---------------------------------------------------------------------------------------------------


@dataclass
class SplitAssignment:
    groups: dict[str, list[AnnotatedText]] = field(default_factory=dict)
    unassigned: list[str] = field(default_factory=list)  # annotated documents no split names: left out
    unannotated: list[str] = field(default_factory=list)  # documents the splits place that have no annotation yet


def assign_splits(
    docs: list[AnnotatedText], splits: dict[str, list[str]], source: Path | str = "splits"
) -> SplitAssignment:
    """Documents grouped by split; a stem in two splits (a leak) is an error. The splits place every corpus
    document, annotated or not (only table gold, say): those without an annotation file are left out and listed."""
    by_stem = {d.stem: d for d in docs}
    problems: list[str] = []
    seen: dict[str, str] = {}
    for name, stems in splits.items():
        for stem in stems:
            if stem in seen and seen[stem] != name:
                problems.append(f"{source}: {stem} is in both {seen[stem]} and {name}")
            seen.setdefault(stem, name)
    if problems:
        raise CorpusError(problems)
    groups = {name: [by_stem[s] for s in dict.fromkeys(stems) if s in by_stem] for name, stems in splits.items()}
    return SplitAssignment(groups, sorted(set(by_stem) - set(seen)), sorted(set(seen) - set(by_stem)))


# --- windows ----------------------------------------------------------------------------------------------------


def window_bounds(text: str, entities: list[EntitySpan], size: int = DEFAULT_WINDOW) -> list[tuple[int, int]]:
    """Consecutive [start, end) windows tiling the text, each at most `size` characters (size <= 0: one window),
    ending after a sentence end where one falls in the window's second half, never inside an entity."""
    if size <= 0:
        return [(0, len(text))]
    bounds: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = _window_end(text, entities, start, size)
        bounds.append((start, end))
        start = end
    return bounds


def _window_end(text: str, entities: list[EntitySpan], start: int, size: int) -> int:
    end = start + size
    if end >= len(text):
        return len(text)
    cut = max(text.rfind(ch, start + size // 2, end) for ch in _SENTENCE_ENDS)
    if cut >= 0:  # whole sentences give the tagger its context
        end = cut + 1
    for e in entities:
        if e.start < end < e.end:
            end = e.start
    if end <= start:
        raise ValueError(f"an entity at {start} is longer than the window of {size} characters")
    return end


# --- Hugging Face datasets ----------------------------------------------------------------------------------------


def dataset_features() -> Features:
    from datasets import ClassLabel, Features, List, Value

    return Features({
        "document": Value("string"),
        "start": Value("int32"),
        "tokens": List(Value("string")),
        "ner_tags": List(ClassLabel(names=list(NER_TAGS))),
        "section_tags": List(ClassLabel(names=list(SECTION_LABELS))),
    })


def document_rows(doc: AnnotatedText, window: int = DEFAULT_WINDOW) -> Iterator[dict[str, Any]]:
    """One row per window of the document; tags are ids of the features' ClassLabels."""
    ann, text = doc.annotation, doc.text
    ner = [_NER_INDEX[t] for t in bio_tags(ann.entities, len(text))]
    labels = section_tags(ann.sections, len(text), fine=True)
    sections = [NO_SECTION if t is None else _SECTION_INDEX[t] for t in labels]
    for start, end in window_bounds(text, ann.entities, window):
        yield {"document": ann.document, "start": start, "tokens": list(text[start:end]),
               "ner_tags": ner[start:end], "section_tags": sections[start:end]}


def build_dataset(docs: list[AnnotatedText], window: int = DEFAULT_WINDOW) -> Dataset:
    from datasets import Dataset

    rows = [row for d in docs for row in document_rows(d, window)]
    columns = {name: [r[name] for r in rows] for name in dataset_features()}
    return Dataset.from_dict(columns, features=dataset_features())


def build_dataset_dict(assignment: SplitAssignment, window: int = DEFAULT_WINDOW) -> DatasetDict:
    from datasets import DatasetDict

    return DatasetDict({name: build_dataset(docs, window) for name, docs in assignment.groups.items()})


# --- spaCy -----------------------------------------------------------------------------------------------------


def to_doc(doc: AnnotatedText, vocab: Vocab) -> Doc:
    """A Doc whose tokens are the characters (no spaces added: doc.text is the document's text)."""
    from spacy.tokens import Doc

    ann, text = doc.annotation, doc.text
    sdoc = Doc(vocab, words=list(text), spaces=[False] * len(text))
    sdoc.ents = [_char_span(sdoc, e.start, e.end, e.label) for e in ann.entities]
    sdoc.spans[SECTIONS_KEY] = [_char_span(sdoc, s.start, s.end, s.label) for s in ann.sections]
    sdoc.user_data.update({"document": ann.document, "sha256": ann.sha256, "annotator": ann.annotator})
    return sdoc


def _char_span(sdoc: Doc, start: int, end: int, label: str) -> Any:
    span = sdoc.char_span(start, end, label=label, alignment_mode="strict")
    if span is None:  # cannot happen with one token per character; fail loudly if that ever changes
        raise ValueError(f"[{start}, {end}) {label} does not fall on token boundaries")
    return span


def build_docbin(docs: list[AnnotatedText]) -> DocBin:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    vocab = Vocab()
    return DocBin(docs=[to_doc(d, vocab) for d in docs], store_user_data=True)


def save_docbins(docs: list[AnnotatedText], out: Path, assignment: SplitAssignment | None = None) -> list[Path]:
    """One .spacy file; or, with splits, a folder holding <split>.spacy for each (spaCy's train/dev layout)."""
    if assignment is None:
        out.parent.mkdir(parents=True, exist_ok=True)
        build_docbin(docs).to_disk(out)
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{name}.spacy" for name in assignment.groups]
    for path, group in zip(paths, assignment.groups.values()):
        build_docbin(group).to_disk(path)
    return paths
