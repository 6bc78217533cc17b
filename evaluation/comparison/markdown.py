"""The comparison as a Markdown report (report.md): every number read from the `Comparison`."""

from __future__ import annotations

from pathlib import Path

from evaluation.comparison.errors import CONTEXT
from evaluation.comparison.formatting import (FOLD_HEADER, LABEL_HEADER, NO_SECTION, PAIR_HEADER, SUMMARY_HEADER,
                                              call_text, fmt, fmt_ci, fold_cell, has_entities, label_row, pair_rows,
                                              summary_rows)
from evaluation.comparison.results import Comparison


def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("`", "'")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    out += ["| " + " | ".join(_md_cell(x) for x in row) + " |" for row in rows]
    return out + [""]


def write_markdown(c: Comparison, path: Path) -> None:
    lines = ["# Model comparison", "",
             f"{len(c.documents)} documents; {round(c.confidence * 100)}% percentile bootstrap intervals over "
             f"documents ({c.n_boot} resamples, seed {c.seed}); pairwise differences on the same resamples.", "",
             "## Summary", ""]
    lines += _md_table(SUMMARY_HEADER, summary_rows(c))
    with_folds = [s for s in c.systems.values() if s.folds]
    if with_folds:
        lines += ["## Cross-validation folds", ""]
        lines += _md_table(FOLD_HEADER, [[s.name, str(len(s.folds.folds)), fold_cell(s.folds, "entity_f1"),
                                          fold_cell(s.folds, "span_f1"), fold_cell(s.folds, "section_macro_f1")]
                                         for s in with_folds])
    if has_entities(c):
        lines += ["## Entities per label (strict)", ""]
        for s in c.systems.values():
            lines += [f"### {s.name}", ""]
            lines += _md_table(LABEL_HEADER, [label_row(k, v) for k, v in s.entities.per_label.items()]
                               + [label_row("micro", s.entities.strict), label_row("span only", s.entities.span)])
    sectioned = [s for s in c.systems.values() if s.sections]
    if sectioned:
        lines += ["## Sections per label (per character)", ""]
        for s in sectioned:
            lines += [f"### {s.name}", "", f"Macro F1 {fmt(s.sections.macro_f1)} {fmt_ci(s.sections.macro_f1_ci)}, "
                      f"accuracy {fmt(s.sections.accuracy)} {fmt_ci(s.sections.accuracy_ci)} over "
                      f"{s.sections.characters} characters.", ""]
            lines += _md_table(LABEL_HEADER, [label_row(k, v) for k, v in s.sections.per_label.items()])
            m = s.sections.confusion
            lines += [f"Confusion matrix of {s.name} (rows gold, columns predicted, characters):", ""]
            lines += _md_table(["gold \\ predicted", *(p or NO_SECTION for p in m.predicted)],
                               [[g, *map(str, row)] for g, row in zip(m.gold, m.matrix)])
    if c.pairs:
        lines += ["## Paired bootstrap", "",
                  "Δ is B − A on the same resampled documents; *share B ≤ A* is the share of resamples where B is "
                  "not better; *real* when the interval excludes 0.", ""]
        lines += _md_table(PAIR_HEADER, [row for p in c.pairs for _, row in pair_rows(p)])
    lines += ["## Example errors", "",
              f"Sampled disagreements with the gold; at most {CONTEXT} characters of context on each side.", ""]
    names = list(c.systems)
    lines += _md_table(["Document", "Offset", "Kind", "Gold", "Context", *names],
                       [[e.document, str(e.start), e.kind, e.gold or "—", f"{e.left}[{e.text}]{e.right}",
                         *(call_text(e.calls[n]) for n in names)] for e in c.examples])
    Path(path).write_text("\n".join(lines), encoding="utf-8")
