"""Active learning: which unlabelled reports a person should label next, and their pre-annotations.

Usefulness of labelling a report = how many of its characters the shipped tagger would probably tag wrong: the sum,
over the characters of its narrative chunks, of 1 − the CRF's marginal probability of the tag Viterbi chose there
(forward-backward over the same sequences the tagger reads; a neural tagger without marginals falls back to
1 − each predicted mention's confidence). Diversity: each report already chosen from the same issuing body halves
a report's score, each one from the same province multiplies it by 0.8 (choices, not fitted), so the batch spreads
over bodies and provinces rather than taking five years of one body.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractor.mentions import Mention
from extractor.tagger.context import TableContext

SAME_BODY = 0.5
SAME_PROVINCE = 0.8
PROVINCES = ("北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西",
             "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海",
             "宁夏", "新疆", "香港", "澳门", "台湾")
# Places whose name does not say their province (the corpus's bodies; annotations/provinces.json has the rest).
_PLACES = {"平潭": "福建", "宁海": "浙江", "银川": "宁夏", "沭阳": "江苏", "淮安": "江苏", "洪泽": "江苏", "丰城": "江西",
           "洛阳": "河南"}


@dataclass
class Candidate:
    path: Path
    body: str
    province: str
    uncertainty: float  # expected mis-tagged characters
    characters: int  # narrative characters read
    score: float = 0.0  # after the diversity discount, at the time it was chosen
    mentions: tuple[Mention, ...] = ()
    text: str = ""


def tagger_uncertainty(tagger, text: str, context: TableContext | None) -> tuple[float, int]:
    """Expected mis-tagged characters of the tagger on `text`, and how many characters it read."""
    crf = getattr(tagger, "crf", None)
    if crf is None or not hasattr(crf, "tagger_"):
        mentions = tagger.predict(text, context)
        return sum(1 - (m.confidence if m.confidence is not None else 0.5) for m in mentions), len(text)
    from extractor.tagger.chunks import narrative_chunks
    from extractor.tagger.context import number_types
    from extractor.tagger.crf import chunk_features
    from extractor.tagger.view import in_view

    view, context = in_view(text, tagger.visible(context))
    types = number_types(view.text, context)
    chunks = narrative_chunks(view.text, tagger.chunk_len, context.regions if context else ())
    crf_tagger = crf.tagger_
    expected, read = 0.0, 0
    for start, end in chunks:
        crf_tagger.set(chunk_features(view.text, types, start, end, tagger.words))
        chosen = crf_tagger.tag()
        expected += sum(1.0 - crf_tagger.marginal(tag, j) for j, tag in enumerate(chosen))
        read += end - start
    return expected, read


def province_of(title: str, text: str, known: dict[str, str] | None = None, stem: str = "") -> str:
    if known and stem in known:
        return known[stem]
    head = f"{title} {text[:300]}"
    for name in PROVINCES:
        if name in head:
            return name
    for place, province in _PLACES.items():
        if place in head:
            return province
    return "unknown"


def choose(candidates: list[Candidate], n: int) -> list[Candidate]:
    """Greedy: the highest discounted score each time (ties: the earlier candidate), the discount growing with each report
    already chosen from the same body or province."""
    left = list(candidates)
    chosen: list[Candidate] = []
    while left and len(chosen) < n:
        def discounted(c: Candidate) -> float:
            same_body = sum(x.body == c.body for x in chosen)
            same_province = sum(x.province == c.province != "unknown" for x in chosen)
            return c.uncertainty * SAME_BODY ** same_body * SAME_PROVINCE ** same_province

        best = max(left, key=lambda c: (discounted(c), -left.index(c)))
        best.score = round(discounted(best), 3)
        chosen.append(best)
        left.remove(best)
    return chosen


def first_line(text: str) -> str:
    return next((ln.strip()[:80] for ln in text.splitlines() if ln.strip()), "")


