"""Bootstrap over documents, vectorized: a resample is a row of weights (how often each document was drawn), so the
counts of every resample are one matrix product of the weights with the per-document tp/fp/fn counts.

Every statistic of one comparison is computed on the same weights, which makes differences between systems paired
(both systems are scored on the same resampled documents).
"""

from __future__ import annotations

import numpy as np

CONFIDENCE = 0.95


def resample_weights(n_documents: int, n_boot: int, seed: int) -> np.ndarray:
    """(n_boot, n_documents) integer weights: row i says how many times each document is in resample i.

    Drawn as n_documents indices with replacement per resample (the classic bootstrap), from `seed` alone.
    """
    if n_documents < 1 or n_boot < 1:
        raise ValueError("the bootstrap needs at least one document and one resample")
    rng = np.random.default_rng(seed)
    drawn = rng.integers(0, n_documents, size=(n_boot, n_documents))
    offsets = np.arange(n_boot)[:, None] * n_documents
    return np.bincount((drawn + offsets).ravel(), minlength=n_boot * n_documents).reshape(n_boot, n_documents)


def resampled(weights: np.ndarray, per_document: np.ndarray) -> np.ndarray:
    """Sum per-document counts (n_documents, ...) over each resample: (n_boot, ...)."""
    flat = per_document.reshape(per_document.shape[0], -1)
    return (weights @ flat).reshape((weights.shape[0], *per_document.shape[1:]))


def f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    """2tp / (2tp + fp + fn), which is 2PR/(P+R); 0 where nothing was counted (as `Counts.f1`)."""
    tp, fp, fn = (np.asarray(x, dtype=float) for x in (tp, fp, fn))
    denominator = 2 * tp + fp + fn
    return np.divide(2 * tp, denominator, out=np.zeros_like(denominator), where=denominator > 0)


def f1_where_counted(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    """F1 as `f1`, but NaN where nothing was counted: a resample that holds no gold and no predicted instance of a
    label says nothing about that label's F1 (it is not an F1 of 0)."""
    tp, fp, fn = (np.asarray(x, dtype=float) for x in (tp, fp, fn))
    denominator = 2 * tp + fp + fn
    return np.divide(2 * tp, denominator, out=np.full_like(denominator, np.nan), where=denominator > 0)


def macro_f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    """Mean F1 over the labels (last axis) that were counted at all, as `SectionScores.macro_f1` averages."""
    scores = f1(tp, fp, fn)
    present = (np.asarray(tp) + np.asarray(fp) + np.asarray(fn)) > 0
    n = present.sum(axis=-1)
    return np.divide((scores * present).sum(axis=-1), n, out=np.zeros(n.shape, dtype=float), where=n > 0)


def percentile_interval(samples: np.ndarray, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """The percentile bootstrap interval: the (1-confidence)/2 and (1+confidence)/2 quantiles of the samples."""
    samples = np.asarray(samples, dtype=float)
    tail = round(50 * (1 - confidence), 10)  # 2.5 for 95%, not 2.5000000000000022
    low, high = np.percentile(samples, [tail, 100 - tail])
    # A constant statistic gives back exactly that constant (interpolation could add rounding noise otherwise).
    lo, hi = float(np.min(samples)), float(np.max(samples))
    return (lo, hi) if lo == hi else (float(low), float(high))


def paired_difference(a: np.ndarray, b: np.ndarray,
                      confidence: float = CONFIDENCE) -> tuple[tuple[float, float], float, float]:
    """b - a over the same resamples: its percentile interval, the share of resamples where b <= a and where a <= b."""
    delta = np.asarray(b, dtype=float) - np.asarray(a, dtype=float)
    return percentile_interval(delta, confidence), float(np.mean(delta <= 0)), float(np.mean(delta >= 0))
