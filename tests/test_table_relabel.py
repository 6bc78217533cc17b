"""A running-text count fills a key because the report's table holds its number only where its words allow that
quantity: a count of reviews and lawsuits together, a count by applicant or an outcome without the key's words stay
what they are (guidelines D24; table 3's columns are not its totals)."""

from extractor.mentions import Mention
from extractor.reconcile.narrative import keys_of, narrative_fields

_CASES = {"t4.review.total": 0, "t4.suit_direct.total": 0, "t4.suit_after_review.total": 2}


def _mention(text: str, number: str, label: str, nth: int = 0) -> Mention:
    at = -1
    for _ in range(nth + 1):
        at = text.index(number, at + 1)
    return Mention(at, at + len(number), label, 0.95)


def test_a_count_of_reviews_and_lawsuits_together_is_not_the_lawsuits_the_table_counts():
    text = "全年涉及政府信息公开的行政复议和行政诉讼案件共2件。"
    narrative = narrative_fields([_mention(text, "2", "CASE_COUNT")], text, None, _CASES)
    assert "n.litigation.total" not in narrative and "n.review.total" not in narrative


def test_a_heading_naming_both_kinds_of_case_does_not_make_the_next_line_s_count_both():
    text = "四、政府信息公开行政复议、行政诉讼情况\n行政复议0件，其中维持0件。"
    assert keys_of(_mention(text, "0", "CASE_COUNT"), text) == ("n.review.total",)
    together = "本年度行政复议、行政诉讼均为0件。"
    assert keys_of(_mention(together, "0", "CASE_COUNT"), together) == ("n.review.total", "n.litigation.total")


def test_a_count_by_applicant_is_not_the_total_the_table_holds():
    text = "本年度共受理申请8件，其中自然人申请8件。"
    mentions = [_mention(text, "8", "APP_OUTCOME", nth=1)]  # the tagger missed the received count
    narrative = narrative_fields(mentions, text, None, {"t3.new_received.total": 8, "t3.total.total": 8})
    assert narrative == {}


def test_an_outcome_with_the_key_s_own_words_is_read_as_the_key_the_table_confirms():
    text = "本年度共办结申请8件，均按时答复。"
    narrative = narrative_fields([_mention(text, "8", "APP_OUTCOME")], text, None, {"t3.total.total": 8})
    value = narrative["n.applications.completed"]
    assert value.value == 8 and value.relabelled_from == "APP_OUTCOME"
    outcome = "本年度同意公开8件。"
    assert narrative_fields([_mention(outcome, "8", "APP_OUTCOME")], outcome, None, {"t3.total.total": 8}) == {}
