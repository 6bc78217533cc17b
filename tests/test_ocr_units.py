"""The pieces of the scan path that need no OCR model: number clean-up, grids from cell boxes, page
assembly, and corrections by the identities."""

from __future__ import annotations

from extractor.checks.repair import fill_unreadable, plausible_misreading, repair
from extractor.checks.rules import Rule, rules_for
from extractor.layout.glyphs import Glyph
from extractor.layout.grid import build_table
from extractor.layout.page import assemble, layout_page
from extractor.ocr.numbers import clean, mark_unreadable


def test_letters_in_numbers_become_digits_only_where_they_are_numbers() -> None:
    assert clean("1O5", True) == "105"
    assert clean("l2", True) == "12"
    assert clean("。", True) == "0"  # a small 0 read as a full stop
    assert clean("2 l2 O", True) == "2 12 0"  # separate cells stay separate
    assert clean("行政许可", True) == "行政许可"
    assert clean("收到申请4O件", False) == "收到申请40件"
    assert clean("LED屏及二〇三五年", False) == "LED屏及二〇三五年"


def test_seal_characters_in_a_row_of_numbers_become_unreadable_cells() -> None:
    row = ["(三)不予公开", "1.属于国家秘密", "0", "专用章", "0", "0", "1", "0", "1"]
    assert mark_unreadable(row) == ["(三)不予公开", "1.属于国家秘密", "0", "?", "0", "0", "1", "0", "1"]
    assert mark_unreadable(["0", "L0", "3", "45.82 万元"]) == ["0", "?", "3", "45.82 万元"]
    assert mark_unreadable(["信息内容", "本年制发件数", "本年废止件数"]) == ["信息内容", "本年制发件数", "本年废止件数"]


def _g(text: str, x: float, y: float) -> Glyph:
    return Glyph(text, x, y, x + 8, y + 10, 0.9)


def test_merged_cells_get_their_spans_and_glyphs() -> None:
    # A header cell spanning two columns over two data cells.
    boxes = [(0, 0, 100, 20), (0, 20, 50, 40), (50, 20, 100, 40)]
    glyphs = [_g("行", 40, 5), _g("1", 20, 25), _g("2", 70, 25)]
    table = build_table(boxes, glyphs)
    assert table is not None and (table.n_rows, table.n_cols) == (2, 2)
    header = table.cells[0]
    assert (header.rowspan, header.colspan, header.text) == (1, 2, "行")
    assert [c.text for c in table.cells[1:]] == ["1", "2"]


def test_table_continuing_on_the_next_page_is_joined_and_page_numbers_dropped() -> None:
    def page(number: int, label: str, value: str) -> object:
        boxes = [(10, 10, 60, 30), (60, 10, 100, 30)]
        glyphs = [_g(label, 20, 15), _g(value, 70, 15), _g(str(number), 50, 290)]  # page number at the foot
        return layout_page(number, 300, glyphs, [((10, 10, 100, 30), boxes)])

    text = assemble([page(1, "甲", "1"), page(2, "乙", "2")]).to_document(__file__, "x", "pdf")
    assert text.text == "甲\t1\n乙\t2\n"
    assert len(text.tables) == 1 and len(text.tables[0].rows) == 2


def _t3(outcome_natural: int) -> dict:
    f = {
        "t3.new_received.natural": 10, "t3.new_received.commercial": 1, "t3.new_received.total": 11,
        "t3.carried_over.natural": 0, "t3.carried_over.total": 0,
        "t3.granted.natural": 6, "t3.granted.commercial": 1, "t3.granted.total": 7,
        "t3.partial.natural": outcome_natural, "t3.partial.total": 4,
        "t3.total.natural": 10, "t3.total.commercial": 1, "t3.total.total": 11,
        "t3.carried_forward.natural": 0, "t3.carried_forward.total": 0,
    }
    return f


def test_a_misread_digit_pinned_by_two_identities_is_corrected() -> None:
    fields = _t3(9)  # 4 misread as 9
    fixes = repair(fields, rules_for("2021"), set(fields))
    assert [(f.key, f.read, f.corrected) for f in fixes] == [("t3.partial.natural", 9, 4)]
    assert set(fixes[0].rules) == {"t3.outcomes.natural", "t3.row.partial"}


def test_no_correction_when_the_cell_was_not_read_by_ocr_or_the_change_is_not_a_misreading() -> None:
    rules = rules_for("2021")
    assert repair(_t3(9), rules, candidates=set()) == []
    assert not plausible_misreading(9, 40) and plausible_misreading(2, 22) and plausible_misreading(6, 8)
    fields = _t3(4)
    fields["t3.granted.natural"] = 60  # 6 read as 60 but so is nothing else: still one digit doubled
    assert [f.corrected for f in repair(fields, rules, set(fields))] == [6]


def test_a_total_that_breaks_three_identities_is_pinned() -> None:
    fields = _t3(4)
    fields["t3.total.total"] = 12  # balance, outcomes and the row all say 11
    assert [(f.key, f.corrected) for f in repair(fields, rules_for("2021"), set(fields))] == [("t3.total.total", 11)]


def test_an_ambiguous_break_is_left_alone() -> None:
    rules = (Rule("block", ("total",), ("a", "b")),)
    fields = {"total": 5, "a": 3, "b": 3}  # either 3 could be a misread 2
    assert repair(fields, rules, set(fields)) == [] and fields == {"total": 5, "a": 3, "b": 3}


def test_an_unreadable_cell_takes_the_value_its_identity_gives() -> None:
    fields = _t3(4)
    fields["t3.partial.natural"] = None
    fixes = fill_unreadable(fields, rules_for("2021"), {"t3.partial.natural"})
    assert [(f.key, f.corrected) for f in fixes] == [("t3.partial.natural", 4)]


def test_duplicate_detections_are_dropped_but_repeated_digits_kept() -> None:
    from extractor.ocr.page import _dedupe

    two_twos = [Glyph("2", 0, 0, 15, 30, 0.9), Glyph("2", 15, 0, 30, 30, 0.9)]
    assert len(_dedupe(two_twos)) == 2
    same_twice = [Glyph("2", 0, 0, 15, 30, 0.9), Glyph("2", 1, 1, 16, 31, 0.8)]
    assert [g.score for g in _dedupe(same_twice)] == [0.9]


def test_several_unreadable_cells_of_a_zero_sum_are_zero() -> None:
    rules = (Rule("block", ("total",), ("a", "b", "c")),)
    fields = {"total": 0, "a": None, "b": 0, "c": None}
    assert [(f.key, f.corrected) for f in fill_unreadable(fields, rules, {"a", "c"})] == [("a", 0), ("c", 0)]
    fields = {"total": 2, "a": None, "b": 0, "c": None}  # 2 could be 1+1 or 2+0: left open
    assert fill_unreadable(fields, rules, {"a", "c"}) == [] and fields["a"] is None


def test_damage_before_the_first_read_number_is_still_a_value_cell() -> None:
    row = ["三、本年度办理结果", "(五)不予处理", "2.重复申请", "", "“o", "0", "0", "0", "0", "3"]
    assert mark_unreadable(row)[4] == "?" and mark_unreadable(row)[:4] == row[:4]
    assert mark_unreadable(["规章", "0", "0", "0"]) == ["规章", "0", "0", "0"]


def test_only_pages_read_by_ocr_get_their_numbers_cleaned() -> None:
    # A PDF whose second page is a scan: the text layer of page 1 is taken as printed.
    def page(number: int, ocr: bool) -> object:
        boxes = [(10, 10, 60, 30), (60, 10, 100, 30)]
        glyphs = [_g("甲", 20, 15), _g("l", 70, 15), _g("2", 78, 15)]
        return layout_page(number, 300, glyphs, [((10, 10, 100, 30), boxes)], ocr=ocr)

    doc = assemble([page(1, False), page(2, True)]).to_document(__file__, "x", "pdf")
    assert doc.text.splitlines() == ["甲\tl2", "甲\t12"]
