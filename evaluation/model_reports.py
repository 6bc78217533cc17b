"""One command for every published score of the shipped models (`xxgk evaluate reports`, `make reports`):

1. grouped cross-validation of every recipe in evaluation/reports.json (the shipped recipe and the baselines),
   cached per recipe in evaluation/reports/predictions/ (rerun when the recipe or the annotations change);
2. the shipped models on the held-out test split;
3. comparison reports (Markdown + HTML) per task, cross-validated and on the test split;
4. models/<name>/metrics.json and card.md, whose numbers are those of the comparisons.
"""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from evaluation.comparison.results import Comparison, SystemResult
from evaluation.runs import (code_digest, cross_validate, cv_fingerprint, load_predictions, model_predictions,
                             save_predictions, system_run)

REPORTS = Path("evaluation/reports")


class ReportsConfigError(ValueError):
    """evaluation/reports.json cannot be read as it stands."""


def recipe_of(name: str, spec: dict, config_path: Path = Path("evaluation/reports.json")) -> dict:
    """The recipe `name` of a task's `recipes` or `ablations`: a recipe file's path, or a base (another recipe of the
    task, or a file) with dotted overrides, `{"base": "crf-second-stage", "set": {"model.words": true}}`."""
    from training.config import load_recipe, validate, with_overrides

    source = {**spec["recipes"], **spec.get("ablations", {})}.get(name)
    if source is None:
        raise ReportsConfigError(f"{config_path}: no recipe {name!r}")
    if isinstance(source, str):
        return load_recipe(Path(source))
    if not isinstance(source, dict) or set(source) - {"base", "set"} or "base" not in source:
        raise ReportsConfigError(f"{config_path}: {name}: a recipe is a path or {{\"base\": …, \"set\": {{…}}}}")
    base = source["base"]
    recipe = recipe_of(base, spec, config_path) if base in {**spec["recipes"], **spec.get("ablations", {})} \
        else load_recipe(Path(base))
    return validate(with_overrides(recipe, {"name": name, **source.get("set", {})}), f"{config_path}: {name}")


def _cv_predictions(name: str, recipe: dict, folds: int, real, rerun: bool, console: Console,
                    seed: int | None = None, jobs: int = 1) -> dict:
    """`seed`: a replicate of the recipe, a new draw of everything random in it (see `replicate_recipe`)."""
    from training.recipes import synthetic_examples

    if seed is not None:
        recipe = replicate_recipe(recipe, seed, name)
    path = REPORTS / "predictions" / f"{recipe['task']}-{name}-cv.json"
    fingerprint = cv_fingerprint(recipe, folds)
    if path.is_file() and not rerun:
        cached = load_predictions(path)
        if cached.get("fingerprint") == fingerprint:
            console.print(f"{name}: cross-validation predictions cached ({path})")
            if cached.get("code") != code_digest():
                console.print(f"[yellow]{name}: the cached predictions were made by other code than this; "
                              "--rerun redoes them[/yellow]")
            return cached
    console.print(f"{name}: {folds}-fold grouped cross-validation")
    preds = cross_validate(recipe, real, synthetic_examples(recipe), folds, progress=console.print, jobs=jobs)
    save_predictions(preds, path)
    return preds


def replicate_recipe(recipe: dict, seed: int, name: str) -> dict:
    """The recipe drawn again: its own seed becomes `seed` and its synthetic reports' seed moves by as much, so the
    model's initialisation and order *and* the synthetic draw change together. A CRF's fit takes no seed: its draws
    differ in the synthetic reports only. Nothing else changes."""
    from training.config import typed, with_overrides

    settings = typed(recipe)
    moved = {"synthetic.seed": settings.synthetic.seed + seed - settings.seed} if settings.synthetic.n else {}
    return with_overrides(recipe, {"seed": seed, "name": name, **moved})


def _score(s: SystemResult, task: str) -> dict:
    if task == "tagger":
        e = s.entities
        out = {"strict_micro": _score_dict(e.strict), "span_micro": _score_dict(e.span),
               "per_label": {k: _score_dict(v) for k, v in e.per_label.items()}}
        key = "entity_f1"
    else:
        sec = s.sections
        out = {"coarse_macro_f1": round(sec.macro_f1, 4), "macro_f1_ci": [round(x, 4) for x in sec.macro_f1_ci],
               "accuracy": round(sec.accuracy, 4), "per_label": {k: _score_dict(v) for k, v in sec.per_label.items()},
               "confusion": {"gold": sec.confusion.gold, "predicted": sec.confusion.predicted,
                             "matrix": sec.confusion.matrix}}
        key = "section_macro_f1"
    if s.folds:
        out["folds"] = {"mean": round(s.folds.mean.get(key, 0.0), 4), "std": round(s.folds.std.get(key, 0.0), 4),
                        "per_fold": [round(getattr(f, key) or 0.0, 4) for f in s.folds.folds]}
    if s.chars_per_s:
        out["chars_per_s"] = s.chars_per_s
    if s.model_bytes:
        out["model_bytes"] = s.model_bytes
    return out


def _score_dict(sc) -> dict:
    return {"precision": round(sc.precision, 4), "recall": round(sc.recall, 4), "f1": round(sc.f1, 4),
            "f1_ci": [round(x, 4) for x in sc.f1_ci], "support": sc.support}


def regenerate(config_path: Path, corpus: Path, rerun: bool, console: Console, jobs: int = 1) -> None:
    """`jobs`: folds of a cross-validation run at once (the same predictions as one at a time)."""
    from training.cards import write_card
    from training.examples import load_corpus, on_split

    config = json.loads(Path(config_path).read_text(encoding="utf-8"))
    folds = int(config.get("folds", 5))
    if any("seed_replicates" in spec for spec in config["tasks"].values()):
        raise ReportsConfigError(f"{config_path}: `seed_replicates` is now `replicates` "
                         '({"seeds": [...], "recipes": [...]}), which also moves the synthetic draw')
    real = load_corpus(corpus)
    test = on_split(real, "test")
    cv_preds = {task: {name: _cv_predictions(name, recipe_of(name, spec, config_path), folds, real, rerun, console,
                                             jobs=jobs)
                       for name in {**spec["recipes"], **spec.get("ablations", {})}}
                for task, spec in config["tasks"].items()}
    sections = config["tasks"].get("sections")
    # The n.* fields of any tagger's predictions are made with the shipped section model's cross-validated sections.
    shipped_sections = cv_preds["sections"][sections["shipped_recipe"]] if sections else None
    for task, spec in config["tasks"].items():
        cv_runs = [system_run(preds, real, name) for name, preds in cv_preds[task].items()]
        cv = _compared(cv_runs, REPORTS / f"{task}-cv", int(config.get("boot", 1000)), console)
        shipped = Path(spec["shipped"])
        test_runs = [system_run(model_predictions(shipped, test, task), real, spec["shipped_recipe"])]
        test_runs += [system_run(_restrict(p, test), real, name)
                      for name, p in ((r.name, _cached(task, r.name)) for r in cv_runs) if name != spec["shipped_recipe"]]
        test_cmp = _compared(test_runs, REPORTS / f"{task}-test", int(config.get("boot", 1000)), console)
        metrics = _metrics(task, spec, cv, test_cmp)
        section_preds = shipped_sections if task == "tagger" else None
        if spec.get("replicates"):
            metrics["replicates"] = _replicates(task, spec, cv_preds[task], folds, real, rerun, console, section_preds,
                                                jobs)
        if task == "tagger":
            metrics["narrative_fields_cv"] = {
                name: _narrative(preds, section_preds, real) for name, preds in cv_preds[task].items()}
            metrics["calibration"] = _calibrate(cv_preds[task][spec["shipped_recipe"]], section_preds, real, shipped)
            console.print(f"{shipped}/calibration.json written (threshold {metrics['calibration']['threshold']})")
        if spec.get("by_province"):
            metrics["cross_validation_by_province"] = {
                name: _province_scores(name, recipe_of(name, spec, config_path), real, rerun, console, task,
                                       section_preds, jobs)
                for name in spec["by_province"]}
        old = shipped / "metrics.json"  # what `xxgk train` recorded (provenance, verdict) stays with the model
        kept = {k: v for k, v in (json.loads(old.read_text("utf-8")) if old.is_file() else {}).items()
                if k in ("training", "verdict")}
        metrics |= kept
        (shipped / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1) + "\n", "utf-8")
        write_card(shipped, metrics)
        console.print(f"{shipped}/metrics.json and card.md written")


def _compared(runs, out: Path, boot: int, console: Console) -> Comparison:
    from evaluation.comparison.compare import compare_into

    comparison = compare_into(runs, out, boot)
    console.print(f"report → {out}/report.md, report.html, comparison.json")
    return comparison


def _narrative(entity_preds: dict, section_preds: dict | None, real) -> dict:
    from evaluation.narrative import narrative_scores

    scores = narrative_scores(entity_preds, section_preds, real)
    c = scores.groups.get("narrative")
    # What the tables add after tagging: without the second stage, and without any table in the post-processor.
    ablations = {name: narrative_scores(entity_preds, section_preds, real, **kw).groups.get("narrative")
                 for name, kw in (("without_second_stage", {"relabel": False}), ("without_tables", {"tables": False}))}
    return {"precision": round(c.precision, 4), "recall": round(c.recall, 4), "f1": round(c.f1, 4),
            "correct": c.tp, "gold": c.tp + c.fn,
            **{name: {"f1": round(a.f1, 4), "correct": a.tp} for name, a in ablations.items()},
            "wrong": [{"document": w.document, "key": w.key, "gold": w.gold, "predicted": w.predicted}
                      for w in scores.wrong]}


def _calibrate(preds: dict, section_preds: dict | None, real, shipped: Path) -> dict:
    """The confidence map of the shipped tagger, fitted on its recipe's cross-validated predictions (real reports and
    the held-out synthetic ones), written beside it; and its cross-fitted figures for the card."""
    from evaluation.calibration import (calibration_set_with_gold, fit, form_gold_counts, gold_value_counts,
                                        held_out_rows, plot, report)
    from evaluation.fields import load_gold

    gold = load_gold(Path("annotations/gold"))
    values, entities = held_out_rows(preds, section_preds, real, gold)
    spec = preds["recipe"].get("calibration") or {}
    synthetic_gold = ({f"calib_{i}": d.gold["fields"] for i, d in enumerate(
        calibration_set_with_gold(int(spec["synthetic"]), int(spec["seed"]))[0])} if spec.get("synthetic") else {})
    fitted_on = (f"cross-validated predictions of {preds['system']}: {len(preds['documents'])} real reports and "
                 f"{len(preds.get('synthetic_documents', {}))} held-out synthetic reports written with the country's "
                 "phrasing families (training/synthetic/families.py); the value model also on "
                 f"{len(preds.get('form_documents', {}))} forms of the real reports (without their tables, cut to an "
                 "opening: evaluation/openings.py), at half weight, the threshold chosen without them")
    calibration = fit(values, entities, fitted_on)
    calibration.save(shipped)
    figures = report(values, entities, calibration, gold_value_counts(gold, {e.stem for e in real}, synthetic_gold,
                                                                      form_gold_counts(gold, real, preds)))
    plot(figures, shipped / "reliability.svg")
    return figures


def _province_scores(name: str, recipe: dict, real, rerun: bool, console: Console, task: str,
                     section_preds: dict | None, jobs: int = 1) -> dict:
    """Leave-one-province-out cross-validation of one recipe (cached like the others): each province's reports
    predicted by a model trained on the other provinces' reports plus the synthetic ones."""
    from training.recipes import synthetic_examples

    path = REPORTS / "predictions" / f"{task}-{name}-province.json"
    fingerprint = cv_fingerprint(recipe, "province")
    cached = load_predictions(path) if path.is_file() and not rerun else None
    if cached is None or cached.get("fingerprint") != fingerprint:
        console.print(f"{name}: leave-one-province-out cross-validation")
        cached = cross_validate(recipe, real, synthetic_examples(recipe), 0, progress=console.print, by="province",
                                jobs=jobs)
        save_predictions(cached, path)
    from evaluation.comparison.compare import compare

    result = compare([system_run(cached, real, name)], n_boot=1000).systems[name]
    out = {"folds": cached["folds"]}
    if task == "tagger":
        sc = result.entities.strict
        out |= {"strict_micro": _score_dict(sc)}
        if section_preds is not None:
            n = _narrative(cached, section_preds, real)
            out["narrative_fields"] = {k: n[k] for k in ("precision", "recall", "f1", "correct", "gold")}
    else:
        out["coarse_macro_f1"] = round(result.sections.macro_f1, 4)
    return out


def _replicates(task: str, spec: dict, cv_preds: dict, folds: int, real, rerun: bool, console: Console,
                section_preds: dict | None = None, jobs: int = 1) -> dict:
    """Recipes cross-validated again on other draws (`replicate_recipe`). On a corpus this small one run moves by
    about ±0.01-0.02 with the seed or the synthetic draw; a recipe's level is its mean over draws, the shipped model
    is one more draw of it, and two recipes are compared draw by draw (same seeds), not on one run each."""
    seeds = [int(s) for s in spec["replicates"]["seeds"]]
    out: dict = {"metric": "strict micro F1" if task == "tagger" else "coarse macro F1",
                 "draw": "seed s: the recipe's seed set to s and its synthetic seed moved by as much (a CRF takes no "
                         "seed: its draws differ in the synthetic reports only)", "recipes": {}}
    for name in spec["replicates"]["recipes"]:
        runs = {int(cv_preds[name]["recipe"]["seed"]): cv_preds[name]}
        for seed in seeds:
            if seed not in runs:  # the recipe's own seed is its own run
                runs[seed] = _cv_predictions(f"{name}-s{seed}", recipe_of(name, spec), folds, real, rerun, console, seed,
                                             jobs)
        scores = {seed: round(_pooled_f1(task, preds, real), 4) for seed, preds in sorted(runs.items())}
        entry = {"seeds": scores, **_spread(list(scores.values()))}
        if section_preds is not None:
            fields = {seed: round(_fields_f1(preds, section_preds, real), 4) for seed, preds in sorted(runs.items())}
            entry["fields_f1"] = {"seeds": fields, **_spread(list(fields.values()))}
        out["recipes"][name] = entry
    shipped = out["recipes"].get(spec["shipped_recipe"])
    if shipped:
        out["paired"] = {}
        for name, other in out["recipes"].items():
            common = [s for s in shipped["seeds"] if s in other["seeds"]]
            if name == spec["shipped_recipe"] or len(common) < 2:
                continue
            deltas = [round(shipped["seeds"][s] - other["seeds"][s], 4) for s in common]
            out["paired"][name] = {"seeds": common, "deltas": deltas, **_spread(deltas),
                                   "shipped_ahead": sum(d > 0 for d in deltas), "draws": len(deltas)}
    return out


def _spread(values: list[float]) -> dict:
    import statistics

    return {"mean": round(statistics.mean(values), 4),
            "std": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0}


def _fields_f1(entity_preds: dict, section_preds: dict | None, real) -> float:
    """F1 of the `n.*` fields (SPEC §7) that the post-processor makes of one system's predictions."""
    from evaluation.narrative import narrative_scores

    return narrative_scores(entity_preds, section_preds, real).groups["narrative"].f1


def _pooled_f1(task: str, preds: dict, real) -> float:
    """The headline score of one cross-validation, computed by the comparison that scores every system."""
    from evaluation.comparison.compare import compare

    result = compare([system_run(preds, real, "replicate")], n_boot=1).systems["replicate"]
    return result.entities.strict.f1 if task == "tagger" else result.sections.macro_f1


def _cached(task: str, name: str) -> dict:
    return load_predictions(REPORTS / "predictions" / f"{task}-{name}-cv.json")


def _restrict(preds: dict, docs) -> dict:
    """A cross-validation prediction file cut to the given reports (the baselines on the test split are their
    CV predictions there: each test report was held out of the fold that predicted it)."""
    stems = {d.stem for d in docs}
    return dict(preds, documents={k: v for k, v in preds["documents"].items() if k in stems})


def _metrics(task: str, spec: dict, cv: Comparison, test: Comparison) -> dict:
    shipped = spec["shipped_recipe"]
    ablations = set(spec.get("ablations", {}))
    paired = {p.b if p.a == shipped else p.a: _delta(p if p.a == shipped else p.flipped(), task)
              for p in cv.pairs if shipped in (p.a, p.b)}
    return {
        "task": task,
        "system": shipped,
        "source": "xxgk evaluate reports (evaluation/model_reports.py); offsets in the normalized text",
        "cross_validation": {name: _score(s, task) for name, s in cv.systems.items()},
        "test_split": {name: _score(s, task) for name, s in test.systems.items()},
        "documents": {"cross_validation": len(cv.documents), "test_split": test.documents},
        "paired_vs_baselines": {name: d for name, d in paired.items() if name not in ablations},
        # Variations of the shipped recipe, each without one of its parts: what that part is worth.
        "ablations": {name: d for name, d in paired.items() if name in ablations},
    }


def _delta(p, task: str) -> dict:
    """The shipped system minus a baseline (paired bootstrap over documents, cross-validated)."""
    d = p.entity_f1 if task == "tagger" else p.section_macro_f1
    return {"delta": round(-d.delta, 4), "ci": [round(-d.ci[1], 4), round(-d.ci[0], 4)], "real": d.real}
