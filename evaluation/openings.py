"""Held-out real reports in the forms users often have: the report without its tables (a free-form report: the
running text before table 2) and its opening (the first sentences, as a web page's excerpt or a cut-off copy gives
them). Each fold of the shipped recipe's cross-validation predicts these forms of its held-out reports too, so the
narrative's confidence is calibrated on real text that has no table to agree with, instead of only on whole reports
(whose tables confirm most values) and synthetic ones.

The gold of a form is the report's gold, kept only where the form still states it: the runtime's own reading
(`narrative_fields`) of the gold entities inside the form gives the value, or gives it as an alternative."""

from __future__ import annotations

from dataclasses import replace

from extractor.mentions import Mention
from extractor.reconcile.narrative import narrative_fields
from extractor.tables.regions import find_regions
from training.examples import Example

# A web excerpt of a report (the `pages` archive's openings) holds about 2,000 bytes of UTF-8: some 700 characters.
OPENING_CHARS = 700
FORMS = ("free", "opening")


def _before_tables(text: str) -> int | None:
    regions = find_regions(text)
    starts = [r[0] for r in (regions.t2, regions.t3, regions.t4) if r is not None]
    return min(starts) if starts else None


def _cut(e: Example, end: int, form: str) -> Example:
    """The first `end` characters of a report, with the entities inside them and the sections clipped to them."""
    sections = [Mention(m.start, min(m.end, end), m.label) for m in e.sections if m.start < end]
    return replace(e, stem=f"{e.stem}~{form}", text=e.text[:end],
                   entities=[m for m in e.entities if m.end <= end], sections=sections,
                   offsets=e.offsets[:end] + (e.offsets[end],), extra=dict(e.extra, form=form, of=e.stem))


def forms_of(e: Example) -> list[Example]:
    """The report without its tables (when it has tables and text before them) and its opening: the text up to the
    end of the first sentence that reaches OPENING_CHARS (when the report is longer)."""
    out = []
    tables = _before_tables(e.text)
    if tables is not None and e.text[:tables].strip():
        out.append(_cut(e, tables, "free"))
    if len(e.text) > OPENING_CHARS:
        stop = e.text.find("。", OPENING_CHARS)
        end = stop + 1 if stop >= 0 else len(e.text)
        if end < len(e.text) and (tables is None or end < tables):
            out.append(_cut(e, end, "opening"))
    return out


def gold_in_form(form: Example, gold_fields: dict) -> dict:
    """The report's n.* gold that the form still states: a gold value the narrative reading of the gold entities
    inside the form gives (chosen or as an alternative)."""
    read = narrative_fields(form.entities, form.text, form.sections, {}, relabel=False)  # gold labels are final
    out = {}
    for key, value in gold_fields.items():
        nv = read.get(key)
        stated = nv is not None and any(
            v is not None and value is not None and abs(float(v) - float(value)) < 1e-6
            for v in (nv.value, *(a.value for a in nv.alternatives)))
        out[key] = value if stated else None
    return out
