"""The body's own figure where the tagger tagged no proactive total: guidelines D1-D6 read as rules over the tagger's
proactive parts.

A character tagger learns that a count tied to a website or a platform is a channel's share (PROACTIVE_PART), which
it is beside the body's total. But many reports state no other figure: 本局经门户网站公开信息58条 is the body's total
when it is the report's only proactive count (D3), one count over several named channels is the total of them all
(D2), and a count phrased as the body's disclosure (主动公开政府信息, 公开…政府信息) is the total beside counts phrased
as a channel's posts (D5). Where the tagger tagged no total, one part is read as the year's total when:
- it is a candidate: not inside a breakdown (其中/包括/分别为/（含 after a count earlier in its sentence, a
  sentence opening with 其中, or a line of a list that a line ending in 包括： opens), not an item of a list of
  counts nor the first of a list of kinds (lexicon.first_of_a_list_of_kinds, D13), not counted on a new-media
  account or outlet (lexicon.counted_on_an_outlet), and its clause names no repost, leftover category, documents made or running total (those stay parts whatever else the report says: D4,
  D11, D12, D10);
- and it is the one candidate whose sentence names several channels as the ways of this one count (D2: 通过网站、
  微信等平台发布信息N条, 通过各种渠道…); or it is the only candidate, and either
  - it is on the body's website or platform or phrased as its disclosure, and every other proactive count is broken
    down from it or from something else, adds up to it with the kinds right after it (the identity), or is an
    outlet's in another paragraph (D3); or
  - it is on the body's site with the statutory verb (主动公开), and every other count is an outlet's posted without
    it (D5; the same verb on both is D4's parallel counts);
- or it is the one candidate that counts the body's information in general (发布各类信息, 公开…等信息) beside
  candidates that name a topic or a kind (政策解读, 专题, 意见: D1, D13), with no outlet counted beside it (D4);
- or it is the report's only proactive count phrased as the body's disclosure, with no other number between those
  words and it (D5).
Parallel counts of the same kind (D4) give two or more candidates, or outlet counts with the site's own verb: no
total, as the guidelines say. The value is marked (`NarrativeValue.promoted_by`) and its confidence is the
calibration's for values read this way, learnt on held-out reports like every other feature."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from extractor.mentions import Mention
from extractor.metadata import find_year
from extractor.quantity import parse_quantity
from extractor.tagger.lexicon import (A_COUNT, A_SITES_SECTION, ANY_CHANNEL, AS_OF, BREAKDOWN_REACH, CHANNEL,
                                      COUNTED_DOMAINS, DISCLOSES_INFORMATION, HELD, LEFTOVER, MADE, NEXT_CHANNELS_COUNT,
                                      NOT_A_DOMAINS, NUMBER, OPENS_A_BREAKDOWN, PASSED_ON, REPOST, SITE,
                                      STATUTORY_RIGHT_BEFORE, STATUTORY_VERB, WHOLE_SITE, broken_down_from,
                                      an_item_of_a_list_of_kinds, clause_before, counted_on_an_outlet,
                                      counted_over_channels, counts_broken_down_before, first_of_a_list_of_kinds,
                                      is_list_item, names_the_year, over_a_list_of_kinds, over_years, phrase_before,
                                      phrased_as_disclosure, posted_alike, same_paragraph, sentence_before,
                                      shares_the_verb, whole_site_named)

_COUNTER = re.compile(r"\s*[余多]?\s*[条篇件项个]")
_RELATED = re.compile(r"相关信息\S{0,3}$")
# The body's information named in general at the end of the count's phrase, after a verb of disclosure (公开…各类信息,
# 发布…等信息): what the year's count counts, where a topic's count names its kind (政策解读, 专题, 意见, 事项) and
# 相关信息 points back to one; a domain's disclosed information (救灾领域公开信息) is a kind's.
_GENERAL_INFORMATION = re.compile(rf"{NOT_A_DOMAINS}(?:公开|发布|更新)(?:了)?(?:[^，。；;\d]{{0,40}}?等(?:方面)?(?:的)?)?"
                                  r"(?:各类|各项)?(?:政府|政务)?(?:公开)?信息(?:数量?)?(?:共|共计|合计|总计|达|近|约|逾|超过)?\s*$")


# A count that a 、 joins to the next count of the list (更新政务动态17条、发布政策解读3条、…): one kind among several,
# not one count over the channels named before it (D2 against D13).
_OPENS_A_LIST_OF_COUNTS = re.compile(r"\s*[余多]?\s*[条篇件项]\s*、[^，,。；;\d、]{1,16}?\d")
_LIST_OPENER = re.compile(r"(?:其中|包括|分别为|(如下))\s*[:：]\s*$")
_LIST_LINES = 8


def _in_a_listed_breakdown(text: str, start: int) -> bool:
    """On a line of a list that a line ending in 包括：/其中：/如下： opens (…累计公开信息424条，具体包括：⏎政府网站：发布信息
    42条): a part of the count before it, however its own line reads; a line with no number ends the list. 如下：
    opens a breakdown only in a sentence with a count, not a date's (具体情况如下：, 2023年主动公开情况如下：
    introduce the chapter, not parts of a count)."""
    line_start = text.rfind("\n", 0, start) + 1
    for _ in range(_LIST_LINES):
        if line_start == 0:
            return False
        previous_start = text.rfind("\n", 0, line_start - 1) + 1
        previous = text[previous_start:line_start - 1]
        opener = _LIST_OPENER.search(previous)
        if opener:
            return not opener.group(1) or bool(A_COUNT.search(sentence_before(previous, len(previous))))
        if not NUMBER.search(previous):
            return False
        line_start = previous_start
    return False


# A quota or a rate (超额完成每月5条的任务): per period, no count of what was disclosed.
_PER_PERIOD = re.compile(r"每(?:月|周|季度?|年|天|日)[^，,。；;\d]{0,8}?(?:约|至少|不少于|不低于)?\s*$")
# Interpretations counted (发布政策解读12篇, 门户网站发布解读信息8条): documents of one kind (D13, D29), never the body's
# total; a list of kinds closed by 等 (政策文件、解读等信息) is another thing.
_INTERPRETATIONS = re.compile(r"解读(?:信息|材料|稿件|文章)?(?:共|共计|合计)?\s*$")
_A_LIST = re.compile(r"[、及和与等]")


def _reposts(phrase: str) -> bool:
    """Reposts counted (转载信息N条: D11), not reposts as one item of a list of what was posted (发布通知公告、转载政策文件、
    民生实事等共N条)."""
    found = REPOST.search(phrase)
    return found is not None and phrase[found.start() - 1:found.start()] != "、"


def is_candidate(text: str, m: Mention, list_items: bool = False) -> bool:
    """`list_items`: an item of a list of counts may be one (D6's column count after a site's count and a ；)."""
    phrase = phrase_before(text, m.start)
    sentence = sentence_before(text, m.start, BREAKDOWN_REACH)
    year = find_year(text)
    return not (
        (not list_items and (is_list_item(text, m.start) or an_item_of_a_list_of_kinds(text, m)))
        or counts_broken_down_before(sentence)
        or _in_a_listed_breakdown(text, m.start) or first_of_a_list_of_kinds(text, m)
        or counted_on_an_outlet(text, m.start) or _reposts(phrase)
        or LEFTOVER.search(phrase) or _MADE_OR_ISSUED.search(phrase) or over_years(phrase, year) or HELD.search(phrase)
        or _PER_PERIOD.search(phrase) or NEXT_CHANNELS_COUNT.match(text, m.end)  # 、微信公众号150条: parallel (D4)
        or (AS_OF.search(sentence) and not names_the_year(phrase, year))  # 截至…，今年新增N条 is the year's (D10)
        or not _COUNTER.match(text, m.end))  # 累计 alone is the year's count (D10)


def _parts_that_sum_to(text: str, head: Mention, proactive: Sequence[Mention]) -> set[Mention]:
    """The parts right after `head` (two or more in a row, within a breakdown's reach) whose values add up to it
    exactly: its breakdown by the identity, however the sentence words it (涉及…类信息2条、…412条、…56条 after 470条)."""
    total = parse_quantity(text[head.start:head.end])
    if total is None:
        return set()
    run, parts = 0.0, []
    for m in _within_a_breakdowns_reach(head, proactive):
        value = parse_quantity(text[m.start:m.end])
        # a channel's count is no kind of the head's (D4 never sums channels), nor is a part of another part
        if (m.label != "PROACTIVE_PART" or value is None or not same_paragraph(text, head, m)
                or CHANNEL.search(clause_before(text, m.start)) or counted_on_an_outlet(text, m.start)
                or any(broken_down_from(text, o, m) for o in proactive if o is not head)):
            break
        run += value
        parts.append(m)
        if len(parts) >= 2 and _adds_up(run, total):
            return set(parts)
    return set()


def _within_a_breakdowns_reach(head: Mention, proactive: Sequence[Mention]) -> list[Mention]:
    """The counts after `head` that its breakdown could hold."""
    return [m for m in proactive if head.end <= m.start <= head.end + BREAKDOWN_REACH]


def _adds_up(run: float, total: float) -> bool:
    return abs(run - total) < 1e-9


_OPENS_ITS_BREAKDOWN = re.compile(rf"{_COUNTER.pattern}\s*[，,]?\s*(?:[:：]|其中|包括)")
# The body's information right after a verb of disclosing, no kind named between (not 财政信息, 信息安全提示) ...
_VERB_AND_INFORMATION = r"(?:发布|公开|更新)(?:了)?(?:各类|各项)?(?:政府|政务)?信息"
_INFORMATION_DISCLOSED = re.compile(rf"{NOT_A_DOMAINS}{_VERB_AND_INFORMATION}(?!安全)")
# ... ending the count's phrase
_INFORMATION_IN_GENERAL = re.compile(rf"{_VERB_AND_INFORMATION}(?:共|共计|合计)?\s*$")


def _channels_that_sum_to(text: str, head: Mention, proactive: Sequence[Mention]) -> bool:
    """Two or more channels' counts in the breakdown of `head`, a count of information in general with no channel of
    its own, add up to it exactly (their own parts skipped): the head is the count over those channels (D2), named
    after it rather than before (not a kind's count split by channel, 发布工作动态300条，其中门户网站200条…)."""
    phrase = phrase_before(text, head.start)
    if CHANNEL.search(phrase) or not _INFORMATION_IN_GENERAL.search(phrase):
        return False
    total = parse_quantity(text[head.start:head.end])
    following = [m for m in _within_a_breakdowns_reach(head, proactive)
                 if same_paragraph(text, head, m) and broken_down_from(text, head, m)]
    channels = [m for m in following if CHANNEL.search(clause_before(text, m.start))
                and not any(broken_down_from(text, o, m) for o in following if o is not m)]
    values = [parse_quantity(text[m.start:m.end]) for m in channels]
    return total is not None and len(channels) >= 2 and None not in values and _adds_up(sum(values), total)


# Documents made or issued (全年共发文134件: D12), never the body's disclosure.
_MADE_OR_ISSUED = re.compile(rf"{MADE.pattern}|发文(?:共|共计|合计|总数|数量)?\s*$")
# A count between a verb of disclosure and the information it counts (累计发布了111条信息).
_VERB_RIGHT_BEFORE = re.compile(r"(?:公开|发布|更新)(?:了)?(?:共|共计|累计)?\s*$")
_INFORMATION_RIGHT_AFTER = re.compile(r"\s*[余多]?\s*[条项篇件]\s*(?:各类)?(?:政府|政务)?信息(?![\u4e00-\u9fff])")


def _site_or_disclosed(text: str, m: Mention) -> bool:
    """On the body's site, or phrased as its disclosure: of information (D5), of a list of kinds counted once
    (主动公开政策文件、通知公告共N条: D13's one noun phrase of kinds), a count right after the statute's verb (发文N件，
    主动公开N件), or a count between the verb and the information it counts (累计发布了111条信息)."""
    return (bool(SITE.search(phrase_before(text, m.start))) or phrased_as_disclosure(text, m)
            or bool(STATUTORY_RIGHT_BEFORE.search(phrase_before(text, m.start)))
            or over_a_list_of_kinds(phrase_before(text, m.start, 90))
            or bool(_VERB_RIGHT_BEFORE.search(phrase_before(text, m.start)) and _INFORMATION_RIGHT_AFTER.match(text, m.end)))


# A column of the site that holds what the body disclosed (政务公开专栏, 信息公开目录), as against the whole site.
_DISCLOSURE_COLUMN = re.compile(r"(?:信息公开|政务公开|主动公开)[^，。；;\d]{0,4}?(?:目录|专栏|栏目|专区)")


def _disclosure_column_beside_the_site(text: str, parts: Sequence[Mention]) -> Mention | None:
    """D6: the one part counted on the site's disclosure column with the statutory verb (经政务公开专栏主动公开政府信息
    N条), a candidate though it follows the site's count in a list, beside a candidate counting the whole site in its
    paragraph (区政府网站本年共更新信息M条；…): the column's is the total."""
    def on_column(m: Mention) -> bool:
        phrase = phrase_before(text, m.start)
        return bool(_DISCLOSURE_COLUMN.search(phrase)) and bool(STATUTORY_VERB.search(phrase))

    columns = [m for m in parts if on_column(m) and is_candidate(text, m, list_items=True)]
    if len(columns) != 1:
        return None
    sites = [m for m in parts if m is not columns[0] and is_candidate(text, m)
             and SITE.search(phrase_before(text, m.start)) and same_paragraph(text, columns[0], m)]
    return columns[0] if sites else None


# Counts of items taken down, not disclosed (清理过期信息，共删除N条): the removal the last verb before the number
# (清理栏目后发布信息N条 counts what was published).
_REMOVED = re.compile(r"(?:删除|清理|撤下|下架|下线|屏蔽|关停)(?:了)?(?:过期|失效|无效|历史|错误|各类|相关)?(?:的)?"
                      r"(?:信息|内容|链接|稿件|页面)?(?:共|共计|累计|合计)?\s*$")


# Kinds counted (6个类别, 3大类, 5个方面): how many kinds, no count between the site and the count of its items.
_KINDS_COUNTED = re.compile(r"\d+\s*[个大项]\s*(?:类别|类|方面|领域|栏目|专栏)")


def _on_the_site(text: str, m: Mention) -> bool:
    """The body's site named in the count's phrase, or earlier in its sentence with no other count between them
    (依托某市政府门户网站，2020年主动发布…各类信息170条)."""
    if SITE.search(phrase_before(text, m.start)):
        return True
    sentence = sentence_before(text, m.start)
    sites = list(WHOLE_SITE.finditer(sentence))
    between = sentence[sites[-1].end():] if sites else ""
    # a column opened on the site (开设疫情防控专栏) is the count's channel, a topic's
    return bool(sites) and not A_COUNT.search(_KINDS_COUNTED.sub("", between)) and not A_SITES_SECTION.search(between)


def _as_disclosure(text: str, m: Mention) -> bool:
    """The statutory verb, the body's disclosure (lexicon.phrased_as_disclosure), or 公开 of information on the body's
    whole site (通过政府网站公开信息N条)."""
    phrase = phrase_before(text, m.start)
    return (bool(STATUTORY_VERB.search(phrase)) or phrased_as_disclosure(text, m)
            or bool(DISCLOSES_INFORMATION.search(phrase) and WHOLE_SITE.search(phrase)))


def _plain_disclosure(text: str, m: Mention) -> bool:
    return bool(DISCLOSES_INFORMATION.search(phrase_before(text, m.start)))  # 公开信息, not 主动公开 nor 各类信息


def _discloses_alike(text: str, site: Mention, m: Mention) -> bool:
    """`m` is phrased as a disclosure the way the site's count is: an outlet's 公开信息 beside the site's 公开信息 uses
    the same verb (D4), beside the site's 主动公开 it does not (D33: the line is the statutory verb)."""
    if STATUTORY_VERB.search(phrase_before(text, site.start)):
        return _as_disclosure(text, m)
    return _as_disclosure(text, m) or _plain_disclosure(text, m)


def _posted_alike(text: str, count: Mention, m: Mention) -> bool:
    """`m`, another count of `count`'s paragraph and not of its breakdown, posted with the same verb where `count` has
    no statutory one (门户网站发布政府信息358条，微信公众号发布508条: parallel counts, D4 and D33)."""
    return (m is not count and same_paragraph(text, count, m) and not broken_down_from(text, count, m)
            and not STATUTORY_VERB.search(phrase_before(text, count.start)) and posted_alike(text, count, m))


def _once_each(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """One mention of each statement: a page that prints its text twice (a mirror's copy after the original) states
    each count twice in the same sentence, one statement, not two counts that compete (网站：发布信息56条；微博：发布信息
    56条 are two)."""
    out: list[Mention] = []
    for m in mentions:
        if not any(text[o.start:o.end] == text[m.start:m.end] and _same_words_before(text, o.start, m.start)
                   for o in out):
            out.append(m)
    return out


def _same_words_before(text: str, a: int, b: int, reach: int = 60) -> bool:
    """The words before positions a < b are the same as far as a's reach (a page printed twice, not two headings'
    counts in the same words: 一是门户网站。全年共发布信息320条…二是政务微信。全年共发布信息320条)."""
    k = min(reach, a)
    return k >= 12 and text[a - k:a] == text[b - k:b]


def body_total(text: str, mentions: Sequence[Mention], in_table: Callable[[Mention], bool]) -> tuple[Mention, str] | None:
    """The part read as the year's total and the rule that read it ("D1", "D2", "D3", "D5" or "D6"), or None. `mentions`
    are the tagger's; those in a table section the caller says are table notes (`in_table`) are not read. A count of
    interpretations is never the total, whichever rule would read it (it still competes as a topic's count)."""
    found = _read_body_total(text, mentions, in_table)
    return None if found is None or _interpretations(phrase_before(text, found[0].start)) else found


def _interpretations(phrase: str) -> bool:
    """Interpretations counted alone, not a list of kinds that ends in them (政策文件、工作动态、政策解读共计356条)."""
    return bool(_INTERPRETATIONS.search(phrase)) and not _A_LIST.search(phrase)


def _read_body_total(text: str, mentions: Sequence[Mention], in_table: Callable[[Mention], bool]
                     ) -> tuple[Mention, str] | None:
    proactive = sorted((m for m in mentions if m.label.startswith("PROACTIVE_") and not in_table(m)
                        and not _REMOVED.search(phrase_before(text, m.start))), key=lambda m: m.start)
    if any(m.label == "PROACTIVE_TOTAL" for m in proactive):
        return None
    proactive = _once_each(text, proactive)
    candidates = [m for m in proactive if m.label == "PROACTIVE_PART" and is_candidate(text, m)]
    # (相关信息 points back to a topic named before it: 联动发布疫情信息，共发布相关信息N条 counts that topic; so does a
    # count in a sentence about a domain: 深化医疗卫生领域信息公开…运用新媒体、公告栏等载体…全年公开…等信息N条)
    # (D2's channels are all the body's: outlets named together beside the site's own count are not the total; any
    # channels, 各种渠道, hold the site)
    site_counted = any(whole_site_named(phrase_before(text, m.start)) or _DISCLOSURE_COLUMN.search(phrase_before(
        text, m.start)) for m in candidates)
    over = [m for m in candidates if counted_over_channels(text, m.start)
            and not (site_counted and not SITE.search(sentence_before(text, m.start))
                     and not WHOLE_SITE.search(sentence_before(text, m.start))
                     and not ANY_CHANNEL.search(sentence_before(text, m.start)))
            and not _RELATED.search(phrase_before(text, m.start)) and not _OPENS_A_LIST_OF_COUNTS.match(text, m.end)
            and "领域" not in COUNTED_DOMAINS.sub("", sentence_before(text, m.start, BREAKDOWN_REACH))]
    if len(over) == 1:
        return over[0], "D2"  # one count over several channels; the channels' own counts are its parts
    summed = [m for m in candidates if _channels_that_sum_to(text, m, proactive)]
    if not over and len(summed) == 1:
        return summed[0], "D2"  # 发布信息1771条，其中门户网站351条…；微信公众号1420条: the channels it is split into
    column = _disclosure_column_beside_the_site(text, [m for m in proactive if m.label == "PROACTIVE_PART"])
    if column is not None:
        return column, "D6"
    # a candidate in the breakdown of another (：, 其中, 包括 right after that one) whose items add up to it exactly is
    # its part (the identity), not its rival
    in_a_breakdown = {m for h in candidates if _OPENS_ITS_BREAKDOWN.match(text, h.end)
                      for m in _parts_that_sum_to(text, h, proactive)}
    candidates = [m for m in candidates if m not in in_a_breakdown]
    general = [m for m in candidates if _GENERAL_INFORMATION.search(phrase_before(text, m.start))]
    if len(candidates) == 1 or len(general) == 1:
        only = candidates[0] if len(candidates) == 1 else general[0]
        # counts broken down from the total or from anything else stated before them do not compete with it, nor
        # does an outlet's count in another paragraph (平台建设's 公众号累计发布N条), nor copies passed on (D11) or
        # documents made (D12: 全年共发文134件，主动公开134件)
        its_parts = _parts_that_sum_to(text, only, proactive)
        rest = [m for m in proactive if m is not only and not any(broken_down_from(text, h, m) for h in proactive)
                and not PASSED_ON.search(phrase_before(text, m.start))
                and not _MADE_OR_ISSUED.search(phrase_before(text, m.start))
                and not _PER_PERIOD.search(phrase_before(text, m.start))
                and m not in its_parts and not OPENS_A_BREAKDOWN.match(sentence_before(text, m.start, BREAKDOWN_REACH))
                and not (not same_paragraph(text, only, m) and counted_on_an_outlet(text, m.start))]
        if len(candidates) == 1 and not rest and _site_or_disclosed(text, only):
            return only, "D3"
        # the body's site, with the statutory verb or phrased as its disclosure (公开信息), beside outlets' posts phrased
        # otherwise (D5; phrased alike: D4)
        if (len(candidates) == 1 and _on_the_site(text, only) and _as_disclosure(text, only)
                and all(counted_on_an_outlet(text, m.start) and not _discloses_alike(text, only, m)
                        and not shares_the_verb(text, only, m) and not _posted_alike(text, only, m) for m in rest)):
            return only, "D5"
        # the one count of the body's information in general, the others a topic's or kind's in its paragraph
        # (D1, D13), and no outlet counted beside it (D4)
        if (only in general and not any(counted_on_an_outlet(text, m.start) for m in rest)
                and all(same_paragraph(text, only, m) for m in candidates)):
            return only, "D1"
        # the report's only count, of the body's information with a verb of disclosing (发布信息, 公开政府信息: no
        # kind's name between them), whose breakdown (：, 其中, 包括 right after it) lists kinds that add up to it
        # exactly: the identity says it is their total, whatever words follow the verb (D3 with its breakdown)
        if (len(candidates) == 1 and not rest and len(its_parts) >= 2 and _INFORMATION_DISCLOSED.search(
                phrase_before(text, only.start)) and _OPENS_ITS_BREAKDOWN.match(text, only.end)):
            return only, "D3"
    # D5 holds where the others are phrased as posts: one count phrased as the disclosure, whether a candidate or not
    # (门户网站公开政府信息78条，官方微信公开政府信息502条 are parallel channel counts, D4)
    # (and 门户网站主动公开信息22条，微信公众号185条 leaves the verb out of the second: the same verb, D4)
    disclosed = [m for m in proactive if phrased_as_disclosure(text, m)]
    if (len(disclosed) == 1 and disclosed[0] in candidates
            and not any(shares_the_verb(text, disclosed[0], m) or _posted_alike(text, disclosed[0], m)
                        for m in proactive)
            and not (SITE.search(phrase_before(text, disclosed[0].start)) and _plain_disclosure(text, disclosed[0])
                     and any(m is not disclosed[0] and not broken_down_from(text, disclosed[0], m)
                             and _plain_disclosure(text, m) for m in proactive))):
        return disclosed[0], "D5"
    return None
