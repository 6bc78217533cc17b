"""Baseline: the heading and table-region rules of `xxgk annotate suggest` (training/suggest.py) behind the section
model interface, so the evaluation scores them exactly like the learned model."""

from __future__ import annotations

from pathlib import Path

from extractor.mentions import Mention
from extractor.document import Document
from extractor.tagger.base import write_config


class RuleSections:
    kind = "section-rules"

    def predict(self, text: str) -> list[Mention]:
        from training.suggest import suggest_sections

        doc = Document.of_normalized_text(text)
        return [Mention(s.start, s.end, s.label) for s in suggest_sections(text, doc)]

    def save(self, folder: Path) -> None:
        write_config(folder, {"kind": self.kind})
