"""Baseline: the phrase rules of `xxgk annotate suggest` (training/suggest.py) behind the tagger interface, so
the evaluation scores them exactly like the learned taggers."""

from __future__ import annotations

from pathlib import Path

from extractor.mentions import Mention
from extractor.document import Document
from extractor.tagger.base import write_config
from extractor.tagger.context import TableContext


class RuleTagger:
    kind = "rules"

    def predict(self, text: str, context: TableContext | None = None) -> list[Mention]:
        from training.suggest import suggest_entities

        doc = Document.of_normalized_text(text)  # the rules read offsets through a Document
        return [Mention(e.start, e.end, e.label) for e in suggest_entities(text, doc)]

    def save(self, folder: Path) -> None:
        write_config(folder, {"kind": self.kind})
