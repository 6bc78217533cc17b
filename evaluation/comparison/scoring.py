"""Scoring for the comparison: the systems' documents aligned (same documents, same text and gold), each scored
on its own (`score_entities`: strict seqeval over character BIO tags; `score_sections`: per character, coarse
labels) into per-document tp/fp/fn counts, and those counts summed into each system's scores, per label and per
cross-validation fold, with the intervals the bootstrap gives."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from evaluation import bootstrap as resampling
from evaluation.comparison.bootstrap import Boot, interval
from evaluation.comparison.results import (Confusion, Counted, DocumentResult, EntityResult, FoldScores, FoldSummary,
                                           Score, SectionResult, SystemResult, SystemRun)
from evaluation.entities import Mention, bio_tags, decode, in_spec_order, score_entities, span_only
from evaluation.fields import Counts
from evaluation.sections import score_sections
from extractor.spec import ENTITY_LABELS, SECTION_LABELS


def _triple(c: Counts) -> tuple[int, int, int]:
    return c.tp, c.fp, c.fn


def aligned(runs: Sequence[SystemRun]) -> tuple[list[str], list[list[DocumentResult]]]:
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


def count(run: SystemRun, docs: list[DocumentResult], entity_labels: list[str], section_labels: list[str],
           per_doc: list, per_doc_sections: list | None) -> Counted:
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
    counted = Counted(run, docs, [p for _, _, p in per_doc], strict, span, labels, None, None, None, None)
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
    return Score(c.tp, c.fp, c.fn, c.precision, c.recall, c.f1, interval(boot_f1))


def _present(counts: np.ndarray) -> np.ndarray:
    """Labels (axis 1 of docs × labels × 3) counted at all."""
    return counts.sum(axis=(0, 2)) > 0


def system_result(c: Counted, b: Boot, entity_labels: list[str], section_labels: list[str]) -> SystemResult:
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
            macro_f1_ci=interval(b.macro),
            accuracy=correct / characters if characters else 0.0,
            accuracy_ci=interval(b.accuracy),
            characters=characters, correct=correct, per_label=per_label,
            confusion=Confusion(gold_rows, predicted, [[c.confusion[(g, p)] for p in predicted] for g in gold_rows]),
        )
    return SystemResult(c.run.name, len(c.docs), sum(len(d.text) for d in c.docs), entities, sections,
                        _folds(c), c.run.model_bytes, c.run.chars_per_s)


def _folds(c: Counted) -> FoldSummary | None:
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
            macro = float(resampling.macro_f1(s[:, 0], s[:, 1], s[:, 2]))
        out.append(FoldScores(int(fold), int(rows.sum()), Counts(*map(int, strict)).f1, Counts(*map(int, span)).f1,
                              macro))
    keys = ["entity_f1", "span_f1"] + (["section_macro_f1"] if c.sections is not None else [])
    values = {k: np.array([getattr(f, k) for f in out], dtype=float) for k in keys}
    return FoldSummary(out, {k: float(v.mean()) for k, v in values.items()},
                       {k: float(v.std()) for k, v in values.items()})



def score_documents(runs: Sequence[SystemRun], aligned_docs: list[list[DocumentResult]]) -> tuple[list, list, list]:
    """Every system's documents scored one by one: per system, (strict scores, span-only scores, decoded
    predictions) of each document, and its section scores per document (None for a system without sections); and
    the decoded gold entities of each document."""
    per_doc, per_doc_sections, gold = [], [], []
    for d in aligned_docs[0]:
        gold.append(decode(bio_tags(d.gold_entities, len(d.text))))
    for run, docs in zip(runs, aligned_docs):
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
    return per_doc, per_doc_sections, gold


def labels_scored(per_doc: list, per_doc_sections: list) -> tuple[list[str], list[str]]:
    """The entity and section labels any system or the gold counted, in spec order."""
    entity_labels = in_spec_order({label for scored in per_doc for s, _, _ in scored for label in s.per_label},
                                  ENTITY_LABELS)
    section_labels = in_spec_order({label for sections in per_doc_sections if sections for s in sections if s
                                    for label in s.per_label}, SECTION_LABELS)
    return entity_labels, section_labels


def entity_confusion(gold: list[list[Mention]], predicted: list[list[Mention]], labels: list[str]) -> Confusion:
    """Mentions by gold label (rows) and predicted label (columns), matched by exact span: a gold mention with no
    prediction on its exact span counts in the None column (missed, or found with other boundaries), a prediction on
    no gold span in the None row (spurious). Rows and columns: the labels counted, then None where used."""
    counts: Counter = Counter()
    for g_doc, p_doc in zip(gold, predicted):
        by_span = {(m.start, m.end): m.label for m in p_doc}
        gold_spans = {(m.start, m.end) for m in g_doc}
        counts.update((m.label, by_span.get((m.start, m.end))) for m in g_doc)
        counts.update((None, m.label) for m in p_doc if (m.start, m.end) not in gold_spans)
    used = {x for pair in counts for x in pair if x is not None}
    names: list[str | None] = [label for label in labels if label in used]
    rows = names + ([None] if any(g is None for g, _ in counts) else [])
    columns = names + ([None] if any(p is None for _, p in counts) else [])
    return Confusion(rows, columns, [[counts[(g, p)] for p in columns] for g in rows])
