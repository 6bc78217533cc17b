"""The review loop: the ranked queue on real outputs, and end to end through a real Label Studio server (the
`labelstudio` marker): `xxgk review` → tasks imported over the API → decisions submitted over the API → JSON export
→ `xxgk review-import` → corrected outputs and fields.parquet, table gold and training spans."""

import json
import shutil

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from xxgk.cli import app
from training.review.queue import build_queue, load_outputs
from tests.conftest import SPANS
from training.corpus import load_annotation, validate_file

DOCS = ("p004", "p013", "p017")  # a clean report, a failed identity, a narrative count the tables contradict
# p017's narrative received count, changed in the copy so that its table (21 new requests) contradicts it
CONTRADICTED = ("共受理政府信息公开申请21件", "共受理政府信息公开申请25件")


@pytest.fixture(scope="module")
def batch(corpus, tmp_path_factory):
    root = tmp_path_factory.mktemp("review")
    for stem in DOCS:
        shutil.copy(corpus / f"{stem}.txt", root / f"{stem}.txt")
    p017 = (root / "p017.txt").read_text("utf-8")
    assert CONTRADICTED[0] in p017
    (root / "p017.txt").write_text(p017.replace(*CONTRADICTED), "utf-8")
    res = CliRunner().invoke(app, ["extract", *(str(root / f"{s}.txt") for s in DOCS), "-o", str(root / "out"),
                                   "--engine", "inline"])
    assert res.exit_code == 0, res.output
    return root


def test_the_queue_ranks_failed_identities_and_contradicted_values_first(batch):
    queue = build_queue(load_outputs(batch / "out"), threshold=0.88)
    top = {(i.document, i.kind, i.key) for i in queue[:3]}
    assert ("p017", "review", "n.applications.received") in top
    assert any(d == "p013" and kind == "failed_check" for d, kind, _ in top)
    assert [i.score for i in queue] == sorted((i.score for i in queue), reverse=True)
    assert all(0 <= i.p_wrong <= 1 and i.importance > 0 for i in queue)


def test_review_refuses_a_folder_without_outputs(tmp_path):
    res = CliRunner().invoke(app, ["review", str(tmp_path), "-o", str(tmp_path / "r")])
    assert res.exit_code == 2 and "no `xxgk extract` output" in res.output


@pytest.mark.labelstudio
def test_review_through_a_real_label_studio_server(batch, tmp_path):
    from tests.labelstudio_server import BINARY, LabelStudio

    if not BINARY.exists():
        pytest.skip(f"no Label Studio at {BINARY}: `make labelstudio` builds .venv-labelstudio")
    out, review = batch / "out", tmp_path / "review"
    res = CliRunner().invoke(app, ["review", str(out), "-o", str(review)])
    assert res.exit_code == 0, res.output
    tasks = json.loads((review / "tasks.json").read_text("utf-8"))
    server = LabelStudio(tmp_path / "ls")
    try:
        project = server.post("/api/projects", {"title": "xxgk review",
                                                "label_config": (review / "config.xml").read_text("utf-8")})["id"]
        server.post(f"/api/projects/{project}/import", tasks)
        by_item = {t["data"]["item"]: t for t in server.tasks(project)}
        assert len(by_item) == len(tasks)
        failed = next(t["item"] for t in (x["data"] for x in tasks) if t["kind"] == "failed_check" and t["document"] == "p013")
        decide = {
            # The copy's running text says 25 received, its table 21: the person reads the table's 21.
            "p017:n.applications.received": ("wrong", "21", False),
            # The text does say 75 received (the table says 74): confirmed, its highlighted span accepted.
            "p004:n.applications.received": ("correct", None, True),
            failed: ("wrong", "t3.carried_forward.total=0", False),
        }
        for item, (choice, typed, keep_span) in decide.items():
            task = by_item[item]
            result = [{"from_name": "decision", "to_name": "text", "type": "choices", "value": {"choices": [choice]}}]
            if typed:
                result.append({"from_name": "value", "to_name": "text", "type": "textarea", "value": {"text": [typed]}})
            if keep_span:
                (prediction,) = next(t for t in tasks if t["data"]["item"] == item)["predictions"]
                result += prediction["result"]
            server.post(f"/api/tasks/{task['id']}/annotations", {"result": result, "was_cancelled": False})
        (tmp_path / "users.json").write_text(json.dumps(server.get("/api/users")), encoding="utf-8")
        who = "labelstudio:reviewer@example.org"  # the export names the user by id; --users maps it to the email
        exported = server.get(f"/api/projects/{project}/export?exportType=JSON&download_all_tasks=true")
    finally:
        server.stop()
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    spans = tmp_path / "spans"
    shutil.copytree(SPANS, spans)
    res = CliRunner().invoke(app, ["review-import", str(decisions), "--out", str(out), "--gold", str(tmp_path / "gold"),
                                   "--spans", str(spans), "--users", str(tmp_path / "users.json")])
    assert res.exit_code == 0, res.output
    assert res.output.count("skipped:") == len(tasks) - 3  # undecided tasks are named, not applied

    p017 = json.loads((out / "p017.json").read_text("utf-8"))
    prov = p017["provenance"]["n.applications.received"]
    assert p017["fields"]["n.applications.received"] == 21 and not p017["review"]
    assert (prov["via"], prov["reviewed_by"], prov["decision"]) == ("reviewed", who, "wrong")
    assert prov["reviewed_at"] and {c["value"] for c in prov["reviewed_from"]["candidates"]} == {21, 25}
    p004 = json.loads((out / "p004.json").read_text("utf-8"))
    assert p004["fields"]["n.applications.received"] == 75
    assert p004["provenance"]["n.applications.received"]["via"] == "reviewed"
    p013 = json.loads((out / "p013.json").read_text("utf-8"))
    assert p013["fields"]["t3.carried_forward.total"] == 0
    assert next(c for c in p013["checks"] if c["rule"] == "t3.balance.total")["ok"]

    rows = pq.read_table(out / "fields.parquet").to_pylist()
    reviewed = {(r["document"], r["key"]): r for r in rows if r["via"] == "reviewed"}
    assert set(reviewed) >= {("p017", "n.applications.received"), ("p004", "n.applications.received"),
                             ("p013", "t3.carried_forward.total")}
    assert reviewed[("p013", "t3.carried_forward.total")]["value"] == 0
    assert {r["document"] for r in rows} == set(DOCS)

    gold = json.loads((tmp_path / "gold" / "p013.json").read_text("utf-8"))
    assert gold["fields"] == {"t3.carried_forward.total": 0} and "partial" in gold["notes"]
    assert gold["reviews"][0]["by"] == who
    ann = load_annotation(spans / "p004.json")
    assert any(e.label == "APP_RECEIVED" and e.text == "75" for e in ann.entities)
    assert any(f"reviewed by {who}" in n for n in ann.notes)
    assert validate_file(spans / "p004.json", batch).ok


def test_importing_the_same_decision_twice_keeps_what_the_extraction_had():
    from training.review.apply import Decision, _apply

    report = {"fields": {"t3.total.total": 5}, "provenance": {"t3.total.total": {"via": "grid", "confidence": 0.9}},
              "review": [], "checks": []}
    d = Decision("t1", "i1", "r.json", "t3.total.total", "correct", {"t3.total.total": 7}, "ann", "2026-12-06T04:00")
    _apply(report, d)
    _apply(report, d)
    prov = report["provenance"]["t3.total.total"]
    assert report["fields"]["t3.total.total"] == 7
    assert prov["via"] == "reviewed" and prov["reviewed_from"] == {"value": 5, "via": "grid"}
    later = Decision("t1", "i1", "r.json", "t3.total.total", "correct", {"t3.total.total": 8}, "ann2", "2026-12-07T09:00")
    _apply(report, later)
    again = report["provenance"]["t3.total.total"]
    assert report["fields"]["t3.total.total"] == 8 and again["reviewed_by"] == "ann2"
    assert again["reviewed_from"] == {"value": 5, "via": "grid"}


def test_a_value_marked_not_in_report_leaves_its_field_empty_and_says_who_decided():
    from training.review.apply import Decision, _apply

    report = {"fields": {}, "provenance": {}, "checks": [],
              "review": [{"key": "n.applications.completed", "reason": "below the threshold",
                          "candidates": [{"value": 1, "confidence": 0.7, "start": 10, "end": 11, "text": "1"}]}]}
    d = Decision("t1", "i1", "r.json", "n.applications.completed", "not in report",
                 {"n.applications.completed": None}, "ann", "2026-12-06T04:00")
    _apply(report, d)
    prov = report["provenance"]["n.applications.completed"]
    assert report["fields"]["n.applications.completed"] is None and not report["review"]
    assert (prov["via"], prov["reviewed_by"], prov["decision"]) == ("reviewed", "ann", "not in report")
    assert prov["reviewed_from"]["candidates"][0]["value"] == 1


def test_a_correction_rechecks_every_identity_it_takes_part_in():
    from training.review.apply import _recheck

    report = {"template": "2021", "checks": [],
              "fields": {"t4.review.upheld": 1, "t4.review.corrected": 0, "t4.review.other": 0,
                         "t4.review.pending": 0, "t4.review.total": 2}}
    _recheck(report, {"t4.review.total"})  # the identity was never checked before: it is added
    assert [(c["rule"], c["ok"]) for c in report["checks"]] == [("t4.review", False)]
    report["fields"]["t4.review.total"] = 1
    _recheck(report, {"t4.review.total"})
    assert [(c["rule"], c["ok"]) for c in report["checks"]] == [("t4.review", True)]


def test_a_contested_values_risk_counts_its_rivals_only_where_they_cannot_all_be_right():
    from training.review.queue import _share_of_rivals

    best = {"value": 25, "confidence": 0.95}
    assert _share_of_rivals(best, [best, {"value": 21, "confidence": 0.9}]) == 0.95 / 1.85
    assert _share_of_rivals(best, [best, {"value": 21, "confidence": 0.05}]) == 0.95  # sums to 1: as confident
    assert _share_of_rivals(best, [best, {"value": 25, "confidence": 0.9}]) == 0.95  # one value twice is no rival
