"""What a training recipe may say, with every default in one place. A recipe file (training/configs/*.json) is
either a whole recipe or a base recipe and dotted overrides:

    {"base": "tagger_crf_second_stage.json", "set": {"name": "crf-second-stage-words", "model.words": true}}

`evaluation/reports.json` uses the same overrides for ablations and replicates. Every part refuses keys it does not
know, naming them, so a misspelt option is an error instead of a silently ignored default. The components a recipe
can train are registered by kind (`COMPONENTS`): the task they serve and the config class of their `model`."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DataConfig(Strict):
    spans: str = "annotations/spans"
    splits: str = "annotations/splits.json"
    train_on: list[str] = ["train", "dev"]  # the splits the model is fitted on
    monitor: str = "dev"  # the split scored after every epoch into the training log
    # gold: the annotations; weak: the report's own tables' labels (training/weak.py); weak-partial: the same with
    # the numbers they leave undecided out of the loss (neural only); none: synthetic reports alone.
    real_labels: Literal["gold", "weak", "weak-partial", "none"] = "gold"
    # newly labelled annotation folders trained on besides (`xxgk train --data`, recorded so the recipe retrains
    # the same model); their test-split reports are left out (training/trainer.py)
    extra: list[str] = []


class SyntheticConfig(Strict):
    n: int = 0  # synthetic reports added to training (training/augment.py)
    seed: int = 0
    families: bool = False  # drawn from the phrasing families read across China (training/synthetic/families.py)


class CalibrationConfig(Strict):
    synthetic: int = 0  # held-out synthetic reports of the phrasing families added to the calibration set
    seed: int = 0


class CrfConfig(Strict):
    c1: float = 0.05
    c2: float = 0.05
    max_iterations: int = 150
    chunk_len: int = 160  # characters of running text per CRF sequence
    table_values: bool = True  # off: the ablation that hides what the report's tables hold
    label_definitions: bool = True  # off: the ablation without SPEC §6's definitions (lexicon.py)
    words: bool = False  # word-segmentation features (jieba)
    second_stage: bool = False  # the total-or-part stage of proactive counts (extractor/tagger/totals.py)


class WindowConfig(Strict):
    chunk_len: int = 96
    left: int = 48
    right: int = 24


class PretrainConfig(Strict):
    epochs: int = 3
    mask: float = 0.15
    lr: float = 1e-3
    batch_size: int = 32


class NeuralConfig(Strict):
    size: dict[str, int | float] = Field(default_factory=dict)  # the network's (transformer: hidden, layers, heads,
    # intermediate, dropout; BiLSTM: emb, hidden, layers, dropout), each defaulting as extractor/tagger/neural.py says
    windows: WindowConfig = WindowConfig()
    family: Literal["bert", "roformer"] = "bert"
    members: int = 1  # seeded copies averaged (an ensemble)
    epochs: int = 10
    lr: float = 1e-3
    weight_decay: float = 0.01
    batch_size: int = 32
    negative_share: float = 0.35  # share of entity-free windows kept
    entity_weight: float = 3.0  # loss weight of entity tags against O
    min_char_count: int = 2  # rarer characters map to [UNK]
    pretrain: PretrainConfig | None = None  # masked-LM pre-training of a transformer's encoder
    table_values: bool = True
    label_definitions: bool = True
    second_stage: bool = False


# The keys of `model.size` each network reads (extractor/tagger/neural.py, training/neural_fit.py).
NETWORK_SIZES = {"transformer": {"hidden", "layers", "heads", "intermediate", "dropout"},
                 "bilstm": {"emb", "hidden", "layers", "dropout"}}


class SectionCrfConfig(Strict):
    c1: float = 0.05
    c2: float = 0.1
    max_iterations: int = 200


class NothingToSet(Strict):
    """Rule baselines learn nothing and take no option."""


@dataclass(frozen=True)
class Component:
    task: Literal["tagger", "sections"]
    config: type[Strict]


COMPONENTS: dict[str, Component] = {
    "crf": Component("tagger", CrfConfig),
    "bilstm": Component("tagger", NeuralConfig),
    "transformer": Component("tagger", NeuralConfig),
    "rules": Component("tagger", NothingToSet),
    "section-crf": Component("sections", SectionCrfConfig),
    "section-rules": Component("sections", NothingToSet),
}


class Recipe(Strict):
    name: str
    task: Literal["tagger", "sections"]
    kind: str
    version: str = "0"
    seed: int = 0
    threads: int = 2  # torch threads of a neural model's training
    data: DataConfig = DataConfig()
    synthetic: SyntheticConfig = SyntheticConfig()
    calibration: CalibrationConfig | None = None
    model: dict[str, Any] = Field(default_factory=dict)  # checked against the kind's config class below

    @model_validator(mode="after")
    def _kind_and_model(self) -> Recipe:
        component = COMPONENTS.get(self.kind)
        if component is None:
            raise ValueError(f"unknown kind {self.kind!r} (known: {', '.join(COMPONENTS)})")
        if component.task != self.task:
            raise ValueError(f"kind {self.kind!r} is a {component.task} model, not a {self.task} one")
        try:
            component.config.model_validate(self.model)
        except ValidationError as exc:
            raise ValueError("; ".join(f"model.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                                       for e in exc.errors())) from None
        if self.kind in NETWORK_SIZES:  # what a network's size may say depends on the network
            unknown = set(self.model.get("size", {})) - NETWORK_SIZES[self.kind]
            if unknown:
                raise ValueError(f"model.size: {', '.join(sorted(unknown))} is not a size of a {self.kind} "
                                 f"(known: {', '.join(sorted(NETWORK_SIZES[self.kind]))})")
            only_transformer = {"family", "pretrain"} & set(self.model)
            if self.kind != "transformer" and only_transformer:
                raise ValueError(f"model.{', model.'.join(sorted(only_transformer))}: for a transformer only")
        if self.data.real_labels == "weak-partial" and self.kind not in ("bilstm", "transformer"):
            raise ValueError("data.real_labels 'weak-partial' needs a neural tagger (its loss ignores undecided numbers)")
        return self

    @property
    def settings(self):
        """The `model` part, typed by the kind's config class (its defaults filled in)."""
        return COMPONENTS[self.kind].config.model_validate(self.model)


class RecipeError(ValueError):
    pass


def with_overrides(recipe: dict, overrides: dict[str, Any]) -> dict:
    """The recipe with each dotted key (`model.words`, `synthetic.seed`) set to its value; a null value removes
    the key, so the part takes its default again (`"calibration": null`)."""
    out = copy.deepcopy(recipe)
    for dotted, value in overrides.items():
        *path, last = dotted.split(".")
        node = out
        for part in path:
            if node.get(part) is None:  # a section written as null (its default) takes the override
                node[part] = {}
            node = node[part]
            if not isinstance(node, dict):
                raise RecipeError(f"override {dotted!r}: {part!r} is not a section of the recipe")
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    return out


def resolve(raw: dict, where: Path, seen: tuple[Path, ...] = ()) -> dict:
    """A recipe file's content made whole: its base (a path beside the file) with its overrides applied."""
    if where.resolve() in seen:
        raise RecipeError(f"{where}: its bases lead back to it ({' -> '.join(str(p) for p in seen)})")
    if "base" not in raw:
        if "set" in raw:
            raise RecipeError(f"{where}: 'set' needs a 'base' recipe")
        return raw
    unknown = set(raw) - {"base", "set"}
    if unknown:
        raise RecipeError(f"{where}: a recipe with a base takes only 'base' and 'set', not {', '.join(sorted(unknown))}")
    base_path = (where.parent / raw["base"]).resolve()
    if not base_path.is_file():
        raise RecipeError(f"{where}: base recipe {raw['base']} not found")
    return with_overrides(resolve(_read(base_path), base_path, (*seen, where.resolve())), raw.get("set", {}))


def _read(path: Path) -> dict:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise RecipeError(f"{path}: not a readable JSON recipe ({exc})") from exc
    if not isinstance(raw, dict):
        raise RecipeError(f"{path}: a recipe is a JSON object")
    return raw


def validate(recipe: dict, where: str | Path) -> dict:
    """The recipe as written, once it meets the schema; a clear error naming the file and each wrong key otherwise."""
    try:
        Recipe.model_validate(recipe)
    except ValidationError as exc:
        problems = "; ".join((".".join(str(p) for p in e["loc"]) + ": " if e["loc"] else "")
                             + e["msg"].removeprefix("Value error, ") for e in exc.errors())
        raise RecipeError(f"{where}: {problems}") from None
    return recipe


def load_recipe(path: Path | str) -> dict:
    """A recipe file, resolved and validated. It stays the dict that was written (defaults are not written into
    it, so the fingerprint of a cached cross-validation does not move); read its settings with `typed(recipe)`."""
    path = Path(path)
    return validate(resolve(_read(path), path), path)


def typed(recipe: dict) -> Recipe:
    return Recipe.model_validate(recipe)
