"""Training recipes: a config file in the repo (training/configs/*.json) says what data, how much synthetic text,
which model and how long; `fit_*` turns a recipe and examples into a trained model. The same functions serve the
shipped models (`xxgk train`) and every cross-validation fold (`xxgk evaluate cv`), so a score is always the score
of the recipe that ships."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from extractor.sections.model import SectionModel
from extractor.tagger.base import Tagger
from extractor.tagger.context import TableContext
from training.examples import Example, load_corpus, load_synthetic
from training.splits import read_splits

DEFAULT_CORPUS = Path(os.environ.get("XXGK_CORPUS", "../shared/corpus/real"))


def load_recipe(path: Path) -> dict:
    recipe = json.loads(Path(path).read_text(encoding="utf-8"))
    for key in ("name", "task", "kind"):
        if key not in recipe:
            raise ValueError(f"{path}: recipe has no {key!r}")
    if recipe["task"] not in ("tagger", "sections"):
        raise ValueError(f"{path}: task must be 'tagger' or 'sections', not {recipe['task']!r}")
    return recipe


def real_examples(recipe: dict, corpus: Path, repo: Path = Path(".")) -> list[Example]:
    """Every annotated real report the recipe names, with its issuing body as its group."""
    data = recipe.get("data", {})
    return load_corpus(corpus, repo / data.get("spans", "annotations/spans"),
                       repo / data.get("splits", "annotations/splits.json"))


def training_stems(recipe: dict, repo: Path = Path(".")) -> list[str]:
    data = recipe.get("data", {})
    splits = read_splits(repo / data.get("splits", "annotations/splits.json"))
    return [s for name in data.get("train_on", ["train", "dev"]) for s in splits[name]]


def synthetic_examples(recipe: dict) -> list[Example]:
    """The synthetic reports a recipe's `{"n", "seed", "families"}` names (none without n)."""
    syn = recipe.get("synthetic", {})
    if not syn.get("n"):
        return []
    return load_synthetic(int(syn["n"]), int(syn.get("seed", 0)), syn.get("families", False))


_CONTEXTS: dict[tuple[str, int], TableContext] = {}


def context_of(example: Example) -> TableContext:
    """Tables of the report, parsed once per text (folds reuse the same documents)."""
    key = (example.stem, hash(example.text))
    if key not in _CONTEXTS:
        _CONTEXTS[key] = TableContext.from_text(example.text)
    return _CONTEXTS[key]


REAL_LABELS = ("gold", "weak", "weak-partial", "none")


def real_labels(recipe: dict) -> str:
    """What the real reports train on: `gold` (the default), `weak` (their own tables' labels, training/weak.py, as
    for a new year that nobody annotated; every other character is taught as O), `weak-partial` (the same, but the
    numbers the tables left undecided are left out of the loss; neural taggers only) or `none` (left out: the
    synthetic reports alone, the baseline)."""
    labels = recipe.get("data", {}).get("real_labels", "gold")
    if labels not in REAL_LABELS:
        raise ValueError(f"data.real_labels must be one of {', '.join(REAL_LABELS)}, not {labels!r}")
    if labels == "weak-partial" and recipe.get("kind") not in ("bilstm", "transformer"):
        raise ValueError("data.real_labels 'weak-partial' needs a neural tagger (its loss ignores undecided numbers)")
    return labels


def training_entities(recipe: dict, example: Example) -> list:
    """The labels a report trains on; synthetic reports always keep their exact ones."""
    if real_labels(recipe) == "gold" or example.synthetic:
        return example.entities
    from training.weak import undecided_numbers, weak_entities

    found = weak_entities(example.text, context_of(example))
    if real_labels(recipe) == "weak-partial":
        found = sorted(found + undecided_numbers(example.text, context_of(example), found))
    return found


def fit_tagger(recipe: dict, examples: list[Example], start_from: Tagger | None = None,
               on_epoch: Callable | None = None, on_step: Callable | None = None) -> Tagger:
    kind = recipe["kind"]
    if real_labels(recipe) == "none":
        examples = [e for e in examples if e.synthetic]
    texts = [e.text for e in examples]
    entities = [training_entities(recipe, e) for e in examples]
    contexts = [context_of(e) for e in examples]
    model = dict(recipe.get("model", {}), seed=recipe.get("seed", 0))
    if kind in ("transformer", "bilstm"):
        import torch

        from training.neural_fit import fit_neural

        torch.set_num_threads(int(recipe.get("threads", 2)))
        tagger = fit_neural(dict(model, arch=kind), texts, entities, contexts, start_from, on_epoch, on_step)
    elif kind == "crf":
        from extractor.tagger.crf import CrfTagger

        params = {k: model[k] for k in ("c1", "c2", "max_iterations", "chunk_len", "table_values",
                                        "label_definitions", "words") if k in model}
        tagger = CrfTagger(**params).fit(texts, entities, contexts)
    elif kind == "rules":  # nothing to fit
        from extractor.tagger.rules import RuleTagger

        return RuleTagger()
    else:
        raise ValueError(f"unknown tagger kind {kind!r}")
    if model.get("second_stage"):  # the proactive-count stage, for either family
        tagger.second_stage = fit_second_stage(tagger, examples, entities, contexts)
    return tagger


def fit_second_stage(tagger, examples: list[Example], entities: list, contexts: list):
    """The proactive-count stage (extractor/tagger/totals.py) fitted, in the reading view the tagger predicts in, on
    the annotated counts of all the training reports (the synthetic ones bring phrasings the real ones lack)."""
    from extractor.tagger.totals import ProactiveRole
    from extractor.tagger.view import entities_in_view, in_view
    from training.weak import UNDECIDED

    texts, labelled = [], []
    for example, ents, context in zip(examples, entities, contexts):
        view, _ = in_view(example.text, tagger.visible(context))
        texts.append(view.text)
        labelled.append(entities_in_view(view, [m for m in ents if m.label != UNDECIDED]))
    return ProactiveRole().fit(texts, labelled)


def fit_sections(recipe: dict, examples: list[Example]):
    if recipe["kind"] == "section-rules":
        from extractor.sections.rules import RuleSections

        return RuleSections()
    if recipe["kind"] != "section-crf":
        raise ValueError(f"unknown section model kind {recipe['kind']!r}")
    params = {k: v for k, v in recipe.get("model", {}).items() if k in ("c1", "c2", "max_iterations")}
    return SectionModel(**params).fit([e.text for e in examples], [e.sections for e in examples])
