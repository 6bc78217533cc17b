"""The interface every quantity tagger meets (rules, CRF, BiLSTM, transformer), so that the pipeline, the
evaluation and the comparison reports run each of them through the same code."""

from __future__ import annotations

import re
from pathlib import Path
from collections.abc import Callable
from typing import Protocol

from extractor.mentions import NER_TAGS, Mention, decode
from extractor.tagger.context import TableContext


class Tagger(Protocol):
    kind: str

    def predict(self, text: str, context: TableContext | None = None) -> list[Mention]: ...

    def save(self, folder: Path) -> None: ...


def mentions_from_chunk_tags(chunks: list[tuple[int, int]], tags: list[list[str]],
                             probabilities: list[list[float]] | None = None) -> list[Mention]:
    """Entities of each chunk's tags, in document offsets (strict IOB2 reading). `probabilities[i][j]`, where the
    model gives them, is its probability for the tag it chose at character j of chunk i (a CRF's marginal, a neural
    tagger's softmax); a mention's confidence is their mean over its characters."""
    out = []
    for i, ((start, _), chunk_tags) in enumerate(zip(chunks, tags)):
        for m in decode(chunk_tags):
            p = None
            if probabilities is not None:
                p = round(sum(probabilities[i][m.start:m.end]) / (m.end - m.start), 4)
            out.append(Mention(start + m.start, start + m.end, m.label, p))
    return out


AMOUNT_LABELS = ("PROCUREMENT_AMOUNT", "FEE_AMOUNT")
_NUMBER_CHARS = "0123456789."
_SCALE = re.compile(r"[余多]?[万亿](?!元)")


def snap_to_numbers(text: str, mentions: list[Mention]) -> list[Mention]:
    """Quantities are whole numbers: a predicted span that covers part of a number (35 of 356) is widened to the
    whole number, an amount also over the unit printed right after it (元, 万元), a count over its scale (万, 亿,
    余万: the guidelines' D8); spans that then overlap are one mention, with the label of the longest prediction
    among them."""
    widened = []
    for m in mentions:
        start, end = m.start, m.end
        if any(ch.isdigit() for ch in text[start:end]):
            while start > 0 and text[start - 1] in _NUMBER_CHARS:
                start -= 1
            while end < len(text) and text[end] in _NUMBER_CHARS:
                end += 1
            while end > start and text[end - 1] == ".":  # a sentence's full stop is not a decimal point
                end -= 1
            if m.label in AMOUNT_LABELS:
                for unit in ("万元", "元"):
                    if text.startswith(unit, end):
                        end += len(unit)
                        break
            elif scale := _SCALE.match(text, end):  # 4.86万条, 20余万条: the scale is part of the count
                end = scale.end()
        widened.append((start, end, m.end - m.start, m.label, m.confidence))
    out: list[Mention] = []
    longest: list[int] = []
    for start, end, size, label, confidence in sorted(widened, key=lambda w: w[:4]):
        if out and start < out[-1].end:
            last = out[-1]
            merged_confidence = None if last.confidence is None or confidence is None else min(last.confidence, confidence)
            out[-1] = Mention(last.start, max(last.end, end), label if size > longest[-1] else last.label, merged_confidence)
            longest[-1] = max(size, longest[-1])
        else:
            out.append(Mention(start, end, label, confidence))
            longest.append(size)
    return out


NUMERALS = re.compile(r"[0-9〇零一二两三四五六七八九十百千万]")


def finish_mentions(text: str, mentions: list[Mention], definitions: bool = True,
                    relabel: Callable[[str, list[Mention]], list[Mention]] | None = None,
                    untagged: bool = True) -> list[Mention]:
    """A learned tagger's raw spans as its output: whole numbers (a span with neither a digit nor a Chinese numeral
    is no quantity: SPEC §6 tags numbers), a second stage's labels where the model has one (`relabel`, totals.py),
    SPEC §6's label definitions (lexicon.py; `definitions=False` is the ablation that measures them) and, with
    `untagged`, the request counts, the statutory proactive total and the case counts the definitions find where
    nothing was tagged; then a proactive total the tagger missed where its tagged parts sum to it
    (totals.complete_totals)."""
    from extractor.tagger.lexicon import (a_length_of_time, apply_definitions, cases_by_definition,
                                          proactive_by_definition, requests_by_definition)
    from extractor.tagger.totals import complete_totals

    whole = [m for m in snap_to_numbers(text, mentions) if NUMERALS.search(text, m.start, m.end)]
    if relabel is not None:
        whole = relabel(text, whole)
    defined = apply_definitions(text, whole) if definitions else whole
    if definitions and untagged:
        defined = cases_by_definition(text, proactive_by_definition(text, requests_by_definition(text, defined)))
    if definitions:  # a number before 个工作日 is a length of time, whichever step tagged it
        defined = [m for m in defined if not a_length_of_time(text, m)]
    return complete_totals(text, defined)  # last: the parts it sums are the final ones


def chunk_tags(text: str, entities: list[Mention], chunks: list[tuple[int, int]]) -> list[list[str]]:
    """Gold BIO tags of each chunk (entities that fall across a chunk boundary cannot occur: chunks never
    split a number)."""
    out = []
    for s, e in chunks:
        tags = ["O"] * (e - s)
        for m in entities:
            if s <= m.start and m.end <= e:
                tags[m.start - s] = f"B-{m.label}"
                for i in range(m.start - s + 1, m.end - s):
                    tags[i] = f"I-{m.label}"
        out.append(tags)
    return out


__all__ = ["NER_TAGS", "Tagger", "mentions_from_chunk_tags", "chunk_tags", "snap_to_numbers", "finish_mentions"]
