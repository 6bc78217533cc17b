"""Section scoring of SPEC §7: per character, F1 per label, macro-averaged over labels; `overview.*` collapses to
`overview` unless the fine labels are asked for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from evaluation.entities import in_spec_order
from evaluation.fields import Counts
from extractor.mentions import section_tags  # noqa: F401  (the runtime's codec, re-exported)
from extractor.spec import SECTION_LABELS


@dataclass
class SectionScores:
    per_label: dict[str, Counts] = field(default_factory=dict)
    characters: int = 0  # characters scored
    correct: int = 0

    @property
    def macro_f1(self) -> float:
        return sum(c.f1 for c in self.per_label.values()) / len(self.per_label) if self.per_label else 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.characters if self.characters else 0.0

    def as_dict(self) -> dict:
        return {
            "macro_f1": self.macro_f1, "accuracy": self.accuracy, "characters": self.characters,
            "per_label": {k: {"precision": c.precision, "recall": c.recall, "f1": c.f1, "support": c.tp + c.fn}
                          for k, c in self.per_label.items()},
        }


def score_sections(gold: Sequence[Sequence[str | None]], predicted: Sequence[Sequence[str | None]]) -> SectionScores:
    """Characters the gold leaves unlabelled are not scored (only whitespace may be); a predicted gap is a miss."""
    if len(gold) != len(predicted) or any(len(g) != len(p) for g, p in zip(gold, predicted)):
        raise ValueError("gold and predicted section sequences differ in number or length")
    scores = SectionScores()
    for g_doc, p_doc in zip(gold, predicted):
        for g, p in zip(g_doc, p_doc):
            if g is not None:
                _count(scores, g, p)
    scores.per_label = {label: scores.per_label[label] for label in in_spec_order(scores.per_label, SECTION_LABELS)}
    return scores


def _count(scores: SectionScores, gold: str, predicted: str | None) -> None:
    scores.characters += 1
    if gold == predicted:
        scores.correct += 1
        scores.per_label.setdefault(gold, Counts()).tp += 1
        return
    scores.per_label.setdefault(gold, Counts()).fn += 1
    if predicted is not None:
        scores.per_label.setdefault(predicted, Counts()).fp += 1
