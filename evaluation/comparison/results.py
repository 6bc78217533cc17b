"""The comparison's input (one `SystemRun` of `DocumentResult`s per system) and output (`Comparison`) types: plain
data, no logic beyond looking a system or a pair up."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from evaluation.bootstrap import CONFIDENCE
from evaluation.entities import Mention

# ---- input -------------------------------------------------------------------------------------------------------


@dataclass
class DocumentResult:
    """One document scored by one system."""

    document: str  # stem, e.g. "p005"
    text: str  # the document text the offsets index (only used for short snippets)
    gold_entities: list[Mention]
    pred_entities: list[Mention]
    gold_sections: list[str | None]  # coarse section label per character (None = unscored whitespace)
    pred_sections: list[str | None]  # may be empty lists when the system has no section model
    fold: int | None = None  # cross-validation fold the document was held out in


@dataclass
class SystemRun:
    name: str  # e.g. "transformer", "crf", "rules"
    documents: list[DocumentResult]
    model_bytes: int | None = None
    chars_per_s: float | None = None


# ---- output ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """P/R/F1 of summed counts, with the percentile bootstrap interval of the F1."""

    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    f1_ci: tuple[float, float]

    @property
    def support(self) -> int:
        return self.tp + self.fn


@dataclass
class EntityResult:
    strict: Score  # micro, span and label must match (seqeval strict)
    span: Score  # micro, span only
    per_label: dict[str, Score]  # labels the gold or the system used, in spec order
    confusion: Confusion | None = None  # mentions matched by exact span; None: no entity (missed or spurious)


@dataclass
class Confusion:
    """Characters (sections) or mentions (entities) by gold label (rows) and predicted label (columns); None: no
    section predicted / no entity on that span."""

    gold: list[str | None]
    predicted: list[str | None]
    matrix: list[list[int]]


@dataclass
class SectionResult:
    macro_f1: float
    macro_f1_ci: tuple[float, float]
    accuracy: float
    accuracy_ci: tuple[float, float]
    characters: int
    correct: int
    per_label: dict[str, Score]
    confusion: Confusion


@dataclass
class FoldScores:
    fold: int
    documents: int
    entity_f1: float
    span_f1: float
    section_macro_f1: float | None


@dataclass
class FoldSummary:
    """Scores per cross-validation fold, and their mean and population standard deviation (ddof=0) over folds."""

    folds: list[FoldScores]
    mean: dict[str, float]  # keys: entity_f1, span_f1, section_macro_f1 (when the system has sections)
    std: dict[str, float]


@dataclass
class SystemResult:
    name: str
    documents: int
    characters: int
    entities: EntityResult
    sections: SectionResult | None  # None: the system has no section model (or the gold has no sections)
    folds: FoldSummary | None  # None: the documents carry no fold
    model_bytes: int | None = None
    chars_per_s: float | None = None


@dataclass(frozen=True)
class PairedDelta:
    """b - a of one statistic over the same bootstrap resamples."""

    metric: str
    a: float
    b: float
    delta: float
    ci: tuple[float, float]
    share_b_le_a: float  # share of resamples where b <= a: p-value-like for "b is better"
    share_a_le_b: float
    real: bool  # the interval excludes 0

    def flipped(self) -> PairedDelta:
        return PairedDelta(self.metric, self.b, self.a, 0.0 - self.delta, (0.0 - self.ci[1], 0.0 - self.ci[0]),
                           self.share_a_le_b, self.share_b_le_a, self.real)


@dataclass
class Pairwise:
    a: str
    b: str
    entity_f1: PairedDelta
    span_f1: PairedDelta
    section_macro_f1: PairedDelta | None  # None unless both systems have sections
    entity_labels: dict[str, PairedDelta]
    section_labels: dict[str, PairedDelta]

    def flipped(self) -> Pairwise:
        return Pairwise(self.b, self.a, self.entity_f1.flipped(), self.span_f1.flipped(),
                        self.section_macro_f1.flipped() if self.section_macro_f1 else None,
                        {k: v.flipped() for k, v in self.entity_labels.items()},
                        {k: v.flipped() for k, v in self.section_labels.items()})


@dataclass(frozen=True)
class Call:
    """What one system predicted at an example's place: outcome and its mentions there (with their short texts)."""

    outcome: str  # correct, missed, wrong label, boundary, spurious, nothing (no prediction at a spurious place)
    mentions: tuple[Mention, ...] = ()
    texts: tuple[str, ...] = ()


@dataclass
class ErrorExample:
    document: str
    start: int
    end: int
    kind: str  # one of errors.EXAMPLE_KINDS
    gold: str | None  # the gold label there, None for a spurious prediction
    left: str  # at most errors.CONTEXT characters before
    text: str  # the span itself, at most errors.SPAN_TEXT characters
    right: str  # at most errors.CONTEXT characters after
    calls: dict[str, Call]  # system name → what it predicted


@dataclass
class Comparison:
    systems: dict[str, SystemResult]  # in the order of the runs
    pairs: list[Pairwise]  # every two systems, (a, b) in the order of the runs
    examples: list[ErrorExample]
    documents: list[str]
    entity_labels: list[str]
    section_labels: list[str]
    n_boot: int
    seed: int
    confidence: float = CONFIDENCE
    verdict: Verdict | None = None  # set when the comparison was asked whether a candidate may replace the shipped one

    def system(self, name: str) -> SystemResult:
        if name not in self.systems:
            raise KeyError(f"no system {name!r} in the comparison (have: {', '.join(self.systems)})")
        return self.systems[name]

    def pair(self, a: str, b: str) -> Pairwise:
        """The comparison of b against a (delta = b - a), whichever order it was computed in."""
        self.system(a), self.system(b)
        for p in self.pairs:
            if (p.a, p.b) == (a, b):
                return p
            if (p.a, p.b) == (b, a):
                return p.flipped()
        raise KeyError(f"no pair {a!r}, {b!r}")

    def as_dict(self) -> dict:
        out = dataclasses.asdict(self)
        if out["verdict"] is None:  # a comparison without a verdict reads as it always did
            del out["verdict"]
        return out


@dataclass
class Verdict:
    ok: bool
    lines: list[str] = field(default_factory=list)  # the decision first, then the differences it rests on
    shipped: str = ""
    candidate: str = ""
    notes: list[str] = field(default_factory=list)  # what the reader must know beside the numbers (data left out)



@dataclass
class Counted:
    """One system's per-document counts, aligned with the comparison's documents and labels (what the bootstrap
    resamples)."""

    run: SystemRun
    docs: list[DocumentResult]
    predicted: list[list[Mention]]  # decoded as scored
    strict: np.ndarray  # (docs, 3) tp fp fn
    span: np.ndarray  # (docs, 3)
    labels: np.ndarray  # (docs, entity labels, 3)
    sections: np.ndarray | None  # (docs, section labels, 3)
    correct: np.ndarray | None  # (docs,) characters right
    characters: np.ndarray | None  # (docs,) characters scored
    confusion: Counter | None
