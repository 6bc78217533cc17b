"""The body's own figure where the tagger tagged no proactive total: guidelines D3 and D5 read as a rule over the
tagger's proactive parts.

A character tagger learns that a count tied to a website or a platform is a channel's share (PROACTIVE_PART), which
it is beside the body's total. But many reports state no other figure: 本局经门户网站公开信息58条 is the body's total
when it is the report's only proactive count (D3), and a count phrased as the body's disclosure (主动公开政府信息,
公开…政府信息) is the total beside counts phrased as a channel's posts (D5). Where the tagger tagged no total, one
part is read as the year's total when:
- it is a candidate: not inside a breakdown (其中/包括 after a count, earlier in its sentence), not an item of a list
  of counts, and its clause names no new-media account, offline outlet, repost, leftover category, documents made or
  running total (those stay parts whatever else the report says: D4, D11, D12, D10);
- and either it is the only candidate, a count on the body's website or platform or phrased as its disclosure, and
  every other proactive count of the report is in its breakdown (D3), or it
  is the report's only proactive count phrased as the body's disclosure, with no other number between those words
  and it (D5).
Parallel counts of the same kind (D4) give two or more candidates and no disclosure phrasing: no total, as the
guidelines say. The value is marked (`NarrativeValue.promoted_by`) and its confidence is the calibration's for
values read this way, learnt on held-out reports like every other feature."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from extractor.mentions import Mention
from extractor.tagger.lexicon import (AS_OF, LEFTOVER, MADE, OUTLET, RUNNING, SITE, is_list_item, phrase_before,
                                     sentence_before)

REPOST = re.compile(r"转载|转发|报送|投递|推送|上报")
# The body's disclosure (D5): 主动公开 or 公开 / 发布 of information named as such (主动公开政府信息, 公开了各类政府
#信息), not a heading's words (（一）主动公开政府信息情况 names a chapter, not this count).
DISCLOSED = re.compile(r"(?:主动公开[^，。；;\d]{0,8}?(?:信息|文件)|公开[^，。；;\d]{0,12}?政府信息|发布[^，。；;\d]{0,4}?政府信息)"
                       r"(?!情况|方面|工作)")
_BREAKDOWN = re.compile(r"其中|包括|分别为")
_AFTER_A_COUNT = re.compile(r"\d[^。；;\n]*?(?:其中|包括|分别为)")  # a breakdown of a count stated before it
_COUNTER = re.compile(r"\s*[余多]?\s*[条篇件项个]")
_DIGIT = re.compile(r"\d")


def is_candidate(text: str, m: Mention) -> bool:
    phrase = phrase_before(text, m.start)
    sentence = sentence_before(text, m.start)
    return not (
        is_list_item(text, m.start) or _AFTER_A_COUNT.search(sentence) or OUTLET.search(phrase) or REPOST.search(phrase)
        or LEFTOVER.search(phrase) or MADE.search(phrase) or AS_OF.search(sentence) or RUNNING.search(phrase)
        or "累计" in phrase or not _COUNTER.match(text, m.end))


def _disclosed(text: str, m: Mention) -> bool:
    """Phrased as the body's disclosure: the words in its sentence before it, with no other number in between."""
    sentence = sentence_before(text, m.start)
    found = [w for w in DISCLOSED.finditer(sentence)]
    return bool(found) and not _DIGIT.search(sentence[found[-1].end():])


def _in_breakdown_of(text: str, head: Mention, m: Mention) -> bool:
    """`m` is one of the counts a breakdown right after `head` lists (其中/包括/分别为 between them, one sentence)."""
    between = text[head.end:m.start]
    return m.start > head.end and not re.search(r"[。；;\n]", between) and bool(_BREAKDOWN.search(between))


def body_total(text: str, mentions: Sequence[Mention], in_table: Callable[[Mention], bool]) -> tuple[Mention, str] | None:
    """The part read as the year's total and the rule that read it ("D3" or "D5"), or None. `mentions` are the
    tagger's; those in a table section the caller says are table notes (`in_table`) are not read."""
    proactive = sorted((m for m in mentions if m.label.startswith("PROACTIVE_") and not in_table(m)),
                       key=lambda m: m.start)
    if any(m.label == "PROACTIVE_TOTAL" for m in proactive):
        return None
    candidates = [m for m in proactive if m.label == "PROACTIVE_PART" and is_candidate(text, m)]
    if len(candidates) == 1 and all(m is candidates[0] or _in_breakdown_of(text, candidates[0], m) for m in proactive):
        only = candidates[0]
        if SITE.search(phrase_before(text, only.start)) or _disclosed(text, only):
            return only, "D3"
    # D5 holds where the others are phrased as posts: one count phrased as the disclosure, whether a candidate or not
    # (门户网站公开政府信息78条，官方微信公开政府信息502条 are parallel channel counts, D4)
    disclosed = [m for m in proactive if _disclosed(text, m)]
    if len(disclosed) == 1 and disclosed[0] in candidates:
        return disclosed[0], "D5"
    return None
