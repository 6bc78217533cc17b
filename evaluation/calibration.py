"""Calibrating the narrative's confidence on held-out predictions (the shipped recipe's cross-validation), and
measuring it: a reliability table, the risk–coverage curve, and the threshold at which the accepted values were
right at least 99 times in 100. The fitted map is written beside the shipped tagger (`calibration.json`,
extractor/reconcile/confidence.py reads it).

Held-out values come from two sources, reported apart: the real reports of the cross-validation (each predicted by
a model that never saw it), and synthetic reports of the country's phrasing families that no fold model trained
on (`"calibration": {"synthetic": N, "seed": S}` in the recipe: each fold predicts its share of them). The real
ones are few (about 50 values on 25 reports); the synthetic ones bring the hard cases the real corpus lacks
(channel counts, documents made, running totals). The real reports' forms without tables (evaluation/openings.py)
are a third source, reported apart and fitted on at half weight (FORM_WEIGHT). Every score below is cross-fitted:
the map that scores a value was fitted on the other folds' values."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from evaluation.fields import gold_of
from evaluation.openings import FORMS, forms_of, gold_in_form
from evaluation.runs import calibration_reports, from_rows
from extractor.reconcile.confidence import ROUTES, Calibration, value_features
from extractor.reconcile.narrative import narrative_fields, second_reading, with_second_reading
from extractor.tables.parser import parse_tables

TARGET_PRECISION = 0.99
# The sources the threshold is chosen on, and the entity map fitted on.
FITTED = ("real", "synthetic")
# The value model is also fitted on the real reports' forms (evaluation/openings.py: the report without its tables,
# and cut to an opening), each at half weight: a report's two forms repeat its values, so together they weigh as one
# more copy of it. They are the only real text with no table to confirm a value, which is how openings and
# free-form reports come; fitted without them, the map learnt "no table" from whole reports and synthetic traps only
# and was too cautious there. The threshold is still chosen on FITTED alone: with the forms in that choice the
# same error counted three times (it moved the threshold from 0.88 to 0.94).
FORM_WEIGHT = 0.5
# The part-as-total rule (reconcile/body_total.py) acts only where the tagger tagged no total, which the held-out
# reports rarely give it (3 synthetic values in the shipped recipe's cross-validation): what it is worth is learnt on
# every held-out document read as if the tagger had tagged its total a part, one row where the rule then reads a
# total, at half weight (the document's own rows count it already). The threshold is not chosen on these rows.
MISSED_TOTAL = "missed_total"
PROMOTION_WEIGHT = 0.5
VALUE_SOURCES = (*FITTED, *FORMS, MISSED_TOTAL)
BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001)


@dataclass(frozen=True)
class ValueRow:
    """One candidate value of one narrative key, with what decides its confidence and whether it was right."""

    document: str
    fold: int
    key: str
    value: float
    features: dict
    right: bool
    chosen: bool  # the value the post-processor chose for the key (the others are its alternatives)
    conflict: bool  # the report's table states another number
    source: str  # real | synthetic


@dataclass(frozen=True)
class EntityRow:
    document: str
    fold: int
    score: float
    right: bool
    source: str


def _values_equal(a, b) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) < 1e-6


def document_rows(stem: str, fold: int, text: str, entities, sections, gold_fields: dict, gold_entities,
                  source: str) -> tuple[list[ValueRow], list[EntityRow]]:
    """The candidate values and the entities of one held-out document, each labelled right or wrong."""
    table = parse_tables(text).fields()
    second = second_reading(text, sections, table)
    chosen = with_second_reading(narrative_fields(entities, text, sections, table), second)
    values = []
    for key, nv in chosen.items():
        gold = gold_fields.get(key)
        candidates = [(nv.value, value_features(nv), True)]
        candidates += [(a.value, value_features(nv, a), False) for a in nv.alternatives]
        for value, features, is_chosen in candidates:
            values.append(ValueRow(stem, fold, key, float(value), features, _values_equal(gold, value), is_chosen,
                                   nv.table_value is not None and value != nv.table_value, source))
    if any(m.label == "PROACTIVE_TOTAL" for m in entities):  # the document read as if its total were a part
        missed = [m.as_label("PROACTIVE_PART") if m.label == "PROACTIVE_TOTAL" else m for m in entities]
        nv = with_second_reading(narrative_fields(missed, text, sections, table), second).get("n.proactive.total")
        if nv is not None and nv.promoted_by is not None:
            values.append(ValueRow(stem, fold, nv.key, float(nv.value), value_features(nv),
                                   _values_equal(gold_fields.get(nv.key), nv.value), True,
                                   nv.table_value is not None and nv.value != nv.table_value, MISSED_TOTAL))
    gold_set = {(m.start, m.end, m.label) for m in gold_entities}
    ents = [EntityRow(stem, fold, m.confidence if m.confidence is not None else 0.5,
                      (m.start, m.end, m.label) in gold_set, source) for m in entities]
    return values, ents


def held_out_rows(entity_preds: dict, section_preds: dict | None, real, gold: dict[str, dict]
                  ) -> tuple[list[ValueRow], list[EntityRow]]:
    """Rows of every real report of a cross-validation and of the synthetic reports its folds predicted."""
    values: list[ValueRow] = []
    entities: list[EntityRow] = []
    by_stem = {e.stem: e for e in real}
    for stem, row in entity_preds["documents"].items():
        e = by_stem[stem]
        sections = from_rows(section_preds["documents"][stem]["sections"]) if section_preds else None
        v, en = document_rows(stem, int(row.get("fold") or 0), e.text, from_rows(row.get("entities", [])), sections,
                              {k: x for k, x in (gold_of(gold, stem) or {}).items() if k.startswith("n.")}, e.entities,
                              "real")
        values += v
        entities += en
    forms = entity_preds.get("form_documents", {})
    for e in real if forms else []:
        gold_fields = {k: x for k, x in (gold_of(gold, e.stem) or {}).items() if k.startswith("n.")}
        for form in forms_of(e):
            row = forms.get(form.stem)
            if row is None:
                continue
            v, en = document_rows(form.stem, int(row["fold"]), form.text, from_rows(row["entities"]), form.sections,
                                  gold_in_form(form, gold_fields), form.entities, form.extra["form"])
            values += v
            entities += en
    synthetic = entity_preds.get("synthetic_documents", {})
    if synthetic:
        spec = entity_preds["recipe"]["calibration"]
        for doc, ex in zip(*calibration_set_with_gold(int(spec["synthetic"]), int(spec["seed"]))):
            row = synthetic.get(ex.stem)
            if row is None:
                continue
            gold_fields = {k: v for k, v in doc.gold["fields"].items() if k.startswith("n.")}
            v, en = document_rows(ex.stem, int(row["fold"]), ex.text, from_rows(row["entities"]), ex.sections,
                                  gold_fields, ex.entities, "synthetic")
            values += v
            entities += en
    return values, entities


def calibration_set_with_gold(n: int, seed: int):
    """The held-out synthetic reports of a recipe's calibration set, with their gold (the same documents as
    evaluation.runs.calibration_reports)."""
    from training.augment import synth_document

    docs = [synth_document(i, seed, True) for i in range(n)]
    return docs, calibration_reports({"calibration": {"synthetic": n, "seed": seed}})


# ---- fitting ---------------------------------------------------------------------------------------------------
def fit(values: Sequence[ValueRow], entities: Sequence[EntityRow], fitted_on: str, c: float = 1.0) -> Calibration:
    """The isotonic entity map and the logistic value model, then the threshold from cross-fitted scores."""
    base = _fit_maps([r for r in values if r.source in VALUE_SOURCES], [r for r in entities if r.source in FITTED], c)
    scored = cross_fitted(values, entities, c)
    threshold = choose_threshold([(r, s) for r, s in scored.values if r.source in FITTED])
    return Calibration(base.entity_x, base.entity_y, base.value_weights, threshold, fitted_on,
                       route_thresholds(scored.values, threshold))


# Fewer held-out rows of a route than this cannot show 99% precision (one error in 30 is 97%): the route then gets
# the strictest threshold, as a value no held-out evidence vouches for.
MIN_ROUTE_ROWS = 30


def route_rows(scored: Sequence[tuple[ValueRow, float]], route: str) -> list[tuple[ValueRow, float]]:
    """The chosen values read by `route` (a feature of ROUTES): those of the reports the threshold is chosen on, and
    the simulated misses, where the rule acts on every held-out document (MISSED_TOTAL)."""
    return [(r, s) for r, s in scored if r.chosen and r.features.get(route) and r.source in (*FITTED, MISSED_TOTAL)]


def route_thresholds(scored: Sequence[tuple[ValueRow, float]], pooled: float) -> dict[str, float]:
    """Each route's own threshold for TARGET_PRECISION, where stricter than the pooled one."""
    out = {}
    for route in ROUTES:
        rows = route_rows(scored, route)
        t = choose_threshold(rows) if len(rows) >= MIN_ROUTE_ROWS else 0.99
        if t > pooled:
            out[route] = t
    return out


def _fit_maps(values: Sequence[ValueRow], entities: Sequence[EntityRow], c: float) -> Calibration:
    import numpy as np
    from sklearn.isotonic import IsotonicRegression

    x, y = [], []
    if entities and len({e.right for e in entities}) == 2:
        iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip", increasing=True)
        iso.fit([e.score for e in entities], [float(e.right) for e in entities])
        x, y = [round(float(v), 4) for v in iso.X_thresholds_], [round(float(v), 4) for v in iso.y_thresholds_]
    weights: dict[str, float] = {}
    if values and len({v.right for v in values}) == 2:
        names = sorted(values[0].features)
        X = np.array([[row.features[n] for n in names] for row in values])
        weight = [FORM_WEIGHT if row.source in FORMS else PROMOTION_WEIGHT if row.source == MISSED_TOTAL else 1.0
                  for row in values]
        coef = _signed_logistic(X, np.array([float(row.right) for row in values]), np.array(weight),
                                [SIGNS.get(n, 0) for n in names], c)
        weights = {n: round(float(w), 4) for n, w in zip(names, coef)}
    return Calibration(tuple(x), tuple(y), weights)


# The direction each piece of evidence may push a value's confidence, from what it means (confidence.value_features):
# the key's own words, an agreeing table or reading, a value stated twice and the model's own probability never make
# a value less likely right; a distractor's or a site's words, rival values, a conflicting table or reading never
# make it more likely. The weights are fitted within these signs: where the held-out rows hold few errors of a kind
# (the synthetic reports can come out all right), a free fit lets a weight drift the wrong way, and that drift is
# confidence the evidence does not give.
SIGNS = {"model_logit": 1, "defined": 1, "table_agrees": 1, "second_agrees": 1, "stated_twice": 1,
         "distractor": -1, "site": -1, "rivals": -1, "table_conflicts": -1, "second_differs": -1}


def _signed_logistic(X, y, sample_weight, signs: list[int], c: float):
    """L2-penalised logistic regression without intercept (sklearn's objective: ½‖w‖² + C·Σ weight·log-loss), each
    weight held to its sign (+1: ≥ 0, -1: ≤ 0, 0: free), fitted with L-BFGS-B."""
    import numpy as np
    from scipy.optimize import minimize

    target = 2 * y - 1  # ±1

    def loss(w):
        z = target * (X @ w)
        logistic = np.logaddexp(0.0, -z)
        grad_z = -target * sample_weight / (1.0 + np.exp(z))
        return 0.5 * w @ w + c * float(sample_weight @ logistic), w + c * (X.T @ grad_z)

    bounds = [(0.0, None) if sign > 0 else (None, 0.0) if sign < 0 else (None, None) for sign in signs]
    return minimize(loss, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B", bounds=bounds).x


@dataclass
class Scored:
    values: list[tuple[ValueRow, float]]
    entities: list[tuple[EntityRow, float]]


def cross_fitted(values: Sequence[ValueRow], entities: Sequence[EntityRow], c: float = 1.0) -> Scored:
    """Every row scored by maps fitted without its fold (real and synthetic folds alike; a report's forms are in its
    report's fold)."""
    folds = sorted({r.fold for r in values} | {r.fold for r in entities})
    out = Scored([], [])
    for fold in folds:
        maps = _fit_maps([r for r in values if r.fold != fold and r.source in VALUE_SOURCES],
                         [r for r in entities if r.fold != fold and r.source in FITTED], c)
        out.values += [(r, maps.value(r.features)) for r in values if r.fold == fold]
        out.entities += [(r, maps.entity(r.score)) for r in entities if r.fold == fold]
    return out


# ---- measuring -------------------------------------------------------------------------------------------------
def accepted_at(scored: Sequence[tuple[ValueRow, float]], threshold: float,
                routes: Mapping[str, float] | None = None) -> tuple[int, int]:
    """(accepted, right among them) over the chosen values: what `fields` holds at `threshold` (and, for a value of a
    route, at its route's threshold where stricter)."""
    bar = Calibration(threshold=threshold, route_thresholds=routes or {})
    taken = [r for r, s in scored if r.chosen and s >= bar.threshold_for(r.features) and not r.conflict]
    return len(taken), sum(r.right for r in taken)


GRID_FLOOR = 0.5  # the lowest threshold choose_threshold considers


def choose_threshold(scored: Sequence[tuple[ValueRow, float]], target: float = TARGET_PRECISION) -> float:
    """The lowest threshold on a 0.01 grid from 0.5 at which the accepted chosen values reach `target` precision
    and no higher threshold falls below it; 0.99 where none does."""
    grid = [round(GRID_FLOOR + 0.01 * i, 2) for i in range(round((1 - GRID_FLOOR) * 100))]
    ok = []
    for t in grid:
        taken, right = accepted_at(scored, t)
        ok.append(taken == 0 or right / taken >= target)
    for i, t in enumerate(grid):
        if all(ok[i:]):
            return t
    return 0.99


def reliability_table(pairs: Sequence[tuple[bool, float]], bins: Sequence[float] = BINS) -> list[dict]:
    """Per confidence band: how many, how many right, the mean confidence and the accuracy."""
    out = []
    for lo, hi in zip(bins, bins[1:]):
        inside = [(right, p) for right, p in pairs if lo <= p < hi]
        if not inside:
            continue
        out.append({"low": lo, "high": min(hi, 1.0), "n": len(inside), "right": sum(r for r, _ in inside),
                    "mean_confidence": round(sum(p for _, p in inside) / len(inside), 4),
                    "accuracy": round(sum(r for r, _ in inside) / len(inside), 4)})
    return out


def risk_coverage(scored: Sequence[tuple[ValueRow, float]], gold_values: int) -> list[dict]:
    """Accepting the chosen values from the most confident down: precision and coverage of the gold at each step."""
    chosen = sorted(((s, r) for r, s in scored if r.chosen and not r.conflict), key=lambda x: -x[0])
    out, right = [], 0
    for i, (s, r) in enumerate(chosen, 1):
        right += r.right
        out.append({"threshold": round(s, 4), "accepted": i, "precision": round(right / i, 4),
                    "coverage": round(right / gold_values, 4) if gold_values else None})
    return out


def expected_calibration_error(pairs: Sequence[tuple[bool, float]]) -> float:
    table = reliability_table(pairs, [i / 10 for i in range(10)] + [1.0001])
    n = sum(b["n"] for b in table)
    return round(sum(b["n"] * abs(b["accuracy"] - b["mean_confidence"]) for b in table) / n, 4) if n else math.nan


def report(values: Sequence[ValueRow], entities: Sequence[EntityRow], calibration: Calibration,
           gold_counts: dict[str, int]) -> dict:
    """The figures of the card: per source (real, synthetic, all), cross-fitted."""
    scored = cross_fitted(values, entities)
    out: dict = {"threshold": calibration.threshold, "target_precision": TARGET_PRECISION,
                 "threshold_at_grid_floor": calibration.threshold <= GRID_FLOOR,
                 "fitted_on": calibration.fitted_on, "sources": {}, "routes": {}}
    for route in ROUTES:
        rows = route_rows(scored.values, route)
        t = calibration.route_thresholds.get(route, calibration.threshold)
        at_pooled, at_own = accepted_at(rows, calibration.threshold), accepted_at(rows, t)
        out["routes"][route] = {"rows": len(rows), "threshold": t,
                                "at_pooled_threshold": {"accepted": at_pooled[0], "right": at_pooled[1],
                                                        "precision": _ratio(at_pooled[1], at_pooled[0])},
                                "at_own_threshold": {"accepted": at_own[0], "right": at_own[1],
                                                     "precision": _ratio(at_own[1], at_own[0])}}
    for source in ("real", *FORMS, "synthetic", MISSED_TOTAL, "all"):
        vals = [(r, s) for r, s in scored.values  # `all`: every real or synthetic value, not the simulated misses
                if (source == "all" and r.source != MISSED_TOTAL) or r.source == source]
        ents = [(r, s) for r, s in scored.entities if source == "all" or r.source == source]
        if not vals:
            continue
        gold_values = sum(n for k, n in gold_counts.items() if source == "all" or k == source)
        taken, right = accepted_at(vals, calibration.threshold, calibration.route_thresholds)
        taken90, right90 = accepted_at(vals, 0.9, calibration.route_thresholds)
        pairs = [(r.right, s) for r, s in vals if r.chosen]
        out["sources"][source] = {
            "chosen_values": len(pairs), "gold_values": gold_values,
            "at_threshold": {"accepted": taken, "right": right, "precision": _ratio(right, taken),
                             "coverage": _ratio(right, gold_values)},
            "at_0.9": {"accepted": taken90, "right": right90, "precision": _ratio(right90, taken90),
                       "coverage": _ratio(right90, gold_values)},
            "values_reliability": reliability_table(pairs),
            "values_ece": expected_calibration_error(pairs),
            "entities_reliability": reliability_table([(r.right, s) for r, s in ents]),
            "entities_ece": expected_calibration_error([(r.right, s) for r, s in ents]),
            "risk_coverage": _thin(risk_coverage(vals, gold_values)),
        }
    return out


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _thin(curve: list[dict], points: int = 40) -> list[dict]:
    if len(curve) <= points:
        return curve
    step = len(curve) / points
    return [curve[int(i * step)] for i in range(points)] + [curve[-1]]


def gold_value_counts(gold: dict[str, dict], real_stems: set[str], synthetic_gold: dict[str, dict],
                      form_gold: dict[str, int] | None = None) -> dict[str, int]:
    """How many n.* gold values each source states (the denominator of coverage); `form_gold`: those of the
    reports' forms (form_gold_counts)."""
    count = lambda fields: sum(1 for k, v in fields.items() if k.startswith("n.") and v is not None)  # noqa: E731
    return {"real": sum(count(gold_of(gold, s) or {}) for s in real_stems),
            "synthetic": sum(count(f) for f in synthetic_gold.values()), **(form_gold or {})}



def plot(figures: dict, path) -> None:
    """The reliability curves (values and entities, real and all held-out) and the risk–coverage curve, as one SVG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.8))
    left.plot([0, 1], [0, 1], color="#999", lw=0.8, ls="--")
    for source, style in (("real", "o-"), ("all", "s-")):
        r = figures["sources"].get(source)
        for what, color in (("values", "#1f77b4"), ("entities", "#d62728")):
            bins = r[f"{what}_reliability"] if r else []
            if bins:
                left.plot([b["mean_confidence"] for b in bins], [b["accuracy"] for b in bins], style, color=color,
                          ms=4, alpha=1.0 if source == "real" else 0.5, label=f"{what}, {source}")
    left.set(xlabel="confidence", ylabel="share right", title="reliability (cross-fitted)", xlim=(0, 1.02), ylim=(0, 1.02))
    left.legend(fontsize=7)
    for source, color in (("real", "#1f77b4"), ("synthetic", "#2ca02c"), ("all", "#555")):
        r = figures["sources"].get(source)
        if r and r["risk_coverage"]:
            right.plot([p["coverage"] for p in r["risk_coverage"]], [p["precision"] for p in r["risk_coverage"]],
                       color=color, label=source)
    right.axhline(figures["target_precision"], color="#999", lw=0.8, ls="--")
    right.set(xlabel="coverage of gold values", ylabel="precision of accepted values", title="risk–coverage",
              ylim=(0.7, 1.01))
    right.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)


def form_gold_counts(gold: dict[str, dict], real, preds: dict) -> dict[str, int]:
    """How many n.* gold values the held-out reports' forms state, per form (only where the forms were predicted)."""
    counts = dict.fromkeys(FORMS, 0)
    for e in real:
        gold_fields = {k: x for k, x in (gold_of(gold, e.stem) or {}).items() if k.startswith("n.")}
        for form in forms_of(e):
            if form.stem in preds.get("form_documents", {}):
                counts[form.extra["form"]] += sum(1 for v in gold_in_form(form, gold_fields).values() if v is not None)
    return counts
