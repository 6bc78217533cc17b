"""Label Studio interchange on the real corpus: lossless round trip, new documents, clear errors."""

import copy
import json
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from xxgk.cli import app
from extractor.spec import ENTITY_LABELS, SECTION_LABELS
from tests.conftest import SPANS
from training.corpus import load_annotation, validate_file
from training.documents import CorpusError, load_all_annotated
from training.labelstudio import (export_tasks, from_task, import_tasks, labeling_config, read_tasks, to_task,
                                  write_imported)

@pytest.fixture(scope="module")
def tasks(docs):
    # Through JSON, as a file handed to Label Studio and back would go.
    return json.loads(json.dumps(export_tasks(docs), ensure_ascii=False))


def _task_of(tasks, stem):
    return copy.deepcopy(next(t for t in tasks if t["data"]["document"] == f"{stem}.txt"))


def test_round_trip_is_lossless_for_every_annotated_file(docs, tasks):
    imported = import_tasks(tasks).items
    assert len(imported) == len(docs) == len(list(SPANS.glob("*.json")))
    for doc, item in zip(docs, imported):
        assert item.annotation == load_annotation(doc.path), doc.path
        assert item.text == doc.text


def test_tasks_have_both_controls_and_the_config_lists_every_label(tasks):
    results = [r for t in tasks for r in t["annotations"][0]["result"]]
    assert {r["from_name"] for r in results} == {"entity", "section"}
    assert all(r["value"]["text"] and len(r["value"]["labels"]) == 1 for r in results)
    view = ET.fromstring(labeling_config())
    controls = {c.get("name"): [label.get("value") for label in c] for c in view.iter("Labels")}
    assert controls == {"section": list(SECTION_LABELS), "entity": list(ENTITY_LABELS)}
    assert all(c.get("toName") == "text" for c in view.iter("Labels"))
    assert view.find("Text").get("value") == "$text"


def test_new_document_from_label_studio_becomes_a_corpus_file(tasks, corpus, tmp_path):
    # A text labelled from scratch in Label Studio: no name, hash or meta; an export with several annotations.
    task = _task_of(tasks, "p005")
    result = task["annotations"][0]["result"]
    task = {
        "id": 41, "data": {"text": task["data"]["text"]},
        "annotations": [
            {"id": 1, "completed_by": 7, "created_at": "2025-03-01T10:00:00Z", "result": result[:-1]},
            {"id": 2, "completed_by": 7, "created_at": "2025-03-02T10:00:00Z", "result": result},
            {"id": 3, "completed_by": 8, "created_at": "2025-03-03T10:00:00Z", "result": [], "was_cancelled": True},
        ],
    }
    (item,) = import_tasks([task]).items
    assert item.annotation.entities == load_annotation(SPANS / "p005.json").entities  # latest not cancelled
    assert item.annotation.annotator == "labelstudio:7"
    (written,) = write_imported([item], tmp_path / "spans", tmp_path / "new_corpus")
    assert written.new_text and written.text.read_bytes() == (corpus / "p005.txt").read_bytes()
    assert validate_file(written.annotation, tmp_path / "new_corpus").ok
    # Imported again, the document is found in the corpus folder and its text is left alone.
    (again,) = write_imported([item], tmp_path / "spans", tmp_path / "new_corpus")
    assert not again.new_text


def test_a_task_nobody_reviewed_is_not_training_data(tasks):
    """Pre-annotations (predictions) that no person submitted, a cancelled task, a task never opened: skipped,
    each named with why, while the reviewed task beside them is imported."""
    only_predicted = _task_of(tasks, "p016")
    only_predicted["predictions"] = [{"model_version": "x", "result": only_predicted.pop("annotations")[0]["result"]}]
    cancelled = _task_of(tasks, "p005")
    cancelled["annotations"][0]["was_cancelled"] = True
    untouched = {"data": _task_of(tasks, "p006")["data"]}
    result = import_tasks([only_predicted, cancelled, untouched, _task_of(tasks, "p007")])
    assert [i.annotation.document for i in result.items] == ["p007.txt"]
    assert result.skipped == ["task #1 (p016.txt): only predictions, no reviewed annotation",
                              "task #2 (p005.txt): every annotation was cancelled (task skipped)",
                              "task #3 (p006.txt): not annotated"]
    with pytest.raises(CorpusError, match="only predictions"):
        from_task(only_predicted)


def test_suggestions_are_exported_as_predictions_and_come_back_only_once_a_person_submits(docs, corpus):
    """`annotate suggest` files (annotator "suggest") go to Label Studio as predictions; the person who submits
    them (fixed or not) is recorded as their annotator, and the machine note is dropped."""
    doc = next(d for d in docs if d.stem == "p005")
    suggested = replace(doc, annotation=doc.annotation.model_copy(update={
        "annotator": "suggest", "notes": ["machine suggestion (training/suggest.py rules): correct before use"]}))
    task = json.loads(json.dumps(to_task(suggested), ensure_ascii=False))
    assert "annotations" not in task and task["predictions"][0]["model_version"] == "suggest"
    assert import_tasks([task]).skipped and not import_tasks([task]).items
    task["annotations"] = [{"completed_by": 3, "created_username": "ann@example.org, 3",
                            "created_at": "2026-01-02T03:04:05Z", "result": task["predictions"][0]["result"]}]
    (item,) = import_tasks([task]).items
    assert item.annotation.annotator == "labelstudio:ann@example.org"
    assert item.annotation.notes == ["reviewed in Label Studio by labelstudio:ann@example.org at 2026-01-02T03:04:05Z"]
    assert item.annotation.entities == doc.annotation.entities


def test_the_annotator_of_a_fix_is_recorded(tasks):
    """An exported annotation left as it was keeps its file's annotator; one somebody changed is theirs."""
    task = _task_of(tasks, "p005")
    task["annotations"][0].update(completed_by=9)
    untouched = from_task(task).annotation
    assert untouched.annotator == load_annotation(SPANS / "p005.json").annotator != "labelstudio:9"
    task["annotations"][0]["result"].pop()  # the person removed an entity
    fixed = from_task(task).annotation
    assert fixed.annotator == "labelstudio:9" and "reviewed in Label Studio by labelstudio:9" in fixed.notes
    assert len(fixed.entities) == len(untouched.entities) - 1


def test_two_annotators_are_both_kept_or_the_choice_is_explicit(tasks, corpus, tmp_path):
    task = _task_of(tasks, "p005")
    result = task["annotations"][0]["result"]
    entities = [r for r in result if r["from_name"] == "entity"]
    task["annotations"] = [
        {"completed_by": 1, "created_at": "2026-01-01T00:00:00Z", "result": result},
        {"completed_by": 2, "created_at": "2026-01-02T00:00:00Z", "result": [r for r in result if r not in entities[:2]]},
    ]
    with pytest.raises(CorpusError, match=r"annotated by 2 people \(labelstudio:1, labelstudio:2\): choose"):
        import_tasks([task])
    assert import_tasks([task], pick="latest").items[0].annotation.annotator == "labelstudio:2"
    (first,) = import_tasks([task], pick="1").items
    assert len(first.annotation.entities) == len(entities)  # person 1 left the exported spans as they were
    both = import_tasks([task], pick="each").items
    assert [i.by for i in both] == ["labelstudio:1", "labelstudio:2"]
    written = write_imported(both, tmp_path / "passes", corpus)
    assert [w.annotation.parent.name for w in written] == ["labelstudio_1", "labelstudio_2"]
    # The two folders are two passes that `annotate agree` compares.
    res = CliRunner().invoke(app, ["annotate", "agree", str(tmp_path / "passes" / "labelstudio_1"),
                                   str(tmp_path / "passes" / "labelstudio_2"), "--corpus", str(corpus)])
    assert res.exit_code == 0 and "only in A 2" in res.output, res.output


def test_an_entity_only_project_is_allowed(tasks, corpus, tmp_path):
    task = _task_of(tasks, "p005")
    task["annotations"][0]["result"] = [r for r in task["annotations"][0]["result"] if r["from_name"] == "entity"]
    (item,) = import_tasks([task]).items
    assert item.annotation.scope == "entities" and not item.annotation.sections and item.annotation.entities
    (written,) = write_imported([item], tmp_path, corpus)
    assert validate_file(written.annotation, corpus).ok
    assert json.loads(written.annotation.read_text(encoding="utf-8"))["scope"] == "entities"
    # A full file that lost its sections is still caught.
    full = load_annotation(SPANS / "p005.json").model_copy(update={"sections": []})
    full.dump(tmp_path / "p005.json")
    assert any("no sections" in p for p in validate_file(tmp_path / "p005.json", corpus).problems)


def test_a_json_min_export_is_refused_with_export_as_json(tmp_path):
    path = tmp_path / "min.json"
    path.write_text(json.dumps([{"id": 1, "text": "收到申请47件", "annotator": 1, "annotation_id": 3,
                                 "entity": [{"start": 4, "end": 6, "text": "47", "labels": ["APP_RECEIVED"]}]}],
                               ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CorpusError, match="JSON-MIN export .*export as JSON instead"):
        read_tasks(path)
    res = CliRunner().invoke(app, ["annotate", "import-labelstudio", str(path), "-o", str(tmp_path / "o")])
    assert res.exit_code == 1 and "export as JSON" in res.output


@pytest.mark.parametrize("breakage, message", [
    (lambda t: t["annotations"][0]["result"][-1]["value"].update(start=1), "says"),
    (lambda t: t["annotations"][0]["result"][-1]["value"].update(labels=["NUMBER"]), "is not one of the entity labels"),
    (lambda t: t["annotations"][0]["result"][-1].update(from_name="label"), "from_name 'label'"),
    (lambda t: t["annotations"][0]["result"].pop(0), "belong to no section"),
    (lambda t: t["data"].update(sha256="0" * 64), "does not match the task's text"),
])
def test_a_broken_task_is_refused_naming_the_task(tasks, breakage, message):
    task = _task_of(tasks, "p005")
    task["id"] = 42
    breakage(task)
    with pytest.raises(CorpusError) as err:
        import_tasks([_task_of(tasks, "p016"), task])
    assert all(p.startswith("task #2 (id 42, p005.txt): ") for p in err.value.problems), err.value.problems
    assert message in str(err.value)


def test_cli_imports_nothing_when_a_task_is_broken_and_refuses_other_text(tasks, corpus, tmp_path):
    good, bad = _task_of(tasks, "p016"), _task_of(tasks, "p005")
    bad["annotations"][0]["result"][-1]["value"]["end"] += 1
    runner = CliRunner()
    source = tmp_path / "tasks.json"
    source.write_text(json.dumps([good, bad], ensure_ascii=False), encoding="utf-8")
    args = ["annotate", "import-labelstudio", str(source), "-o", str(tmp_path / "spans"), "--corpus", str(corpus)]
    res = runner.invoke(app, args)
    assert res.exit_code == 1 and "task #2 (p005.txt)" in res.output
    assert not (tmp_path / "spans").exists()
    # A document of that name whose bytes differ is never overwritten.
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "p016.txt").write_text("another text", encoding="utf-8")
    source.write_text(json.dumps([good], ensure_ascii=False), encoding="utf-8")
    res = runner.invoke(app, args[:-1] + [str(tmp_path / "other")])
    assert res.exit_code == 1 and "exists with other content" in res.output
    assert (tmp_path / "other" / "p016.txt").read_text(encoding="utf-8") == "another text"
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert load_annotation(tmp_path / "spans" / "p016.json") == load_annotation(SPANS / "p016.json")


def test_cli_export_writes_tasks_and_config(corpus, tmp_path):
    args = ["-o", str(tmp_path / "t.json"), "--config", str(tmp_path / "c.xml"), "--corpus", str(corpus)]
    res = CliRunner().invoke(app, ["annotate", "export-labelstudio", str(SPANS / "p005.json"), *args])
    assert res.exit_code == 0, res.output
    (task,) = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert task["data"]["document"] == "p005.txt" and task["data"]["meta"]["annotator"]
    assert ET.fromstring((tmp_path / "c.xml").read_text(encoding="utf-8")).tag == "View"


def test_a_report_annotated_in_the_readers_text_validates_against_its_file(corpus, tmp_path):
    """j001.html's spans index the HTML reader's text (`coordinates: reader`); a reader that extracted other text
    would be caught by the length, and the Label Studio round trip keeps the file's hash and coordinates."""
    path = SPANS / "j001.json"
    ann = load_annotation(path)
    assert ann.coordinates == "reader" and ann.document.endswith(".html")
    result = validate_file(path, corpus)
    assert result.ok, result.problems
    assert result.text[ann.entities[0].start:ann.entities[0].end] == ann.entities[0].text
    shifted = ann.model_copy(update={"length": ann.length + 1})
    shifted.dump(tmp_path / "j001.json")
    assert any("reader's text of j001.html" in p for p in validate_file(tmp_path / "j001.json", corpus).problems)
    task = json.loads(json.dumps(export_tasks(load_all_annotated([path], corpus))[0], ensure_ascii=False))
    back = from_task(task).annotation
    assert (back.coordinates, back.sha256) == ("reader", ann.sha256) and back.entities == ann.entities

