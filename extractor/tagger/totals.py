"""A second stage for the one confusion a character tagger keeps making: a proactive count that is the year's total
(PROACTIVE_TOTAL) or one category's share of it (PROACTIVE_PART).

The tagger finds the counts well (span F1 ≈ 0.95 cross-validated) but decides total-or-part from a window of
characters. What decides it is spread over the report: the total is usually the largest and the first count of its
sentence, it is followed by 其中 and its parts sum to it, and the words before it (共, 累计, 全年) say so. It counts
items of information (条): a larger count of articles or issues (推送文章877余篇) is no sign that a 条-count is a
part, so the largest 条-count is a feature of its own, and so is each count's unit. A logistic regression over those
facts of each mention, fitted on the training reports' annotated proactive counts, relabels the tagger's proactive
mentions; every other mention passes through untouched. The features are facts of the report's own numbers and
sentence structure, never wording fitted by hand.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from pathlib import Path

from extractor.mentions import Mention
from extractor.tagger.context import NUMBER, breakdowns
from extractor.tagger.lexicon import clause_before

FILE = "second_stage.json"
PROACTIVE = ("PROACTIVE_TOTAL", "PROACTIVE_PART")
_SENTENCE = re.compile(r"[^。！？\n]+")  # a list of parts may run over ；
_COUNTER = re.compile(r"\s*余?\s*条")
_COUNTER_AFTER = re.compile(r"\s*[余多]?\s*(\S?)")  # 877余篇, 300多条, 12 期: the counter, past 余/多
_UNITS = "条篇件个期项"  # the counters a proactive count comes in (the feature `unit`); any other is "other"
_TOTAL_WORDS = ("共", "累计", "全年", "总", "合计", "今年", "本年", "各类", "年度")


def mention_features(text: str, mentions: Sequence[Mention]) -> list[tuple[Mention, dict[str, float | str]]]:
    """The proactive mentions among `mentions`, each with what the report says around it."""
    proactive = [m for m in mentions if m.label in PROACTIVE]
    values = {m.start: _value(text, m.start) for m in proactive}
    units = {m.start: _unit(text, m.end) for m in proactive}
    top = max(values.values(), default=0.0)
    top_items = max((v for s, v in values.items() if units[s] == "条"), default=0.0)
    order = sorted(values)
    sentences = [s.span() for s in _SENTENCE.finditer(text)]
    out = []
    for m in proactive:
        value = values[m.start]
        clause = clause_before(text, m.start, reach=30)
        a, b = next(((s, e) for s, e in sentences if s <= m.start < e), (m.start, m.end))
        same = [x for x in proactive if a <= x.start < b]
        f: dict[str, float | str] = {
            "bias": 1.0, "is_max": float(value == top), "log_share": math.log1p(value) - math.log1p(top),
            "first_in_sentence": float(same[0].start == m.start), "in_sentence": str(min(len(same), 3)),
            "qizhong_after": float("其中" in text[m.end:m.end + 8]), "qizhong_before": float("其中" in text[a:m.start]),
            "position": str(int(4 * order.index(m.start) / max(1, len(order)))),
            "unit": units[m.start], "is_max_items": float(units[m.start] == "条" and value == top_items),
        }
        f.update({f"w:{w}": float(w in clause) for w in _TOTAL_WORDS})
        f.update({f"b:{clause[i:i + 2]}": 1.0 for i in range(max(0, len(clause) - 8), len(clause) - 1)})
        f.update(_breakdown_features(text, a, b, m.start))
        out.append((m, f))
    return out


def _value(text: str, start: int) -> float:
    found = NUMBER.match(text, start)
    return float(found.group()) if found else 0.0


def _counter(text: str, end: int) -> str:
    """The character that says what a number counts (条, 篇, 件 …), read past 余/多; "" at the end of the text."""
    return _COUNTER_AFTER.match(text, end).group(1)


def _unit(text: str, end: int) -> str:
    """The counter after a number as the feature `unit`: one of _UNITS, or `other` (another word, or none)."""
    counter = _counter(text, end)
    return counter if counter and counter in _UNITS else "other"


def _breakdown_features(text: str, a: int, b: int, start: int) -> dict[str, float]:
    """Whether the 条-counts after the mention in its sentence sum to it, or it is one of such a sum's parts."""
    counts = [(a + m.start(), float(m.group())) for m in NUMBER.finditer(text[a:b]) if _COUNTER.match(text, a + m.end())]
    at = [i for i, (s, _) in enumerate(counts) if s == start]
    if not at:
        return {"sum_of_next": 0.0, "in_breakdown": 0.0}
    found = breakdowns([v for _, v in counts])
    return {"sum_of_next": float(any(i == at[0] for i, _ in found)),
            "in_breakdown": float(any(i < at[0] < j for i, j in found))}


# A number followed by one of these is counted in other things than items of information (applications, articles,
# people, money...): it is never the total of proactive counts.
_OTHER_UNITS = "件个次篇人家项期份场元起户位"
_MIN_TOTAL = 10  # below this, two or three small counts sum to a number by chance too often


def complete_totals(text: str, mentions: list[Mention], reach: int = 200) -> list[Mention]:
    """The accounting identity total = sum of parts, used for recall: an untagged number that the tagged
    PROACTIVE_PART mentions right after it (two or more, nothing else tagged between) sum to exactly is their total.
    It is the year's PROACTIVE_TOTAL, unless the report has a tagged total larger than it: then it is a subtotal,
    itself a part. Years, dates, percentages, ordinals and counts of other things (件, 篇, …) are never candidates.
    Only the gap before each tagged part is searched, not every number of the report (tables hold thousands)."""
    ordered = sorted(mentions, key=lambda m: m.start)
    values = [_value(text, m.start) for m in ordered]
    largest_total = max((v for m, v in zip(ordered, values) if m.label == "PROACTIVE_TOTAL"), default=0.0)
    added = []
    for i, first in enumerate(ordered):
        if first.label != "PROACTIVE_PART":
            continue
        run: list[float] = []  # running sums of the parts from this one on, while they are parts
        parts: list[Mention] = []
        for m, v in zip(ordered[i:], values[i:]):
            if m.label != "PROACTIVE_PART":
                break
            run.append((run[-1] if run else 0.0) + v)
            parts.append(m)
        gap = max(ordered[i - 1].end if i else 0, first.start - reach)
        for found in NUMBER.finditer(text, gap, first.start):
            start, end, value = found.start(), found.end(), float(found.group())
            if value < _MIN_TOTAL or text[start - 1:start].isdigit() or not _counts_items(text, start, end):
                continue
            summed = next((n for n, total in enumerate(run[1:], 2) if abs(total - value) < 1e-9), 0)
            if summed:
                scores = [m.confidence for m in parts[:summed]]  # a total is no surer than the parts that make it
                confidence = None if None in scores else min(scores)
                added.append(Mention(start, end, "PROACTIVE_PART" if largest_total > value else "PROACTIVE_TOTAL",
                                     confidence))
    return sorted([*mentions, *added], key=lambda m: m.start) if added else mentions


def _counts_items(text: str, start: int, end: int) -> bool:
    """Not a year, date, percentage or ordinal, and not followed by the unit of something other than information
    (877余篇 counts articles: the counter is read past 余/多, as for the feature `unit`)."""
    counter = _counter(text, end)
    return text[end:end + 1] not in "年月日%％" and not (counter and counter in _OTHER_UNITS) and text[start - 1:start] != "第"


class TotalOrPart:
    """Logistic regression over `mention_features`, stored as plain JSON weights (no pickle)."""

    def __init__(self, weights: dict[str, float] | None = None) -> None:
        self.weights = weights or {}

    def fit(self, texts: Sequence[str], entities: Sequence[Sequence[Mention]], c: float = 1.0) -> TotalOrPart:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        rows, totals = [], []
        for text, ents in zip(texts, entities):
            for m, f in mention_features(text, ents):
                rows.append(f)
                totals.append(m.label == "PROACTIVE_TOTAL")
        if len(set(totals)) < 2:  # nothing to learn from: leave the tagger's labels as they are
            self.weights = {}
            return self
        vec = DictVectorizer()
        clf = LogisticRegression(C=c, max_iter=2000).fit(vec.fit_transform(rows), totals)
        self.weights = {name: float(w) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0])}
        self.weights["__intercept__"] = float(clf.intercept_[0])
        return self

    def total_probability(self, features: dict[str, float | str]) -> float:
        z = self.weights.get("__intercept__", 0.0)
        for name, value in features.items():
            key, x = (f"{name}={value}", 1.0) if isinstance(value, str) else (name, float(value))
            z += self.weights.get(key, 0.0) * x
        return 1.0 / (1.0 + math.exp(-z))

    def relabel(self, text: str, mentions: list[Mention]) -> list[Mention]:
        if not self.weights:
            return mentions
        decided = {}
        for m, f in mention_features(text, mentions):
            p = self.total_probability(f)
            decided[m.start] = m.as_label("PROACTIVE_TOTAL", p) if p >= 0.5 else m.as_label("PROACTIVE_PART", 1 - p)
        return [decided.get(m.start, m) if m.label in PROACTIVE else m for m in mentions]

    def save(self, folder: Path) -> None:
        (Path(folder) / FILE).write_text(json.dumps(self.weights, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                                         encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> TotalOrPart | None:
        path = Path(folder) / FILE
        return cls(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else None
