"""Glued digit runs: enumerate readings, let the identities choose, say so when they cannot."""

from extractor.tables.cells import parse_number, row_readings, split_token
from extractor.normalize import normalize
from extractor.tables.parser import parse_tables as _parse_normalized


def parse_tables(text):
    """Readers normalize before parsing; so do the tests."""
    return _parse_normalized(normalize(text).text)


def test_split_token_respects_leading_zeros_and_counts():
    readings = split_token("8855698", 3, False)
    assert ("88", "55", "698") in readings
    assert all(not (len(p) > 1 and p[0] == "0") for r in readings for p in r)
    assert split_token("0000000", 7, False) == (("0",) * 7,)


def test_row_identity_picks_the_only_consistent_split():
    # 71 natural + 3 commercial = 74 total; the item number of the next row is not a cell.
    text = "一、本年新收政府信息公开申请数量713000074二、上年结转政府信息公开申请数量 1000001三、本年度办理结果"
    parsed = parse_tables("申请人情况" + text)
    f = parsed.fields()
    assert [f[f"t3.new_received.{c}"] for c in ("natural", "commercial", "research", "social", "legal", "other_org", "total")] == [71, 3, 0, 0, 0, 0, 74]
    assert f["t3.carried_over.total"] == 1


def test_digits_glued_to_next_item_number():
    text = "申请人情况（四）无法提供1.本机关不掌握相关政府信息3700000372.没有现成信息需要另行制作0000000"
    f = parse_tables(text).fields()
    assert f["t3.unable_not_held.natural"] == 37 and f["t3.unable_not_held.total"] == 37
    assert f["t3.unable_create.total"] == 0


def test_ambiguous_run_is_flagged_not_guessed_silently():
    # 2021 table 2: '2120' has several readings (2|1|20, 2|12|0, 21|2|0) and no identity applies.
    text = (
        "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数"
        "行政规范性文件2120第二十条第（五）项信息内容本年处理决定数量行政许可5"
        "三、收到和处理政府信息公开申请情况"
    )
    parsed = parse_tables(text)
    cell = parsed.cells["t2.normative.in_force"]
    # chosen by the plausibility prior: below the 0.9 a user filters on (its calibrated share of right cells)
    assert cell.family == "prior" and not cell.pinned and cell.confidence < 0.9
    assert any("normative" in w and "readings" in w for w in parsed.warnings)
    assert parsed.fields()["t2.licensing.decisions"] == 5
    assert parsed.cells["t2.licensing.decisions"].confidence > 0.9


def test_table4_run_of_17_digits_solved_by_block_totals():
    text = "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计10000100000000000五、存在的主要问题及改进情况"
    f = parse_tables("申请人情况结转下年度继续办理0000000" + text).fields()
    assert [f["t4.review.upheld"], f["t4.review.total"], f["t4.suit_direct.total"]] == [10, 10, 0]


def test_signed_and_amount_cells():
    assert parse_number("减2") == (-2, None)
    assert parse_number("173581元") == (173581, "元")
    assert parse_number("9116.36") == (9116.36, None)
    assert parse_number("/") == (None, None)
    readings = row_readings("行政处罚2648-18538第", 4, 14, 3)
    assert (2648, -18, 538) in [r.values() for r in readings]


def test_year_of_next_sentence_is_not_a_cell():
    text = "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费02025年，我局公开信息395条。三、收到和处理"
    parsed = parse_tables(text)
    assert parsed.fields()["t2.fees.amount"] == 0
