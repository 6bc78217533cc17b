"""Entity scoring of SPEC §7: character-level BIO sequences, strict span + label matching (seqeval), micro and
per label. The same encoding feeds the training exports, so a score and a training tag mean the same thing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from seqeval.scheme import IOB2, Entities

from evaluation.fields import Counts
from extractor.mentions import NER_TAGS, OUTSIDE, Labelled, Mention, bio_tags, decode  # noqa: F401  (the runtime's codec, re-exported)
from extractor.spec import ENTITY_LABELS

SPAN_ONLY = "ENTITY"  # the one label every entity gets when only the span is compared


def in_spec_order(labels: Iterable[str], spec: Sequence[str]) -> list[str]:
    """Labels in the order the spec lists them (tables read like the spec); unknown ones last."""
    return sorted(labels, key=lambda label: (spec.index(label) if label in spec else len(spec), label))


def span_only(tags: Sequence[str]) -> list[str]:
    """Drop the label, keep the span: for agreement on *where* the numbers are."""
    return [t if t == OUTSIDE else f"{t[:2]}{SPAN_ONLY}" for t in tags]


@dataclass
class EntityScores:
    micro: Counts = field(default_factory=Counts)
    per_label: dict[str, Counts] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"micro": _counts_dict(self.micro), "per_label": {k: _counts_dict(v) for k, v in self.per_label.items()}}


def _counts_dict(c: Counts) -> dict:
    return {"precision": c.precision, "recall": c.recall, "f1": c.f1, "tp": c.tp, "fp": c.fp, "fn": c.fn,
            "support": c.tp + c.fn}


def score_entities(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> EntityScores:
    """Strict micro and per-label P/R/F1 over documents (one tag sequence each), as seqeval's strict mode counts."""
    if len(gold) != len(predicted) or any(len(g) != len(p) for g, p in zip(gold, predicted)):
        raise ValueError("gold and predicted tag sequences differ in number or length")
    gold_set = _entity_set(gold)
    pred_set = _entity_set(predicted)
    scores = EntityScores()
    for label in in_spec_order({e[1] for e in gold_set | pred_set}, ENTITY_LABELS):
        g = {e for e in gold_set if e[1] == label}
        p = {e for e in pred_set if e[1] == label}
        scores.per_label[label] = Counts(tp=len(g & p), fp=len(p - g), fn=len(g - p))
    scores.micro = Counts(tp=len(gold_set & pred_set), fp=len(pred_set - gold_set), fn=len(gold_set - pred_set))
    return scores


def _entity_set(sequences: Sequence[Sequence[str]]) -> set[tuple[int, str, int, int]]:
    """(document index, label, start, end) of every entity, by seqeval's strict IOB2 reading."""
    found = Entities([list(s) for s in sequences], IOB2, suffix=False).entities
    return {e.to_tuple() for doc in found for e in doc}
