"""Weak labels from a report's own tables (training/weak.py) and `xxgk annotate weak`."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.entities import Mention
from extractor.tagger.context import TableContext
from tests.synthetic import random_values, render
from training.examples import Example
from training.recipes import training_entities
from training.weak import weak_entities

NARRATIVE = "本年收到申请47件,办结38件,结转9件,行政复议2件。"


def _labels(text: str, ctx: TableContext) -> dict[str, str]:
    return {text[m.start:m.end]: m.label for m in weak_entities(text, ctx)}


def test_a_number_equal_to_a_table_total_takes_its_label_and_table_cells_none():
    text = NARRATIVE + "\n表格 47 38 9 2"
    table = text.index("表格")
    ctx = TableContext({"t3.new_received.total": 47, "t3.total.total": 38, "t3.carried_forward.total": 9,
                        "t4.review.total": 2}, ((table, len(text)),))
    found = weak_entities(text, ctx)
    at = text.index("47")
    assert Mention(at, at + 2, "APP_RECEIVED") in found
    assert _labels(text, ctx) == {"47": "APP_RECEIVED", "38": "APP_COMPLETED", "9": "APP_CARRIED", "2": "CASE_COUNT"}
    assert all(m.start < table for m in found)  # the table's own cells are the parser's


def test_the_table_leaves_out_what_it_cannot_decide():
    text = "本年收到申请47件,办结47件。"
    both = TableContext({"t3.new_received.total": 47, "t3.total.total": 47})
    assert weak_entities(text, both) == []  # received == completed: either label could be wrong
    # A number without its counter word (a date, a percentage) is not a count, whatever cell it equals.
    assert weak_entities("2022年办结率47%。", TableContext({"t3.new_received.total": 47})) == []


def test_the_recipe_option_swaps_gold_for_weak_labels_on_real_reports_only():
    text = NARRATIVE
    gold = [Mention(0, 2, "PROACTIVE_PART")]
    real = Example("r", text, gold, [], tuple(range(len(text) + 1)), len(text))
    synth = Example("s", text, gold, [], tuple(range(len(text) + 1)), len(text), synthetic=True)
    recipe = {"name": "r", "task": "tagger", "kind": "crf"}
    weak = dict(recipe, data={"real_labels": "weak"})
    assert training_entities(recipe, real) == gold
    assert training_entities(weak, synth) == gold
    assert training_entities(weak, real) != gold
    with pytest.raises(ValueError):
        training_entities(dict(recipe, data={"real_labels": "silver"}), real)


def test_partial_labels_leave_undecided_numbers_out_of_the_loss():
    from training.neural_windows import IGNORE, _TAG_ID, window_labels
    from training.weak import undecided_numbers

    text = "本年收到申请47件,其中网上申请12件。\n表格 47 12"
    table = text.index("表格")
    ctx = TableContext({"t3.new_received.total": 47}, ((table, len(text)),))
    found = weak_entities(text, ctx)
    labels = window_labels(found + undecided_numbers(text, ctx, found), 0, len(text))
    at, twelve = text.index("47"), text.index("12")
    assert labels[at] == _TAG_ID["B-APP_RECEIVED"]
    assert labels[twelve:twelve + 2] == [IGNORE, IGNORE]  # the tables say nothing about 12: neither O nor a label
    assert labels[text.index("12", table)] == _TAG_ID["O"]  # table cells stay O, as with gold labels
    real = Example("r", text, [], [], tuple(range(len(text) + 1)), len(text))
    with pytest.raises(ValueError):
        training_entities({"name": "r", "task": "tagger", "kind": "crf", "data": {"real_labels": "weak-partial"}}, real)


def _report(tmp_path: Path) -> tuple[Path, int]:
    values = random_values("2021", 0)
    received = int(values["t3.new_received.total"])
    assert received != values["t3.total.total"]
    sentence = f"本年共收到政府信息公开申请{received}件。"
    text = render(values, "2021", "tabs").replace("一、总体情况\n", f"一、总体情况\n{sentence}\n", 1)
    assert sentence in text
    path = tmp_path / "docs" / "r1.txt"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path, received


def test_annotate_weak_writes_a_valid_span_file(tmp_path: Path):
    from typer.testing import CliRunner

    from xxgk.cli import app
    from training.corpus import load_annotation, validate_file

    path, received = _report(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["annotate", "weak", str(path.parent), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = out / "r1.json"
    assert validate_file(written, path.parent).ok
    ann = load_annotation(written)
    assert ann.annotator == "weak-tables"
    assert [(e.label, e.text) for e in ann.entities if e.label == "APP_RECEIVED"] == [("APP_RECEIVED", str(received))]
