"""Grouped cross-validation folds over the real reports: one issuing body never straddles folds (its reports share
wording and carried-over numbers), and synthetic documents only ever join the training side."""

from __future__ import annotations

import json
from pathlib import Path


def document_groups(splits_file: Path) -> dict[str, str]:
    """stem → issuing body, as `annotations/splits.json` records it."""
    return json.loads(Path(splits_file).read_text(encoding="utf-8"))["documents"]


def grouped_folds(stems: list[str], groups: dict[str, str], k: int) -> list[list[str]]:
    """k held-out sets of stems: bodies placed largest first into the currently smallest fold (ties: lowest
    index), bodies of equal size in name order; deterministic, and independent of the order of `stems`."""
    by_group: dict[str, list[str]] = {}
    for s in sorted(stems):
        by_group.setdefault(groups.get(s, s), []).append(s)
    folds: list[list[str]] = [[] for _ in range(min(k, len(by_group)))]
    for _, members in sorted(by_group.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        smallest = min(range(len(folds)), key=lambda i: (len(folds[i]), i))
        folds[smallest] += members
    return [sorted(f) for f in folds]
