"""Narrative against the tables. A narrative value never overwrites a printed cell: where both exist the
narrative check (checks/rules.py) passes or fails with both numbers; where the table cell is missing (not printed,
not found, unreadable) the narrative value fills it, marked `via: reconciled`, with a lowered confidence and a
warning."""

from __future__ import annotations

from extractor.reconcile.narrative import TABLE_OF, NarrativeValue
from extractor.report import Provenance

FILL_CONFIDENCE = 0.6


def fill_from_narrative(
    fields: dict, provenance: dict[str, Provenance], narrative: dict[str, NarrativeValue], page_of=None
) -> list[str]:
    warnings = []
    for key, nv in narrative.items():
        cells = TABLE_OF.get(key, ())
        if len(cells) != 1:  # a sum of cells (litigation) cannot be split back into its cells
            continue
        cell = cells[0]
        if fields.get(cell) is not None:
            continue
        fields[cell] = nv.value
        provenance[cell] = Provenance(
            page=page_of(nv.mention.start) if page_of else None, start=nv.mention.start, end=nv.mention.end,
            text=nv.text, via="reconciled", confidence=FILL_CONFIDENCE, read_as="narrative (table cell missing)")
        warnings.append(f"reconciled: {cell} not read from the table; set to {nv.value} from the running text "
                        f"({key}, {nv.text!r} at {nv.mention.start})")
    return warnings
