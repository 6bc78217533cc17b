"""What a tagger or a section model finds in a text: a labelled character range, and the BIO tags over
characters that encode it (SPEC §6). The runtime's own types, so that inference needs no scoring library; the
evaluation scores the same tags with seqeval (evaluation/entities.py), whose strict IOB2 reading `decode` follows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from extractor.spec import ENTITY_LABELS, coarse_section

OUTSIDE = "O"
# Index 0 is O; then B-/I- per label in the order of the spec, so the ids are stable across exports.
NER_TAGS: tuple[str, ...] = (OUTSIDE, *(f"{prefix}-{label}" for label in ENTITY_LABELS for prefix in "BI"))


@dataclass(frozen=True, order=True)
class Mention:
    """An entity: where it is and what it is. `confidence` is the model's own probability for it (the mean
    marginal of its tags, times a second stage's where one relabelled it), not yet calibrated; it takes no part
    in equality or order, so a prediction matches its gold span whatever its score."""

    start: int
    end: int
    label: str
    confidence: float | None = field(default=None, compare=False)

    def as_label(self, label: str, probability: float | None = None) -> Mention:
        """The same span read as `label`; `probability`, where a later stage gives one for that reading, multiplies
        the confidence."""
        confidence = self.confidence
        if confidence is not None and probability is not None:
            confidence = round(confidence * probability, 4)
        return Mention(self.start, self.end, label, confidence)

    def moved(self, start: int, end: int) -> Mention:
        return Mention(start, end, self.label, self.confidence)


def decode(tags: Sequence[str]) -> list[Mention]:
    """Entities of a tag sequence, read the strict IOB2 way: B-X opens X, I-X continues only an open X, anything
    else closes it; an I- that continues nothing opens nothing."""
    out: list[Mention] = []
    open_at, label = -1, ""
    for i, tag in enumerate([*tags, OUTSIDE]):
        if open_at >= 0 and not (tag.startswith("I-") and tag[2:] == label):
            out.append(Mention(open_at, i, label))
            open_at = -1
        if tag.startswith("B-"):
            open_at, label = i, tag[2:]
    return out


class Labelled(Protocol):
    """Anything with a character range and a label: annotation spans, predictions, decoded mentions."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...


def bio_tags(mentions: Iterable[Labelled], length: int) -> list[str]:
    """One tag per character; adjacent entities stay apart because each opens with B-."""
    tags = [OUTSIDE] * length
    for m in mentions:
        tags[m.start] = f"B-{m.label}"
        tags[m.start + 1:m.end] = [f"I-{m.label}"] * (m.end - m.start - 1)
    return tags


def section_tags(sections: Iterable[Labelled], length: int, fine: bool = False) -> list[str | None]:
    """The section label of every character; None where no section covers it (whitespace between sections);
    `overview.*` collapses to `overview` unless the fine labels are asked for."""
    tags: list[str | None] = [None] * length
    for s in sections:
        label = s.label if fine else coarse_section(s.label)
        tags[s.start:s.end] = [label] * (s.end - s.start)
    return tags
