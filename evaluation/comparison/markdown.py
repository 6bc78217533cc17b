"""The comparison as a Markdown report (report.md): every number read from the `Comparison`."""

from __future__ import annotations

from pathlib import Path

from evaluation.comparison.errors import CONTEXT
from evaluation.comparison.formatting import (FOLD_HEADER, LABEL_HEADER, NO_ENTITY, NO_SECTION, PAIR_HEADER,
                                              SUMMARY_HEADER, call_text, difference_text, fmt, fmt_ci, fold_cell,
                                              has_entities, headline_lines, key_differences, label_row, pair_rows,
                                              reference_system, summary_rows)
from evaluation.comparison.results import Comparison


def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("`", "'")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    out += ["| " + " | ".join(_md_cell(x) for x in row) + " |" for row in rows]
    return out + [""]


def _folded(summary: str, body: list[str]) -> list[str]:
    """A long table behind a <details> (GitHub and most Markdown viewers fold it)."""
    return ["<details>", f"<summary>{summary}</summary>", "", *body, "</details>", ""]


def at_a_glance(c: Comparison) -> list[str]:
    """The verdict (when asked) and the few differences that matter, before any table."""
    lines = []
    if c.verdict:
        v = c.verdict
        lines += ["## Verdict", "", f"**{v.lines[0]}**", ""]
        lines += [f"- Note: {n}" for n in v.notes]
        lines += [f"- {line}" for line in headline_lines(v)]
        lines.append("")
    found = key_differences(c)
    if len(c.systems) > 1:
        lines += [f"## Differences that matter (against {reference_system(c)})", ""]
        lines += ([f"- {difference_text(name, d)}" for name, d in found] if found else
                  ["- None: every paired-bootstrap interval includes 0."])
        lines.append("")
    return lines


def write_markdown(c: Comparison, path: Path) -> None:
    lines = ["# Model comparison", "",
             f"{len(c.documents)} documents; {round(c.confidence * 100)}% percentile bootstrap intervals over "
             f"documents ({c.n_boot} resamples, seed {c.seed}); pairwise differences on the same resamples.", ""]
    lines += at_a_glance(c)
    lines += ["## Summary", ""]
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
            lines += _folded(f"{s.name}: {len(s.entities.per_label)} labels, micro F1 {fmt(s.entities.strict.f1)}",
                             _md_table(LABEL_HEADER, [label_row(k, v) for k, v in s.entities.per_label.items()]
                                       + [label_row("micro", s.entities.strict), label_row("span only", s.entities.span)]))
            m = s.entities.confusion
            if m and m.gold:
                lines += _folded(f"Entity confusion matrix of {s.name} (mentions by exact span)",
                                 _md_table(["gold \\ predicted", *(p or NO_ENTITY for p in m.predicted)],
                                           [[g or NO_ENTITY, *map(str, row)] for g, row in zip(m.gold, m.matrix)]))
    sectioned = [s for s in c.systems.values() if s.sections]
    if sectioned:
        lines += ["## Sections per label (per character)", ""]
        for s in sectioned:
            lines += [f"### {s.name}", "", f"Macro F1 {fmt(s.sections.macro_f1)} {fmt_ci(s.sections.macro_f1_ci)}, "
                      f"accuracy {fmt(s.sections.accuracy)} {fmt_ci(s.sections.accuracy_ci)} over "
                      f"{s.sections.characters} characters.", ""]
            lines += _md_table(LABEL_HEADER, [label_row(k, v) for k, v in s.sections.per_label.items()])
            m = s.sections.confusion
            lines += _folded(f"Confusion matrix of {s.name} (rows gold, columns predicted, characters)",
                             _md_table(["gold \\ predicted", *(p or NO_SECTION for p in m.predicted)],
                                       [[g, *map(str, row)] for g, row in zip(m.gold, m.matrix)]))
    if c.pairs:
        lines += ["## Paired bootstrap", "",
                  "Δ is B − A on the same resampled documents; *share B ≤ A* is the share of resamples where B is "
                  "not better; *real* when the interval excludes 0.", ""]
        rows = [row for p in c.pairs for _, row in pair_rows(p)]
        table = _md_table(PAIR_HEADER, rows)
        lines += _folded(f"{len(rows)} differences ({len(c.pairs)} pairs)", table) if len(rows) > 20 else table
    lines += ["## Example errors", "",
              f"Sampled disagreements with the gold; at most {CONTEXT} characters of context on each side.", ""]
    names = list(c.systems)
    lines += _folded(f"{len(c.examples)} examples", _md_table(
        ["Document", "Offset", "Kind", "Gold", "Context", *names],
        [[e.document, str(e.start), e.kind, e.gold or "—", f"{e.left}[{e.text}]{e.right}",
          *(call_text(e.calls[n]) for n in names)] for e in c.examples]))
    Path(path).write_text("\n".join(lines), encoding="utf-8")
