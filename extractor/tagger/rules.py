"""Baseline: the phrase rules of `xxgk annotate suggest` (training/suggest.py) behind the tagger interface, so
the evaluation scores them exactly like the learned taggers."""

from __future__ import annotations

from pathlib import Path

from evaluation.entities import Mention
from extractor.document import Document
from extractor.tagger.base import write_config
from extractor.tagger.context import TableContext


class RuleTagger:
    kind = "rules"

    def predict(self, text: str, context: TableContext | None = None) -> list[Mention]:
        from training.suggest import suggest_entities

        # The rules read offsets through a Document; on already normalized text the map is the identity.
        doc = Document(source=Path("<text>"), text=text, offsets=tuple(range(len(text) + 1)), encoding="utf-8",
                       format="txt")
        return [Mention(e.start, e.end, e.label) for e in suggest_entities(text, doc)]

    def save(self, folder: Path) -> None:
        write_config(folder, {"kind": self.kind})
