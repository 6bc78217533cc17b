"""The comparison's bootstrap: every system's per-document counts resampled by document on the same resamples
(`n_boot` rows of weights from `seed`, evaluation/bootstrap.py), so that a difference between two systems is
paired; percentile intervals of each score and of each difference."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evaluation import bootstrap
from evaluation.comparison.results import Counted, PairedDelta, Pairwise, SystemResult


@dataclass
class Boot:
    """One system's statistics over every resample."""

    strict: np.ndarray
    span: np.ndarray
    labels: np.ndarray  # (n_boot, entity labels); NaN where the resample holds no instance of the label
    label_gold: np.ndarray  # (n_boot, entity labels): the resample holds a gold instance of the label
    macro: np.ndarray | None = None
    accuracy: np.ndarray | None = None
    section_labels: np.ndarray | None = None
    section_gold: np.ndarray | None = None


def _boot_f1(weights: np.ndarray, counts: np.ndarray) -> np.ndarray:
    summed = bootstrap.resampled(weights, counts)
    return bootstrap.f1(summed[..., 0], summed[..., 1], summed[..., 2])


def _label_f1(weights: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-label F1 of every resample, NaN where the resample holds no instance of the label (see
    `bootstrap.f1_where_counted`), so that those resamples are left out of the label's interval; and where the
    resample holds a gold instance of it (tp + fn > 0), which the paired differences are taken over."""
    summed = bootstrap.resampled(weights, counts)
    f1 = bootstrap.f1_where_counted(summed[..., 0], summed[..., 1], summed[..., 2])
    return f1, (summed[..., 0] + summed[..., 2]) > 0


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.zeros_like(den), where=den > 0)


def bootstrapped(c: Counted, weights: np.ndarray) -> Boot:
    boot = Boot(_boot_f1(weights, c.strict), _boot_f1(weights, c.span), *_label_f1(weights, c.labels))
    if c.sections is not None:
        summed = bootstrap.resampled(weights, c.sections)
        boot.macro = bootstrap.macro_f1(summed[..., 0], summed[..., 1], summed[..., 2])
        boot.section_labels, boot.section_gold = _label_f1(weights, c.sections)
        boot.accuracy = _ratio(weights @ c.correct, weights @ c.characters)
    return boot


def interval(samples: np.ndarray) -> tuple[float, float]:
    """The percentile interval over the resamples where the statistic is defined (a label's F1 is not where the
    resample holds no instance of it); the whole range [0, 1] when it is defined in none (nothing is known)."""
    kept = samples[~np.isnan(samples)]
    return bootstrap.percentile_interval(kept) if kept.size else (0.0, 1.0)


def _delta(metric: str, a_point: float, b_point: float, a: np.ndarray, b: np.ndarray,
           where: np.ndarray | None = None) -> PairedDelta:
    """b - a over the resamples (`where`: those where the gold holds the label, so both F1 are defined); a label
    no resample holds in its gold (predicted, never in the gold) has its point difference as its interval, not
    real."""
    point = b_point - a_point
    if where is not None:
        if not where.any():
            return PairedDelta(metric, a_point, b_point, point, (point, point), float(point <= 0), float(point >= 0),
                               False)
        a, b = a[where], b[where]
    ci, b_le_a, a_le_b = bootstrap.paired_difference(a, b)
    return PairedDelta(metric, a_point, b_point, point, ci, b_le_a, a_le_b, ci[0] > 0 or ci[1] < 0)


def pairwise(ra: SystemResult, rb: SystemResult, ba: Boot, bb: Boot, entity_labels: list[str],
             section_labels: list[str]) -> Pairwise:
    """rb against ra (delta = b - a) on every headline score and every label either of them counted."""
    def labels(names: list[str], a: dict, b: dict, boot_a: np.ndarray, boot_b: np.ndarray, gold: np.ndarray,
               kind: str) -> dict:
        out = {}
        for i, label in enumerate(names):
            if label in a or label in b:
                fa = a[label].f1 if label in a else 0.0
                fb = b[label].f1 if label in b else 0.0
                out[label] = _delta(f"{kind}:{label}", fa, fb, boot_a[:, i], boot_b[:, i], gold[:, i])
        return out

    ea, eb = ra.entities, rb.entities
    pair = Pairwise(ra.name, rb.name,
                    _delta("entities micro F1", ea.strict.f1, eb.strict.f1, ba.strict, bb.strict),
                    _delta("entities span-only F1", ea.span.f1, eb.span.f1, ba.span, bb.span),
                    None, labels(entity_labels, ea.per_label, eb.per_label, ba.labels, bb.labels, ba.label_gold,
                           "entity"), {})
    if ra.sections and rb.sections:
        pair.section_macro_f1 = _delta("sections macro F1", ra.sections.macro_f1, rb.sections.macro_f1,
                                       ba.macro, bb.macro)
        pair.section_labels = labels(section_labels, ra.sections.per_label, rb.sections.per_label,
                                     ba.section_labels, bb.section_labels, ba.section_gold, "section")
    return pair
