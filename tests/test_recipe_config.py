"""Recipes have a schema: every part refuses a key it does not know (naming it), defaults live in one place, and a
recipe may be a base recipe plus dotted overrides, in a file or in evaluation/reports.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.config import RecipeError, load_recipe, typed, with_overrides

ROOT = Path(__file__).resolve().parents[1]


def _write(folder: Path, name: str, data: dict) -> Path:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("path", sorted((ROOT / "training" / "configs").glob("*.json")), ids=lambda p: p.name)
def test_every_shipped_recipe_meets_the_schema(path):
    recipe = load_recipe(path)
    assert typed(recipe).settings is not None


def test_every_recipe_of_the_reports_resolves_and_meets_the_schema(monkeypatch):
    from evaluation.model_reports import recipe_of

    monkeypatch.chdir(ROOT)
    config = json.loads((ROOT / "evaluation" / "reports.json").read_text(encoding="utf-8"))
    for spec in config["tasks"].values():
        for name in {**spec["recipes"], **spec.get("ablations", {})}:
            recipe = recipe_of(name, spec)
            assert recipe["name"] == name and typed(recipe).task in ("tagger", "sections")


@pytest.mark.parametrize("bad, named", [
    ({"model": {"wordz": True}}, "model.wordz"),
    ({"synthetic": {"n": 3, "sed": 1}}, "synthetic.sed"),
    ({"modle": {}}, "modle"),
    ({"data": {"real_labels": "silver"}}, "data.real_labels"),
    ({"kind": "section-crf"}, "kind 'section-crf' is a sections model"),
    ({"kind": "forest"}, "unknown kind 'forest'"),
])
def test_a_wrong_key_is_an_error_naming_the_file_and_the_key(tmp_path, bad, named):
    recipe = with_overrides({"name": "r", "task": "tagger", "kind": "crf"}, {})
    recipe.update(bad)
    path = _write(tmp_path, "r.json", recipe)
    with pytest.raises(RecipeError) as err:
        load_recipe(path)
    assert str(path) in str(err.value) and named in str(err.value)


def test_defaults_come_from_the_schema_and_are_not_written_into_the_recipe(tmp_path):
    path = _write(tmp_path, "r.json", {"name": "r", "task": "tagger", "kind": "crf", "model": {"c1": 0.2}})
    recipe = load_recipe(path)
    assert recipe == {"name": "r", "task": "tagger", "kind": "crf", "model": {"c1": 0.2}}  # as written
    settings = typed(recipe)
    assert (settings.settings.c1, settings.settings.c2, settings.data.train_on) == (0.2, 0.05, ["train", "dev"])


def test_a_recipe_is_a_base_plus_dotted_overrides_and_null_restores_a_default(tmp_path):
    _write(tmp_path, "base.json", {"name": "b", "task": "tagger", "kind": "crf", "seed": 3,
                                   "model": {"c1": 0.1, "second_stage": True}, "calibration": {"synthetic": 5}})
    path = _write(tmp_path, "variant.json", {"base": "base.json", "set": {
        "name": "v", "model.words": True, "model.second_stage": None, "calibration": None, "synthetic.n": 4}})
    assert load_recipe(path) == {"name": "v", "task": "tagger", "kind": "crf", "seed": 3,
                                 "model": {"c1": 0.1, "words": True}, "synthetic": {"n": 4}}
    with pytest.raises(RecipeError, match="base recipe missing.json not found"):
        load_recipe(_write(tmp_path, "orphan.json", {"base": "missing.json", "set": {}}))
    with pytest.raises(RecipeError, match="takes only 'base' and 'set'"):
        load_recipe(_write(tmp_path, "mixed.json", {"base": "base.json", "seed": 4}))
    with pytest.raises(RecipeError, match="model.wordz"):
        load_recipe(_write(tmp_path, "typo.json", {"base": "base.json", "set": {"model.wordz": True}}))


def test_every_registered_kind_can_be_fitted_and_loaded():
    from extractor.model_folder import MODEL_KINDS
    from training.config import COMPONENTS
    from training.recipes import SECTION_FITS, TAGGER_FITS

    assert set(COMPONENTS) == set(TAGGER_FITS) | set(SECTION_FITS) == set(MODEL_KINDS)
    assert all(COMPONENTS[k].task == "tagger" for k in TAGGER_FITS)


def test_a_base_that_leads_back_to_itself_is_an_error_and_a_null_section_takes_overrides(tmp_path):
    with pytest.raises(RecipeError, match="lead back"):
        load_recipe(_write(tmp_path, "loop.json", {"base": "loop.json", "set": {}}))
    _write(tmp_path, "plain.json", {"name": "p", "task": "tagger", "kind": "crf", "calibration": None})
    variant = load_recipe(_write(tmp_path, "v.json", {"base": "plain.json", "set": {"calibration.synthetic": 10}}))
    assert variant["calibration"] == {"synthetic": 10}


def test_a_networks_size_and_transformer_options_are_checked_by_kind(tmp_path):
    bilstm = {"name": "b", "task": "tagger", "kind": "bilstm"}
    with pytest.raises(RecipeError, match="model.size: hiden is not a size of a bilstm"):
        load_recipe(_write(tmp_path, "a.json", dict(bilstm, model={"size": {"hiden": 64}})))
    with pytest.raises(RecipeError, match="model.family: for a transformer only"):
        load_recipe(_write(tmp_path, "b.json", dict(bilstm, model={"family": "roformer"})))
    assert load_recipe(_write(tmp_path, "c.json", dict(bilstm, kind="transformer", model={"size": {"heads": 2}})))
