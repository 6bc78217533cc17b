"""Decoding that never emits an invalid BIO sequence: Viterbi over per-character log-probabilities where
I-X may only follow B-X or I-X."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from evaluation.entities import NER_TAGS

_NEG = -1e9


@lru_cache(maxsize=4)
def transition_mask(tags: tuple[str, ...] = NER_TAGS) -> tuple[np.ndarray, np.ndarray]:
    """(allowed start scores, allowed transition scores): 0 where allowed, a large negative where not."""
    n = len(tags)
    start = np.zeros(n)
    trans = np.zeros((n, n))
    for j, t in enumerate(tags):
        if t.startswith("I-"):
            start[j] = _NEG
            for i, prev in enumerate(tags):
                if prev[2:] != t[2:] or prev == "O":
                    trans[i, j] = _NEG
    return start, trans


def viterbi(log_probs: np.ndarray, tags: tuple[str, ...] = NER_TAGS) -> list[int]:
    """Best valid tag path for a (length, n_tags) array of log-probabilities."""
    length = log_probs.shape[0]
    if length == 0:
        return []
    start, trans = transition_mask(tags)
    score = log_probs[0] + start
    back = np.zeros((length, len(tags)), dtype=np.int32)
    for i in range(1, length):
        cand = score[:, None] + trans  # previous tag × current tag
        back[i] = cand.argmax(axis=0)
        score = cand.max(axis=0) + log_probs[i]
    path = [int(score.argmax())]
    for i in range(length - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return path[::-1]
