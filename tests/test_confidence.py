"""Narrative values and entities carry a calibrated confidence; what the evidence does not settle goes to `review`
with its candidates instead of `fields` (SPEC §4)."""

import json

from evaluation.calibration import EntityRow, ValueRow, choose_threshold, cross_fitted, fit, reliability_table, report
from extractor.mentions import Mention
from extractor.reconcile.confidence import UNCALIBRATED, Calibration, settle, value_features
from extractor.reconcile.narrative import narrative_fields


def _mentions(text: str, spans: list[tuple[str, str, float]]) -> list[Mention]:
    out, cursor = [], 0
    for number, label, p in spans:
        at = text.index(number, cursor)
        out.append(Mention(at, at + len(number), label, p))
        cursor = at + len(number)
    return out


def test_a_confident_value_enters_fields_and_a_doubtful_one_goes_to_review_with_its_candidates():
    text = "全年主动公开政府信息320条。全年收到申请12件。另收到申请15件。"
    mentions = _mentions(text, [("320", "PROACTIVE_TOTAL", 0.97), ("12", "APP_RECEIVED", 0.8), ("15", "APP_RECEIVED", 0.7)])
    narrative = narrative_fields(mentions, text)
    accepted, review = settle(narrative, UNCALIBRATED)
    assert set(accepted) == {"n.proactive.total"} and accepted["n.proactive.total"] >= UNCALIBRATED.threshold
    (item,) = review
    assert item.key == "n.applications.received" and "2 values" in item.reason
    assert [c.value for c in item.candidates] == [12, 15] and item.candidates[0].confidence >= item.candidates[1].confidence
    assert text[item.candidates[1].start:item.candidates[1].end] == item.candidates[1].text == "15"


def test_a_value_the_table_contradicts_is_never_put_into_fields():
    text = "全年收到申请12件。"
    narrative = narrative_fields(_mentions(text, [("12", "APP_RECEIVED", 0.999)]), text, None,
                                 {"t3.new_received.total": 14})
    accepted, review = settle(narrative, Calibration(threshold=0.5))
    assert accepted == {} and "table" in review[0].reason


def test_a_running_total_as_the_only_proactive_figure_is_cumulative_and_offered_for_the_years_count():
    text = "截至2023年12月31日，共主动公开政府信息5200条。"
    narrative = narrative_fields(_mentions(text, [("5200", "PROACTIVE_CUMULATIVE", 0.99)]), text)
    calibration = Calibration(threshold=0.5)
    accepted, review = settle(narrative, calibration)
    (item,) = review
    assert set(accepted) == {"n.proactive.cumulative"} and item.key == "n.proactive.total" and "D10" in item.reason
    (candidate,) = item.candidates
    assert candidate.value == 5200 and text[candidate.start:candidate.end] == "5200"
    assert candidate.confidence == round(1 - accepted["n.proactive.cumulative"], 4)
    # beside the year's own count, the running total is no candidate for it
    text = "截至2023年12月31日，累计主动公开政府信息5200条，其中本年度主动公开310条。"
    narrative = narrative_fields(_mentions(text, [("5200", "PROACTIVE_CUMULATIVE", 0.99),
                                                  ("310", "PROACTIVE_TOTAL", 0.99)]), text)
    accepted, review = settle(narrative, calibration)
    assert set(accepted) == {"n.proactive.cumulative", "n.proactive.total"} and review == []


def test_value_features_say_what_the_evidence_is():
    text = "全年收到申请12件。表中又说收到申请12件。另收到申请15件。"
    nv = narrative_fields(_mentions(text, [("12", "APP_RECEIVED", 0.9), ("12", "APP_RECEIVED", 0.9),
                                           ("15", "APP_RECEIVED", 0.6)]), text, None, {"t3.new_received.total": 12})[
        "n.applications.received"]
    f = value_features(nv)
    assert f["stated_twice"] == 1 and f["rivals"] == 1 and f["table_agrees"] == 1 and f["table_conflicts"] == 0
    (alternative,) = nv.alternatives
    g = value_features(nv, alternative)
    assert g["table_conflicts"] == 1 and g["stated_twice"] == 0 and g["model_logit"] < f["model_logit"]
    assert g["defined"] == 1  # its own clause (另收到申请) is read, as the chosen value's is


def test_the_calibration_round_trips_and_maps_entities_monotonically(tmp_path):
    cal = Calibration((0.2, 0.6, 0.9), (0.1, 0.5, 0.95), {"bias": -1.0, "model_logit": 1.0}, 0.93, "test")
    cal.save(tmp_path)
    loaded = Calibration.load(tmp_path)
    assert loaded == cal
    assert loaded.entity(0.1) == 0.1 and loaded.entity(0.99) == 0.95 and loaded.entity(0.75) == 0.725  # clipped, interpolated
    assert Calibration.load(tmp_path / "nothing") is UNCALIBRATED


def _rows(n: int) -> tuple[list[ValueRow], list[EntityRow]]:
    """Values whose model probability says how often they are right (p of them right at p), over five folds."""
    values, entities = [], []
    for i in range(n):
        p = 0.3 + 0.7 * (i % 10) / 10
        right = (i * 7919 % 100) / 100 < p
        f = {"bias": 1.0, "model_logit": 4 * (p - 0.5), "stated_twice": 0.0, "rivals": 0.0, "table_agrees": 0.0,
             "table_conflicts": 0.0, "relabelled": 0.0, "in_table_section": 0.0}
        values.append(ValueRow(f"d{i}", i % 5, "n.proactive.total", float(i), f, right, True, False, "real"))
        entities.append(EntityRow(f"d{i}", i % 5, p, right, "real"))
    return values, entities


def test_calibration_is_cross_fitted_and_its_threshold_reaches_the_target_precision():
    values, entities = _rows(400)
    scored = cross_fitted(values, entities)
    assert len(scored.values) == 400 and {r.fold for r, _ in scored.values} == set(range(5))
    table = reliability_table([(r.right, s) for r, s in scored.values])
    assert sum(b["n"] for b in table) == 400
    assert table[0]["accuracy"] < table[-1]["accuracy"]  # more confident, more often right
    threshold = choose_threshold(scored.values, 0.9)
    taken = [r for r, s in scored.values if s >= threshold]
    assert not taken or sum(r.right for r in taken) / len(taken) >= 0.9
    cal = fit(values, entities, "test rows")
    figures = report(values, entities, cal, {"real": 300})
    real = figures["sources"]["real"]
    assert real["gold_values"] == 300
    assert real["at_threshold"]["accepted"] == 0 or real["at_threshold"]["precision"] >= 0.9
    json.dumps(figures)  # the card's figures are plain JSON


def test_the_forms_without_tables_teach_the_value_model_but_not_the_threshold():
    from dataclasses import replace

    values, entities = _rows(400)
    # forms of the same reports where a feature the whole reports never show (no table) marks right values
    forms = [replace(r, source="opening", document=r.document + "#opening",
                     features={**r.features, "in_table_section": 1.0}, right=True) for r in values[:200]]
    without = fit(values, entities, "whole reports")
    with_forms = fit(values + forms, entities, "whole reports and forms")
    assert without.value_weights["in_table_section"] == 0  # never seen: nothing learnt
    assert with_forms.value_weights["in_table_section"] > 0  # learnt from the forms
    # the threshold is chosen on the whole reports' cross-fitted scores alone (a form repeats its report's values):
    # forms that look sure and are wrong would raise it, were they counted there
    sure = sorted(values, key=lambda r: -r.features["model_logit"])[:60]
    wrong_forms = [replace(r, source="free", document=r.document + "#free", right=False) for r in sure]
    rows = values + wrong_forms
    scored = cross_fitted(rows, entities).values
    on_reports = choose_threshold([(r, x) for r, x in scored if r.source == "real"])
    assert fit(rows, entities, "with wrong forms").threshold == on_reports != choose_threshold(scored)


def test_an_independent_reading_that_agrees_or_differs_is_evidence():
    from extractor.reconcile.narrative import second_reading, with_second_reading

    text = "全年收到政府信息公开申请12件。"
    tagged = narrative_fields(_mentions(text, [("12", "APP_RECEIVED", 0.8)]), text)
    rules = second_reading(text, None, {})
    assert rules["n.applications.received"].value == 12  # the phrase rules read the sentence on their own
    f = value_features(with_second_reading(tagged, rules)["n.applications.received"])
    assert f["second_agrees"] == 1 and f["second_differs"] == 0
    other = "全年收到政府信息公开申请12件，办理答复15件。"
    wrong_key = narrative_fields(_mentions(other, [("15", "APP_RECEIVED", 0.8)]), other)
    g = value_features(with_second_reading(wrong_key, second_reading(other, None, {}))["n.applications.received"])
    assert g["second_agrees"] == 0 and g["second_differs"] == 1
    alone = value_features(with_second_reading(tagged, {})["n.applications.received"])
    assert alone["second_agrees"] == alone["second_differs"] == 0


def test_the_key_s_words_are_read_past_an_enumeration():
    text = "全年收到自然人、法人和其他组织提出的政府信息公开申请12件。"
    nv = narrative_fields(_mentions(text, [("12", "APP_RECEIVED", 0.8)]), text)["n.applications.received"]
    assert "收到" not in nv.clause and value_features(nv)["defined"] == 1


def test_a_table_section_counts_against_a_value_only_where_a_table_was_read():
    text = "四、行政复议、行政诉讼情况。本年度发生政府信息公开行政复议案件3件。"
    sections = [Mention(0, len(text), "review_table")]
    mentions = _mentions(text, [("3", "CASE_COUNT", 0.9)])
    free_form = narrative_fields(mentions, text, sections, {})["n.review.total"]
    with_table = narrative_fields(mentions, text, sections, {"t4.review.total": 3})["n.review.total"]
    assert not free_form.in_table_section and value_features(free_form)["in_table_section"] == 0
    assert with_table.in_table_section and value_features(with_table)["in_table_section"] == 1


def test_a_route_that_misses_the_target_on_its_own_rows_gets_its_own_threshold(tmp_path):
    """Values read by a rule from a tagged part (ROUTES) must reach 99% precision on their own held-out rows: the
    pooled threshold lets them in with many right values of other kinds, a route threshold keeps them in review."""
    from dataclasses import replace

    from evaluation.calibration import MIN_ROUTE_ROWS, route_thresholds

    values, entities = _rows(400)
    values = [replace(r, features={**r.features, "promoted": 0.0}) for r in values]
    sure = [r for r in values if r.features["model_logit"] > 1.5]
    # a route whose rows look as sure as the surest values and are right 9 times in 10
    promoted = [replace(r, document=r.document + "#p", source="missed_total", right=i % 10 != 0,
                        features={**r.features, "promoted": 1.0}) for i, r in enumerate(sure[:50])]
    cal = fit(values + promoted, entities, "with a route")
    assert cal.route_thresholds["promoted"] > cal.threshold
    cal.save(tmp_path)
    assert Calibration.load(tmp_path) == cal
    assert cal.threshold_for({"promoted": 1.0}) == cal.route_thresholds["promoted"]
    assert cal.threshold_for({"promoted": 0.0}) == cal.threshold
    # too few rows to show 99%: the strictest threshold; rows right every time: no route threshold at all
    few = cross_fitted(values + promoted[:MIN_ROUTE_ROWS - 1], entities).values
    assert route_thresholds(few, 0.5) == {"promoted": 0.99}
    right = cross_fitted(values + [replace(r, right=True) for r in promoted], entities).values
    assert route_thresholds(right, 0.99) == {}


def test_a_value_read_from_a_part_goes_to_review_below_its_route_threshold():
    text = "本局本年经县门户网站公开各类信息58条。"
    narrative = narrative_fields(_mentions(text, [("58", "PROACTIVE_PART", 0.95)]), text)
    assert narrative["n.proactive.total"].promoted_by == "D3"
    features = value_features(narrative["n.proactive.total"])
    confidence = Calibration(threshold=0.5, value_weights={"bias": 2.0}).value(features)
    accepted, review = settle(narrative, Calibration(threshold=0.5, value_weights={"bias": 2.0},
                                                     route_thresholds={"promoted": 0.95}))
    assert accepted == {} and review[0].candidates[0].confidence == confidence < 0.95
    assert "read by a rule from a part" in review[0].reason
    accepted, _ = settle(narrative, Calibration(threshold=0.5, value_weights={"bias": 2.0}))
    assert set(accepted) == {"n.proactive.total"}


def test_evidence_weights_keep_the_sign_their_meaning_gives_them():
    """A distractor's words never raise a value's confidence, however the held-out rows fall (SIGNS): rows where the
    distractor marks right values leave its weight at 0, not above it; a free feature may take either sign."""
    from dataclasses import replace

    values, entities = _rows(400)
    values = [replace(r, features={**r.features, "distractor": float(r.right and i % 3 == 0), "bias": 1.0})
              for i, r in enumerate(values)]
    weights = fit(values, entities, "a misleading distractor").value_weights
    assert weights["distractor"] == 0.0 and weights["model_logit"] > 0
