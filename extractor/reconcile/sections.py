"""The table finder against the section model: where the parser read the cells of tables 2, 3 and 4, and what the
section model calls that text. They find tables by different evidence (the template's row labels; the characters
and layout around them), so a disagreement is worth a warning: cells read as this table in text the model calls
a table outside the template (`extra_table`) or another template table, while the model sees this table elsewhere;
or a table the model sees that the parser did not read. (Without a second candidate there is nothing to warn
about: a page holding the rest of table 3 without its header is, to the model, a table outside the template.) Nothing is changed: the printed cells stay as parsed, and the user is told where to look."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from extractor.mentions import Mention
from extractor.report import Provenance

EXPECTED = {"t2": "proactive_table", "t3": "request_table", "t4": "review_table"}
TABLE_LABELS = (*EXPECTED.values(), "extra_table")
MAJORITY = 0.5  # share of a table's cells that must lie in another table's section before it is named
MIN_UNREAD = 200  # characters of a table section the parser read nothing from before it is named or preferred


def _label_at(sections: Sequence[Mention], offset: int) -> str | None:
    return next((s.label.split(".")[0] for s in sections if s.start <= offset < s.end), None)


def finder_disagreements(sections: Sequence[Mention], cell_offsets: Mapping[str, Sequence[int]]) -> list[str]:
    """Warnings where the parsed tables and the predicted sections disagree; none without sections.
    `cell_offsets`: for each table the parser read ('t2', 't3', 't4'), the text offsets of its cells (empty for
    cells read from a native grid or a page layout without offsets: such a table is only known to be read)."""
    if not sections:
        return []
    warnings = []
    for table, expected in EXPECTED.items():
        offsets = cell_offsets.get(table) or []
        labels = Counter(_label_at(sections, o) for o in offsets)
        label, n = labels.most_common(1)[0] if labels else (None, 0)
        # Only where the model also sees this table elsewhere is there another table the parser should have read: a
        # page holding the rest of a table without its header is, to the model, a table outside the template.
        elsewhere = sum(sec.end - sec.start for sec in sections if sec.label.split(".")[0] == expected
                        and not any(sec.start <= o < sec.end for o in offsets))
        if label in TABLE_LABELS and label != expected and n > MAJORITY * len(offsets) and elsewhere >= MIN_UNREAD:
            what = "a table outside the template" if label == "extra_table" else label
            warnings.append(f"sections: {n} of the {len(offsets)} cells read as table {table[1]} lie in text the "
                            f"section model reads as {what} ({label}), from character {min(offsets)}, while it finds "
                            f"{expected} elsewhere ({elsewhere} characters); check that the right table was read")
    for table, expected in EXPECTED.items():
        if table in cell_offsets:
            continue
        unread = [s for s in sections if s.label.split(".")[0] == expected]
        size = sum(s.end - s.start for s in unread)
        if size >= MIN_UNREAD:
            warnings.append(f"sections: the section model finds table {table[1]} ({expected}, {size} characters "
                            f"from character {min(s.start for s in unread)}), but the parser read no cell of it")
    return warnings


def cell_offsets_by_table(provenance: Mapping[str, Provenance]) -> dict[str, list[int]]:
    """Offsets of the printed cells of each table read, from their provenance (keys t2.*, t3.*, t4.*)."""
    out: dict[str, list[int]] = {}
    for key, p in provenance.items():
        table = key.split(".")[0]
        if table in EXPECTED and p.via == "table":
            out.setdefault(table, [])
            if p.start is not None:
                out[table].append(p.start)
    return out
