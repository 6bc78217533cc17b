"""A model's score on the dev split, for its training log: the same strict entity F1 and section macro F1 every
evaluation uses (SPEC §7)."""

from __future__ import annotations

from evaluation.entities import bio_tags, score_entities
from evaluation.sections import score_sections, section_tags
from training.examples import Example
from training.recipes import context_of


def dev_entity_f1(tagger, dev: list[Example]) -> float:
    gold = [bio_tags(e.entities, len(e.text)) for e in dev]
    pred = [bio_tags(tagger.predict(e.text, context_of(e)), len(e.text)) for e in dev]
    return score_entities(gold, pred).micro.f1


def dev_section_f1(model, dev: list[Example]) -> float:
    gold = [section_tags(e.sections, len(e.text)) for e in dev]
    pred = [section_tags(model.predict(e.text), len(e.text)) for e in dev]
    return score_sections(gold, pred).macro_f1


def dev_score_for(task: str):
    return dev_entity_f1 if task == "tagger" else dev_section_f1
