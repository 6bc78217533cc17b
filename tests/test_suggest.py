"""`xxgk annotate suggest` on the real corpus: its files validate, and it is scored against the hand
annotations so a regression in the rules shows."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SPANS
from training.corpus import check_entities, check_sections, load_annotation, read_corpus_text
from training.suggest import suggest


def test_suggestions_are_valid_and_mostly_right(corpus: Path) -> None:
    same = suggested = 0
    for ann_path in sorted(SPANS.glob("*.json")):
        hand = load_annotation(ann_path)
        path = corpus / hand.document
        text, sha = read_corpus_text(path)
        s = suggest(path)
        assert s.sha256 == sha and s.length == len(text)
        assert check_sections(s.sections, text) == [] and check_entities(s.entities, s.sections, text) == []
        gold = {(e.start, e.end, e.label) for e in hand.entities}
        got = {(e.start, e.end, e.label) for e in s.entities}
        same += len(gold & got)
        suggested += len(got)
    # Measured 81 of 90 suggestions right (P 0.90) when the rules were written; recall is low (0.37) by design.
    assert suggested >= 60 and same / suggested >= 0.8
