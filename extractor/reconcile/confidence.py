"""How likely a narrative value or a tagged entity is to be right: the model's own probability and the evidence
around it, mapped to a probability that was measured on held-out predictions (`calibration.json` in the tagger's
folder, fitted by `xxgk evaluate reports`: evaluation/calibration.py).

- An entity's confidence is its mention's probability (the tagger's marginals, times a second stage's) through an
  isotonic map fitted on cross-validated entities: of the entities given p, about p were right.
- A narrative value's confidence is a logistic regression over `value_features` (that probability; whether the
  report states the value more than once; whether other mentions give the key other values; whether the report's
  own table agrees, conflicts or is absent; whether the table decided the key), fitted on cross-validated values.
- `threshold` is the lowest confidence at which the held-out values were right at least 99 times in 100: a value
  below it, or one that conflicts with the tables, is not put into `fields` but listed in `review` with its
  candidates (SPEC §4).

A model folder without a calibration (an older model, a baseline) gets `UNCALIBRATED`: the model's probability as
it is, and a threshold that lets only values with no rival and no conflict through at a high raw probability."""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from extractor.reconcile.narrative import NarrativeValue
from extractor.tagger.lexicon import CHANNEL, MADE
from extractor.report import Candidate, ReviewItem

FILE = "calibration.json"
_KEY_GROUPS = (("proactive", "n.proactive."), ("requests", "n.applications."), ("cases", ("n.review.", "n.litigation.")),
               ("fees", "n.fees."))
# SPEC §6 / fields.json's words for each key, looked for in the clause in front of the chosen number.
_DEFINED = {
    "n.proactive.total": re.compile(r"主动公开|公开[^，。；]{0,12}信息|发布[^，。；]{0,12}信息"),
    "n.proactive.cumulative": re.compile(r"截至|截止|累计"),
    "n.applications.received": re.compile(r"收到|受理|新收|接收|接到"),
    "n.applications.completed": re.compile(r"办结|答复|办理"),
    "n.applications.carried_forward": re.compile(r"结转|转入"),
    "n.review.total": re.compile(r"复议"),
    "n.litigation.total": re.compile(r"诉讼|起诉"),
    "n.fees.info_processing": re.compile(r"信息处理费|收费"),
}
# Words of what the number may count instead (a channel, a platform, documents made): lexicon.py's groups.
_DISTRACTOR = re.compile(f"{CHANNEL.pattern}|{MADE.pattern}")
_NO_SCORE = 0.5  # a mention from a model that gives no probability (the rules)


def value_features(nv: NarrativeValue, value: int | float | None = None, score: float | None = None) -> dict[str, float]:
    """The evidence on one candidate value of a narrative key: `nv`'s chosen value, or one of its alternatives
    (`value`, with its mention's `score`)."""
    chosen = value is None
    value = nv.value if chosen else value
    p = (nv.mention.confidence if chosen else score)
    p = _NO_SCORE if p is None else min(max(p, 1e-4), 1 - 1e-4)
    rivals = nv.rival_values()  # other values some mention gave the key, whichever candidate this is
    agrees = nv.table_value is not None and value == nv.table_value
    clause = nv.clause if chosen else ""
    return {
        **{f"key:{group}": float(nv.key.startswith(prefix)) for group, prefix in _KEY_GROUPS},
        "defined": float(bool(_DEFINED[nv.key].search(clause))) if chosen else 0.0,
        "distractor": float(bool(_DISTRACTOR.search(clause))) if chosen else 0.0,
        "bias": 1.0,
        "model_logit": math.log(p / (1 - p)),
        "stated_twice": float(chosen and nv.stated > 1),
        "rivals": float(min(rivals, 2)),
        "table_agrees": float(agrees),
        "table_conflicts": float(nv.table_value is not None and not agrees),
        "relabelled": float(chosen and nv.relabelled_from is not None),
        "in_table_section": float(chosen and nv.in_table_section),
    }


@dataclass(frozen=True)
class Calibration:
    entity_x: tuple[float, ...] = ()  # isotonic map: raw probability → calibrated
    entity_y: tuple[float, ...] = ()
    value_weights: Mapping[str, float] = field(default_factory=dict)
    threshold: float = 0.9
    fitted_on: str = ""

    def entity(self, p: float | None) -> float | None:
        if p is None or not self.entity_x:
            return p
        i = bisect_right(self.entity_x, p)
        if i == 0:
            return round(self.entity_y[0], 4)
        if i == len(self.entity_x):
            return round(self.entity_y[-1], 4)
        x0, x1, y0, y1 = self.entity_x[i - 1], self.entity_x[i], self.entity_y[i - 1], self.entity_y[i]
        return round(y0 + (y1 - y0) * (p - x0) / (x1 - x0) if x1 > x0 else y1, 4)

    def value(self, features: Mapping[str, float]) -> float:
        if not self.value_weights:  # uncalibrated: the model's probability, halved by any rival or conflict
            p = 1 / (1 + math.exp(-features["model_logit"]))
            return round(p * (0.5 if features["rivals"] or features["table_conflicts"] else 1.0), 4)
        z = sum(self.value_weights.get(k, 0.0) * v for k, v in features.items())
        return round(1 / (1 + math.exp(-z)), 4)

    def save(self, folder: Path) -> None:
        data = {"entity": {"x": list(self.entity_x), "y": list(self.entity_y)}, "value_weights": dict(self.value_weights),
                "threshold": self.threshold, "fitted_on": self.fitted_on}
        (Path(folder) / FILE).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Calibration:
        path = Path(folder) / FILE
        if not path.is_file():
            return UNCALIBRATED
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(tuple(data["entity"]["x"]), tuple(data["entity"]["y"]), data["value_weights"],
                   float(data["threshold"]), data.get("fitted_on", ""))


UNCALIBRATED = Calibration(threshold=0.95, fitted_on="none: the model's own probabilities")


def settle(narrative: Mapping[str, NarrativeValue], calibration: Calibration
           ) -> tuple[dict[str, float], list[ReviewItem]]:
    """Which narrative values enter `fields` (key → calibrated confidence) and which go to `review`: a value enters
    when its confidence reaches the threshold and the report's table, where printed, does not state another number;
    otherwise every value a mention gave the key is listed as a candidate, best first, with the reason."""
    accepted: dict[str, float] = {}
    review: list[ReviewItem] = []
    for key, nv in narrative.items():
        confidence = calibration.value(value_features(nv))
        conflict = nv.table_value is not None and nv.value != nv.table_value
        # A running total to a date as the report's only proactive figure may be the year's count (guidelines D10).
        only_running_total = key == "n.proactive.cumulative" and "n.proactive.total" not in narrative
        if confidence >= calibration.threshold and not conflict and not only_running_total:
            accepted[key] = confidence
            continue
        candidates = [Candidate(value=nv.value, confidence=confidence, start=nv.mention.start, end=nv.mention.end,
                                text=nv.text)]
        candidates += [Candidate(value=v, confidence=calibration.value(value_features(nv, v, m.confidence)),
                                 start=m.start, end=m.end, text=printed) for v, m, printed in nv.alternatives]
        if conflict:
            reason = f"the running text says {nv.value}, the report's table {nv.table_value}"
        elif only_running_total:
            reason = ("a running total to a date is the report's only proactive figure: it may be the year's count "
                      "(guidelines D10)")
        elif nv.alternatives:
            reason = f"{len(candidates)} values stated for it; the best has confidence {confidence} < {calibration.threshold}"
        else:
            reason = f"confidence {confidence} < {calibration.threshold}"
        review.append(ReviewItem(key=key, reason=reason,
                                 candidates=sorted(candidates, key=lambda c: -c.confidence)))
    return accepted, review
