"""Model cards (Hugging Face style) written from a model's config and its measured metrics.json: every number in a
card is one that `xxgk evaluate reports` measured."""

from __future__ import annotations

import json
from pathlib import Path

# Labels the real reports hold no or few examples of: their scores rest on synthetic text (SPEC §6 labels).
SPARSE_LABELS = ("PROCUREMENT_COUNT", "PROCUREMENT_AMOUNT", "FEE_AMOUNT", "PROACTIVE_CUMULATIVE", "APP_CARRIED")

_INTENDED = {
    "tagger": "Tags the quantities of SPEC §6 (主动公开条数, 申请件数, 采购金额 …) in the running text of "
              "政府信息公开工作年度报告, character by character, for `xxgk extract` (the `entities` and `n.*` fields).",
    "sections": "Labels every character of a 政府信息公开工作年度报告 with its section (SPEC §5), for `xxgk extract` "
                "(the `sections` field; the tagger's choice between table and narrative mentions).",
}


# What each ablation of evaluation/reports.json changes in the shipped recipe, by the suffix of its name.
_ABLATIONS = {
    "no-table-values": "sees where the tables are but not what they hold",
    "no-definitions": "leaves out SPEC §6's label definitions applied to the output (lexicon.py)",
    "no-second-stage": "leaves the tagger's own total-or-part labels (no totals.py)",
    "weak": "trains the real reports on labels from their own tables instead of the annotations (as for a year "
            "nobody annotated)",
    "weak-partial": "the same, with the numbers the tables leave undecided out of the loss",
    "synthetic-only": "leaves the real reports out",
}


def _count(documents: int | list) -> int:
    return documents if isinstance(documents, int) else len(documents)


def _f(x) -> str:
    return "—" if x is None else f"{x:.4f}" if isinstance(x, float) else str(x)


def write_card(folder: Path, metrics: dict) -> None:
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    recipe = json.loads((folder / "recipe.json").read_text(encoding="utf-8")) if (folder / "recipe.json").is_file() else {}
    task = metrics["task"]
    name = metrics["system"]
    cv = metrics["cross_validation"]
    test = metrics["test_split"]
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file() and p.suffix not in (".md",))
    lines = [
        f"# {folder.name}: {config.get('kind')} ({task})", "",
        "## Intended use", _INTENDED[task], "",
        "Not for: text that is not such a report; tables 2-4 (read by the table parser, not by this model).", "",
        "## Training data",
        f"- Real reports: {len(config.get('trained_on', []))} annotated reports of `annotations/spans` "
        f"(splits {', '.join(recipe.get('data', {}).get('train_on', ['train']))} of `annotations/splits.json`): "
        f"{', '.join(config.get('trained_on', []))}.",
        f"- Synthetic reports (training only): {config.get('synthetic', {}).get('n', 0)} from `training/augment.py` "
        f"(seed {config.get('synthetic', {}).get('seed', '-')}), every layout family, OCR-like noise.",
        f"- Recipe: `recipe.json` (a copy of the training config); trained in {config.get('train_seconds')} s on a "
        f"2-core CPU machine ({recipe.get('threads', 'default')} torch thread(s) where the model is neural)"
        + (f", continued from `{config['continued_from']}`" if config.get("continued_from") else "") + ".",
        "- Text: the normalized text that `xxgk extract` reads (full-width digits folded, thousands separators "
        "dropped); the corpus offsets are mapped into it.", "",
        "## Evaluation",
        f"Grouped {len(cv[name].get('folds', {}).get('per_fold', [])) or '-'}-fold cross-validation over the "
        f"{_count(metrics['documents']['cross_validation'])} "
        "real reports (folds by issuing body; a model trained per fold on the other folds plus synthetic reports), "
        "and the shipped model on the held-out test split. Figures from `xxgk evaluate reports`; 95% intervals are "
        "percentile bootstraps over documents.", "",
    ]
    if task == "tagger":
        lines += _tagger_tables(name, cv, test)
    else:
        lines += _section_tables(name, cv, test)
    if metrics.get("replicates"):
        lines += _replicate_lines(name, metrics["replicates"])
    if metrics.get("narrative_fields_cv"):
        lines += ["", "## `n.*` fields (SPEC §7) from the cross-validated predictions", "",
                  "The held-out entities of each fold, through `xxgk extract`'s post-processor (reconcile/narrative.py) "
                  "with the cross-validated sections, scored against `annotations/gold`. The last two columns "
                  "measure what the tables add after tagging: F1 without the post-processor's table step (a table "
                  "value deciding which key a mention fills), and with no table given to the post-processor at all.",
                  "",
                  "| tagger | P | R | F1 | correct / gold | F1 without table step | F1 without tables |",
                  "|---|---|---|---|---|---|---|"]
        for sys_name, n in metrics["narrative_fields_cv"].items():
            lines.append(f"| {sys_name}{' (shipped)' if sys_name == name else ''} | {_f(n['precision'])} | "
                         f"{_f(n['recall'])} | {_f(n['f1'])} | {n['correct']} / {n['gold']} | "
                         f"{_f(n.get('without_second_stage', {}).get('f1'))} | {_f(n.get('without_tables', {}).get('f1'))} |")
    lines += ["", "## Compared with the baselines (cross-validated, paired bootstrap over documents)", "",
              *_paired_table("baseline", metrics.get("paired_vs_baselines", {}))]
    if metrics.get("ablations"):
        said = [f"`{suffix}` {what}" for suffix, what in _ABLATIONS.items()
                if any(variant.endswith(f"-{suffix}") for variant in metrics["ablations"])]
        lines += ["", "## Ablations (cross-validated, paired bootstrap over documents)", "",
                  "The shipped recipe with one part changed: " + "; ".join(said) + ".", "",
                  *_paired_table("variant", metrics["ablations"])]
    speed = test.get(name, {}).get("chars_per_s")
    lines += ["", "## Size and speed",
              f"- Files: {size / 1e6:.2f} MB.",
              f"- Speed on the test split, one process: {speed or '—'} characters/s "
              "(see `benchmarks/bench_extract.py` for reports/s of the whole extraction).", "",
              "## Limits", *[f"- {x}" for x in _limits(task, _count(metrics["documents"]["cross_validation"]))], ""]
    (folder / "card.md").write_text("\n".join(lines), encoding="utf-8")


def _paired_table(what: str, deltas: dict) -> list[str]:
    """Shipped minus each other system: the difference, its interval, and whether it is real."""
    rows = [f"| {what} | shipped − {what} | 95% interval | real difference |", "|---|---|---|---|"]
    return rows + [f"| {other} | {d['delta']:+.4f} | {d['ci'][0]:+.4f} … {d['ci'][1]:+.4f} | {'yes' if d['real'] else 'no'} |"
                   for other, d in deltas.items()]


def _tagger_tables(name: str, cv: dict, test: dict) -> list[str]:
    out = ["Test split: the shipped model (trained on train + dev) on the held-out test reports; the baselines by "
           "their cross-validated predictions on those reports (each held out of the fold that predicted it).", "",
           "| system | CV strict micro F1 (95% CI) | CV folds mean ± std | CV span F1 | test strict F1 |", "|---|---|---|---|---|"]
    for sys_name, s in cv.items():
        t = test.get(sys_name, {})
        folds = s.get("folds", {})
        out.append(f"| {sys_name}{' (shipped)' if sys_name == name else ''} | {_f(s['strict_micro']['f1'])} "
                   f"({s['strict_micro']['f1_ci'][0]:.3f}–{s['strict_micro']['f1_ci'][1]:.3f}) | "
                   f"{_f(folds.get('mean'))} ± {_f(folds.get('std'))} | {_f(s['span_micro']['f1'])} | "
                   f"{_f(t.get('strict_micro', {}).get('f1'))} |")
    out += ["", f"Per label, {name}, cross-validated:", "", "| label | P | R | F1 (95% CI) | support | note |",
            "|---|---|---|---|---|---|"]
    for label, sc in cv[name]["per_label"].items():
        note = "few or no real examples: rests on synthetic text" if label in SPARSE_LABELS else ""
        out.append(f"| {label} | {_f(sc['precision'])} | {_f(sc['recall'])} | {_f(sc['f1'])} "
                   f"({sc['f1_ci'][0]:.2f}–{sc['f1_ci'][1]:.2f}) | {sc['support']} | {note} |")
    return out


def _section_tables(name: str, cv: dict, test: dict) -> list[str]:
    out = ["Test split: the shipped model (trained on train + dev) on the held-out test reports; the baseline by "
           "its cross-validated predictions on those reports.", "",
           "| system | CV coarse macro F1 (95% CI) | CV folds mean ± std | CV accuracy | test macro F1 |", "|---|---|---|---|---|"]
    for sys_name, s in cv.items():
        t = test.get(sys_name, {})
        folds = s.get("folds", {})
        out.append(f"| {sys_name}{' (shipped)' if sys_name == name else ''} | {_f(s['coarse_macro_f1'])} "
                   f"({s['macro_f1_ci'][0]:.3f}–{s['macro_f1_ci'][1]:.3f}) | {_f(folds.get('mean'))} ± "
                   f"{_f(folds.get('std'))} | {_f(s['accuracy'])} | {_f(t.get('coarse_macro_f1'))} |")
    out += ["", f"Per label, {name}, cross-validated (per character):", "", "| section | P | R | F1 | characters |",
            "|---|---|---|---|---|"]
    for label, sc in cv[name]["per_label"].items():
        out.append(f"| {label} | {_f(sc['precision'])} | {_f(sc['recall'])} | {_f(sc['f1'])} | {sc['support']} |")
    return out


def _limits(task: str, reports: int) -> list[str]:
    common = [f"{reports} real reports, most of them from one city's website (平潭; `annotations/README.md` counts "
              "them). Scores on other provinces' reports are expected lower; the grouped cross-validation "
              "is the best estimate available here.",
              "Synthetic reports are hand-written templates: phrasings outside them are learned from the real "
              "reports only."]
    if task == "tagger":
        return common + ["PROCUREMENT_COUNT and PROCUREMENT_AMOUNT have no real example, FEE_AMOUNT one (a fee of "
                         "0 元) and PROACTIVE_CUMULATIVE one: their behaviour on real text is barely measured.",
                         "The number types (context.py) come from the parsed tables: a misread table weakens them."]
    return common + ["Fine overview labels (overview.*) are learned but scored coarse, as SPEC §7 asks.",
                     "`extra_table` has 3 real examples."]


def _replicate_lines(shipped: str, r: dict) -> list[str]:
    """Each replicated recipe's cross-validation over several draws, and the shipped recipe against the others draw
    by draw: the comparison that a single run cannot make on a corpus this small."""
    seeds = sorted({s for entry in r["recipes"].values() for s in entry["seeds"]}, key=int)
    fields = any("fields_f1" in e for e in r["recipes"].values())
    lines = ["", "## Replicates: the same recipes on other draws", "",
             f"Cross-validation again with seeds {', '.join(str(s) for s in seeds)} ({r['draw']}), {r['metric']}. "
             "One run moves by about the spread below: differences between systems smaller than it are noise, "
             "whatever a single run says.", "",
             "| recipe | " + " | ".join(f"seed {s}" for s in seeds) + " | mean ± std |"
             + (" n.* F1 mean ± std |" if fields else ""),
             "|---|" + "---|" * (len(seeds) + 1 + fields)]
    for name, e in r["recipes"].items():
        row = f"| {name}{' (shipped)' if name == shipped else ''} | " + " | ".join(
            _f(e["seeds"].get(s)) for s in seeds) + f" | {_f(e['mean'])} ± {_f(e['std'])} |"
        if fields:
            f = e.get("fields_f1")
            row += f" {_f(f['mean'])} ± {_f(f['std'])} |" if f else " - |"
        lines.append(row)
    for name, p in r.get("paired", {}).items():
        lines += ["", f"{shipped} minus {name}, draw by draw: {', '.join(f'{d:+.4f}' for d in p['deltas'])}; mean "
                  f"{p['mean']:+.4f} ± {p['std']:.4f}; {shipped} ahead on {p['shipped_ahead']} of {p['draws']} draws."]
    return lines
