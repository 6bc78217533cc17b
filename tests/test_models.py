"""The trained models end to end: a tiny model trained through `xxgk train` in seconds (and continued with
--from), the shipped models on the held-out test split, `xxgk extract` with and without them, the spaCy
component, and the comparison command's verdict."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xxgk.cli import app
from extractor.models import DEFAULT_MODELS
from extractor.spec import ENTITY_LABELS, SECTION_LABELS

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()
TINY = {
    "name": "tiny", "task": "tagger", "kind": "transformer", "version": "test", "seed": 3, "threads": 1,
    "data": {"spans": "annotations/spans", "splits": "annotations/splits.json", "train_on": ["train"], "monitor": "dev"},
    "synthetic": {"n": 3, "seed": 1},
    "model": {"family": "roformer", "size": {"hidden": 16, "layers": 1, "heads": 2, "intermediate": 32, "dropout": 0.0},
              "windows": {"chunk_len": 48, "left": 16, "right": 8},
              "epochs": 2, "lr": 0.005, "batch_size": 64, "negative_share": 0.05},
}


def _test_split() -> list[str]:
    """The held-out test split's annotated reports (the split also places reports that only have table gold)."""
    stems = json.loads((REPO / "annotations" / "splits.json").read_text(encoding="utf-8"))["test"]
    return [s for s in stems if (REPO / "annotations" / "spans" / f"{s}.json").is_file()]


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    monkeypatch.chdir(REPO)  # recipes name the annotations relative to the repository


def _train(tmp_path: Path, name: str, *extra: str):
    cfg = tmp_path / "tiny.json"
    cfg.write_text(json.dumps(TINY), encoding="utf-8")
    return runner.invoke(app, ["train", "tagger", "--config", str(cfg), "-o", str(tmp_path / name), *extra])


def test_a_tiny_transformer_trains_end_to_end_reproducibly_and_continues(corpus, tmp_path):
    first = _train(tmp_path, "m1", "--corpus", str(corpus))
    assert first.exit_code == 0, first.output
    folder = tmp_path / "m1"
    assert {"config.json", "vocab.json", "model.safetensors", "recipe.json", "training_log.jsonl"} <= {
        p.name for p in folder.iterdir()}
    log = [json.loads(line) for line in (folder / "training_log.jsonl").read_text().splitlines()]
    assert [r["epoch"] for r in log] == [1, 2] and all(0.0 <= r["dev_entity_f1"] <= 1.0 for r in log)
    again = _train(tmp_path, "m1b", "--corpus", str(corpus))
    assert again.exit_code == 0, again.output
    log_b = [json.loads(line) for line in (tmp_path / "m1b" / "training_log.jsonl").read_text().splitlines()]
    assert [r["loss"] for r in log_b] == [r["loss"] for r in log]  # same recipe and seed, same training

    from extractor.models import load_model
    from extractor.tagger.context import TableContext

    tagger = load_model(folder)
    text = "本年度共收到政府信息公开申请47件,办结38件。主动公开政府信息134条。"
    mentions = tagger.predict(text, TableContext.from_text(text))
    assert all(m.label in ENTITY_LABELS and 0 <= m.start < m.end <= len(text) for m in mentions)

    continued = _train(tmp_path, "m2", "--corpus", str(corpus), "--from", str(folder))
    assert continued.exit_code in (0, 1), continued.output  # 1: the verdict says it must not replace the old one
    assert "REPLACE" in continued.output
    assert json.loads((tmp_path / "m2" / "config.json").read_text())["continued_from"] == str(folder)


def test_train_refuses_to_continue_a_model_with_a_recipe_of_another_kind(corpus, tmp_path):
    first = _train(tmp_path, "m1", "--corpus", str(corpus))
    assert first.exit_code == 0, first.output
    crf = tmp_path / "crf.json"
    crf.write_text(json.dumps(dict(TINY, name="tiny-crf", kind="crf", model={"max_iterations": 5})), encoding="utf-8")
    result = runner.invoke(app, ["train", "tagger", "--config", str(crf), "-o", str(tmp_path / "m2"),
                                 "--corpus", str(corpus), "--from", str(tmp_path / "m1")])
    assert result.exit_code == 2 and "cannot be continued" in " ".join(result.output.split())
    assert not (tmp_path / "m2").exists()


def test_evaluate_reports_refuses_the_old_seed_replicates_key(tmp_path):
    old = tmp_path / "reports.json"
    old.write_text(json.dumps({"tasks": {"tagger": {"recipes": {}, "seed_replicates": [14]}}}), encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "reports", "--config", str(old)])
    assert result.exit_code == 2 and "is now `replicates`" in " ".join(result.output.split())


def test_train_refuses_a_bad_recipe(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"name": "x", "task": "nonsense", "kind": "crf"}), encoding="utf-8")
    result = runner.invoke(app, ["train", "tagger", "--config", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "task" in result.output
    assert not (tmp_path / "out").exists()


def test_shipped_models_hold_their_floors_on_the_held_out_test_split(corpus):
    from evaluation.entities import bio_tags, score_entities
    from evaluation.sections import score_sections, section_tags
    from extractor.models import load_models
    from extractor.tagger.context import TableContext
    from training.examples import load_real

    models = load_models(str(DEFAULT_MODELS))
    test = load_real(REPO / "annotations" / "spans", corpus, stems=_test_split())
    assert len(test) == 5
    for e in test:  # the models never saw these reports
        assert e.stem not in json.loads((DEFAULT_MODELS / "tagger" / "config.json").read_text())["trained_on"]
    gold = [bio_tags(e.entities, len(e.text)) for e in test]
    pred = [bio_tags(models.tagger.predict(e.text, TableContext.from_text(e.text)), len(e.text)) for e in test]
    assert score_entities(gold, pred).micro.f1 >= 0.80
    gold_s = [section_tags(e.sections, len(e.text)) for e in test]
    pred_s = [section_tags(models.sections.predict(e.text), len(e.text)) for e in test]
    assert score_sections(gold_s, pred_s).macro_f1 >= 0.90  # measured 0.9605 (5 reports)


def test_extract_with_models_fills_narrative_fields_and_without_them_does_not(corpus, tmp_path):
    files = [str(corpus / f"{s}.txt") for s in _test_split()]
    with_models = runner.invoke(app, ["extract", *files, "-o", str(tmp_path / "m")])
    assert with_models.exit_code == 0, with_models.output
    plain = runner.invoke(app, ["extract", *files, "-o", str(tmp_path / "p"), "--no-models"])
    assert plain.exit_code == 0, plain.output
    from evaluation.fields import load_gold, load_predictions, score_documents

    gold = {k: v for k, v in load_gold(REPO / "annotations" / "gold").items() if k in _test_split()}
    scored = score_documents(gold, load_predictions(tmp_path / "m"))
    assert scored.groups["narrative"].f1 >= 0.8
    for stem in _test_split():
        report = json.loads((tmp_path / "m" / f"{stem}.json").read_text(encoding="utf-8"))
        assert report["sections"] and {s["label"] for s in report["sections"]} <= set(SECTION_LABELS)
        assert all(report["provenance"][k]["via"] in ("narrative", "reconciled") for k in report["fields"]
                   if k.startswith("n.") and report["fields"][k] is not None)
        bare = json.loads((tmp_path / "p" / f"{stem}.json").read_text(encoding="utf-8"))
        assert bare["entities"] == [] and bare["sections"] == []
        assert not any(k.startswith("n.") for k in bare["fields"])


def test_extract_refuses_a_models_folder_without_models(tmp_path, corpus):
    result = runner.invoke(app, ["extract", str(corpus / "p005.txt"), "-o", str(tmp_path / "o"),
                                 "--models", str(tmp_path)])
    assert result.exit_code == 2 and "no trained model" in " ".join(result.output.split())


def test_the_spacy_component_gives_entities_and_sections(corpus):
    import spacy

    nlp = spacy.blank("zh")
    nlp.add_pipe("xxgk_quantities")
    text = (corpus / f"{_test_split()[0]}.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    assert doc.ents and {e.label_ for e in doc.ents} <= set(ENTITY_LABELS)
    assert all(any(ch.isdigit() for ch in e.text) for e in doc.ents)
    assert doc.spans["sections"] and {s.label_ for s in doc.spans["sections"]} <= set(SECTION_LABELS)


def _prediction_file(path: Path, stems: list[str], corpus: Path, keep: bool) -> Path:
    from training.examples import load_real

    docs = {}
    for e in load_real(REPO / "annotations" / "spans", corpus, stems=stems):
        docs[e.stem] = {"entities": [[m.start, m.end, m.label] for m in e.entities] if keep else [], "fold": None}
    path.write_text(json.dumps({"system": path.stem, "task": "tagger", "documents": docs}), encoding="utf-8")
    return path


def test_compare_writes_reports_and_its_verdict_sets_the_exit_code(corpus, tmp_path):
    stems = ["p005", "p008", "p012", "seed000", "seed001"]
    good = _prediction_file(tmp_path / "good.json", stems, corpus, keep=True)
    empty = _prediction_file(tmp_path / "empty.json", stems, corpus, keep=False)
    worse = runner.invoke(app, ["evaluate", "compare", str(good), str(empty), "-o", str(tmp_path / "r"),
                                "--shipped", "good", "--candidate", "empty", "--boot", "200", "--corpus", str(corpus)])
    assert worse.exit_code == 1 and "MUST NOT REPLACE" in worse.output
    assert (tmp_path / "r" / "report.md").is_file() and (tmp_path / "r" / "report.html").is_file()
    better = runner.invoke(app, ["evaluate", "compare", str(good), str(empty), "-o", str(tmp_path / "r2"),
                                 "--shipped", "empty", "--candidate", "good", "--boot", "200", "--corpus", str(corpus)])
    assert better.exit_code == 0 and "MAY REPLACE" in better.output


def test_cross_validation_and_model_runs_write_prediction_files_that_compare(corpus, tmp_path):
    cv = runner.invoke(app, ["evaluate", "cv", "-c", "training/configs/sections_rules.json", "--folds", "3",
                             "-o", str(tmp_path / "rules.json"), "--corpus", str(corpus)])
    assert cv.exit_code == 0, cv.output
    rules = json.loads((tmp_path / "rules.json").read_text(encoding="utf-8"))
    assert len(rules["folds"]) == 3 and sorted(s for f in rules["folds"] for s in f) == sorted(rules["documents"])
    assert {row["fold"] for row in rules["documents"].values()} == {0, 1, 2}
    shipped = runner.invoke(app, ["evaluate", "model", str(DEFAULT_MODELS / "sections"), "--split", "test",
                                  "-o", str(tmp_path / "shipped.json"), "--corpus", str(corpus)])
    assert shipped.exit_code == 0, shipped.output
    preds = json.loads((tmp_path / "shipped.json").read_text(encoding="utf-8"))
    assert sorted(preds["documents"]) == sorted(_test_split()) and preds["chars_per_s"] > 0
    both = runner.invoke(app, ["evaluate", "compare", str(tmp_path / "shipped.json"), str(tmp_path / "rules.json"),
                               "-o", str(tmp_path / "report"), "--boot", "100", "--corpus", str(corpus)])
    # the two files cover different reports: refused with a reason, not silently misaligned
    assert both.exit_code == 2 and "cannot compare" in both.output


def test_folds_run_at_once_give_the_same_prediction_file(corpus, tmp_path):
    """`--jobs 2` runs the folds in processes of their own; the file is the same but for the seconds per fold."""
    files = {}
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}.json"
        run = runner.invoke(app, ["evaluate", "cv", "-c", "training/configs/sections_rules.json", "--folds", "3",
                                  "--jobs", str(jobs), "-o", str(out), "--corpus", str(corpus)])
        assert run.exit_code == 0, run.output
        files[jobs] = json.loads(out.read_text(encoding="utf-8"))
    one, two = ({k: v for k, v in f.items() if k != "seconds_per_fold"} for f in (files[1], files[2]))
    assert one == two and list(one["documents"]) == list(two["documents"]) and len(files[2]["seconds_per_fold"]) == 3


def test_narrative_fields_of_the_bundled_examples(tmp_path):
    """The invented examples (examples/, never trained on) state their n.* figures in running text."""
    from evaluation.fields import score_documents

    result = runner.invoke(app, ["extract", str(REPO / "examples"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    gold, pred, reviewed = {}, {}, {}
    for expected in sorted((REPO / "examples" / "expected").glob("*.json")):
        fields = json.loads(expected.read_text(encoding="utf-8"))["fields"]
        gold[expected.stem] = {k: v for k, v in fields.items() if k.startswith("n.")}
        out = json.loads((tmp_path / "o" / expected.name).read_text(encoding="utf-8"))
        pred[expected.stem] = out["fields"]
        # what the threshold kept out of fields: the best candidate of each review item
        reviewed[expected.stem] = {r["key"]: r["candidates"][0]["value"] for r in out.get("review", [])}
    narrative = score_documents(gold, pred).groups["narrative"]
    assert narrative.tp + narrative.fn == 22
    assert narrative.precision == 1.0  # precision first: nothing wrong enters fields
    # every figure is found: in fields, or listed for review with the right value as its best candidate
    found = narrative.tp + sum(1 for doc, items in reviewed.items() for k, v in items.items() if gold[doc].get(k) == v)
    assert found >= 21 and narrative.tp >= 16  # measured: see the model card's calibration section


def test_training_takes_newly_labelled_reports_from_data_folders(corpus, tmp_path):
    import shutil

    new = tmp_path / "new-labels"
    new.mkdir()
    shutil.copy(REPO / "annotations" / "spans" / "p010.json", new)  # a dev report, new to a train-only recipe
    shutil.copy(REPO / "annotations" / "spans" / "p002.json", new)  # one already trained on: replaced, not doubled
    result = _train(tmp_path, "m3", "--corpus", str(corpus), "--data", str(new))
    assert result.exit_code == 0, result.output
    trained_on = json.loads((tmp_path / "m3" / "config.json").read_text())["trained_on"]
    assert "p010" in trained_on and trained_on.count("p002") == 1  # (test-split reports: tests/test_retrain.py)
