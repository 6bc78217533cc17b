"""Inter-annotator agreement between two annotation folders (pass 1 vs pass 2) over the documents they share.

Pass A is read as the reference and pass B as the prediction, so the figures are the SPEC §7 scores of one pass
against the other: entities by seqeval's strict reading of character BIO tags (span + label, and span only),
sections per character (macro F1 over labels, accuracy). F1 is symmetric in A and B; precision and recall swap.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from evaluation.entities import EntityScores, bio_tags, in_spec_order, score_entities, span_only
from evaluation.sections import SectionScores, score_sections, section_tags
from extractor.spec import ENTITY_LABELS
from training.corpus import EntitySpan, annotation_files
from training.documents import AnnotatedText, CorpusError, load_annotated

DIFF_KINDS = ("label", "boundary", "only_a", "only_b")
_KIND_NAMES = {"exact": "same span and label", "label": "same span, other label", "boundary": "overlapping spans",
               "only_a": "only in A", "only_b": "only in B"}


@dataclass(frozen=True)
class EntityDiff:
    document: str
    kind: str  # one of DIFF_KINDS
    a: EntitySpan | None
    b: EntitySpan | None


@dataclass(frozen=True)
class SectionDiff:
    """A run of characters that the passes put in different sections (fine labels); b None: B left them out."""

    document: str
    start: int
    end: int
    a: str
    b: str | None


@dataclass
class SpanFound:
    """Per label, whatever label the other pass gave: how many of this pass's spans the other pass tagged too."""

    a_total: int = 0
    a_found: int = 0  # A's spans with this label that B also tagged
    b_total: int = 0
    b_found: int = 0  # B's spans with this label that A also tagged

    @property
    def f1(self) -> float:
        recall = self.a_found / self.a_total if self.a_total else 0.0
        precision = self.b_found / self.b_total if self.b_total else 0.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Agreement:
    a: Path
    b: Path
    documents: list[str]  # stems annotated in both folders
    only_in_a: list[str]
    only_in_b: list[str]
    strict: EntityScores
    span: EntityScores
    span_by_label: dict[str, SpanFound]
    sections: SectionScores  # coarse labels
    sections_fine: SectionScores
    diffs: list[EntityDiff] = field(default_factory=list)
    section_diffs: list[SectionDiff] = field(default_factory=list)

    def diff_counts(self) -> dict[str, int]:
        counts = {kind: sum(d.kind == kind for d in self.diffs) for kind in DIFF_KINDS}
        return {"exact": self.strict.micro.tp, **counts}


# --- comparing ------------------------------------------------------------------------------------------------


def compare_folders(a: Path, b: Path, corpus: Path) -> Agreement:
    """Load (and validate) the files both folders hold, then compare them."""
    a_files = {f.stem: f for f in _files(a)}
    b_files = {f.stem: f for f in _files(b)}
    shared = sorted(a_files.keys() & b_files.keys())
    if not shared:
        raise CorpusError([f"{a} and {b} share no annotated document"])
    pairs, problems = [], []
    for stem in shared:
        try:
            pairs.append(_pair(load_annotated(a_files[stem], corpus), load_annotated(b_files[stem], corpus)))
        except CorpusError as exc:
            problems += exc.problems
    if problems:
        raise CorpusError(problems)
    return replace(compare(pairs, a, b), only_in_a=sorted(a_files.keys() - b_files.keys()),
                   only_in_b=sorted(b_files.keys() - a_files.keys()))


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise CorpusError([f"{folder}: not a folder of annotation files"])
    return annotation_files(folder)


def _pair(a: AnnotatedText, b: AnnotatedText) -> tuple[AnnotatedText, AnnotatedText]:
    if a.annotation.sha256 != b.annotation.sha256:
        raise CorpusError([f"{a.path} and {b.path} annotate different texts (sha256 differs)"])
    return a, b


def compare(pairs: list[tuple[AnnotatedText, AnnotatedText]], a: Path = Path("A"), b: Path = Path("B")) -> Agreement:
    """Scores of B against A over document pairs (same text on both sides)."""
    ent_a = [bio_tags(x.annotation.entities, len(x.text)) for x, _ in pairs]
    ent_b = [bio_tags(y.annotation.entities, len(y.text)) for _, y in pairs]
    return Agreement(
        a=a, b=b, documents=[x.stem for x, _ in pairs], only_in_a=[], only_in_b=[],
        strict=score_entities(ent_a, ent_b),
        span=score_entities([span_only(t) for t in ent_a], [span_only(t) for t in ent_b]),
        span_by_label=_span_by_label(pairs),
        sections=_section_scores(pairs, fine=False),
        sections_fine=_section_scores(pairs, fine=True),
        diffs=[d for x, y in pairs for d in entity_diffs(x.annotation.document, x.annotation.entities,
                                                          y.annotation.entities)],
        section_diffs=[d for x, y in pairs for d in _fine_section_diffs(x, y)],
    )


def _fine_section_diffs(x: AnnotatedText, y: AnnotatedText) -> list[SectionDiff]:
    return section_diffs(x.annotation.document, section_tags(x.annotation.sections, len(x.text), fine=True),
                         section_tags(y.annotation.sections, len(y.text), fine=True))


def _section_scores(pairs: list[tuple[AnnotatedText, AnnotatedText]], fine: bool) -> SectionScores:
    return score_sections([section_tags(x.annotation.sections, len(x.text), fine) for x, _ in pairs],
                          [section_tags(y.annotation.sections, len(y.text), fine) for _, y in pairs])


def _span_by_label(pairs: list[tuple[AnnotatedText, AnnotatedText]]) -> dict[str, SpanFound]:
    found: dict[str, SpanFound] = {}
    for x, y in pairs:
        a_spans = {(e.start, e.end) for e in x.annotation.entities}
        b_spans = {(e.start, e.end) for e in y.annotation.entities}
        for e in x.annotation.entities:
            s = found.setdefault(e.label, SpanFound())
            s.a_total += 1
            s.a_found += (e.start, e.end) in b_spans
        for e in y.annotation.entities:
            s = found.setdefault(e.label, SpanFound())
            s.b_total += 1
            s.b_found += (e.start, e.end) in a_spans
    return {label: found[label] for label in in_spec_order(found, ENTITY_LABELS)}


def entity_diffs(document: str, a: list[EntitySpan], b: list[EntitySpan]) -> list[EntityDiff]:
    """Every entity the passes do not share exactly, each paired with its counterpart where there is one."""
    exact = {(e.start, e.end, e.label) for e in a} & {(e.start, e.end, e.label) for e in b}
    rest_b = [e for e in b if (e.start, e.end, e.label) not in exact]
    diffs: list[EntityDiff] = []
    for e in (e for e in a if (e.start, e.end, e.label) not in exact):
        partner = _counterpart(e, rest_b)
        if partner is not None:
            rest_b.remove(partner)
        diffs.append(EntityDiff(document, _kind(e, partner), e, partner))
    diffs += [EntityDiff(document, "only_b", None, e) for e in rest_b]
    return sorted(diffs, key=lambda d: d.a.start if d.a else d.b.start if d.b else 0)


def section_diffs(document: str, a: list[str | None], b: list[str | None]) -> list[SectionDiff]:
    """Runs of characters labelled differently, counted as the scores count them: what A leaves out is skipped."""
    runs: list[SectionDiff] = []
    in_run = False  # the last scored character was a difference too
    for i, (x, y) in enumerate(zip(a, b)):
        if x is None:
            continue
        if x == y:
            in_run = False
        elif in_run and (runs[-1].a, runs[-1].b) == (x, y):
            runs[-1] = replace(runs[-1], end=i + 1)
        else:
            runs.append(SectionDiff(document, i, i + 1, x, y))
            in_run = True
    return runs


def _kind(a: EntitySpan, b: EntitySpan | None) -> str:
    if b is None:
        return "only_a"
    return "label" if (a.start, a.end) == (b.start, b.end) else "boundary"


def _counterpart(e: EntitySpan, candidates: list[EntitySpan]) -> EntitySpan | None:
    """The same span if the other pass has it, else the first overlapping one."""
    same = [c for c in candidates if (c.start, c.end) == (e.start, e.end)]
    overlapping = [c for c in candidates if c.start < e.end and e.start < c.end]
    return next(iter(same or overlapping), None)


# --- reporting ------------------------------------------------------------------------------------------------


def agreement_json(ag: Agreement) -> dict[str, Any]:
    """The figures and the disagreements (offsets, labels, the numbers' own characters: no context text)."""
    return {
        "a": str(ag.a), "b": str(ag.b), "documents": ag.documents,
        "only_in_a": ag.only_in_a, "only_in_b": ag.only_in_b,
        "entities": {
            "strict": ag.strict.as_dict(), "span_only": ag.span.as_dict(),
            "span_only_per_label": {k: {**v.__dict__, "f1": v.f1} for k, v in ag.span_by_label.items()},
            "counts": ag.diff_counts(),
        },
        "sections": {"coarse": ag.sections.as_dict(), "fine": ag.sections_fine.as_dict()},
        "section_disagreements": [d.__dict__ for d in ag.section_diffs],
        "disagreements": [
            {"document": d.document, "kind": d.kind, "a": d.a.model_dump() if d.a else None,
             "b": d.b.model_dump() if d.b else None} for d in ag.diffs
        ],
    }


def render(ag: Agreement, console: Console, fine: bool = False) -> None:
    console.print(f"A = {ag.a}, B = {ag.b}: {len(ag.documents)} shared document(s) ({', '.join(ag.documents)})")
    if ag.only_in_a or ag.only_in_b:
        console.print(f"not compared: {len(ag.only_in_a)} only in A, {len(ag.only_in_b)} only in B")
    console.print(_entity_table(ag))
    counts = ag.diff_counts()
    console.print("entities: " + ", ".join(f"{_KIND_NAMES.get(k, k)} {v}" for k, v in counts.items()))
    console.print(_section_table(ag, fine))
    console.print(_section_summary(ag))
    if ag.section_diffs:
        console.print(_section_diff_table(ag))
    if ag.diffs:
        console.print(_diff_table(ag))


def _entity_table(ag: Agreement) -> Table:
    table = Table(title="Entity agreement (B scored against A)")
    for name in ("label", "A", "B", "same", "P", "R", "F1 strict", "F1 span only"):
        table.add_column(name, justify="left" if name == "label" else "right")
    for label, c in ag.strict.per_label.items():
        table.add_row(label, str(c.tp + c.fn), str(c.tp + c.fp), str(c.tp), *_pct(c.precision, c.recall, c.f1),
                      _pct(ag.span_by_label[label].f1)[0])
    m, s = ag.strict.micro, ag.span.micro
    table.add_row("micro", str(m.tp + m.fn), str(m.tp + m.fp), str(m.tp), *_pct(m.precision, m.recall, m.f1),
                  _pct(s.f1)[0], style="bold")
    return table


def _section_table(ag: Agreement, fine: bool) -> Table:
    table = Table(title=f"Section agreement per character, {'fine' if fine else 'coarse'} labels")
    for name in ("label", "A chars", "P", "R", "F1"):
        table.add_column(name, justify="left" if name == "label" else "right")
    for label, c in (ag.sections_fine if fine else ag.sections).per_label.items():
        table.add_row(label, str(c.tp + c.fn), *_pct(c.precision, c.recall, c.f1))
    return table


def _section_summary(ag: Agreement) -> str:
    c, f = ag.sections, ag.sections_fine
    return (f"sections over {c.characters} characters: macro F1 coarse {_pct(c.macro_f1)[0]}, fine "
            f"{_pct(f.macro_f1)[0]}; accuracy coarse {_pct(c.accuracy)[0]}, fine {_pct(f.accuracy)[0]}")


def _diff_table(ag: Agreement) -> Table:
    table = Table(title=f"Entity disagreements ({len(ag.diffs)})")
    for name in ("document", "kind", "A", "B"):
        table.add_column(name)
    for d in ag.diffs:
        table.add_row(d.document, d.kind, _entity(d.a), _entity(d.b))
    return table


def _section_diff_table(ag: Agreement) -> Table:
    table = Table(title=f"Section disagreements, fine labels ({len(ag.section_diffs)} runs)")
    for name in ("document", "characters", "A", "B"):
        table.add_column(name)
    for d in ag.section_diffs:
        table.add_row(d.document, f"[{d.start}, {d.end})", d.a, d.b or "— (no section)")
    return table


def _entity(e: EntitySpan | None) -> str:
    return "—" if e is None else f"[{e.start}, {e.end}) {e.text} {e.label}"


def _pct(*values: float) -> list[str]:
    return [f"{100 * v:.1f}" for v in values]
