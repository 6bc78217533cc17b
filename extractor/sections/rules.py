"""Baseline: the heading and table-region rules (heading_rules.py, also `xxgk annotate suggest`'s) behind the section
model interface, so the evaluation scores them exactly like the learned model."""

from __future__ import annotations

from pathlib import Path

from extractor.document import Document
from extractor.mentions import Mention
from extractor.sections.heading_rules import heading_sections
from extractor.model_folder import write_config


class RuleSections:
    kind = "section-rules"

    def predict(self, text: str) -> list[Mention]:
        return heading_sections(text, Document.of_normalized_text(text))

    def save(self, folder: Path) -> None:
        write_config(folder, {"kind": self.kind})

    @classmethod
    def load(cls, folder: Path | str) -> RuleSections:
        return cls()  # nothing learned
