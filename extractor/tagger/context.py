"""What the tables say about each number of the running text: the evidence a tagger sees beside the characters.

A received count in the text usually equals `t3.new_received.total`, a completed count `t3.total.total`; a total is
the sum of the parts that follow it. These are the distinctions a character model cannot learn from 23 reports
alone, so every digit carries one of a few *number types* (fed to the transformer as token type ids and to the CRF
as a feature). They depend only on the parsed tables of the same report and on the template's keys, never on
wording seen in the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

NUMBER = re.compile(r"\d+(?:\.\d+)?")

# Number types, in priority order when a number equals several cells. 0 is "not a digit".
OTHER_CHAR, IN_TABLE, PLAIN, RECEIVED, COMPLETED, CARRIED, CASES, T3_CELL, T2_CELL, PARTS_SUM, RECEIVED_COMPLETED = range(11)
TYPE_NAMES = ("char", "in_table", "plain", "received", "completed", "carried", "cases", "t3_cell", "t2_cell",
              "parts_sum", "received_completed")
N_TYPES = len(TYPE_NAMES)

_MATCHES: tuple[tuple[int, tuple[str, ...]], ...] = (
    (RECEIVED, ("t3.new_received.total",)),
    (COMPLETED, ("t3.total.total",)),
    (CARRIED, ("t3.carried_forward.total", "t3.carried_over.total")),
    (CASES, ("t4.review.total", "t4.suit_direct.total", "t4.suit_after_review.total")),
)
SENTENCE = re.compile(r"[^。；;\n]+")  # a sentence or clause-list: what a total and its parts share


@dataclass(frozen=True)
class TableContext:
    """The parsed tables of one report and where they are printed."""

    fields: Mapping[str, int | float | None]
    regions: tuple[tuple[int, int], ...] = ()

    @classmethod
    def from_text(cls, text: str) -> TableContext:
        from extractor.tables.parser import parse_tables

        parsed = parse_tables(text)
        return cls.from_parsed(parsed)

    @classmethod
    def from_parsed(cls, parsed) -> TableContext:
        r = parsed.regions
        return cls(parsed.fields(), tuple(x for x in (r.t2, r.t3, r.t4) if x))

    def without_values(self) -> TableContext:
        """Where the tables are printed, but not what they say: a tagger trained with `table_values: false`
        (the ablation that measures what the table evidence is worth) sees only this."""
        return TableContext({}, self.regions)


def visible_context(context: TableContext | None, table_values: bool) -> TableContext | None:
    """The table evidence a tagger sees: all of it, or only where the tables are (`table_values: false`)."""
    return context if context is None or table_values else context.without_values()


def number_types(text: str, context: TableContext | None) -> list[int]:
    """One type id per character of `text`."""
    types = [OTHER_CHAR] * len(text)
    fields = context.fields if context else {}
    regions = context.regions if context else ()
    by_value: dict[float, int] = {}
    for kind, keys in reversed(_MATCHES):  # the first of _MATCHES wins on ties
        for key in keys:
            v = fields.get(key)
            if v:
                by_value[float(v)] = kind
    received, completed = fields.get("t3.new_received.total"), fields.get("t3.total.total")
    if received and received == completed:  # every request answered: the table cannot tell the two apart
        by_value[float(received)] = RECEIVED_COMPLETED
    t3_values = {float(v) for k, v in fields.items() if k.startswith("t3.") and v}
    t2_values = {float(v) for k, v in fields.items() if k.startswith("t2.") and v}
    sums = _parts_sums(text)
    for m in NUMBER.finditer(text):
        s, e = m.span()
        if any(a <= s < b for a, b in regions):
            kind = IN_TABLE
        else:
            v = float(m.group())
            kind = by_value.get(v) or (PARTS_SUM if s in sums else None) or (
                T3_CELL if v in t3_values else T2_CELL if v in t2_values else PLAIN)
        types[s:e] = [kind] * (e - s)
    return types


def _parts_sums(text: str) -> set[int]:
    """Starts of numbers that equal the sum of two or more numbers after them in the same sentence (a total
    and its breakdown: 共134条，其中…112条、…22条)."""
    starts: set[int] = set()
    for sent in SENTENCE.finditer(text):
        nums = [(m.start(), float(m.group())) for m in NUMBER.finditer(sent.group())]
        if len(nums) < 3 or len(nums) > 60:
            continue
        starts |= {sent.start() + nums[i][0] for i, _ in breakdowns([v for _, v in nums])}
    return starts


def breakdowns(values: list[float]) -> list[tuple[int, int]]:
    """(i, j) for each positive values[i] that equals the sum of values[i+1:j], the shortest run of two or more
    that does: a total followed by its parts (1件，其中自然人1件、法人0件 counts the zero as a part)."""
    out = []
    for i, v in enumerate(values):
        if v <= 0:
            continue
        total = 0.0
        for j in range(i + 1, len(values)):
            total += values[j]
            if j - i >= 2 and abs(total - v) < 1e-9:
                out.append((i, j + 1))
                break
            if total > v:
                break
    return out
