"""Example errors of a comparison: the places where some system disagrees with the gold, sampled per kind, each
with every system's call at that place and at most CONTEXT characters of text either side."""

from __future__ import annotations

import numpy as np

from evaluation.comparison.results import Call, DocumentResult, ErrorExample
from evaluation.entities import Mention

CONTEXT = 12  # characters of document text shown on each side of an example, never more
SPAN_TEXT = 20  # the example's own text is cut to this many characters (an ellipsis included)
EXAMPLES_PER_KIND = 10  # error examples sampled per kind
EXAMPLE_KINDS = ("missed", "wrong label", "spurious")


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

