"""Training and evaluation examples in the coordinates the runtime sees.

The corpus spans index the raw files; `xxgk extract` tags the normalized `Document` text (full-width digits
folded, thousands separators dropped, …). Every model is trained and scored on the normalized text, with the
annotations carried over through the reader's offset map, so a model never learns characters it will not meet at
inference; predictions go back to raw offsets the same way when they are compared with the corpus.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extractor.mentions import Mention
from extractor.normalize import normalize
from training.corpus import AnnotationFile
from training.documents import AnnotatedText, load_all_annotated


@dataclass
class Example:
    """One report: its normalized text, entities and sections in that text, and the map back to the raw text."""

    stem: str
    text: str
    entities: list[Mention]
    sections: list[Mention]  # label is the (fine) section label
    offsets: tuple[int, ...]  # offsets[i]: raw index of text[i]; one extra entry for the end
    raw_length: int
    synthetic: bool = False
    group: str = ""  # issuing body (cross-validation groups)
    extra: dict = field(default_factory=dict)

    def to_raw(self, m: Mention) -> Mention:
        return Mention(self.offsets[m.start], self.offsets[m.end], m.label)


def to_normalized(offsets: tuple[int, ...], start: int, end: int) -> tuple[int, int]:
    """A raw [start, end) as the span of normalized characters that came from it."""
    return bisect_left(offsets, start, 0, len(offsets) - 1), bisect_left(offsets, end, 0, len(offsets) - 1)


def from_annotation(stem: str, raw: str, ann: AnnotationFile, synthetic: bool = False, group: str = "") -> Example:
    norm = normalize(raw)
    entities = []
    for e in ann.entities:
        s, t = to_normalized(norm.offsets, e.start, e.end)
        if t > s:
            entities.append(Mention(s, t, e.label))
    sections = []
    for sec in sorted(ann.sections, key=lambda x: x.start):
        s, t = to_normalized(norm.offsets, sec.start, sec.end)
        if t > s:
            sections.append(Mention(s, t, sec.label))
    return Example(stem, norm.text, entities, sections, norm.offsets, len(raw), synthetic, group)


def load_real(spans: Path, corpus: Path, stems: Iterable[str] | None = None,
              groups: dict[str, str] | None = None) -> list[Example]:
    """The annotated corpus (validated), optionally only the named documents."""
    wanted = set(stems) if stems is not None else None
    paths = [p for p in sorted(spans.glob("*.json")) if wanted is None or p.stem in wanted]
    docs: list[AnnotatedText] = load_all_annotated(paths, corpus) if paths else []
    groups = groups or {}
    return [from_annotation(d.stem, d.text, d.annotation, group=groups.get(d.stem, d.stem)) for d in docs]


def load_corpus(corpus: Path, spans: Path = Path("annotations/spans"),
                splits: Path = Path("annotations/splits.json")) -> list[Example]:
    """Every annotated real report, grouped by its issuing body as the split file records it."""
    from training.folds import document_groups

    return load_real(spans, corpus, groups=document_groups(splits))


def on_split(examples: list[Example], split: str, splits: Path = Path("annotations/splits.json")) -> list[Example]:
    """The examples of one split (train, dev, test) of the split file, or all of them for `all`."""
    from training.splits import read_splits

    if split == "all":
        return examples
    stems = set(read_splits(splits).get(split, []))
    if not stems:
        raise ValueError(f"no split {split!r} in {splits}")
    return [e for e in examples if e.stem in stems]


def load_synthetic(n: int, seed: int, families: bool | float = False) -> list[Example]:
    """n synthetic reports (training only), generated in memory; same (n, seed, families), same documents.
    `families`: the share of them written with the phrasing families read across China (True: all)."""
    import random

    from training.augment import synth_document

    share = float(families)
    out = []
    for i in range(n):
        doc = synth_document(i, seed, share >= 1.0 or random.Random(f"share-{seed}-{i}").random() < share)
        ann = AnnotationFile.model_validate(doc.annotation)
        out.append(from_annotation(Path(doc.name).stem, doc.text, ann, synthetic=True, group="synthetic"))
    return out
