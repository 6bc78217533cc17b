"""A model folder on disk: its config.json, the crfsuite model files some kinds keep, and which class loads
which kind. The registry names classes by import path, so loading a folder imports only the kind it holds and no
model module has to import the others."""

from __future__ import annotations

import importlib
import json
import shutil
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


def save_crfsuite(crf, path: Path) -> None:
    """A fitted sklearn-crfsuite model (or one read by `load_crfsuite`) as crfsuite's own model file (no pickle):
    the file crfsuite trained into."""
    shutil.copyfile(crf.path if isinstance(crf, CrfsuiteFile) else crf.modelfile.name, path)


class CrfsuiteFile:
    """A trained crfsuite model read from its file, for tagging: python-crfsuite's Tagger as sklearn-crfsuite
    exposes it (`tagger_`, `predict_single`), without importing sklearn-crfsuite, whose import of scikit-learn
    costs each batch worker about 1.5 s before its first document."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        self.path = Path(path)
        self.tagger_ = pycrfsuite.Tagger()
        self.tagger_.open(str(path))

    def predict_single(self, xseq: list[dict]) -> list[str]:
        return self.tagger_.tag(xseq)


def load_crfsuite(path: Path) -> CrfsuiteFile:
    """A crfsuite model read from its model file, which stays where it is (nothing is unpickled and no temporary
    file is made, so a killed worker leaves nothing behind)."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"{path.parent}: no {path.name}; not a complete model folder")
    return CrfsuiteFile(path)
