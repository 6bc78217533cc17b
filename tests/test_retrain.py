"""Retraining that cannot fool itself (issue 23): `xxgk train --from OLD --data NEW` refuses what would make its
verdict meaningless, before training, with exit code 2; never trains on the test split the verdict is scored on;
and leaves in every model folder its card, its metrics with what it was trained on (hashes) and the verdict.

The models are the rule tagger (nothing to fit) and CRFs of a few iterations, so every test runs in seconds."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xxgk.cli import app

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()
DATA = {"spans": "annotations/spans", "splits": "annotations/splits.json", "train_on": ["train"], "monitor": "dev"}
RULES = {"name": "rules-test", "task": "tagger", "kind": "rules", "version": "test", "seed": 0, "data": DATA}
CRF = {"name": "crf-test", "task": "tagger", "kind": "crf", "version": "test", "seed": 0, "data": DATA,
       "synthetic": {"n": 2, "seed": 1}, "model": {"max_iterations": 20, "chunk_len": 160}}
# Trained on two synthetic reports for one iteration: far worse than CRF on the test split.
CRF_BLIND = dict(CRF, name="crf-blind", data=dict(DATA, real_labels="none"),
                 model={"max_iterations": 1, "chunk_len": 160})


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    monkeypatch.chdir(REPO)  # recipes name the annotations relative to the repository


def _recipe(tmp_path: Path, recipe: dict) -> Path:
    path = tmp_path / f"{recipe['name']}.json"
    path.write_text(json.dumps(recipe), encoding="utf-8")
    return path


def train(tmp_path: Path, recipe: dict, out: str, corpus: Path, *extra: str):
    return runner.invoke(app, ["train", "tagger", "--config", str(_recipe(tmp_path, recipe)),
                               "-o", str(tmp_path / out), "--corpus", str(corpus), *extra])


def said(result) -> str:
    return " ".join(result.output.split())


def _labels(tmp_path: Path, *stems: str) -> Path:
    folder = tmp_path / "new-labels"
    folder.mkdir(exist_ok=True)
    for stem in stems:
        shutil.copy(REPO / "annotations" / "spans" / f"{stem}.json", folder)
    return folder


@pytest.fixture(scope="module")
def old_rules(tmp_path_factory, corpus) -> Path:
    tmp = tmp_path_factory.mktemp("old")
    result = train(tmp, RULES, "old", corpus)
    assert result.exit_code == 0, result.output
    return tmp / "old"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_every_trained_model_has_its_card_and_metrics_with_what_it_was_trained_on(old_rules, corpus):
    metrics = json.loads((old_rules / "metrics.json").read_text(encoding="utf-8"))
    trained_on = json.loads((old_rules / "config.json").read_text(encoding="utf-8"))["trained_on"]
    reports = metrics["training"]["reports"]
    assert [r["stem"] for r in reports] == trained_on and len(reports) >= 10
    for r in reports[:3]:  # the hashes are those of the files named
        assert r["annotation_sha256"] == hashlib.sha256(Path(r["annotation"]).read_bytes()).hexdigest()
        assert r["text_sha256"] == hashlib.sha256(Path(r["text"]).read_bytes()).hexdigest()
    assert metrics["training"]["recipe_sha256"] == hashlib.sha256(Path(metrics["training"]["recipe"]).read_bytes()).hexdigest()
    assert metrics["verdict"] is None and metrics["dev"]["reports"] > 0
    card = (old_rules / "card.md").read_text(encoding="utf-8")
    assert "## Training data" in card and trained_on[0] in card and "metrics.json" in card


def test_a_test_split_report_in_data_is_left_out_and_said_so(tmp_path, old_rules, corpus):
    test = json.loads((REPO / "annotations" / "splits.json").read_text(encoding="utf-8"))["test"]
    assert "p011" in test and "p010" not in test
    new = _labels(tmp_path, "p011", "p010", "p002")  # test split; dev split (new to a train-only recipe); trained on
    result = train(tmp_path, RULES, "new", corpus, "--data", str(new), "--from", str(old_rules))
    assert result.exit_code == 0, result.output  # rules against rules: the same tagger, may replace
    assert "left out of training" in said(result) and "p011" in said(result)
    folder = tmp_path / "new"
    trained_on = json.loads((folder / "config.json").read_text(encoding="utf-8"))["trained_on"]
    assert "p011" not in trained_on and "p010" in trained_on and trained_on.count("p002") == 1
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    assert list(metrics["training"]["left_out"]) == ["p011"]
    assert metrics["training"]["data"] == [str(new)]
    by_stem = {r["stem"]: r for r in metrics["training"]["reports"]}
    assert by_stem["p010"]["annotation"] == str(new / "p010.json")
    # the verdict is scored on the test split, and says what was left out of training
    verdict = metrics["verdict"]
    assert verdict["ok"] and "p011" in verdict["test_reports"]
    assert any("p011" in note for note in verdict["notes"])
    assert json.loads((folder / "recipe.json").read_text(encoding="utf-8"))["data"]["extra"] == [str(new)]
    card = (folder / "card.md").read_text(encoding="utf-8")
    assert "Left out of training" in card and "MAY REPLACE" in card
    report = (folder / "comparison" / "report.md").read_text(encoding="utf-8")
    assert report.index("MAY REPLACE") < report.index("## Summary") and "p011" in report
    assert json.loads((folder / "comparison" / "comparison.json").read_text(encoding="utf-8"))["verdict"]["ok"]


def test_data_of_test_reports_only_is_refused(tmp_path, corpus):
    new = _labels(tmp_path, "p011")
    result = train(tmp_path, RULES, "new", corpus, "--data", str(new))
    assert result.exit_code == 2 and "nothing to train on" in said(result) and "test split" in said(result)
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("kind", ["file", "missing", "empty", "not an annotation"])
def test_data_that_is_not_a_folder_of_annotations_is_refused_naming_it(tmp_path, corpus, kind):
    path = tmp_path / "labels"
    if kind == "file":
        path = tmp_path / "labels.json"
        shutil.copy(REPO / "annotations" / "spans" / "p010.json", path)
    elif kind == "empty":
        path.mkdir()
        (path / "notes.txt").write_text("nothing here", encoding="utf-8")
    elif kind == "not an annotation":
        path.mkdir()
        (path / "p010.json").write_text(json.dumps({"tasks": []}), encoding="utf-8")
    result = train(tmp_path, RULES, "new", corpus, "--data", str(path))
    assert result.exit_code == 2, result.output
    assert str(path.name) in said(result) and "MAY REPLACE" not in result.output
    assert not (tmp_path / "new").exists()


def test_out_equal_to_from_is_refused_and_the_old_model_kept(tmp_path, old_rules, corpus):
    before = _snapshot(old_rules)
    same = runner.invoke(app, ["train", "tagger", "--config", str(_recipe(tmp_path, RULES)), "-o",
                               str(old_rules / ".." / old_rules.name), "--from", str(old_rules),
                               "--corpus", str(corpus)])
    assert same.exit_code == 2 and "is the --from model" in said(same)
    assert _snapshot(old_rules) == before and "card.md" in before


def test_a_broken_from_is_refused_before_training(tmp_path, old_rules, corpus):
    broken = tmp_path / "broken"
    broken.mkdir()
    shutil.copy(old_rules / "config.json", broken)  # a config and nothing else
    (broken / "config.json").write_text(json.dumps(dict(json.loads((old_rules / "config.json").read_text()),
                                                        kind="crf")), encoding="utf-8")
    result = train(tmp_path, CRF, "new", corpus, "--from", str(broken))
    assert result.exit_code == 2 and "does not load" in said(result) and "Traceback" not in result.output
    assert not (tmp_path / "new").exists()


def test_exit_codes_may_replace_must_not_and_usage(tmp_path, corpus):
    old = train(tmp_path, CRF, "old", corpus)
    assert old.exit_code == 0, old.output
    worse = train(tmp_path, CRF_BLIND, "blind", corpus, "--from", str(tmp_path / "old"))
    assert worse.exit_code == 1 and "MUST NOT REPLACE" in said(worse), worse.output
    verdict = json.loads((tmp_path / "blind" / "metrics.json").read_text(encoding="utf-8"))["verdict"]
    assert not verdict["ok"] and verdict["differences"]["entities micro F1"]["real"]
    assert verdict["differences"]["entities micro F1"]["delta"] < 0
    assert "MUST NOT REPLACE" in (tmp_path / "blind" / "card.md").read_text(encoding="utf-8")
    usage = train(tmp_path, CRF, "x", corpus, "--from", str(tmp_path / "nowhere"))
    assert usage.exit_code == 2


def test_evaluate_compare_writes_its_verdict_into_every_report(tmp_path, corpus):
    old = train(tmp_path, RULES, "a", corpus)
    assert old.exit_code == 0, old.output
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    result = runner.invoke(app, ["evaluate", "compare", str(tmp_path / "a"), str(tmp_path / "b"), "-o",
                                 str(tmp_path / "r"), "--boot", "100", "--corpus", str(corpus)])
    assert result.exit_code == 0 and "MAY REPLACE" in result.output
    md = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert md.index("MAY REPLACE") < md.index("## Summary")
    assert 'id="verdict"' in html and html.index("MAY REPLACE") < html.index("<h2>Summary</h2>")
    record = json.loads((tmp_path / "r" / "comparison.json").read_text(encoding="utf-8"))["verdict"]
    assert record["ok"] and (record["shipped"], record["candidate"]) == ("a", "b")
    unknown = runner.invoke(app, ["evaluate", "compare", str(tmp_path / "a"), str(tmp_path / "b"), "-o",
                                  str(tmp_path / "r2"), "--shipped", "a", "--candidate", "zzz", "--boot", "50",
                                  "--corpus", str(corpus)])
    assert unknown.exit_code == 2 and "zzz" in unknown.output
