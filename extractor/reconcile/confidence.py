"""How likely a narrative value or a tagged entity is to be right: the model's own probability and the evidence
around it, mapped to a probability that was measured on held-out predictions (`calibration.json` in the tagger's
folder, fitted by `xxgk evaluate reports`: evaluation/calibration.py).

- An entity's confidence is its mention's probability (the tagger's marginals, times a second stage's) through an
  isotonic map fitted on cross-validated entities: of the entities given p, about p were right.
- A narrative value's confidence is a logistic regression over `value_features` (that probability; the key's group;
  whether the words in front of it hold the key's own words (back to a comma), a new-media, outlet or documents-made
  word, or the body's website or platform (the same words); whether the report states the value more than once;
  whether other mentions give the key other values; whether the report's own table agrees, conflicts or is absent;
  whether the table decided the key, or a rule read a tagged part as the total (body_total.py); whether it sits in a
  table section of a report whose tables were read; whether the phrase rules, read independently of the model, give
  the key the same value or another), fitted on cross-validated values.
- `threshold` is the lowest confidence at which the held-out values were right at least 99 times in 100: a value
  below it, or one that conflicts with the tables, is not put into `fields` but listed in `review` with its
  candidates (SPEC §4). A value read by a rule from a tagged part (`ROUTES`) must also reach its route's own
  threshold, where its held-out rows alone were right 99 times in 100.
- A running total to a date that is the report's only proactive figure is `n.proactive.cumulative` (guidelines D10)
  and is also offered in `review` for `n.proactive.total`, which it may be.

A model folder without a calibration (an older model, a baseline) gets `UNCALIBRATED`: the model's probability as
it is, and a threshold that lets only values with no rival and no conflict through at a high raw probability."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from extractor.reconcile.narrative import NarrativeValue, Stated
from extractor.tagger.lexicon import KEY_WORDS, MADE, OUTLET, SITE
from extractor.report import Candidate, ReviewItem

FILE = "calibration.json"
_KEY_GROUPS = (("proactive", "n.proactive."), ("requests", "n.applications."), ("cases", ("n.review.", "n.litigation.")),
               ("fees", "n.fees."))
# Words of what the number counts instead of the key's quantity: a new-media account or an offline outlet, or
# documents made, which are never the body's total (guidelines D3, D12); and the body's own website or platform,
# whose count may be the total (D3) or a share of it (D6): two features, weighed apart.
_DISTRACTOR = re.compile(f"{OUTLET.pattern}|{MADE.pattern}")
_NO_SCORE = 0.5  # a mention from a model that gives no probability (the rules)


def value_features(nv: NarrativeValue, alternative: Stated | None = None) -> dict[str, float]:
    """The evidence on one candidate value of a narrative key: `nv`'s chosen value, or one of its alternatives."""
    value = nv.value if alternative is None else alternative.value
    mention = nv.mention if alternative is None else alternative.mention
    clause = nv.clause if alternative is None else alternative.clause
    phrase = (nv.phrase if alternative is None else alternative.phrase) or clause
    after = nv.after if alternative is None else alternative.after
    stated = nv.stated if alternative is None else alternative.count
    in_table = nv.in_table_section if alternative is None else alternative.in_table_section
    p = _NO_SCORE if mention.confidence is None else min(max(mention.confidence, 1e-4), 1 - 1e-4)
    agrees = nv.table_value is not None and value == nv.table_value
    return {
        **{f"key:{group}": float(nv.key.startswith(prefix)) for group, prefix in _KEY_GROUPS},
        # the key's words in front of it, or right after its counter (N件已办结, N件结转下年度: counts stated first)
        "defined": float(bool(KEY_WORDS[nv.key].search(phrase) or KEY_WORDS[nv.key].search(after))),
        "distractor": float(bool(_DISTRACTOR.search(phrase))),
        "site": float(bool(SITE.search(phrase)) and not _DISTRACTOR.search(phrase)),
        "bias": 1.0,
        "model_logit": math.log(p / (1 - p)),
        "stated_twice": float(stated > 1),
        "rivals": float(min(nv.rival_values(), 2)),  # other values some mention gave the key, whichever is this one
        "table_agrees": float(agrees),
        "table_conflicts": float(nv.table_value is not None and not agrees),
        "relabelled": float(alternative is None and nv.relabelled_from is not None),
        "promoted": float(alternative is None and nv.promoted_by is not None),  # a part read as the total (D3/D5)
        "in_table_section": float(in_table),
        # an independent reading (the phrase rules) gives the key this value, or another one
        "second_agrees": float(nv.second_value is not None and value == nv.second_value),
        "second_differs": float(nv.second_value is not None and value != nv.second_value),
    }


# The ways of reading a value whose held-out rows must reach the target precision on their own, not only pooled
# with every other value: a rule that read a tagged part as the body's total (body_total.py) acts on the reports the
# tagger found hardest, and many values right elsewhere would hide its errors in a pooled threshold.
ROUTES = ("promoted",)


@dataclass(frozen=True)
class Calibration:
    entity_x: tuple[float, ...] = ()  # isotonic map: raw probability → calibrated
    entity_y: tuple[float, ...] = ()
    value_weights: Mapping[str, float] = field(default_factory=dict)
    threshold: float = 0.9
    fitted_on: str = ""
    route_thresholds: Mapping[str, float] = field(default_factory=dict)  # a stricter threshold for a route (ROUTES)

    def threshold_for(self, features: Mapping[str, float]) -> float:
        """The threshold a value with these features must reach: the pooled one, or its route's where stricter."""
        return max([self.threshold, *(t for route, t in self.route_thresholds.items() if features.get(route))])

    def entity(self, p: float | None) -> float | None:
        if p is None or not self.entity_x:
            return p
        import numpy as np

        return round(float(np.interp(p, self.entity_x, self.entity_y)), 4)

    def value(self, features: Mapping[str, float]) -> float:
        if not self.value_weights:  # uncalibrated: the model's probability, halved by any rival or conflict
            p = 1 / (1 + math.exp(-features["model_logit"]))
            return round(p * (0.5 if features["rivals"] or features["table_conflicts"] else 1.0), 4)
        z = sum(self.value_weights.get(k, 0.0) * v for k, v in features.items())
        return round(1 / (1 + math.exp(-z)), 4)

    def save(self, folder: Path) -> None:
        data = {"entity": {"x": list(self.entity_x), "y": list(self.entity_y)}, "value_weights": dict(self.value_weights),
                "threshold": self.threshold, "route_thresholds": dict(self.route_thresholds),
                "fitted_on": self.fitted_on}
        (Path(folder) / FILE).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Calibration:
        path = Path(folder) / FILE
        if not path.is_file():
            return UNCALIBRATED
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(tuple(data["entity"]["x"]), tuple(data["entity"]["y"]), data["value_weights"],
                   float(data["threshold"]), data.get("fitted_on", ""), data.get("route_thresholds", {}))


UNCALIBRATED = Calibration(threshold=0.95, fitted_on="none: the model's own probabilities")


def settle(narrative: Mapping[str, NarrativeValue], calibration: Calibration
           ) -> tuple[dict[str, float], list[ReviewItem]]:
    """Which narrative values enter `fields` (key → calibrated confidence) and which go to `review`: a value enters
    when its confidence reaches the threshold and the report's table, where printed, does not state another number;
    otherwise every value a mention gave the key is listed as a candidate, best first, with the reason."""
    accepted: dict[str, float] = {}
    review: list[ReviewItem] = []
    for key, nv in narrative.items():
        features = value_features(nv)
        confidence, threshold = calibration.value(features), calibration.threshold_for(features)
        conflict = nv.table_value is not None and nv.value != nv.table_value
        if key == "n.proactive.cumulative" and "n.proactive.total" not in narrative:
            review.append(_maybe_the_years_count(nv, confidence))
        if confidence >= threshold and not conflict:
            accepted[key] = confidence
            continue
        candidates = [Candidate(value=nv.value, confidence=confidence, start=nv.mention.start, end=nv.mention.end,
                                text=nv.text)]
        candidates += [Candidate(value=a.value, confidence=calibration.value(value_features(nv, a)),
                                 start=a.mention.start, end=a.mention.end, text=a.text) for a in nv.alternatives]
        if conflict:
            reason = f"the running text says {nv.value}, the report's table {nv.table_value}"
        elif nv.alternatives:
            reason = f"{len(candidates)} values stated for it; the one chosen has confidence {confidence} < {threshold}"
        elif threshold > calibration.threshold:
            reason = (f"confidence {confidence} < {threshold}, the threshold of values read by a rule from a part "
                      "(guidelines D1-D6)")
        else:
            reason = f"confidence {confidence} < {threshold}"
        review.append(ReviewItem(key=key, reason=reason,
                                 candidates=sorted(candidates, key=lambda c: -c.confidence)))
    return accepted, review


def _maybe_the_years_count(running_total: NarrativeValue, confidence: float) -> ReviewItem:
    """A running total to a date that is the report's only proactive figure stays `n.proactive.cumulative` (guidelines
    D10), but a reader may take it for the year's count: it is offered for `n.proactive.total` in `review`, with the
    chance that the D10 reading is wrong (1 − its confidence) as its confidence, an upper bound on its being the
    year's count."""
    candidate = Candidate(value=running_total.value, confidence=round(1 - confidence, 4),
                          start=running_total.mention.start, end=running_total.mention.end, text=running_total.text)
    return ReviewItem(key="n.proactive.total", candidates=[candidate],
                      reason="the report's only proactive figure is a running total to a date (in fields as "
                             "n.proactive.cumulative, guidelines D10): it may be the year's count")
