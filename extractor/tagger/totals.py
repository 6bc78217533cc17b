"""A second stage for the confusion a character tagger keeps making with proactive counts: is a count the body's
total for the year (PROACTIVE_TOTAL) or one channel's or category's share of it (PROACTIVE_PART)?

The tagger finds the counts well but decides from a window of characters. SPEC §6 defines the two by what the
number counts, which is read from the clause in front of it and from the report's own arithmetic:
- the words of the clause (lexicon.py's groups): a channel or platform (微信公众号…条, 门户网站…条: a share),
  documents made (制作/制发…条, and 其中主动公开 after the count: the count of everything made, not of what was
  disclosed), a leftover (其他…条), an item of a list of counts (after 、 or ；, a number in the item
  before); the words of a total (共, 累计, 全年 …); and
  the clause's last characters as learned features;
- the structure of its sentence: 其中 before or after it, whether it heads a breakdown (其中/包括 right after it, then
  counts none larger than it), whether the counts after it sum to it or it is one of such a sum's parts (the
  identity), whether it is the first proactive count of its sentence (a total precedes its parts: SPEC's own
  共134条，其中工作动态112条), how many proactive counts the sentence holds;
- its counter (条, 篇, 件 …).
No feature says how large a count is against the report's other counts, nor where in the report it stands: the
largest count being the total was a habit of one city's reports (a site's 12650 items or a WeChat account's 430
posts are larger than the body's total elsewhere). Those features still raise this stage's accuracy on the corpus
and on synthetic reports, but on the report openings read across China they added wrong totals of exactly that
kind: they were dropped for precision (model card, rule provenance, gives the figures). A logistic regression over
these facts, fitted on the training reports' annotated counts (real and synthetic), relabels the tagger's
proactive mentions; every other mention passes through untouched.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from pathlib import Path

from extractor.mentions import Mention
from extractor.model_folder import check_version
from extractor.spec import ENTITY_LABELS
from extractor.tagger.context import NUMBER, TableContext, breakdowns
from extractor.metadata import find_year
from extractor.tagger.lexicon import (AS_OF, CHANNEL, LEFTOVER, MADE, an_item_of_a_list_of_kinds, clause_before,
                                      is_list_item, names_the_year, sentence_before)

FILE = "second_stage.json"
# Bump when the cues (mention_features) change: the weights saved beside this version would be misread.
CUES_VERSION = 2
PROACTIVE = ("PROACTIVE_TOTAL", "PROACTIVE_PART")
_SENTENCE_ENDS = "。！？\n"
_SENTENCE = re.compile(f"[^{_SENTENCE_ENDS}]+")  # a list of parts may run over ；
_COUNTER = re.compile(r"\s*余?\s*条")
_COUNTER_AFTER = re.compile(r"\s*[余多]?\s*(\S?)")  # 877余篇, 300多条, 12 期: the counter, past 余/多
_UNITS = "条篇件个期项"  # the counters a proactive count comes in (the feature `unit`); any other is "other"
_TOTAL_WORDS = ("共", "累计", "全年", "总", "合计", "今年", "本年", "各类", "年度")
_HEAD_OF_DISCLOSED = re.compile(r"[^。；;]{0,12}其中[^。；;，,]{0,4}主动公开")  # N条，其中主动公开M条 (at the count's end)
_BREAKDOWN_AFTER = re.compile(r"[\s，,。；;:：(（]{0,3}(?:其中|包括|涵盖|具体|主要有|分别为)")


def _sentence_around(text: str, i: int) -> tuple[int, int] | None:
    """The span of the _SENTENCE holding text[i]; None where text[i] ends one."""
    found = _SENTENCE.match(text, i)
    if found is None:
        return None
    return max(text.rfind(mark, 0, i) for mark in _SENTENCE_ENDS) + 1, found.end()


def mention_features(text: str, mentions: Sequence[Mention]) -> list[tuple[Mention, dict[str, float | str]]]:
    """The proactive mentions among `mentions`, each with what the report says around it."""
    proactive = [m for m in mentions if m.label in PROACTIVE]
    out = []
    for m in proactive:
        a, b = _sentence_around(text, m.start) or (m.start, m.end)
        same = [x for x in proactive if a <= x.start < b]
        clause = clause_before(text, m.start, reach=30)
        f: dict[str, float | str] = {
            "bias": 1.0, "unit": _unit(text, m.end),
            "first_in_sentence": float(same[0].start == m.start), "in_sentence": str(min(len(same), 3)),
            "qizhong_after": float("其中" in text[m.end:m.end + 8]), "qizhong_before": float("其中" in text[a:m.start]),
            "channel": float(bool(CHANNEL.search(clause))), "made": float(bool(MADE.search(clause))),
            "leftover": float(bool(LEFTOVER.search(clause))),
            "list_item": float(is_list_item(text, m.start)),
            "head_of_disclosed": float(bool(_HEAD_OF_DISCLOSED.match(text, m.end))),
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
    """Whether the 条-counts after the mention in its sentence sum to it, or it is one of such a sum's parts; and
    whether it heads a breakdown (其中/包括/涵盖 right after it, then two or more 条-counts, none larger than it: SPEC
    §6's own 共134条，其中工作动态112条、法规文件5条), which a list that does not add up (a partial one) still is."""
    counts = [(a + m.start(), float(m.group())) for m in NUMBER.finditer(text[a:b]) if _COUNTER.match(text, a + m.end())]
    at = [i for i, (s, _) in enumerate(counts) if s == start]
    if not at:
        return {"sum_of_next": 0.0, "in_breakdown": 0.0, "heads_breakdown": 0.0}
    found = breakdowns([v for _, v in counts])
    value, after = counts[at[0]][1], [v for _, v in counts[at[0] + 1:]]
    heads = bool(_BREAKDOWN_AFTER.match(text, _counter_end(text, start))) and len(after) >= 2 and max(after) <= value
    return {"sum_of_next": float(any(i == at[0] for i, _ in found)),
            "in_breakdown": float(any(i < at[0] < j for i, j in found)), "heads_breakdown": float(heads)}


def _counter_end(text: str, start: int) -> int:
    """Where the count's number and counter word end (2599条 → after 条)."""
    found = NUMBER.match(text, start)
    end = found.end() if found else start
    counter = _COUNTER_AFTER.match(text, end)
    return counter.end()


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
                # a subtotal where the report has a larger total, or a kind's count in a list of kinds (D13)
                item = an_item_of_a_list_of_kinds(text, Mention(start, end, "PROACTIVE_TOTAL"))
                label = "PROACTIVE_PART" if largest_total > value or item else "PROACTIVE_TOTAL"
                if label == "PROACTIVE_TOTAL" and _to_a_date(text, start):
                    label = "PROACTIVE_CUMULATIVE"  # 截至目前共计公开135条，包含…: a running total's parts (D10)
                added.append(Mention(start, end, label, confidence))
    return sorted([*mentions, *added], key=lambda m: m.start) if added else mentions


def _to_a_date(text: str, start: int) -> bool:
    """The count's sentence dates it to a day (截至…), and its clause names no year of its own (D10)."""
    year = find_year(text)
    return bool(AS_OF.search(sentence_before(text, start))) and not names_the_year(clause_before(text, start), year)


def _counts_items(text: str, start: int, end: int) -> bool:
    """Not a year, date, percentage or ordinal, and not followed by the unit of something other than information
    (877余篇 counts articles: the counter is read past 余/多, as for the feature `unit`)."""
    counter = _counter(text, end)
    return text[end:end + 1] not in "年月日%％" and not (counter and counter in _OTHER_UNITS) and text[start - 1:start] != "第"


class ProactiveRole:
    """Logistic regression over `mention_features`: the probability that a proactive count is the year's total,
    stored as plain JSON weights (no pickle)."""

    def __init__(self, weights: dict[str, float] | None = None) -> None:
        self.weights = weights or {}  # feature → weight, "__intercept__" included; empty: nothing learned

    def fit(self, texts: Sequence[str], entities: Sequence[Sequence[Mention]], c: float = 1.0) -> ProactiveRole:
        """Rows: every annotated proactive count, with its label."""
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
        clf = LogisticRegression(C=c, max_iter=3000).fit(vec.fit_transform(rows), totals)
        self.weights = {n: float(w) for n, w in zip(vec.get_feature_names_out(), clf.coef_[0]) if w}
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
        decided: dict[int, Mention] = {}
        for m, f in mention_features(text, mentions):
            p = self.total_probability(f)
            decided[m.start] = m.as_label("PROACTIVE_TOTAL", p) if p >= 0.5 else m.as_label("PROACTIVE_PART", 1 - p)
        return [decided.get(m.start, m) if m.label in PROACTIVE else m for m in mentions]

    def save(self, folder: Path) -> None:
        data = {"cues_version": CUES_VERSION, "weights": self.weights}
        (Path(folder) / FILE).write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                                         encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> ProactiveRole | None:
        path = Path(folder) / FILE
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        check_version(folder, data.get("cues_version"), CUES_VERSION, "second-stage cues")
        return cls(data["weights"])


def fit_role(texts: Sequence[str], entities: Sequence[Sequence[Mention]],
             contexts: Sequence[TableContext | None]) -> ProactiveRole:
    """The stage fitted in the reading view its tagger predicts in (`contexts`: what that tagger sees of the
    tables), on every annotated proactive count. Labels the spec does not define (a weak label's UNDECIDED) are not
    taught."""
    from extractor.tagger.view import entities_in_view, in_view

    view_texts, labelled = [], []
    for text, ents, context in zip(texts, entities, contexts):
        view, _ = in_view(text, context)
        view_texts.append(view.text)
        labelled.append(entities_in_view(view, [m for m in ents if m.label in ENTITY_LABELS]))
    return ProactiveRole().fit(view_texts, labelled)
