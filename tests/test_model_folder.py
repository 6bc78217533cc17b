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


def test_a_shipped_crf_is_read_without_scikit_learn_and_tags_as_sklearn_crfsuite_does():
    """Each batch worker reads the CRFs with python-crfsuite alone (importing scikit-learn cost it about 1.5 s);
    the tags and marginals are those of sklearn-crfsuite's reader of the same file."""
    import subprocess
    import sys

    probe = ("import sys; from extractor.models import load_models; load_models('models'); "
             "print(sorted(m for m in ('sklearn', 'sklearn_crfsuite', 'torch') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"

    import sklearn_crfsuite

    from extractor.tagger.crf import chunk_features
    from extractor.tagger.context import number_types

    text = next((ROOT / "examples").glob("*.txt")).read_text("utf-8")[:3000]
    xseq = chunk_features(text, number_types(text, None), 0, len(text))
    ours = load_model(ROOT / "models" / "tagger").crf
    theirs = sklearn_crfsuite.CRF(model_filename=str(ROOT / "models" / "tagger" / "model.crfsuite"))
    tags = ours.predict_single(xseq)
    assert tags == theirs.predict_single(xseq) and any(t != "O" for t in tags)
    ours.tagger_.set(xseq)
    theirs.tagger_.set(xseq)
    assert [ours.tagger_.marginal(t, j) for j, t in enumerate(tags)] == \
        [theirs.tagger_.marginal(t, j) for j, t in enumerate(tags)]
