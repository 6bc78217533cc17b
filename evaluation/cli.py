"""`xxgk evaluate cv|model|compare|reports`: every score of the models comes from here."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from training.recipes import DEFAULT_CORPUS

console = Console()
CorpusOpt = Annotated[Path, typer.Option("--corpus", help="Folder holding the annotated documents.")]
SplitOpt = Annotated[str, typer.Option("--split", help="Reports to run a model on: train, dev, test or all.")]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Cross-validation folds run at once, each in a process "
                                                                 "of its own (the same predictions as one at a time).")]


def register(app: typer.Typer) -> None:
    app.command("cv")(evaluate_cv)
    app.command("model")(evaluate_model)
    app.command("compare")(evaluate_compare)
    app.command("reports")(evaluate_reports)
    app.command("configs")(evaluate_configs)


def _real(corpus: Path):
    from training.examples import load_corpus

    return load_corpus(corpus)


def _split(real, split: str):
    from training.examples import on_split

    try:
        return on_split(real, split)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


def evaluate_cv(
    config: Annotated[Path, typer.Option("--config", "-c", help="Training recipe (training/configs/*.json).")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Prediction file to write (JSON).")],
    folds: Annotated[int, typer.Option("--folds", help="Grouped folds over the real reports.")] = 5,
    by: Annotated[str, typer.Option("--by", help="Group the folds by issuing body (--folds of them) or province "
                                                 "(one fold per province of annotations/provinces.json).")] = "body",
    corpus: CorpusOpt = DEFAULT_CORPUS,
    jobs: JobsOpt = 1,
) -> None:
    """Grouped cross-validation of a recipe: a model trained per fold (synthetic reports only in training),
    the held-out reports predicted; writes a prediction file for `xxgk evaluate compare`."""
    from evaluation.runs import cross_validate, save_predictions
    from training.recipes import load_recipe, synthetic_examples

    if by not in ("body", "province"):
        raise typer.BadParameter(f"--by must be 'body' or 'province', not {by!r}")
    recipe = load_recipe(config)
    preds = cross_validate(recipe, _real(corpus), synthetic_examples(recipe), folds, progress=console.print, by=by,
                           jobs=jobs)
    save_predictions(preds, out)
    console.print(f"{len(preds['documents'])} held-out reports predicted → {out}")


def evaluate_model(
    model: Annotated[Path, typer.Argument(help="A trained model folder (models/tagger, models/sections).")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Prediction file to write (JSON).")],
    split: SplitOpt = "test",
    corpus: CorpusOpt = DEFAULT_CORPUS,
) -> None:
    """Run a trained model on a split of the corpus; writes a prediction file (with chars/s and model size)."""
    from evaluation.runs import model_predictions, save_predictions
    from extractor.model_folder import read_config

    task = "sections" if read_config(model).get("kind", "").startswith("section") else "tagger"
    preds = model_predictions(model, _split(_real(corpus), split), task)
    save_predictions(preds, out)
    console.print(f"{model} on {split}: {len(preds['documents'])} reports, {preds['chars_per_s']} chars/s → {out}")


def _runs(inputs: list[Path], real, split: str):
    from evaluation.runs import load_predictions, model_predictions, system_run
    from extractor.model_folder import read_config

    runs, task = [], None
    for path in inputs:
        if path.is_dir():
            kind = read_config(path).get("kind", "")
            preds = model_predictions(path, _split(real, split), "sections" if kind.startswith("section") else "tagger")
        else:
            preds = load_predictions(path)
        if task is not None and preds["task"] != task:
            raise typer.BadParameter(f"{path}: a {preds['task']} prediction cannot be compared with {task} ones")
        task = preds["task"]
        name = path.stem if not path.is_dir() else path.name
        runs.append(system_run(preds, real, name))
    return runs


def evaluate_compare(
    inputs: Annotated[list[Path], typer.Argument(help="Prediction files or model folders (run on --split).")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Folder for report.md, report.html, comparison.json.")],
    split: SplitOpt = "test",
    shipped: Annotated[str | None, typer.Option("--shipped", help="Name of the shipped system (for the verdict).")] = None,
    candidate: Annotated[str | None, typer.Option("--candidate", help="Name of the candidate system.")] = None,
    boot: Annotated[int, typer.Option("--boot", help="Bootstrap resamples.")] = 1000,
    corpus: CorpusOpt = DEFAULT_CORPUS,
) -> None:
    """Compare systems on the same reports: scores with bootstrap intervals, paired differences, confusions,
    example errors; Markdown + self-contained HTML. With --shipped/--candidate (or two model folders): may the
    candidate replace the shipped model? The verdict heads the reports. Exit 0: it may; 1: it must not; 2: the
    input cannot be compared."""
    try:
        runs = _runs(inputs, _real(corpus), split)
        if len({r.name for r in runs}) != len(runs):
            raise ValueError("two systems have the same name: rename a prediction file")
        if shipped is None and candidate is None and len(runs) == 2 and all(p.is_dir() for p in inputs):
            shipped, candidate = runs[0].name, runs[1].name
        if bool(shipped) != bool(candidate):
            raise ValueError("a verdict needs both --shipped and --candidate")
        comparison = _write_comparison(runs, out, boot, shipped, candidate)
    except (ValueError, OSError, KeyError) as exc:  # mismatched files, unknown documents or systems, unreadable input
        console.print(f"[red]cannot compare: {exc}[/red]")
        raise typer.Exit(2) from exc
    _print_summary(comparison)
    if comparison.verdict is not None:
        _print_verdict(comparison.verdict, console)
        if not comparison.verdict.ok:
            raise typer.Exit(1)


def _write_comparison(runs, out: Path, boot: int, shipped: str | None = None, candidate: str | None = None,
                      notes: list[str] = ()):
    from evaluation.comparison.compare import compare_into

    comparison = compare_into(runs, out, boot, shipped=shipped, candidate=candidate, notes=notes)
    console.print(f"report → {out}/report.md, report.html, comparison.json")
    return comparison


def _print_verdict(verdict, out_console: Console) -> None:
    out_console.print(verdict.lines[0], highlight=False)
    for note in verdict.notes:
        out_console.print(f"[yellow]note: {note}[/yellow]", highlight=False)
    for line in verdict.lines[1:]:
        out_console.print(line, highlight=False)


def _print_summary(c) -> None:
    table = Table(title=f"{len(c.documents)} reports")
    for col in ("system", "entity F1 (95% CI)", "span F1", "sections macro F1", "folds mean ± std"):
        table.add_column(col, justify="right")
    for name, s in c.systems.items():
        e = s.entities.strict
        sec = f"{s.sections.macro_f1:.4f}" if s.sections else "—"
        folds = "—"
        if s.folds:
            key = "entity_f1" if s.entities.strict.support else "section_macro_f1"
            folds = f"{s.folds.mean.get(key, 0):.4f} ± {s.folds.std.get(key, 0):.4f}"
        table.add_row(name, f"{e.f1:.4f} ({e.f1_ci[0]:.3f}–{e.f1_ci[1]:.3f})" if e.support else "—",
                      f"{s.entities.span.f1:.4f}" if e.support else "—", sec, folds)
    console.print(table)


def verdict_on_test(shipped: Path, candidate: Path, corpus: Path, out_console: Console, report: Path,
                    notes: list[str] = ()) -> dict:
    """After `xxgk train --from`: the old and the new model on the held-out test split, the comparison (verdict
    first) written into `report`; the verdict as metrics.json keeps it (`ok`: the new one may replace the old)."""
    from evaluation.comparison.verdict import verdict_record

    runs = _runs([shipped, candidate], _real(corpus), "test")
    if runs[0].name == runs[1].name:
        runs[0].name, runs[1].name = f"{runs[0].name} (old)", f"{runs[1].name} (new)"
    comparison = _write_comparison(runs, report, 1000, runs[0].name, runs[1].name, notes)
    _print_verdict(comparison.verdict, out_console)
    return verdict_record(comparison)


def evaluate_reports(
    config: Annotated[Path, typer.Option("--config", "-c", help="What to compare (evaluation/reports.json).")] = Path("evaluation/reports.json"),
    rerun: Annotated[bool, typer.Option("--rerun", help="Retrain every cross-validation fold even if its predictions are cached.")] = False,
    corpus: CorpusOpt = DEFAULT_CORPUS,
    jobs: JobsOpt = 1,
) -> None:
    """Regenerate evaluation/reports/: cross-validation of every recipe (cached by recipe), the shipped models on
    the test split, the comparison reports, and each shipped model's metrics.json and card.md."""
    from evaluation.model_reports import ReportsConfigError, regenerate

    try:
        regenerate(config, corpus, rerun, console, jobs)
    except ReportsConfigError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc


def evaluate_configs(
    outputs: Annotated[list[str], typer.Argument(help="NAME=FOLDER of `xxgk extract` outputs, two or more.")],
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold JSON files.")] = Path("annotations/gold"),
    boot: Annotated[int, typer.Option("--boot", help="Bootstrap resamples.")] = 1000,
) -> None:
    """Extraction configurations (with/without models, text or OCR path, tool versions) compared on the fields:
    F1 per table with bootstrap intervals over documents, and paired differences (is B really better than A?)."""
    from evaluation.fields_compare import compare_configurations

    named = {}
    for item in outputs:
        name, sep, folder = item.partition("=")
        if not sep or not Path(folder).is_dir():
            console.print(f"[red]{item}: expected NAME=FOLDER with an existing folder[/red]")
            raise typer.Exit(2)
        named[name] = Path(folder)
    if len(named) < 2:
        console.print("[red]give two or more NAME=FOLDER[/red]")
        raise typer.Exit(2)
    try:
        scores, deltas, left_out = compare_configurations(gold, named, boot)
    except ValueError as exc:
        console.print(f"[red]cannot compare: {exc}[/red]")
        raise typer.Exit(2) from exc
    table = Table(title="Field F1 per table (95% bootstrap interval over documents)")
    table.add_column("configuration")
    groups = [g for g in scores[0].f1 if any(sum(s.counts[g]) for s in scores)]
    for g in groups:
        table.add_column(g, justify="right")
    for s in scores:
        table.add_row(s.name, *(f"{s.f1[g]:.4f} ({s.ci[g][0]:.3f}–{s.ci[g][1]:.3f})" for g in groups))
    console.print(table)
    dt = Table(title="Paired differences (B − A)")
    for col in ("A", "B", "table", "Δ F1", "95% interval", "real"):
        dt.add_column(col, justify="right")
    for d in deltas:
        dt.add_row(d.a, d.b, d.table, f"{d.delta:+.4f}", f"{d.ci[0]:+.4f} … {d.ci[1]:+.4f}", "yes" if d.real else "no")
    console.print(dt)
    if left_out:
        console.print(f"[yellow]left out (not in every folder): {', '.join(left_out)}[/yellow]")
