"""Baseline: the phrase rules (phrase_rules.py, also `xxgk annotate suggest`'s) behind the tagger interface, so
the evaluation scores them exactly like the learned taggers."""

from __future__ import annotations

from pathlib import Path

from extractor.document import Document
from extractor.mentions import Mention
from extractor.tagger.phrase_rules import phrase_entities
from extractor.model_folder import write_config
from extractor.tagger.context import TableContext


class RuleTagger:
    kind = "rules"

    def predict(self, text: str, context: TableContext | None = None) -> list[Mention]:
        return phrase_entities(text, Document.of_normalized_text(text))  # the rules read offsets through a Document

    def save(self, folder: Path) -> None:
        write_config(folder, {"kind": self.kind})

    @classmethod
    def load(cls, folder: Path | str) -> RuleTagger:
        return cls()  # nothing learned
