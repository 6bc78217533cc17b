"""`compare`: every system scored on the same documents, bootstrapped on the same resamples, paired, and its
errors sampled; `compare_into` writes the reports beside."""

from __future__ import annotations

import json
from pathlib import Path

from evaluation import bootstrap
from evaluation.comparison.bootstrap import bootstrapped, pairwise
from evaluation.comparison.errors import error_examples
from evaluation.comparison.markdown import write_markdown
from evaluation.comparison.results import Comparison, SystemRun
from evaluation.comparison.scoring import (aligned, count, entity_confusion, labels_scored, score_documents,
                                          system_result)
from evaluation.comparison.verdict import replacement_verdict


def compare(runs: list[SystemRun], n_boot: int = 1000, seed: int = 0) -> Comparison:
    """Score every system on the same documents; bootstrap intervals and paired differences from `seed`."""
    documents, aligned_docs = aligned(runs)
    per_doc, per_doc_sections, gold = score_documents(runs, aligned_docs)
    entity_labels, section_labels = labels_scored(per_doc, per_doc_sections)
    weights = bootstrap.resample_weights(len(documents), n_boot, seed)
    counted, boots, results = [], [], {}
    for run, docs, scored, sections in zip(runs, aligned_docs, per_doc, per_doc_sections):
        c = count(run, docs, entity_labels, section_labels, scored, sections)
        b = bootstrapped(c, weights)
        counted.append(c)
        boots.append(b)
        results[run.name] = system_result(c, b, entity_labels, section_labels)
        results[run.name].entities.confusion = entity_confusion(gold, c.predicted, entity_labels)
    names = list(results)
    pairs = [pairwise(results[names[i]], results[names[j]], boots[i], boots[j], entity_labels, section_labels)
             for i in range(len(names)) for j in range(i + 1, len(names))]
    examples = error_examples(aligned_docs[0], gold, {c.run.name: c.predicted for c in counted}, seed)
    return Comparison(results, pairs, examples, documents, entity_labels, section_labels, n_boot, seed)


def compare_into(runs: list[SystemRun], out: Path, n_boot: int = 1000, seed: int = 0, shipped: str | None = None,
                 candidate: str | None = None, notes: list[str] = ()) -> Comparison:
    """`compare`, with report.md, report.html and comparison.json (every number of both) written into `out`; with
    `shipped` and `candidate`, the verdict (and any `notes` on it) at the top of each."""
    from evaluation.comparison.html import write_html  # matplotlib only when HTML is asked for

    c = compare(runs, n_boot, seed)
    if shipped and candidate:
        c.verdict = replacement_verdict(c, shipped, candidate)
        c.verdict.notes = list(notes)
    out.mkdir(parents=True, exist_ok=True)
    write_markdown(c, out / "report.md")
    write_html(c, out / "report.html")
    (out / "comparison.json").write_text(json.dumps(c.as_dict(), ensure_ascii=False, indent=1) + "\n", "utf-8")
    return c
