"""`n.*` field scores (SPEC §7) from held-out predictions: the tagger's cross-validated entities (and the section
model's cross-validated sections) go through the same post-processor as `xxgk extract` (reconcile/narrative.py),
with the report's own parsed tables, and are scored against annotations/gold. No report here was seen by the model
that tagged it."""

from __future__ import annotations

from pathlib import Path

from evaluation.fields import FieldScores, gold_of, load_gold, score_documents
from evaluation.runs import from_rows
from extractor.reconcile.narrative import narrative_fields
from extractor.tables.parser import parse_tables
from training.examples import Example


def narrative_predictions(entity_preds: dict, section_preds: dict | None, real: list[Example],
                          tables: bool = True, relabel: bool = True) -> dict[str, dict]:
    """`tables=False` hides the parsed tables from the post-processor (no agreement, no second stage)."""
    by_stem = {e.stem: e for e in real}
    out: dict[str, dict] = {}
    for stem, row in entity_preds["documents"].items():
        e = by_stem[stem]
        sections = from_rows(section_preds["documents"][stem]["sections"]) if section_preds else None
        fields = parse_tables(e.text).fields() if tables else {}
        chosen = narrative_fields(from_rows(row.get("entities", [])), e.text, sections, fields, relabel)
        out[stem] = {k: v.value for k, v in chosen.items()}
    return out


def narrative_scores(entity_preds: dict, section_preds: dict | None, real: list[Example],
                     gold_dir: Path = Path("annotations/gold"), tables: bool = True, relabel: bool = True) -> FieldScores:
    """Only the `n.*` keys of the documents the predictions cover."""
    predicted = narrative_predictions(entity_preds, section_preds, real, tables, relabel)
    every = load_gold(gold_dir)
    gold = {stem: {k: v for k, v in fields.items() if k.startswith("n.")}
            for stem in predicted if (fields := gold_of(every, stem)) is not None}
    return score_documents(gold, predicted)
