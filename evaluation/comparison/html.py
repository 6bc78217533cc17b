"""The comparison as one self-contained HTML page: inline CSS, inline SVG charts drawn by matplotlib (no pyplot, so
no global backend is touched; text drawn as paths, so no font is needed), no script, nothing fetched.

Every number shown is read from the `Comparison`; a table cell with a number carries `data-ref`, the path of its value
in the comparison (`systems/<name>/entities/strict/f1`, `pairs/0/entity_f1/ci`), so tests can check it. Every chart
is a `<figure data-chart="…" id="chart-…">`.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from evaluation.comparison.charts import confusion_chart, f1_panels, forest, svg
from evaluation.comparison.errors import CONTEXT
from evaluation.comparison.formatting import (FOLD_HEADER, LABEL_HEADER, NO_ENTITY, NO_SECTION, PAIR_HEADER,
                                              SUMMARY_HEADER, call_text, difference_text, fmt, fmt_bytes, fmt_ci,
                                              fmt_signed, fmt_speed, has_entities, headline_lines, key_differences,
                                              reference_system)
from evaluation.comparison.results import Comparison, PairedDelta, Pairwise, Score

CSS = """
body { font-family: system-ui, "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; margin: 2em auto; color: #222;
       max-width: 1250px; padding: 0 1em; }
h1, h2, h3 { font-weight: 600; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 12px; display: block; overflow-x: auto;
        max-width: 100%; }
th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: right; white-space: nowrap; }
th { background: #f2f2f2; white-space: normal; }
td.text, th.text { text-align: left; }
td.real { font-weight: 600; }
td.worse, li.worse { color: #b00020; }
td.better, li.better { color: #1b6e20; }
figure { margin: 1em 0 2em; }
figcaption { font-size: 13px; color: #555; }
figure svg { max-width: 100%; height: auto; }
details { margin: 0.3em 0 1em; }
summary { cursor: pointer; font-weight: 600; }
.verdict { border: 2px solid; border-radius: 6px; padding: 0.2em 1em; margin: 1em 0; }
.verdict.ok { border-color: #1b6e20; background: #f1f8f1; }
.verdict.no { border-color: #b00020; background: #fdf1f2; }
.verdict li.note { color: #8a5a00; }
.ctx { font-family: ui-monospace, monospace; white-space: pre; }
.call { font-family: ui-monospace, monospace; min-width: 12em; white-space: normal; }
.ctx b { background: #ffe08a; font-weight: normal; }
"""


def _figure(chart: str, drawn: str, caption: str) -> str:
    return (f'<figure data-chart="{chart}" id="chart-{chart}">\n{drawn}\n'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


# ---- tables ------------------------------------------------------------------------------------------------------


def _td(text: str, ref: str | None = None, cls: str | None = None) -> str:
    attrs = (f' data-ref="{html.escape(ref)}"' if ref else "") + (f' class="{cls}"' if cls else "")
    return f"<td{attrs}>{html.escape(text)}</td>"


def _table(header: list[str], rows: list[str], first_text: int = 1) -> str:
    head = "".join(f'<th class="text">{html.escape(h)}</th>' if i < first_text else f"<th>{html.escape(h)}</th>"
                   for i, h in enumerate(header))
    body = "\n".join(f"<tr>{r}</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"


def _score_row(label: str, s: Score, ref: str) -> str:
    return (_td(label, cls="text") + _td(fmt(s.precision), f"{ref}/precision") + _td(fmt(s.recall), f"{ref}/recall")
            + _td(fmt(s.f1), f"{ref}/f1") + _td(fmt_ci(s.f1_ci), f"{ref}/f1_ci") + _td(str(s.support), f"{ref}/support")
            + _td(str(s.tp), f"{ref}/tp") + _td(str(s.fp), f"{ref}/fp") + _td(str(s.fn), f"{ref}/fn"))


def _summary(c: Comparison) -> str:
    rows = []
    for name, s in c.systems.items():
        r = f"systems/{name}"
        e, sec = s.entities, s.sections
        cells = [_td(name, cls="text"), _td(fmt(e.strict.precision), f"{r}/entities/strict/precision"),
                 _td(fmt(e.strict.recall), f"{r}/entities/strict/recall"),
                 _td(fmt(e.strict.f1), f"{r}/entities/strict/f1"),
                 _td(fmt_ci(e.strict.f1_ci), f"{r}/entities/strict/f1_ci"),
                 _td(fmt(e.span.f1), f"{r}/entities/span/f1"), _td(fmt_ci(e.span.f1_ci), f"{r}/entities/span/f1_ci")]
        if sec:
            cells += [_td(fmt(sec.macro_f1), f"{r}/sections/macro_f1"),
                      _td(fmt_ci(sec.macro_f1_ci), f"{r}/sections/macro_f1_ci"),
                      _td(fmt(sec.accuracy), f"{r}/sections/accuracy")]
        else:
            cells += [_td("—")] * 3
        cells += [_td(fmt_bytes(s.model_bytes), f"{r}/model_bytes" if s.model_bytes is not None else None),
                  _td(fmt_speed(s.chars_per_s), f"{r}/chars_per_s" if s.chars_per_s is not None else None)]
        rows.append("".join(cells))
    return _table(SUMMARY_HEADER, rows)


def _folds(c: Comparison) -> str:
    rows = []
    for name, s in c.systems.items():
        if not s.folds:
            continue
        cells = [_td(name, cls="text"), _td(str(len(s.folds.folds)), f"systems/{name}/folds/folds")]
        for key in ("entity_f1", "span_f1", "section_macro_f1"):
            if key in s.folds.mean:
                cells.append(_td(f"{fmt(s.folds.mean[key])} ± {fmt(s.folds.std[key])}",
                                 f"systems/{name}/folds/mean/{key}|systems/{name}/folds/std/{key}"))
            else:
                cells.append(_td("—"))
        rows.append("".join(cells))
    return _table(FOLD_HEADER, rows) if rows else ""


def _pair_row(i: int, p: Pairwise, key: str, d: PairedDelta) -> str:
    r = f"pairs/{i}/{key}"
    judged = "" if not d.real else (" real better" if d.delta > 0 else " real worse")
    return (_td(p.a, cls="text") + _td(p.b, cls="text") + _td(d.metric, cls="text") + _td(fmt(d.a), f"{r}/a")
            + _td(fmt(d.b), f"{r}/b") + _td(fmt_signed(d.delta), f"{r}/delta", cls=judged.strip() or None)
            + _td(fmt_ci(d.ci, signed=True), f"{r}/ci") + _td(fmt(d.share_b_le_a, 3), f"{r}/share_b_le_a")
            + _td("real" if d.real else "no", cls="text" + judged))


def _pairs(c: Comparison) -> tuple[str, str]:
    main, labels = [], []
    for i, p in enumerate(c.pairs):
        main += [_pair_row(i, p, "entity_f1", p.entity_f1), _pair_row(i, p, "span_f1", p.span_f1)]
        if p.section_macro_f1:
            main.append(_pair_row(i, p, "section_macro_f1", p.section_macro_f1))
        labels += [_pair_row(i, p, f"entity_labels/{k}", d) for k, d in p.entity_labels.items()]
        labels += [_pair_row(i, p, f"section_labels/{k}", d) for k, d in p.section_labels.items()]
    return _table(PAIR_HEADER, main, 3), _table(PAIR_HEADER, labels, 3)


def _examples(c: Comparison) -> str:
    names = list(c.systems)
    rows = []
    for i, e in enumerate(c.examples):
        context = (f'<td class="text ctx">{html.escape(e.left)}<b>{html.escape(e.text)}</b>'
                   f"{html.escape(e.right)}</td>")
        rows.append(_td(e.document, cls="text") + _td(str(e.start), f"examples/{i}/start") + _td(e.kind, cls="text")
                    + _td(e.gold or "—", cls="text") + context
                    + "".join(_td(call_text(e.calls[n]), cls="text call") for n in names))
    return _table(["Document", "Offset", "Kind", "Gold", "Context", *names], rows, 1)


# ---- page --------------------------------------------------------------------------------------------------------


def _details(summary: str, body: str, open_: bool = False) -> str:
    return f"<details{' open' if open_ else ''}><summary>{html.escape(summary)}</summary>\n{body}\n</details>"


def _at_a_glance(c: Comparison) -> list[str]:
    """The verdict (when asked) and the few differences that matter, before any table."""
    parts = []
    v = c.verdict
    if v:
        cls = "ok" if v.ok else "no"
        parts += [f'<section id="verdict" class="verdict {cls}"><h2>Verdict</h2>',
                  f"<p><b>{html.escape(v.lines[0])}</b></p>", "<ul>"]
        parts += [f'<li class="note">{html.escape(n)}</li>' for n in v.notes]
        parts += [f"<li>{html.escape(line)}</li>" for line in headline_lines(v)]
        parts += ["</ul></section>"]
    if len(c.systems) > 1:
        found = key_differences(c)
        parts.append(f"<h2>Differences that matter (against {html.escape(reference_system(c))})</h2>")
        parts.append("<ul class=\"differences\">" + "".join(
            f'<li class="{"better" if d.delta > 0 else "worse"}">{html.escape(difference_text(name, d))}</li>'
            for name, d in found) + "</ul>" if found else
            "<p>None: every paired-bootstrap interval includes 0.</p>")
    return parts


def _entity_confusion(n: str, s) -> str:
    """The entity confusion matrix as a table, each cell shaded by its share of the gold row."""
    m = s.entities.confusion
    r = f"systems/{n}/entities/confusion/matrix"
    rows = []
    for i, (g, row) in enumerate(zip(m.gold, m.matrix)):
        total = sum(row) or 1
        cells = "".join(
            f'<td data-ref="{r}/{i}/{j}" style="background: rgba(76, 114, 176, {v / total:.2f})'
            + ('; color: #fff' if v / total > 0.5 else "") + f'">{v}</td>' for j, v in enumerate(row))
        rows.append(_td(g or NO_ENTITY, cls="text") + cells)
    return _table(["gold \\ predicted", *(p or NO_ENTITY for p in m.predicted)], rows)


def render_html(c: Comparison) -> str:
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">', "<title>Model comparison</title>",
             f"<style>{CSS}</style></head><body>", "<h1>Model comparison</h1>",
             f"<p>{len(c.documents)} documents; {round(c.confidence * 100)}% percentile bootstrap intervals over "
             f"documents ({c.n_boot} resamples, seed {c.seed}); pairwise differences on the same resamples.</p>",
             *_at_a_glance(c), "<h2>Summary</h2>", _summary(c)]
    folds = _folds(c)
    if folds:
        parts += ["<h2>Cross-validation folds</h2>", "<p>Mean ± population standard deviation over folds.</p>", folds]

    if has_entities(c):  # a comparison of section models has no entity to show
        parts.append("<h2>Entities (strict span and label)</h2>")
        groups = ["micro", "span only", *c.entity_labels]
        scores = [(n, {"micro": s.entities.strict, "span only": s.entities.span, **s.entities.per_label})
                  for n, s in c.systems.items()]
        parts.append(_figure("entity-f1", svg(f1_panels(groups, scores), "entity-f1"),
                             "Entity F1 per label: one panel per label, one row per system; the dot is the F1, the "
                             "line its 95% percentile bootstrap interval."))
        for n, s in c.systems.items():
            rows = [_score_row(k, v, f"systems/{n}/entities/per_label/{k}") for k, v in s.entities.per_label.items()]
            rows += [_score_row("micro", s.entities.strict, f"systems/{n}/entities/strict"),
                     _score_row("span only", s.entities.span, f"systems/{n}/entities/span")]
            body = _table(LABEL_HEADER, rows)
            if s.entities.confusion and s.entities.confusion.gold:
                body += ("<p>Entity confusion (mentions matched by exact span; rows gold, columns predicted; "
                         f"{NO_ENTITY}: no mention there; shade: share of the gold row):</p>" + _entity_confusion(n, s))
            parts.append(_details(f"{n}: per label (micro F1 {fmt(s.entities.strict.f1)}) and entity confusion", body))

    sectioned = {n: s for n, s in c.systems.items() if s.sections}
    if sectioned:
        parts.append("<h2>Sections (per character)</h2>")
        scores = [(n, {"macro": _macro_score(s.sections), **s.sections.per_label}) for n, s in sectioned.items()]
        parts.append(_figure("section-f1", svg(f1_panels(["macro", *c.section_labels], scores), "section-f1"),
                             "Section F1 per label (macro: the macro F1), one panel per label, one row per system; "
                             "the line is the 95% interval."))
        for n, s in sectioned.items():
            sec = s.sections
            r = f"systems/{n}/sections"
            rows = [_score_row(k, v, f"{r}/per_label/{k}") for k, v in sec.per_label.items()]
            parts += [f"<h3>{html.escape(n)}</h3>",
                      f'<p>Macro F1 <span data-ref="{r}/macro_f1">{fmt(sec.macro_f1)}</span> '
                      f'<span data-ref="{r}/macro_f1_ci">{fmt_ci(sec.macro_f1_ci)}</span>, accuracy '
                      f'<span data-ref="{r}/accuracy">{fmt(sec.accuracy)}</span> '
                      f'<span data-ref="{r}/accuracy_ci">{fmt_ci(sec.accuracy_ci)}</span> over '
                      f'<span data-ref="{r}/characters">{sec.characters}</span> characters.</p>',
                      _table(LABEL_HEADER, rows)]
            m = sec.confusion
            chart = f"confusion-{_slug(n)}"
            parts.append(_figure(chart, svg(confusion_chart(n, m.gold, m.predicted, m.matrix), chart),
                                 f"Confusion matrix of {n}: characters, rows gold, columns predicted."))
            rows = [_td(g, cls="text")
                    + "".join(_td(str(v), f"{r}/confusion/matrix/{i}/{j}") for j, v in enumerate(row))
                    for i, (g, row) in enumerate(zip(m.gold, m.matrix))]
            parts.append(_details(f"Confusion matrix of {n} as a table",
                                  _table(["gold \\ predicted", *(p or NO_SECTION for p in m.predicted)], rows)))

    if c.pairs:
        main, labels = _pairs(c)
        ref = reference_system(c)
        headline = [(f"{other} − {ref}: {d.metric}", d) for other in c.systems if other != ref
                    for p in [c.pair(ref, other)] for d in (p.entity_f1, p.span_f1, p.section_macro_f1)
                    if d is not None]
        n_main = main.count("<tr>") - 1
        parts += ["<h2>Paired bootstrap</h2>",
                  "<p>Δ is B − A on the same resampled documents; <i>share B ≤ A</i> is the share of resamples "
                  "where B is not better (p-value-like); <i>real</i> when the 95% interval excludes 0.</p>",
                  _figure("paired-deltas", svg(forest(headline), "paired-deltas"),
                          f"Paired differences of the headline scores against {ref} with their 95% intervals "
                          "(grey: not real)."),
                  _details(f"Headline differences of every pair ({n_main} rows)", main, open_=n_main <= 12),
                  _details("Per label, every pair", labels)]

    parts += ["<h2>Example errors</h2>",
              f"<p>Sampled disagreements with the gold, each system's call at the same place; at most {CONTEXT} "
              f"characters of context on each side (the span in yellow).</p>",
              _details(f"{len(c.examples)} examples", _examples(c)), "</body></html>"]
    return "\n".join(parts)


def _macro_score(sec) -> Score:
    """The macro F1 drawn as one more bar (no counts of its own)."""
    return Score(0, 0, 0, 0.0, 0.0, sec.macro_f1, sec.macro_f1_ci)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name)


def chart_ids(c: Comparison) -> list[str]:
    """The data-chart names the page holds for this comparison."""
    ids = ["entity-f1"]
    sectioned = [n for n, s in c.systems.items() if s.sections]
    if sectioned:
        ids += ["section-f1", *(f"confusion-{_slug(n)}" for n in sectioned)]
    if c.pairs:
        ids.append("paired-deltas")
    return ids


def write_html(c: Comparison, path: Path) -> None:
    """A self-contained HTML report: inline SVG charts, inline CSS, no script, nothing fetched."""
    Path(path).write_text(render_html(c), encoding="utf-8")
