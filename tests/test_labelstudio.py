"""Label Studio interchange on the real corpus: lossless round trip, new documents, clear errors."""

import copy
import json
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from xxgk.cli import app
from extractor.spec import ENTITY_LABELS, SECTION_LABELS
from tests.conftest import SPANS
from training.corpus import load_annotation, validate_file
from training.documents import CorpusError, load_all_annotated
from training.labelstudio import export_tasks, from_task, import_tasks, labeling_config, write_imported

@pytest.fixture(scope="module")
def tasks(docs):
    # Through JSON, as a file handed to Label Studio and back would go.
    return json.loads(json.dumps(export_tasks(docs), ensure_ascii=False))


def _task_of(tasks, stem):
    return copy.deepcopy(next(t for t in tasks if t["data"]["document"] == f"{stem}.txt"))


def test_round_trip_is_lossless_for_every_annotated_file(docs, tasks):
    imported = import_tasks(tasks)
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
    (item,) = import_tasks([task])
    assert item.annotation.entities == load_annotation(SPANS / "p005.json").entities  # latest not cancelled
    assert item.annotation.annotator == "labelstudio:7"
    (written,) = write_imported([item], tmp_path / "spans", tmp_path / "new_corpus")
    assert written.new_text and written.text.read_bytes() == (corpus / "p005.txt").read_bytes()
    assert validate_file(written.annotation, tmp_path / "new_corpus").ok
    # Imported again, the document is found in the corpus folder and its text is left alone.
    (again,) = write_imported([item], tmp_path / "spans", tmp_path / "new_corpus")
    assert not again.new_text


def test_predictions_are_taken_when_nobody_annotated(tasks):
    task = _task_of(tasks, "p016")
    task["predictions"] = [{"model_version": "x", "result": task.pop("annotations")[0]["result"]}]
    assert from_task(task).annotation == load_annotation(SPANS / "p016.json")


@pytest.mark.parametrize("breakage, message", [
    (lambda t: t["annotations"][0]["result"][-1]["value"].update(start=1), "says"),
    (lambda t: t["annotations"][0]["result"][-1]["value"].update(labels=["NUMBER"]), "is not one of the entity labels"),
    (lambda t: t["annotations"][0]["result"][-1].update(from_name="label"), "from_name 'label'"),
    (lambda t: t["annotations"][0]["result"].pop(0), "belong to no section"),
    (lambda t: t["data"].update(sha256="0" * 64), "does not match the task's text"),
    (lambda t: t["annotations"][0].update(was_cancelled=True), "every annotation was cancelled"),
    (lambda t: t.pop("annotations"), "no annotation and no prediction"),
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

