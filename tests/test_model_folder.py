"""Model folders: the kind names the class that loads it, and a folder records the version of the feature code
and rules its weights were learned over."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractor.model_folder import MODEL_KINDS, load_model, model_class

ROOT = Path(__file__).resolve().parents[1]


def test_every_registered_kind_names_a_class_that_loads_a_folder():
    for kind in MODEL_KINDS:
        assert hasattr(model_class(kind), "load")
    with pytest.raises(ValueError, match="unknown model kind 'forest'"):
        model_class("forest", "somewhere")


def test_a_model_folder_trained_under_other_feature_code_is_refused(tmp_path):
    """The shipped models record the version of the rules and feature code their weights were learned over."""
    for name, file, key in (("sections", "config.json", "heading_rules_version"),
                            ("tagger", "config.json", "features_version"),
                            ("tagger", "second_stage.json", "cues_version")):
        folder = tmp_path / f"{name}-{key}"
        shutil.copytree(ROOT / "models" / name, folder)
        load_model(folder)  # as shipped: loads
        data = json.loads((folder / file).read_text(encoding="utf-8"))
        data[key] += 1
        (folder / file).write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(ValueError, match="retrain"):
            load_model(folder)
