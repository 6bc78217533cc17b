"""The replacement verdict: may a candidate replace the shipped system? Decided on the paired-bootstrap
differences of the headline scores; the per-label differences are listed, not decisive."""

from __future__ import annotations

from evaluation.comparison.formatting import fmt, fmt_ci, fmt_signed
from evaluation.comparison.results import Comparison, PairedDelta, Verdict



def _judge(d: PairedDelta) -> str:
    if not d.real:
        return "no real difference"
    return "better (real)" if d.delta > 0 else "worse (real)"


def _delta_line(name: str, d: PairedDelta, confidence: float) -> str:
    return (f"{name}: shipped {fmt(d.a)}, candidate {fmt(d.b)}, Δ {fmt_signed(d.delta)} "
            f"({round(confidence * 100)}% CI {fmt_ci(d.ci, signed=True)}; candidate ≤ shipped in "
            f"{fmt(d.share_b_le_a, 3)} of resamples) → {_judge(d)}")


def replacement_verdict(c: Comparison, shipped: str, candidate: str) -> Verdict:
    """May `candidate` replace `shipped`? Not when it is worse beyond the paired-bootstrap interval on entity micro
    F1 or on section macro F1 (nor when it has no section model and the shipped one has). Per-label differences are
    listed below the verdict; they do not decide it."""
    if shipped == candidate:
        raise ValueError("a system cannot replace itself")
    p = c.pair(shipped, candidate)
    s_sections, c_sections = c.system(shipped).sections, c.system(candidate).sections
    reasons = []
    if p.entity_f1.real and p.entity_f1.delta < 0:
        reasons.append(f"entity micro F1 is worse beyond the interval (Δ {fmt_signed(p.entity_f1.delta)}, "
                       f"CI {fmt_ci(p.entity_f1.ci, signed=True)})")
    if p.section_macro_f1 is not None and p.section_macro_f1.real and p.section_macro_f1.delta < 0:
        reasons.append(f"section macro F1 is worse beyond the interval (Δ {fmt_signed(p.section_macro_f1.delta)}, "
                       f"CI {fmt_ci(p.section_macro_f1.ci, signed=True)})")
    if s_sections is not None and c_sections is None:
        reasons.append(f"{candidate} has no section predictions and {shipped} has")
    pct = round(c.confidence * 100)
    if reasons:
        lines = [f"MUST NOT REPLACE: {candidate} must not replace {shipped}: " + "; ".join(reasons) + "."]
    else:
        better = [d.metric for d in (p.entity_f1, p.section_macro_f1) if d is not None and d.real and d.delta > 0]
        why = (f"better beyond the interval on {', '.join(better)}" if better else
               f"not worse beyond the {pct}% paired-bootstrap interval")
        lines = [f"MAY REPLACE: {candidate} may replace {shipped}: {why} "
                 f"({len(c.documents)} documents, {c.n_boot} resamples)."]
    lines.append(_delta_line("entities micro F1", p.entity_f1, c.confidence))
    lines.append(_delta_line("entities span-only F1 (not decisive)", p.span_f1, c.confidence))
    if p.section_macro_f1 is not None:
        lines.append(_delta_line("sections macro F1", p.section_macro_f1, c.confidence))
    for label, d in p.entity_labels.items():
        lines.append(_delta_line(f"entity {label}", d, c.confidence))
    for label, d in p.section_labels.items():
        lines.append(_delta_line(f"section {label}", d, c.confidence))
    return Verdict(not reasons, lines, shipped, candidate)


def verdict_record(c: Comparison) -> dict:
    """The comparison's verdict as a model folder's metrics.json keeps it: the decision, the headline differences
    with their intervals, and its lines."""
    v = c.verdict
    p = c.pair(v.shipped, v.candidate)
    headline = {d.metric: {"shipped": round(d.a, 4), "candidate": round(d.b, 4), "delta": round(d.delta, 4),
                           "ci": [round(x, 4) for x in d.ci], "real": d.real}
                for d in (p.entity_f1, p.section_macro_f1) if d is not None}
    return {"ok": v.ok, "decision": "may replace" if v.ok else "must not replace", "shipped": v.shipped,
            "candidate": v.candidate, "documents": len(c.documents), "test_reports": c.documents, "n_boot": c.n_boot,
            "differences": headline, "notes": v.notes, "lines": v.lines}
