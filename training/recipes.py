"""Training recipes: a config file in the repo (training/configs/*.json) says what data, how much synthetic text,
which model and how long; `fit_*` turns a recipe and examples into a trained model. The same functions serve the
shipped models (`xxgk train`) and every cross-validation fold (`xxgk evaluate cv`), so a score is always the score
of the recipe that ships."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from extractor.sections.model import SectionModel
from extractor.tagger.base import Tagger
from extractor.tagger.context import TableContext
from training.config import load_recipe, typed  # noqa: F401  (load_recipe: re-exported for its callers)
from training.examples import Example, load_corpus, load_synthetic
from training.splits import read_splits

DEFAULT_CORPUS = Path(os.environ.get("XXGK_CORPUS", "../shared/corpus/real"))


def real_examples(recipe: dict, corpus: Path, repo: Path = Path(".")) -> list[Example]:
    """Every annotated real report the recipe names, with its issuing body as its group."""
    data = typed(recipe).data
    return load_corpus(corpus, repo / data.spans, repo / data.splits)


def training_stems(recipe: dict, repo: Path = Path(".")) -> list[str]:
    data = typed(recipe).data
    splits = read_splits(repo / data.splits)
    return [s for name in data.train_on for s in splits[name]]


def synthetic_examples(recipe: dict) -> list[Example]:
    """The synthetic reports a recipe's `{"n", "seed", "families"}` names (none without n)."""
    syn = typed(recipe).synthetic
    return load_synthetic(syn.n, syn.seed, syn.families) if syn.n else []


_CONTEXTS: dict[tuple[str, int], TableContext] = {}


def context_of(example: Example) -> TableContext:
    """Tables of the report, parsed once per text (folds reuse the same documents)."""
    key = (example.stem, hash(example.text))
    if key not in _CONTEXTS:
        _CONTEXTS[key] = TableContext.from_text(example.text)
    return _CONTEXTS[key]


def real_labels(recipe: dict) -> str:
    """What the real reports train on (training/config.py's DataConfig.real_labels)."""
    return typed(recipe).data.real_labels


def training_entities(recipe: dict, example: Example) -> list:
    """The labels a report trains on; synthetic reports always keep their exact ones."""
    if real_labels(recipe) == "gold" or example.synthetic:
        return example.entities
    from training.weak import undecided_numbers, weak_entities

    found = weak_entities(example.text, context_of(example))
    if real_labels(recipe) == "weak-partial":
        found = sorted(found + undecided_numbers(example.text, context_of(example), found))
    return found


def _fit_neural(recipe: dict, settings, texts, entities, contexts, start_from, on_epoch, on_step) -> Tagger:
    import torch

    from training.neural_fit import fit_neural

    torch.set_num_threads(typed(recipe).threads)
    return fit_neural(settings, recipe["kind"], typed(recipe).seed, texts, entities, contexts, start_from, on_epoch,
                      on_step)


def _fit_crf(recipe: dict, settings, texts, entities, contexts, *_) -> Tagger:
    from extractor.tagger.crf import CrfTagger

    return CrfTagger(**settings.model_dump()).fit(texts, entities, contexts)


def _fit_rules(*_) -> Tagger:
    from extractor.tagger.rules import RuleTagger

    return RuleTagger()  # nothing to fit


def _fit_section_crf(recipe: dict, examples: list[Example]):
    examples = [e for e in examples if e.sections]  # entity-only files (scope: entities) teach no sections
    return SectionModel(**typed(recipe).settings.model_dump()).fit([e.text for e in examples], [e.sections for e in examples])


def _fit_section_rules(recipe: dict, examples: list[Example]):
    from extractor.sections.rules import RuleSections

    return RuleSections()


# kind → how a recipe of it is fitted (the kinds and their configs: training/config.py's COMPONENTS).
TAGGER_FITS = {"crf": _fit_crf, "bilstm": _fit_neural, "transformer": _fit_neural, "rules": _fit_rules}
SECTION_FITS = {"section-crf": _fit_section_crf, "section-rules": _fit_section_rules}


def fit_tagger(recipe: dict, examples: list[Example], start_from: Tagger | None = None,
               on_epoch: Callable | None = None, on_step: Callable | None = None) -> Tagger:
    settings = typed(recipe).settings  # also checks the kind
    if real_labels(recipe) == "none":
        examples = [e for e in examples if e.synthetic]
    texts = [e.text for e in examples]
    entities = [training_entities(recipe, e) for e in examples]
    contexts = [context_of(e) for e in examples]
    return TAGGER_FITS[recipe["kind"]](recipe, settings, texts, entities, contexts, start_from, on_epoch, on_step)


def fit_sections(recipe: dict, examples: list[Example]):
    typed(recipe)  # checks the kind
    return SECTION_FITS[recipe["kind"]](recipe, examples)
