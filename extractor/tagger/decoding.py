"""Decoding that never emits an invalid BIO sequence: Viterbi over per-character log-probabilities where
I-X may only follow B-X or I-X."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from extractor.mentions import NER_TAGS

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


def viterbi_batch(log_probs: np.ndarray, lengths: list[int], tags: tuple[str, ...] = NER_TAGS) -> list[list[int]]:
    """`viterbi` for a batch of sequences at once ((batch, time, n_tags), each row valid up to its length): the
    recursion runs over time for all rows together, which is what makes decoding cheap next to the network."""
    batch, width, n = log_probs.shape
    if batch == 0 or width == 0:
        return [[] for _ in range(batch)]
    start, trans = transition_mask(tags)
    lengths_arr = np.asarray(lengths)
    score = log_probs[:, 0] + start
    back = np.zeros((batch, width, n), dtype=np.int32)
    for t in range(1, width):
        cand = score[:, :, None] + trans[None]
        best = cand.argmax(axis=1)
        new = np.take_along_axis(cand, best[:, None, :], axis=1)[:, 0] + log_probs[:, t]
        live = (t < lengths_arr)[:, None]
        back[:, t] = best
        score = np.where(live, new, score)
    # Backtrack all rows together: each row starts from its best last tag at its own length.
    rows = np.arange(batch)
    last = np.maximum(lengths_arr - 1, 0)
    path = np.zeros((batch, width), dtype=np.int64)
    path[rows, last] = score.argmax(axis=1)
    for t in range(width - 1, 0, -1):
        inside = t <= last  # rows whose sequence reaches t: their tag at t - 1 comes from the backpointer
        prev = back[rows, t, path[rows, t]]
        path[:, t - 1] = np.where(inside, prev, path[:, t - 1])
    return [path[b, : int(lengths[b])].tolist() for b in range(batch)]
