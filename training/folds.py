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


def document_provinces(provinces_file: Path = Path("annotations/provinces.json")) -> dict[str, str]:
    """stem → province of its issuing body (annotations/provinces.json)."""
    return json.loads(Path(provinces_file).read_text(encoding="utf-8"))["documents"]


def province_folds(stems: list[str], provinces: dict[str, str]) -> list[list[str]]:
    """One held-out set per province: the models are scored on places they were not trained on (a report without a
    province is a place of its own)."""
    return grouped_folds(stems, provinces, len({provinces.get(s, s) for s in stems}))
