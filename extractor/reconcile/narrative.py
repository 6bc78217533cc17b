"""From tagged quantities to the `n.*` fields of fields.json.

A report often states a figure twice (overview and table notes) or tags a part next to a total; one value per key
is chosen: a mention in running text over one in a table section, then the value the table restates (if any
mention has it), then the value stated most often, then the first. Which key a CASE_COUNT or APP_CARRIED mention
fills is read from the words just before it (复议 / 诉讼; 上年结转 is not 结转下年度)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

from extractor.mentions import Mention
from extractor.metadata import find_year
from extractor.checks.rules import NARRATIVE_PAIRS
from extractor.quantity import parse_quantity
from extractor.reconcile.body_total import body_total
from extractor.tagger.lexicon import (CASE_OUTCOMES, CHANNEL, KEY_WORDS, LEFTOVER, OUTCOME_WORDS, SITE, an_earlier_year,
                                      carried_in, case_named_after, clause_before, phrase_before, words_after)
from extractor.templates import template

# The table cells each narrative key restates (their sum), from the identities of checks/rules.py.
TABLE_OF = dict(NARRATIVE_PAIRS)
TABLE_SECTIONS = ("proactive_table", "request_table", "review_table", "extra_table")
# Labels a tagger confuses within a family (a received count tagged as an outcome, SPEC §6): the table may settle
# which key such a mention fills. Across families (a request count tagged as a proactive part) it never does.
# The family is the label's first word (APP_, CASE_), of the key's label in the template.
FAMILY = {key: template.NARRATIVE_LABELS[key].split("_")[0] + "_" for key in TABLE_OF}
_REVIEW = re.compile(r"复议")
_SUIT = re.compile(r"诉讼|起诉")
_CASE_OUTCOME = re.compile(rf"其中|{CASE_OUTCOMES.pattern}")
# reviews and lawsuits named together right before the count, in its own line (a heading's 行政复议、行政诉讼情况 above
# 行政复议0件 does not count, nor one whose words after 诉讼 name 复议 again)
_EACH = re.compile(r"(?:各|均|都)(?:为|是|有)?\s*$")  # not 分别 (respectively: one number each, in order)
_BOTH_CASES = re.compile(r"(?:(?P<review_first>复议)[^\d，,。；;和及、与或\n]{0,4}[和及、与或]\s*(?:行政)?诉讼|"
                         r"诉讼[^\d，,。；;和及、与或\n]{0,4}[和及、与或]\s*(?:行政)?复议)(?:(?!复议|诉讼)[^\d，,。；;\n]){0,10}$")
# 复议和诉讼分别为1件、2件: one number each, in the order named, where a second number follows the first
_RESPECTIVELY = re.compile(r"分别")
_A_SECOND_COUNT = re.compile(r"\s*[件起宗个]?\s*[、和及与，,]\s*\d")


@dataclass(frozen=True)
class Stated:
    """Another value mentions gave a key: its first mention and what the report says around it."""

    value: int | float
    mention: Mention
    text: str  # the mention's printed text
    clause: str  # the words of its clause in front of it
    count: int  # how many mentions state this value
    in_table_section: bool
    phrase: str = ""  # the words in front of it back to a comma or a stop (an enumeration's 、 does not end it)
    after: str = ""  # the words after it up to a comma or a stop (N件已办结: a count stated before its verb)


@dataclass(frozen=True)
class NarrativeValue:
    key: str
    value: int | float
    mention: Mention
    text: str
    in_table_section: bool
    candidates: int  # how many mentions were considered for this key
    relabelled_from: str | None = None  # the tagger's label, when the table decided which key the mention fills
    stated: int = 1  # how many mentions state the chosen value
    alternatives: tuple[Stated, ...] = ()  # the other values mentions gave the key
    table_value: int | float | None = None  # what the report's table cells for the key hold (their sum), if printed
    clause: str = ""  # the words of the chosen mention's clause in front of it (the evidence of what it counts)
    phrase: str = ""  # the words in front of it back to a comma or a stop (see Stated.phrase)
    after: str = ""  # the words after it up to a comma or a stop (see Stated.after)
    second_value: int | float | None = None  # what an independent reading (the phrase rules) gives the key, if any
    promoted_by: str | None = None  # the guidelines' rule that read a tagged part as the body's total (body_total.py)

    def rival_values(self) -> int:
        return len({a.value for a in self.alternatives})


def _within_its_sentence(text: str, start: int, end: int, before: int, after: int) -> str:
    """The `before` characters before text[start:end], it, and the `after` characters after it, all within its
    sentence (cut at 。；\n)."""
    lo, hi = max(0, start - before), min(len(text), end + after)
    starts = max(text.rfind(stop, lo, start) for stop in "。；;\n") + 1
    ends = [i for i in (text.find(stop, end, hi) for stop in "。；;\n") if i >= 0]
    return text[max(lo, starts):min(ends, default=hi)]


def keys_of(mention: Mention, text: str) -> tuple[str, ...]:
    """The `n.*` keys a mention fills: one, none, or for one zero or one count of each stated for reviews and lawsuits
    together (行政复议和行政诉讼均为0件, 各1件) both; a count of both together fills neither (guidelines D24); a case count
    whose clause names an outcome (维持, 纠正, 尚未审结 …) or a breakdown (其中) fills neither: it is one of table 4's
    outcome columns, not the cases' number."""
    keys = template.narrative_keys(mention.label)
    if mention.label == "APP_CARRIED":
        around = _within_its_sentence(text, mention.start, mention.end, 10, 8)  # not the sentence before's 上年结转
        clause = clause_before(text, mention.start)
        year = find_year(text)
        carried = carried_in(around, year) or carried_in(clause, year) or an_earlier_year(clause, year)
        return () if carried else keys  # 上年结转政府信息公开申请数量37件, 2022年度结转 in the report on 2023 (D20)
    if len(keys) <= 1:
        return keys
    before = text[max(0, mention.start - 16):mention.start]
    if mention.label == "CASE_COUNT":
        if _CASE_OUTCOME.search(_after_the_case_words(clause_before(text, mention.start))):
            return ()  # 行政复议18件，其中维持16件: an outcome of the cases, not their number (table 4's columns)
        if named := case_named_after(text, mention.end):  # 收到1件行政复议、1件行政诉讼: each count names its own
            noun, outcome = named
            if outcome:
                return ()  # 3件行政复议均被维持: an outcome of the cases (table 4's columns)
            return ("n.review.total",) if noun == "复议" else ("n.litigation.total",)
        both = _BOTH_CASES.search(before)
        if both and _RESPECTIVELY.search(both.group()) and _A_SECOND_COUNT.match(text, mention.end):
            # 复议和诉讼分别为1件、2件: the first count is the first named's; the second, the last named's (below)
            return ("n.review.total",) if both.group("review_first") else ("n.litigation.total",)
        if both:  # 各1件, 均为1件: each of them; a zero is each's too; 共3件 is neither's
            each = parse_quantity(text[mention.start:mention.end]) == 0 or _EACH.search(before)
            return ("n.review.total", "n.litigation.total") if each else ()
        review = max((m.end() for m in _REVIEW.finditer(before)), default=-1)
        suit = max((m.end() for m in _SUIT.finditer(before)), default=-1)
        if review < 0 and suit < 0:
            return ()
        return ("n.review.total",) if review > suit else ("n.litigation.total",)
    return ()


# The key's quantity named in full in front of a count (SPEC §6): a disclosure request; the body's information
# disclosed with the statutory verb (本年主动公开政府信息320条 against 本年公开各类信息560条 or 通过网站、微信等平台发布
# 政府信息500条). Not in a leftover category's words (其他应主动公开政府信息N条 beside the body's 共公布政府信息M条).
_THE_QUANTITY = {"n.applications.received": re.compile(r"信息公开|依申请|公开申请"),
                 "n.proactive.total": re.compile(r"(?<![不应拟未])主动(?:公开|发布)(?:了)?(?:各类|各项)?(?:政府|政务)?信息\s*"
                                                 r"(?:共|共计|合计|总计|为)?\s*$")}
# ... and not a channel's, a leftover's, a level's or a change against another year (门户网站主动公开政府信息N条 beside
# the body's 公开各类信息M条; 比上年增加主动公开政府信息N条).
_NOT_THE_QUANTITY = re.compile(rf"{LEFTOVER.pattern}|{CHANNEL.pattern}|{SITE.pattern}|(?:比|较)(?:上年|去年|上一年)|同比|"
                               r"增加|减少|增长|下降|本级")  # 县政府本级: a share by level beside the area's total (D7)


def _names_the_quantity(key: str, text: str, m: Mention) -> bool:
    words, phrase = _THE_QUANTITY.get(key), phrase_before(text, m.start)
    return words is not None and bool(words.search(phrase)) and not _NOT_THE_QUANTITY.search(phrase)


def _after_the_case_words(clause: str) -> str:
    """The words after the clause's last 复议/诉讼 (all of it where it names neither): an outcome or a breakdown there
    is the cases' (行政复议结果维持3件); one before them is not (其中因申请引起的行政复议21宗 counts reviews)."""
    last = max((m.end() for words in (_REVIEW, _SUIT) for m in words.finditer(clause)), default=0)
    return clause[last:]


def unit_of(text: str) -> str | None:
    return "万元" if text.endswith("万元") else "元" if text.endswith("元") else None


def narrative_fields(
    entities: list[Mention], text: str, sections: list[Mention] | None = None,
    table: Mapping[str, int | float | None] | None = None, relabel: bool = True,
) -> dict[str, NarrativeValue]:
    """One value per `n.*` key; `relabel=False` skips the second stage (measured in benchmarks/table_evidence.py)."""
    sections = sections or []
    table = table or {}

    def in_table(m: Mention) -> bool:
        return any(s.start <= m.start < s.end and s.label.split(".")[0] in TABLE_SECTIONS for s in sections)

    # What a value's in_table_section says: a mention among table cells. Where no table was read (a free-form
    # report, an opening), a "table section" is the report's own words in its place, and says nothing of the kind.
    has_table = any(v is not None for v in table.values())

    by_key: dict[str, list[tuple[Mention, int | float]]] = {}
    for m in sorted(entities, key=lambda e: e.start):
        keys = keys_of(m, text)
        value = parse_quantity(text[m.start:m.end]) if keys else None
        for key in keys if value is not None else ():
            by_key.setdefault(key, []).append((m, value))
    promoted_by = None  # the rule that read a part as the total, where one did (guidelines D3/D5: body_total.py)
    found_total = body_total(text, entities, lambda m: has_table and in_table(m)) if relabel else None
    if found_total is not None and "n.proactive.total" not in by_key:
        part, rule = found_total
        value = parse_quantity(text[part.start:part.end])
        if value is not None:  # the model's probability was for a part: as a total, the mention has none
            by_key["n.proactive.total"] = [(Mention(part.start, part.end, "PROACTIVE_TOTAL"), value)]
            promoted_by = rule
    out = {}
    for key, found in by_key.items():
        narrative = [x for x in found if not in_table(x[0])] or found
        restated = [table.get(k) for k in TABLE_OF.get(key, ())]
        table_value = sum(v for v in restated if v is not None) if any(v is not None for v in restated) else None
        agreeing = [x for x in narrative if table_value is not None and x[1] == table_value]
        counts = Counter(v for _, v in narrative)
        if agreeing:
            chosen = agreeing[0]
        else:
            best = max(counts.values())
            tied = [x for x in narrative if counts[x[1]] == best]
            # of values stated as often, one whose words name the key's quantity itself (受理政府信息公开申请3件, not
            # 受理营业执照变更申请35件) before the first
            chosen = next((x for x in tied if _names_the_quantity(key, text, x[0])), tied[0])
        m, value = chosen
        others: dict[int | float, Mention] = {}
        for x, v in found:
            if v != value:
                others.setdefault(v, x)
        alternatives = tuple(Stated(v, x, text[x.start:x.end], clause_before(text, x.start),
                                    sum(1 for _, w in found if w == v), has_table and in_table(x),
                                    phrase_before(text, x.start), words_after(text, x.end)) for v, x in others.items())
        out[key] = NarrativeValue(key, value, m, text[m.start:m.end], has_table and in_table(m), len(found),
                                  stated=sum(1 for _, v in found if v == value), alternatives=alternatives,
                                  table_value=table_value, clause=clause_before(text, m.start),
                                  phrase=phrase_before(text, m.start), after=words_after(text, m.end),
                                  promoted_by=promoted_by if key == "n.proactive.total" else None)
    if relabel:
        _relabel_by_table(out, entities, text, table, in_table)
    return out


def _relabel_by_table(out: dict[str, NarrativeValue], entities: list[Mention], text: str, table: Mapping,
                      in_table) -> None:
    """Second stage: where no mention of a key states the value its table cells hold, a running-text mention of
    the same family that does (a received count the tagger called an outcome) fills the key, marked as such.
    A mention that already gives another key is not read twice (收到申请26件 is not also a completed count because
    every request was completed)."""
    used = {(v.mention.start, v.mention.end) for v in out.values()}
    for key, family in FAMILY.items():
        cells = [table.get(k) for k in TABLE_OF[key]]
        if any(v is None for v in cells) or not sum(cells) or (key in out and out[key].value == sum(cells)):
            continue
        value = sum(cells)
        for m in sorted(entities, key=lambda e: e.start):
            if (m.label.startswith(family) and not in_table(m) and (m.start, m.end) not in used
                    and parse_quantity(text[m.start:m.end]) == value and not _meant_otherwise(m, text, key)):
                before = out.get(key)
                if before is not None:
                    used.discard((before.mention.start, before.mention.end))
                others = ((Stated(before.value, before.mention, before.text, before.clause, before.stated,
                                  before.in_table_section, before.phrase, before.after), *before.alternatives)
                          if before is not None else ())
                out[key] = NarrativeValue(key, value, m, text[m.start:m.end], False, 1, relabelled_from=m.label,
                                          alternatives=tuple(a for a in others if a.value != value), table_value=value,
                                          clause=clause_before(text, m.start), phrase=phrase_before(text, m.start),
                                          after=words_after(text, m.end))
                used.add((m.start, m.end))
                break


def _meant_otherwise(m: Mention, text: str, key: str) -> bool:
    """The words around a mention say it is not this key's quantity, whatever number the table holds: a count of
    reviews and lawsuits together, a case outcome, a review count for the lawsuits key (guidelines D24), requests
    carried in from the year before, or an outcome count (自然人申请8件, 区分处理后公开1件: table 3's columns and
    rows) without the key's own words, or with an applicant's, a channel's or an outcome's."""
    if m.label == "APP_OUTCOME":  # the tagger read an outcome: a total only where the key's own words say so
        phrase, after = phrase_before(text, m.start), words_after(text, m.end)
        return bool(OUTCOME_WORDS.search(phrase)) or not (KEY_WORDS[key].search(phrase) or KEY_WORDS[key].search(after))
    own = template.narrative_keys(m.label)
    meant = keys_of(m, text)
    return bool(own) and (not meant or (m.label == "CASE_COUNT" and key not in meant))


def second_reading(text: str, sections, table_fields: Mapping) -> dict[str, NarrativeValue]:
    """The `n.*` values the phrase rules (tagger/phrase_rules.py: SPEC §6's wording, no learning) give the report,
    through the same choice as the tagger's: a reading independent of the model, whose agreement is evidence."""
    from extractor.document import Document
    from extractor.tagger.phrase_rules import phrase_entities

    return narrative_fields(phrase_entities(text, Document.of_normalized_text(text)), text, sections, table_fields)


def with_second_reading(narrative: Mapping[str, NarrativeValue], second: Mapping[str, NarrativeValue]
                        ) -> dict[str, NarrativeValue]:
    """Each value with what the second reading gives its key (None where it gives none)."""
    return {key: replace(nv, second_value=second[key].value if key in second else None) for key, nv in narrative.items()}
