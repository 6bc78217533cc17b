"""The held-out reports' forms the narrative's confidence is also calibrated on: without tables, and cut to an
opening; their gold is what the form still states."""

from __future__ import annotations

from extractor.mentions import Mention
from evaluation.openings import OPENING_CHARS, forms_of, gold_in_form
from training.examples import Example


def _example(text: str, entities: list[Mention]) -> Example:
    return Example("r", text, entities, [Mention(0, len(text), "overview")], tuple(range(len(text) + 1)), len(text))


def test_forms_cut_before_the_tables_and_after_the_first_long_sentence_and_keep_what_they_state():
    head = "一、总体情况\n本年度主动公开政府信息120条。" + "各项工作有序推进，" * 90 + "。全年收到政府信息公开申请7件。\n"
    table = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n"
    text = head + table
    at120, at7 = text.index("120"), text.index("7件")
    e = _example(text, [Mention(at120, at120 + 3, "PROACTIVE_TOTAL"), Mention(at7, at7 + 1, "APP_RECEIVED")])
    forms = {f.extra["form"]: f for f in forms_of(e)}
    assert set(forms) == {"free", "opening"}
    free, opening = forms["free"], forms["opening"]
    assert free.text == text[:text.index("第二十条") - 1] and free.stem == "r~free"  # up to where table 2 starts
    assert OPENING_CHARS <= len(opening.text) < len(free.text) and opening.text.endswith("。")
    assert [m.label for m in opening.entities] == ["PROACTIVE_TOTAL"]  # the request count lies after the cut
    gold = {"n.proactive.total": 120, "n.applications.received": 7, "n.review.total": None}
    assert gold_in_form(free, gold) == gold
    assert gold_in_form(opening, gold) == {"n.proactive.total": 120, "n.applications.received": None,
                                           "n.review.total": None}


def test_a_short_report_without_tables_has_no_forms():
    text = "本年度主动公开政府信息120条。"
    assert forms_of(_example(text, [])) == []
