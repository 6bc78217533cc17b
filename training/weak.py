"""Weak supervision from a report's own tables: label the numbers of its running text that equal a table cell.

A received count in the text is usually `t3.new_received.total`, a completed count `t3.total.total`, a case count a
table 4 total, a procurement amount the table 2 cell. So a report that nobody annotated still labels some of its own
narrative. Only the template's keys (fields.json) and general sentence structure (a counter word after the number, a
total followed by its parts) are used, never wording of a corpus report. Where the table cannot decide (a value that
is two kinds of cell, received == completed), the number is left out: these labels train a model, so a wrong label
costs more than a missing one.

Offsets are those of the text given (the normalized text `Example.text`, which the tagger trains on); matching
happens in the tagger's reading view (`in_view`), where wrapped lines are joined and spaces before a counter dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from extractor.mentions import Mention
from extractor.tagger.base import finish_mentions
from extractor.tagger.context import IN_TABLE, NUMBER, SENTENCE, TableContext, breakdowns, number_types
from extractor.tagger.view import in_view
from extractor.templates import template
from training.corpus import AnnotationFile, EntitySpan, read_corpus_text

# The template's rows of table 3 that count outcomes (every row but the counts in, the total and what carries on),
# and its applicant columns: from the one template definition (templates/template.py).
_T3_OUTCOME_ROWS = template.row_keys("t3", groups=("outcome", "other_outcome"))
_APPLICANTS = template.column_keys("t3", ("applicant",))

# SPEC §6 label of the running-text number that restates each table key (fields.json keys only): the cells a
# narrative key restates take that key's label (the template's map), the others are listed here.
TABLE_LABELS: dict[str, str] = {
    **template.restating_labels(),
    "t3.carried_over.total": "APP_CARRIED",  # carried in from last year: no n.* key restates it, the same label
    **{f"t3.{r}.total": "APP_OUTCOME" for r in _T3_OUTCOME_ROWS},
    **{f"t3.new_received.{c}": "APP_OUTCOME" for c in _APPLICANTS},  # a count by applicant type
    "t2.regulations.made": "DOC_COUNT", "t2.regulations.issued": "DOC_COUNT",
    "t2.normative.made": "DOC_COUNT", "t2.normative.issued": "DOC_COUNT",
    "t2.procurement.items": "PROCUREMENT_COUNT",
    "t2.procurement.amount": "PROCUREMENT_AMOUNT",
    "t2.fees.amount": "FEE_AMOUNT",
}
AMOUNTS = ("PROCUREMENT_AMOUNT", "FEE_AMOUNT")
# The counter a count is written with right after its number: without one the number is a date, a percentage, an
# ordinal or a phone number, not a quantity. Requests and cases are counted in 件 (the template's unit), cases also
# in 起; a small number before 个/项 is far more often websites or accounts than requests.
_COUNTERS = {"APP_RECEIVED": "件", "APP_COMPLETED": "件", "APP_CARRIED": "件", "APP_OUTCOME": "件",
             "CASE_COUNT": "件起", "DOC_COUNT": "件篇份", "PROCUREMENT_COUNT": "个项次"}
_UNIT = re.compile(r"万?元")
_PROACTIVE_COUNTER = "条"
# Label of a number the tables did not decide, for training that learns nothing on it (neither an entity nor O).
UNDECIDED = "UNDECIDED"


def table_labels(fields: dict) -> dict[float, str]:
    """Value → label for the values only one kind of cell holds (zeros and blanks say nothing)."""
    seen: dict[float, set[str]] = {}
    for key, label in TABLE_LABELS.items():
        v = fields.get(key)
        if isinstance(v, (int, float)) and v > 0:
            seen.setdefault(float(v), set()).add(label)
    return {v: next(iter(labels)) for v, labels in seen.items() if len(labels) == 1}


def weak_entities(text: str, context: TableContext, structure: bool = True, lexicon: bool = True) -> list[Mention]:
    """Entities of the running text (outside the table regions) that the tables alone decide; with `structure`,
    also a 条-count that is the sum of the 条-counts after it in its sentence (PROACTIVE_TOTAL and its parts); with
    `lexicon`, SPEC §6's label definitions (`finish_mentions`, as the taggers' output gets them) applied after.
    Both are on by default: that variant measured best (benchmarks/weak_supervision.md)."""
    view, ctx = in_view(text, context)
    vt = view.text
    types = number_types(vt, ctx)
    by_value = table_labels(dict(context.fields))
    found: list[Mention] = []
    for m in NUMBER.finditer(vt):
        s, e = m.span()
        if types[s] == IN_TABLE or (s and vt[s - 1] in ".-+"):  # a table cell, or part of a longer number
            continue
        label = by_value.get(float(m.group()))
        if label is None:
            continue
        if label in AMOUNTS:
            unit = _UNIT.match(vt, e)
            if unit is None:
                continue
            e = unit.end()  # SPEC §6: an amount's span holds its unit
        elif e >= len(vt) or vt[e] not in _COUNTERS[label]:
            continue
        found.append(Mention(s, e, label))
    if structure:
        taken = {m.start for m in found}
        found += [m for m in _proactive_breakdowns(vt, types) if m.start not in taken]
    if lexicon:
        found = finish_mentions(vt, sorted(found), untagged=False)  # only what the tables decide, relabelled
    return sorted(view.to_document(found))


def undecided_numbers(text: str, context: TableContext, labelled: list[Mention]) -> list[Mention]:
    """Numbers of the running text that no weak label covers: a weak label's silence is not a gold O, so a
    partial-label recipe leaves them out of the loss rather than teaching them as 'not a quantity'."""
    regions = context.regions
    return [Mention(m.start(), m.end(), UNDECIDED) for m in NUMBER.finditer(text)
            if not any(a <= m.start() < b for a, b in regions)
            and not any(x.start < m.end() and m.start() < x.end for x in labelled)]


def _proactive_breakdowns(text: str, types: list[int]) -> list[Mention]:
    """共N条，其中A条、B条…: a 条-count followed in its sentence by two or more 条-counts summing to it."""
    out: list[Mention] = []
    for sent in SENTENCE.finditer(text):
        at = sent.start()
        nums = [(at + m.start(), at + m.end(), float(m.group())) for m in NUMBER.finditer(sent.group())
                if text.startswith(_PROACTIVE_COUNTER, at + m.end()) and types[at + m.start()] != IN_TABLE]
        free = 0  # a part of one breakdown is not the total of another
        for i, j in breakdowns([v for _, _, v in nums]):
            if i < free:
                continue
            out.append(Mention(nums[i][0], nums[i][1], "PROACTIVE_TOTAL"))
            out += [Mention(a, b, "PROACTIVE_PART") for a, b, _ in nums[i + 1:j]]
            free = j
    return out


def weak_annotation(path: Path, annotator: str = "weak-tables") -> AnnotationFile:
    """A span file of the raw text (the corpus format): sections as `annotate suggest` proposes them, entities from
    the tables, found in the normalized text the reader gives and mapped back through its offsets."""
    from extractor.readers import read_document
    from training.suggest import suggest_sections

    raw, sha = read_corpus_text(path)
    doc = read_document(path)
    entities = []
    for m in weak_entities(doc.text, TableContext.from_text(doc.text)):
        s, e = doc.offsets[m.start], doc.offsets[m.end - 1] + 1  # the raw characters the span came from
        entities.append(EntitySpan(start=s, end=e, label=m.label, text=raw[s:e]))
    return AnnotationFile(document=path.name, sha256=sha, length=len(raw), annotator=annotator,
                          sections=suggest_sections(raw, doc), entities=entities,
                          notes=["machine labels from the report's own tables (training/weak.py): correct before use"])
