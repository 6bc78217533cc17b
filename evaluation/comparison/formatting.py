"""Numbers as the reports show them, and the rows and headers both reports (Markdown and HTML) share, so the two
show the same figures the same way."""

from __future__ import annotations

from evaluation.comparison.results import Call, Comparison, FoldSummary, PairedDelta, Pairwise, Score, Verdict

NO_SECTION = "(none)"  # confusion-matrix column of characters the system left without a section
NO_ENTITY = "(none)"  # entity confusion: no gold mention on that span (row), no prediction on it (column)


def fmt(x: float | None, digits: int = 4) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def fmt_signed(x: float, digits: int = 4) -> str:
    return f"{x:+.{digits}f}"


def fmt_ci(ci: tuple[float, float], signed: bool = False) -> str:
    f = fmt_signed if signed else fmt
    return f"[{f(ci[0])}, {f(ci[1])}]"


def fmt_bytes(n: int | None) -> str:
    return "—" if n is None else f"{n / 2**20:.1f} MiB"


def fmt_speed(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f}"


def call_text(call: Call) -> str:
    """A system's call at an example: its outcome and what it tagged there."""
    if not call.mentions:
        return call.outcome
    tagged = ", ".join(f"{m.label} «{t}»" for m, t in zip(call.mentions, call.texts))
    return f"{call.outcome}: {tagged}"



def summary_rows(c: Comparison) -> list[list[str]]:
    rows = []
    for s in c.systems.values():
        e, sec = s.entities, s.sections
        rows.append([s.name, fmt(e.strict.precision), fmt(e.strict.recall), fmt(e.strict.f1), fmt_ci(e.strict.f1_ci),
                     fmt(e.span.f1), fmt_ci(e.span.f1_ci),
                     fmt(sec.macro_f1) if sec else "—", fmt_ci(sec.macro_f1_ci) if sec else "—",
                     fmt(sec.accuracy) if sec else "—", fmt_bytes(s.model_bytes), fmt_speed(s.chars_per_s)])
    return rows


SUMMARY_HEADER = ["System", "Entity P", "Entity R", "Entity F1", "F1 95% CI", "Span F1", "Span F1 95% CI",
                  "Sections macro F1", "Macro F1 95% CI", "Sections accuracy", "Model size", "chars/s"]
LABEL_HEADER = ["Label", "P", "R", "F1", "F1 95% CI", "Support", "TP", "FP", "FN"]
PAIR_HEADER = ["A", "B", "Metric", "A", "B", "Δ (B − A)", "95% CI", "share B ≤ A", "real"]
FOLD_HEADER = ["System", "Folds", "Entity F1 mean ± std", "Span F1 mean ± std", "Sections macro F1 mean ± std"]


def label_row(label: str, s: Score) -> list[str]:
    return [label, fmt(s.precision), fmt(s.recall), fmt(s.f1), fmt_ci(s.f1_ci), str(s.support), str(s.tp),
            str(s.fp), str(s.fn)]


def pair_rows(p: Pairwise) -> list[tuple[PairedDelta, list[str]]]:
    deltas = [p.entity_f1, p.span_f1] + ([p.section_macro_f1] if p.section_macro_f1 else [])
    deltas += list(p.entity_labels.values()) + list(p.section_labels.values())
    return [(d, [p.a, p.b, d.metric, fmt(d.a), fmt(d.b), fmt_signed(d.delta), fmt_ci(d.ci, signed=True),
                 fmt(d.share_b_le_a, 3), "real" if d.real else "no"]) for d in deltas]


def has_entities(c: Comparison) -> bool:
    """Whether any gold or predicted entity was counted (a comparison of section models has none)."""
    return any(s.entities.strict.tp + s.entities.strict.fp + s.entities.strict.fn for s in c.systems.values())


def fold_cell(f: FoldSummary, key: str) -> str:
    return f"{fmt(f.mean[key])} ± {fmt(f.std[key])}" if key in f.mean else "—"



def reference_system(c: Comparison) -> str:
    """The system the others are read against: the verdict's shipped system, else the first one."""
    return c.verdict.shipped if c.verdict else next(iter(c.systems))


MIN_SUPPORT = 5  # a label with fewer gold instances is not listed among the differences that matter


def key_differences(c: Comparison, limit: int = 8) -> list[tuple[str, PairedDelta]]:
    """The differences that matter, for the top of a report: every real difference (interval excludes 0) of
    another system against the reference system (headline scores first, then labels by size; a label only when its
    gold has MIN_SUPPORT instances: one instance makes any miss a "real" difference of 1); with a verdict only
    its candidate. Each as (`other − reference`, the delta of other against reference)."""
    ref = reference_system(c)
    r = c.system(ref)
    scores = {**{f"entity:{k}": v for k, v in r.entities.per_label.items()},
              **({f"section:{k}": v for k, v in r.sections.per_label.items()} if r.sections else {})}
    others = [c.verdict.candidate] if c.verdict else [n for n in c.systems if n != ref]
    headline, labels = [], []
    for other in others:
        p = c.pair(ref, other)
        name = f"{other} − {ref}"
        headline += [(name, d) for d in (p.entity_f1, p.section_macro_f1) if d is not None and d.real]
        labels += [(name, d) for d in [*p.entity_labels.values(), *p.section_labels.values()]
                   if d.real and d.metric in scores and scores[d.metric].support >= MIN_SUPPORT]
    headline.sort(key=lambda x: -abs(x[1].delta))
    labels.sort(key=lambda x: -abs(x[1].delta))
    return (headline + labels)[:limit]


def difference_text(name: str, d: PairedDelta) -> str:
    return f"{name}, {d.metric}: {fmt(d.a)} → {fmt(d.b)}, Δ {fmt_signed(d.delta)} {fmt_ci(d.ci, signed=True)}"


def headline_lines(v: Verdict) -> list[str]:
    """The verdict's lines on the headline scores (entities micro / span-only F1, sections macro F1), not per label."""
    return [line for line in v.lines[1:] if line.startswith(("entities ", "sections "))]
