"""A model folder on disk: its config.json, the sklearn-crfsuite models some kinds keep, and which class loads
which kind. The registry names classes by import path, so loading a folder imports only the kind it holds and no
model module has to import the others."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

CONFIG = "config.json"

# kind (config.json's "kind") → "module:Class" whose `load(folder)` reads it.
MODEL_KINDS: dict[str, str] = {
    "crf": "extractor.tagger.crf:CrfTagger",
    "bilstm": "extractor.tagger.neural:NeuralTagger",
    "transformer": "extractor.tagger.neural:NeuralTagger",
    "rules": "extractor.tagger.rules:RuleTagger",
    "section-crf": "extractor.sections.model:SectionModel",
    "section-rules": "extractor.sections.rules:RuleSections",
}


def write_config(folder: Path, config: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CONFIG).write_text(json.dumps(config, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read_config(folder: Path | str) -> dict:
    path = Path(folder) / CONFIG
    if not path.is_file():
        raise FileNotFoundError(f"{folder}: no {CONFIG}; not a model folder")
    return json.loads(path.read_text(encoding="utf-8"))


def check_version(folder: Path | str, found: object, expected: int, what: str) -> None:
    """Weights learned over features that the runtime now computes otherwise would be misread without a word: a
    model folder records the version of the feature code it was trained with, and loading it under another fails."""
    if found != expected:
        raise ValueError(f"{folder}: trained with {what} version {found}, this code has version {expected}; "
                         "retrain the model (xxgk train)")


def model_class(kind: str | None, folder: Path | str = "") -> type:
    if kind not in MODEL_KINDS:
        raise ValueError(f"{folder}: unknown model kind {kind!r} (known: {', '.join(sorted(MODEL_KINDS))})")
    module, name = MODEL_KINDS[kind].split(":")
    return getattr(importlib.import_module(module), name)


def load_model(folder: Path | str):
    """The tagger or section model saved in `folder`, whatever its kind."""
    folder = Path(folder)
    return model_class(read_config(folder).get("kind"), folder).load(folder)


def load_crfsuite(path: Path):
    """An sklearn-crfsuite model from its pickle (trusted model folders only). Unpickling writes the model to a
    temporary file that crfsuite opens; the file is removed once it is open, so a worker that is killed leaves
    nothing behind in the temporary folder."""
    import os
    import pickle

    with open(path, "rb") as fh:
        crf = pickle.load(fh)
    resource = crf.modelfile
    if crf.tagger_ is not None and resource.auto and resource.name and os.path.exists(resource.name):
        os.unlink(resource.name)  # crfsuite holds the model in memory now
        resource.auto = False
    return crf
