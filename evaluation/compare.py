"""Model comparison: the SPEC §7 scores of several systems on the same documents, with bootstrap intervals over
documents, paired bootstrap differences between every two systems, example errors side by side, and a verdict on
whether a candidate may replace the shipped system.

Pure library code over an in-memory interface: whoever runs the models builds one `SystemRun` per system and calls
`compare`; `write_markdown` / `write_html` render the result, and every number they show is read from the
`Comparison`. Scoring reuses `score_entities` (strict seqeval over character BIO tags) and `score_sections`
(per character, coarse labels) document by document; the per-document tp/fp/fn counts feed the bootstrap.

The bootstrap resamples documents with replacement (`n_boot` resamples from `seed`) and recomputes micro counts;
all statistics of one comparison use the same resamples, so differences between two systems are paired.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from evaluation import bootstrap
from evaluation.entities import Mention, bio_tags, decode, in_spec_order, score_entities, span_only
from evaluation.fields import Counts
from evaluation.sections import score_sections
from extractor.spec import ENTITY_LABELS, SECTION_LABELS

CONTEXT = 12  # characters of document text shown on each side of an example, never more
SPAN_TEXT = 20  # the example's own text is cut to this many characters (an ellipsis included)
EXAMPLES_PER_KIND = 10  # error examples sampled per kind
EXAMPLE_KINDS = ("missed", "wrong label", "spurious")
NO_SECTION = "(none)"  # confusion-matrix column of characters the system left without a section


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


@dataclass
class Confusion:
    """Characters by gold label (rows) and predicted label (columns); None as a column: no section predicted."""

    gold: list[str]
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
    kind: str  # one of EXAMPLE_KINDS
    gold: str | None  # the gold label there, None for a spurious prediction
    left: str  # at most CONTEXT characters before
    text: str  # the span itself, at most SPAN_TEXT characters
    right: str  # at most CONTEXT characters after
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
    confidence: float = bootstrap.CONFIDENCE

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
        return dataclasses.asdict(self)


@dataclass
class Verdict:
    ok: bool
    lines: list[str] = field(default_factory=list)


# ---- scoring -----------------------------------------------------------------------------------------------------


@dataclass
class _Counted:
    """One system's per-document counts, aligned with the comparison's documents and labels."""

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


def _triple(c: Counts) -> tuple[int, int, int]:
    return c.tp, c.fp, c.fn


def _aligned(runs: Sequence[SystemRun]) -> tuple[list[str], list[list[DocumentResult]]]:
    if not runs:
        raise ValueError("nothing to compare")
    names = [r.name for r in runs]
    if len(set(names)) != len(names):
        raise ValueError(f"system names must differ: {names}")
    by_run = []
    for r in runs:
        docs = {d.document: d for d in r.documents}
        if len(docs) != len(r.documents):
            raise ValueError(f"{r.name}: a document is listed twice")
        for d in r.documents:
            _check(r.name, d)
        by_run.append(docs)
    documents = sorted(by_run[0])
    if not documents:
        raise ValueError("no documents")
    for r, docs in zip(runs, by_run):
        if sorted(docs) != documents:
            raise ValueError(f"{r.name} was scored on other documents than {runs[0].name}; a paired comparison "
                             f"needs the same documents")
    first = by_run[0]
    for r, docs in zip(runs[1:], by_run[1:]):
        for name in documents:
            a, b = first[name], docs[name]
            if (len(a.text) != len(b.text) or sorted(set(a.gold_entities)) != sorted(set(b.gold_entities))
                    or a.gold_sections != b.gold_sections):
                raise ValueError(f"{name}: {r.name} has another text or gold than {runs[0].name}")
    return documents, [[docs[name] for name in documents] for docs in by_run]


def _check(system: str, d: DocumentResult) -> None:
    """Offsets inside the text and one section label per character: anything else is a bug of the caller."""
    n = len(d.text)
    for kind, mentions in (("gold", d.gold_entities), ("predicted", d.pred_entities)):
        bad = [m for m in mentions if not 0 <= m.start < m.end <= n]
        if bad:
            raise ValueError(f"{system}, {d.document}: {kind} entity outside the text of {n} characters: {bad[0]}")
    for kind, sections in (("gold", d.gold_sections), ("predicted", d.pred_sections)):
        if sections and len(sections) != n:
            raise ValueError(f"{system}, {d.document}: {len(sections)} {kind} section labels for {n} characters")


def _has_sections(run: SystemRun, docs: list[DocumentResult]) -> bool:
    scored = [d for d in docs if d.gold_sections]
    if not any(d.pred_sections for d in scored):
        return False
    missing = [d.document for d in scored if not d.pred_sections]
    if missing:
        raise ValueError(f"{run.name} predicted sections for some documents but not for {', '.join(missing)}")
    return True


def _count(run: SystemRun, docs: list[DocumentResult], entity_labels: list[str], section_labels: list[str],
           per_doc: list, per_doc_sections: list | None) -> _Counted:
    """per_doc: (strict EntityScores, span-only EntityScores, decoded predictions) of each document;
    per_doc_sections: SectionScores of each document (None where the gold has no sections), or None."""
    n = len(docs)
    labels = np.zeros((n, len(entity_labels), 3), dtype=np.int64)
    strict = np.zeros((n, 3), dtype=np.int64)
    span = np.zeros((n, 3), dtype=np.int64)
    for i, (scores, span_scores, _) in enumerate(per_doc):
        strict[i] = _triple(scores.micro)
        span[i] = _triple(span_scores.micro)
        for label, c in scores.per_label.items():
            labels[i, entity_labels.index(label)] = _triple(c)
    counted = _Counted(run, docs, [p for _, _, p in per_doc], strict, span, labels, None, None, None, None)
    if per_doc_sections is not None:
        counted.sections = np.zeros((n, len(section_labels), 3), dtype=np.int64)
        counted.correct = np.zeros(n, dtype=np.int64)
        counted.characters = np.zeros(n, dtype=np.int64)
        counted.confusion = Counter()
        for i, (d, s) in enumerate(zip(docs, per_doc_sections)):
            if s is None:
                continue
            counted.correct[i], counted.characters[i] = s.correct, s.characters
            for label, c in s.per_label.items():
                counted.sections[i, section_labels.index(label)] = _triple(c)
            counted.confusion.update((g, p) for g, p in zip(d.gold_sections, d.pred_sections) if g is not None)
    return counted


def _score(counts: np.ndarray, boot_f1: np.ndarray) -> Score:
    c = Counts(*(int(x) for x in counts))
    return Score(c.tp, c.fp, c.fn, c.precision, c.recall, c.f1, bootstrap.percentile_interval(boot_f1))


def _boot_f1(weights: np.ndarray, counts: np.ndarray) -> np.ndarray:
    summed = bootstrap.resampled(weights, counts)
    return bootstrap.f1(summed[..., 0], summed[..., 1], summed[..., 2])


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.zeros_like(den), where=den > 0)


@dataclass
class _Boot:
    """One system's statistics over every resample."""

    strict: np.ndarray
    span: np.ndarray
    labels: np.ndarray  # (n_boot, entity labels)
    macro: np.ndarray | None = None
    accuracy: np.ndarray | None = None
    section_labels: np.ndarray | None = None


def _bootstrapped(c: _Counted, weights: np.ndarray) -> _Boot:
    boot = _Boot(_boot_f1(weights, c.strict), _boot_f1(weights, c.span), _boot_f1(weights, c.labels))
    if c.sections is not None:
        summed = bootstrap.resampled(weights, c.sections)
        boot.macro = bootstrap.macro_f1(summed[..., 0], summed[..., 1], summed[..., 2])
        boot.section_labels = bootstrap.f1(summed[..., 0], summed[..., 1], summed[..., 2])
        boot.accuracy = _ratio(weights @ c.correct, weights @ c.characters)
    return boot


def _present(counts: np.ndarray) -> np.ndarray:
    """Labels (axis 1 of docs × labels × 3) counted at all."""
    return counts.sum(axis=(0, 2)) > 0


def _system_result(c: _Counted, b: _Boot, entity_labels: list[str], section_labels: list[str]) -> SystemResult:
    present = _present(c.labels)
    entities = EntityResult(
        strict=_score(c.strict.sum(axis=0), b.strict),
        span=_score(c.span.sum(axis=0), b.span),
        per_label={label: _score(c.labels[:, i].sum(axis=0), b.labels[:, i])
                   for i, label in enumerate(entity_labels) if present[i]},
    )
    sections = None
    if c.sections is not None:
        present = _present(c.sections)
        per_label = {label: _score(c.sections[:, i].sum(axis=0), b.section_labels[:, i])
                     for i, label in enumerate(section_labels) if present[i]}
        characters, correct = int(c.characters.sum()), int(c.correct.sum())
        gold_rows = in_spec_order({g for g, _ in c.confusion}, SECTION_LABELS)
        columns = in_spec_order({p for _, p in c.confusion if p is not None} | set(gold_rows), SECTION_LABELS)
        predicted: list[str | None] = list(columns)
        if any(p is None for _, p in c.confusion):
            predicted.append(None)
        sections = SectionResult(
            macro_f1=sum(s.f1 for s in per_label.values()) / len(per_label) if per_label else 0.0,
            macro_f1_ci=bootstrap.percentile_interval(b.macro),
            accuracy=correct / characters if characters else 0.0,
            accuracy_ci=bootstrap.percentile_interval(b.accuracy),
            characters=characters, correct=correct, per_label=per_label,
            confusion=Confusion(gold_rows, predicted, [[c.confusion[(g, p)] for p in predicted] for g in gold_rows]),
        )
    return SystemResult(c.run.name, len(c.docs), sum(len(d.text) for d in c.docs), entities, sections,
                        _folds(c), c.run.model_bytes, c.run.chars_per_s)


def _folds(c: _Counted) -> FoldSummary | None:
    folds = [d.fold for d in c.docs]
    if all(f is None for f in folds):
        return None
    if any(f is None for f in folds):
        raise ValueError(f"{c.run.name}: some documents carry a fold and some do not")
    out = []
    for fold in sorted(set(folds)):
        rows = np.array([f == fold for f in folds])
        strict, span = c.strict[rows].sum(axis=0), c.span[rows].sum(axis=0)
        macro = None
        if c.sections is not None:
            s = c.sections[rows].sum(axis=0)
            macro = float(bootstrap.macro_f1(s[:, 0], s[:, 1], s[:, 2]))
        out.append(FoldScores(int(fold), int(rows.sum()), Counts(*map(int, strict)).f1, Counts(*map(int, span)).f1,
                              macro))
    keys = ["entity_f1", "span_f1"] + (["section_macro_f1"] if c.sections is not None else [])
    values = {k: np.array([getattr(f, k) for f in out], dtype=float) for k in keys}
    return FoldSummary(out, {k: float(v.mean()) for k, v in values.items()},
                       {k: float(v.std()) for k, v in values.items()})


def _delta(metric: str, a_point: float, b_point: float, a: np.ndarray, b: np.ndarray) -> PairedDelta:
    ci, b_le_a, a_le_b = bootstrap.paired_difference(a, b)
    return PairedDelta(metric, a_point, b_point, b_point - a_point, ci, b_le_a, a_le_b, ci[0] > 0 or ci[1] < 0)


def _pairwise(ra: SystemResult, rb: SystemResult, ba: _Boot, bb: _Boot, entity_labels: list[str], section_labels: list[str]) -> Pairwise:
    def labels(names: list[str], a: dict, b: dict, boot_a: np.ndarray, boot_b: np.ndarray, kind: str) -> dict:
        out = {}
        for i, label in enumerate(names):
            if label in a or label in b:
                fa = a[label].f1 if label in a else 0.0
                fb = b[label].f1 if label in b else 0.0
                out[label] = _delta(f"{kind}:{label}", fa, fb, boot_a[:, i], boot_b[:, i])
        return out

    ea, eb = ra.entities, rb.entities
    pair = Pairwise(ra.name, rb.name,
                    _delta("entities micro F1", ea.strict.f1, eb.strict.f1, ba.strict, bb.strict),
                    _delta("entities span-only F1", ea.span.f1, eb.span.f1, ba.span, bb.span),
                    None, labels(entity_labels, ea.per_label, eb.per_label, ba.labels, bb.labels, "entity"), {})
    if ra.sections and rb.sections:
        pair.section_macro_f1 = _delta("sections macro F1", ra.sections.macro_f1, rb.sections.macro_f1,
                                       ba.macro, bb.macro)
        pair.section_labels = labels(section_labels, ra.sections.per_label, rb.sections.per_label,
                                     ba.section_labels, bb.section_labels, "section")
    return pair


def compare(runs: list[SystemRun], n_boot: int = 1000, seed: int = 0) -> Comparison:
    """Score every system on the same documents; bootstrap intervals and paired differences from `seed`."""
    documents, aligned = _aligned(runs)
    per_doc, per_doc_sections, gold = [], [], []
    for d in aligned[0]:
        gold.append(decode(bio_tags(d.gold_entities, len(d.text))))
    for run, docs in zip(runs, aligned):
        scored = []
        for d in docs:
            g, p = bio_tags(d.gold_entities, len(d.text)), bio_tags(d.pred_entities, len(d.text))
            scored.append((score_entities([g], [p]), score_entities([span_only(g)], [span_only(p)]), decode(p)))
        per_doc.append(scored)
        if _has_sections(run, docs):
            per_doc_sections.append([score_sections([d.gold_sections], [d.pred_sections]) if d.gold_sections else None
                                     for d in docs])
        else:
            per_doc_sections.append(None)
    entity_labels = in_spec_order({label for scored in per_doc for s, _, _ in scored for label in s.per_label},
                                  ENTITY_LABELS)
    section_labels = in_spec_order({label for sections in per_doc_sections if sections for s in sections if s
                                    for label in s.per_label}, SECTION_LABELS)
    weights = bootstrap.resample_weights(len(documents), n_boot, seed)
    counted, boots, results = [], [], {}
    for run, docs, scored, sections in zip(runs, aligned, per_doc, per_doc_sections):
        c = _count(run, docs, entity_labels, section_labels, scored, sections)
        b = _bootstrapped(c, weights)
        counted.append(c)
        boots.append(b)
        results[run.name] = _system_result(c, b, entity_labels, section_labels)
    names = list(results)
    pairs = [_pairwise(results[names[i]], results[names[j]], boots[i], boots[j], entity_labels, section_labels)
             for i in range(len(names)) for j in range(i + 1, len(names))]
    examples = error_examples(aligned[0], gold, {c.run.name: c.predicted for c in counted}, seed)
    return Comparison(results, pairs, examples, documents, entity_labels, section_labels, n_boot, seed)


# ---- examples ----------------------------------------------------------------------------------------------------


def snippet(text: str, start: int, end: int) -> tuple[str, str, str]:
    """At most CONTEXT characters either side of [start, end) and the span cut to SPAN_TEXT; line breaks as ↵."""
    def clean(s: str) -> str:
        return s.replace("\r", "↵").replace("\n", "↵").replace("\t", " ")

    middle = text[start:end]
    if len(middle) > SPAN_TEXT:
        middle = middle[:SPAN_TEXT - 1] + "…"
    return clean(text[max(0, start - CONTEXT):start]), clean(middle), clean(text[end:end + CONTEXT])


def _short(text: str, m: Mention) -> str:
    return snippet(text, m.start, m.end)[1]


def _overlaps(m: Mention, start: int, end: int) -> bool:
    return m.start < end and start < m.end


def error_examples(docs: list[DocumentResult], gold: list[list[Mention]], predicted: dict[str, list[list[Mention]]],
                   seed: int = 0, per_kind: int = EXAMPLES_PER_KIND) -> list[ErrorExample]:
    """Places where some system disagrees with the gold, sampled (`per_kind` of each kind, from `seed`).

    A gold entity that some system did not get exactly is `wrong label` when a system put another label on its exact
    span, else `missed` (a system that found an overlapping span has outcome `boundary`). Predictions that overlap
    no gold entity are grouped by overlap into `spurious` places.
    """
    found: dict[str, list[ErrorExample]] = {k: [] for k in EXAMPLE_KINDS}
    for i, d in enumerate(docs):
        preds = {name: p[i] for name, p in predicted.items()}
        for g in gold[i]:
            calls = {}
            for name, p in preds.items():
                exact = [m for m in p if (m.start, m.end) == (g.start, g.end)]
                near = tuple(m for m in p if _overlaps(m, g.start, g.end))
                if exact:
                    outcome = "correct" if exact[0].label == g.label else "wrong label"
                else:
                    outcome = "boundary" if near else "missed"
                calls[name] = Call(outcome, near, tuple(_short(d.text, m) for m in near))
            outcomes = {c.outcome for c in calls.values()}
            if outcomes != {"correct"}:
                kind = "wrong label" if "wrong label" in outcomes else "missed"
                found[kind].append(_example(d, g.start, g.end, kind, g.label, calls))
        stray = sorted({m for p in preds.values() for m in p if not any(_overlaps(m, g.start, g.end) for g in gold[i])})
        groups: list[list[int]] = []
        for m in stray:
            if groups and m.start < groups[-1][1]:
                groups[-1][1] = max(groups[-1][1], m.end)
            else:
                groups.append([m.start, m.end])
        for start, end in groups:
            calls = {}
            for name, p in preds.items():
                near = tuple(m for m in p if _overlaps(m, start, end))
                calls[name] = Call("spurious" if near else "nothing", near, tuple(_short(d.text, m) for m in near))
            found["spurious"].append(_example(d, start, end, "spurious", None, calls))
    rng = np.random.default_rng(seed)
    out = []
    for kind in EXAMPLE_KINDS:
        items = found[kind]
        if len(items) > per_kind:
            items = [items[j] for j in sorted(rng.choice(len(items), size=per_kind, replace=False))]
        out.extend(items)
    return out


def _example(d: DocumentResult, start: int, end: int, kind: str, gold: str | None,
             calls: dict[str, Call]) -> ErrorExample:
    left, middle, right = snippet(d.text, start, end)
    return ErrorExample(d.document, start, end, kind, gold, left, middle, right, calls)


# ---- verdict -----------------------------------------------------------------------------------------------------


def _judge(d: PairedDelta) -> str:
    if not d.real:
        return "no real difference"
    return "better (real)" if d.delta > 0 else "worse (real)"


def _delta_line(name: str, d: PairedDelta, confidence: float) -> str:
    return (f"{name}: shipped {fmt(d.a)}, candidate {fmt(d.b)}, Δ {fmt_signed(d.delta)} "
            f"({round(confidence * 100)}% CI {fmt_ci(d.ci, signed=True)}; candidate ≤ shipped in "
            f"{fmt(d.share_b_le_a, 3)} of resamples) → {_judge(d)}")


def replacement_verdict(c: Comparison, shipped: str, candidate: str) -> Verdict:
    """May `candidate` replace `shipped`? Not when it is worse beyond the paired-bootstrap interval on entity micro
    F1 or on section macro F1 (nor when it has no section model and the shipped one has). Per-label differences are
    listed below the verdict; they do not decide it."""
    if shipped == candidate:
        raise ValueError("a system cannot replace itself")
    p = c.pair(shipped, candidate)
    s_sections, c_sections = c.system(shipped).sections, c.system(candidate).sections
    reasons = []
    if p.entity_f1.real and p.entity_f1.delta < 0:
        reasons.append(f"entity micro F1 is worse beyond the interval (Δ {fmt_signed(p.entity_f1.delta)}, "
                       f"CI {fmt_ci(p.entity_f1.ci, signed=True)})")
    if p.section_macro_f1 is not None and p.section_macro_f1.real and p.section_macro_f1.delta < 0:
        reasons.append(f"section macro F1 is worse beyond the interval (Δ {fmt_signed(p.section_macro_f1.delta)}, "
                       f"CI {fmt_ci(p.section_macro_f1.ci, signed=True)})")
    if s_sections is not None and c_sections is None:
        reasons.append(f"{candidate} has no section predictions and {shipped} has")
    pct = round(c.confidence * 100)
    if reasons:
        lines = [f"MUST NOT REPLACE: {candidate} must not replace {shipped}: " + "; ".join(reasons) + "."]
    else:
        better = [d.metric for d in (p.entity_f1, p.section_macro_f1) if d is not None and d.real and d.delta > 0]
        why = (f"better beyond the interval on {', '.join(better)}" if better else
               f"not worse beyond the {pct}% paired-bootstrap interval")
        lines = [f"MAY REPLACE: {candidate} may replace {shipped}: {why} "
                 f"({len(c.documents)} documents, {c.n_boot} resamples)."]
    lines.append(_delta_line("entities micro F1", p.entity_f1, c.confidence))
    lines.append(_delta_line("entities span-only F1 (not decisive)", p.span_f1, c.confidence))
    if p.section_macro_f1 is not None:
        lines.append(_delta_line("sections macro F1", p.section_macro_f1, c.confidence))
    for label, d in p.entity_labels.items():
        lines.append(_delta_line(f"entity {label}", d, c.confidence))
    for label, d in p.section_labels.items():
        lines.append(_delta_line(f"section {label}", d, c.confidence))
    return Verdict(not reasons, lines)


# ---- formatting (shared by the Markdown and the HTML report) ------------------------------------------------------


def fmt(x: float | None, digits: int = 4) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def fmt_signed(x: float, digits: int = 4) -> str:
    return f"{x:+.{digits}f}"


def fmt_ci(ci: tuple[float, float], signed: bool = False) -> str:
    f = fmt_signed if signed else fmt
    return f"[{f(ci[0])}, {f(ci[1])}]"


def fmt_bytes(n: int | None) -> str:
    return "—" if n is None else f"{n / 2**20:.1f} MiB"


def fmt_speed(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f}"


def call_text(call: Call) -> str:
    """A system's call at an example: its outcome and what it tagged there."""
    if not call.mentions:
        return call.outcome
    tagged = ", ".join(f"{m.label} «{t}»" for m, t in zip(call.mentions, call.texts))
    return f"{call.outcome}: {tagged}"


# ---- Markdown ----------------------------------------------------------------------------------------------------


def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("`", "'")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    out += ["| " + " | ".join(_md_cell(x) for x in row) + " |" for row in rows]
    return out + [""]


def summary_rows(c: Comparison) -> list[list[str]]:
    rows = []
    for s in c.systems.values():
        e, sec = s.entities, s.sections
        rows.append([s.name, fmt(e.strict.precision), fmt(e.strict.recall), fmt(e.strict.f1), fmt_ci(e.strict.f1_ci),
                     fmt(e.span.f1), fmt_ci(e.span.f1_ci),
                     fmt(sec.macro_f1) if sec else "—", fmt_ci(sec.macro_f1_ci) if sec else "—",
                     fmt(sec.accuracy) if sec else "—", fmt_bytes(s.model_bytes), fmt_speed(s.chars_per_s)])
    return rows


SUMMARY_HEADER = ["System", "Entity P", "Entity R", "Entity F1", "F1 95% CI", "Span F1", "Span F1 95% CI",
                  "Sections macro F1", "Macro F1 95% CI", "Sections accuracy", "Model size", "chars/s"]
LABEL_HEADER = ["Label", "P", "R", "F1", "F1 95% CI", "Support", "TP", "FP", "FN"]
PAIR_HEADER = ["A", "B", "Metric", "A", "B", "Δ (B − A)", "95% CI", "share B ≤ A", "real"]
FOLD_HEADER = ["System", "Folds", "Entity F1 mean ± std", "Span F1 mean ± std", "Sections macro F1 mean ± std"]


def label_row(label: str, s: Score) -> list[str]:
    return [label, fmt(s.precision), fmt(s.recall), fmt(s.f1), fmt_ci(s.f1_ci), str(s.support), str(s.tp),
            str(s.fp), str(s.fn)]


def pair_rows(p: Pairwise) -> list[tuple[PairedDelta, list[str]]]:
    deltas = [p.entity_f1, p.span_f1] + ([p.section_macro_f1] if p.section_macro_f1 else [])
    deltas += list(p.entity_labels.values()) + list(p.section_labels.values())
    return [(d, [p.a, p.b, d.metric, fmt(d.a), fmt(d.b), fmt_signed(d.delta), fmt_ci(d.ci, signed=True),
                 fmt(d.share_b_le_a, 3), "real" if d.real else "no"]) for d in deltas]


def has_entities(c: Comparison) -> bool:
    """Whether any gold or predicted entity was counted (a comparison of section models has none)."""
    return any(s.entities.strict.tp + s.entities.strict.fp + s.entities.strict.fn for s in c.systems.values())


def fold_cell(f: FoldSummary, key: str) -> str:
    return f"{fmt(f.mean[key])} ± {fmt(f.std[key])}" if key in f.mean else "—"


def compare_into(runs: list[SystemRun], out: Path, n_boot: int = 1000, seed: int = 0) -> Comparison:
    """`compare`, with report.md, report.html and comparison.json (every number of both) written into `out`."""
    import json

    c = compare(runs, n_boot, seed)
    out.mkdir(parents=True, exist_ok=True)
    write_markdown(c, out / "report.md")
    write_html(c, out / "report.html")
    (out / "comparison.json").write_text(json.dumps(c.as_dict(), ensure_ascii=False, indent=1) + "\n", "utf-8")
    return c


def write_markdown(c: Comparison, path: Path) -> None:
    lines = ["# Model comparison", "",
             f"{len(c.documents)} documents; {round(c.confidence * 100)}% percentile bootstrap intervals over "
             f"documents ({c.n_boot} resamples, seed {c.seed}); pairwise differences on the same resamples.", "",
             "## Summary", ""]
    lines += _md_table(SUMMARY_HEADER, summary_rows(c))
    with_folds = [s for s in c.systems.values() if s.folds]
    if with_folds:
        lines += ["## Cross-validation folds", ""]
        lines += _md_table(FOLD_HEADER, [[s.name, str(len(s.folds.folds)), fold_cell(s.folds, "entity_f1"),
                                          fold_cell(s.folds, "span_f1"), fold_cell(s.folds, "section_macro_f1")]
                                         for s in with_folds])
    if has_entities(c):
        lines += ["## Entities per label (strict)", ""]
        for s in c.systems.values():
            lines += [f"### {s.name}", ""]
            lines += _md_table(LABEL_HEADER, [label_row(k, v) for k, v in s.entities.per_label.items()]
                               + [label_row("micro", s.entities.strict), label_row("span only", s.entities.span)])
    sectioned = [s for s in c.systems.values() if s.sections]
    if sectioned:
        lines += ["## Sections per label (per character)", ""]
        for s in sectioned:
            lines += [f"### {s.name}", "", f"Macro F1 {fmt(s.sections.macro_f1)} {fmt_ci(s.sections.macro_f1_ci)}, "
                      f"accuracy {fmt(s.sections.accuracy)} {fmt_ci(s.sections.accuracy_ci)} over "
                      f"{s.sections.characters} characters.", ""]
            lines += _md_table(LABEL_HEADER, [label_row(k, v) for k, v in s.sections.per_label.items()])
            m = s.sections.confusion
            lines += [f"Confusion matrix of {s.name} (rows gold, columns predicted, characters):", ""]
            lines += _md_table(["gold \\ predicted", *(p or NO_SECTION for p in m.predicted)],
                               [[g, *map(str, row)] for g, row in zip(m.gold, m.matrix)])
    if c.pairs:
        lines += ["## Paired bootstrap", "",
                  "Δ is B − A on the same resampled documents; *share B ≤ A* is the share of resamples where B is "
                  "not better; *real* when the interval excludes 0.", ""]
        lines += _md_table(PAIR_HEADER, [row for p in c.pairs for _, row in pair_rows(p)])
    lines += ["## Example errors", "",
              f"Sampled disagreements with the gold; at most {CONTEXT} characters of context on each side.", ""]
    names = list(c.systems)
    lines += _md_table(["Document", "Offset", "Kind", "Gold", "Context", *names],
                       [[e.document, str(e.start), e.kind, e.gold or "—", f"{e.left}[{e.text}]{e.right}",
                         *(call_text(e.calls[n]) for n in names)] for e in c.examples])
    Path(path).write_text("\n".join(lines), encoding="utf-8")


def write_html(c: Comparison, path: Path) -> None:
    """A self-contained HTML report: inline SVG charts, inline CSS, no script, nothing fetched."""
    from evaluation.report_html import render_html  # matplotlib only when HTML is asked for

    Path(path).write_text(render_html(c), encoding="utf-8")
