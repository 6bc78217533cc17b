"""Extraction configurations compared on the fields (SPEC §7): folders of `xxgk extract` outputs (with or without
models, text or OCR path, two versions of the tool) scored against the same gold, per table, with percentile
bootstrap intervals over documents and paired differences between every two configurations (the same resampled
documents for both). Reuses the counts of evaluation/fields.py and the bootstrap of evaluation/bootstrap.py."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np

from evaluation import bootstrap
from evaluation.fields import GROUPS, load_gold, load_predictions, score_documents

ALL = "overall"


@dataclass
class ConfigScore:
    name: str
    f1: dict[str, float]  # per table and overall
    ci: dict[str, tuple[float, float]]
    counts: dict[str, tuple[int, int, int]]  # tp, fp, fn


@dataclass
class ConfigDelta:
    a: str
    b: str
    table: str
    delta: float  # b - a
    ci: tuple[float, float]
    real: bool


def _per_document(gold: dict, predicted: dict, documents: list[str]) -> np.ndarray:
    """(documents, groups + overall, 3) tp/fp/fn."""
    out = np.zeros((len(documents), len(GROUPS) + 1, 3), dtype=np.int64)
    for i, doc in enumerate(documents):
        s = score_documents({doc: gold[doc]}, {doc: predicted.get(doc, {})})
        for j, g in enumerate(GROUPS):
            c = s.groups[g]
            out[i, j] = (c.tp, c.fp, c.fn)
        out[i, -1] = (s.overall.tp, s.overall.fp, s.overall.fn)
    return out


def compare_configurations(gold_dir: Path, outputs: dict[str, Path], n_boot: int = 1000, seed: int = 0
                           ) -> tuple[list[ConfigScore], list[ConfigDelta], list[str]]:
    """Every configuration on the documents all of them produced (those missing from one are left out and named)."""
    gold = load_gold(gold_dir)
    predicted = {name: load_predictions(folder) for name, folder in outputs.items()}
    documents = sorted(d for d in gold if all(d in p for p in predicted.values()))
    if not documents:
        raise ValueError("no gold document has an output in every folder")
    left_out = sorted(d for d in gold if d not in documents and any(d in p for p in predicted.values()))
    weights = bootstrap.resample_weights(len(documents), n_boot, seed)
    names = [*GROUPS, ALL]
    scores, samples = [], {}
    for name, preds in predicted.items():
        counts = _per_document(gold, preds, documents)
        total = counts.sum(axis=0)
        boot = bootstrap.resampled(weights, counts)  # (n_boot, groups, 3)
        f1s = bootstrap.f1(boot[..., 0], boot[..., 1], boot[..., 2])
        samples[name] = f1s
        point = bootstrap.f1(total[:, 0], total[:, 1], total[:, 2])
        scores.append(ConfigScore(
            name, {g: float(point[j]) for j, g in enumerate(names)},
            {g: bootstrap.percentile_interval(f1s[:, j]) for j, g in enumerate(names)},
            {g: tuple(int(x) for x in total[j]) for j, g in enumerate(names)}))
    deltas = []
    for a, b in combinations(predicted, 2):
        sa, sb = {s.name: s for s in scores}[a], {s.name: s for s in scores}[b]
        for j, g in enumerate(names):
            if sum(sa.counts[g]) + sum(sb.counts[g]) == 0:
                continue
            ci, _, _ = bootstrap.paired_difference(samples[a][:, j], samples[b][:, j])
            deltas.append(ConfigDelta(a, b, g, sb.f1[g] - sa.f1[g], ci, not ci[0] <= 0.0 <= ci[1]))
    return scores, deltas, left_out
