import json

from evaluation.reliability import reliability, rule_family


def test_confidence_bands_count_right_and_wrong_cells_and_rules_their_pass_rate(tmp_path):
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir(), pred.mkdir()
    (gold / "a.json").write_text(json.dumps({"document": "a.txt", "fields": {"t3.total.total": 5, "t4.review.total": 2,
                                                                             "n.review.total": 2}}))
    out = {"source": "in/a.txt", "fields": {"t3.total.total": 5, "t4.review.total": 3, "n.review.total": 2},
           "provenance": {"t3.total.total": {"confidence": 0.99}, "t4.review.total": {"confidence": 0.3},
                          "n.review.total": {"confidence": 0.9}},
           "checks": [{"rule": "t3.balance.natural", "ok": True}, {"rule": "t3.balance.total", "ok": False},
                      {"rule": "t4.review", "ok": True}, {"rule": "cross_year.in_force", "ok": False, "severity": "warning"}]}
    (pred / "a.json").write_text(json.dumps(out))
    rel = reliability(gold, pred)
    by_low = {b.low: (b.cells, b.right) for b in rel.bands}
    assert by_low == {0.0: (1, 0), 0.5: (0, 0), 0.8: (1, 1), 0.95: (1, 1)}
    assert rel.rules == {"t3.balance": (1, 2), "t4": (1, 1)}  # warnings are not identities that fail a report
    assert rule_family("cross_year.carried_over.total") == "cross_year.carried_over"


def test_wrong_cells_say_how_they_were_read_with_a_short_context(tmp_path):
    from evaluation.fields import WrongCell
    from evaluation.reliability import wrong_cell_details

    text = "前面的文字很长很长很长很长很长。规范性文件2120第二十条后面还有很长很长的文字"
    start = text.index("2120") + 1
    out = {"source": "in/a.txt", "fields": {"t2.normative.repealed": 1},
           "provenance": {"t2.normative.repealed": {"start": start, "end": start + 1, "text": "1", "via": "table",
                                                    "read_as": "split", "confidence": 0.3}}}
    (tmp_path / "a.json").write_text(json.dumps(out))
    (tmp_path / "a.txt").write_text(text)
    (detail,) = wrong_cell_details(tmp_path, [WrongCell("a", "t2.normative.repealed", 12, 1)])
    assert detail["read_as"] == "split" and detail["confidence"] == 0.3 and detail["printed"] == "1"
    left, rest = detail["context"].split("[")
    span, right = rest.split("]")
    assert span == "1" and len(left) <= 12 and len(right) <= 12 and text[start - len(left):start] == left


def test_configurations_compare_per_table_with_paired_intervals(tmp_path):
    from evaluation.fields_compare import compare_configurations

    gold, good, bad = (tmp_path / n for n in ("gold", "good", "bad"))
    for d in (gold, good, bad):
        d.mkdir()
    for i in range(12):
        fields = {"t3.total.total": i + 1, "t4.review.total": i}
        (gold / f"d{i}.json").write_text(json.dumps({"document": f"d{i}.txt", "fields": fields}))
        (good / f"d{i}.json").write_text(json.dumps({"source": f"d{i}.txt", "fields": fields}))
        (bad / f"d{i}.json").write_text(json.dumps({"source": f"d{i}.txt", "fields": {"t3.total.total": i + 1}}))
    scores, deltas, left_out = compare_configurations(gold, {"good": good, "bad": bad}, n_boot=300)
    by = {s.name: s for s in scores}
    assert by["good"].f1["t4"] == 1.0 and by["bad"].f1["t4"] == 0.0 and by["bad"].f1["t3"] == 1.0
    t4 = next(d for d in deltas if d.table == "t4")
    assert t4.delta == -1.0 and t4.real and t4.ci == (-1.0, -1.0)
    t3 = next(d for d in deltas if d.table == "t3")
    assert t3.delta == 0.0 and not t3.real and left_out == []
