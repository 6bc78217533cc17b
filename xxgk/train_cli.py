"""`xxgk train tagger|sections`: train a model from a recipe in training/configs/ into a model folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from training.recipes import DEFAULT_CORPUS

train_app = typer.Typer(help="Train the quantity tagger or the section classifier from a recipe.", no_args_is_help=True)
console = Console()
MAY_REPLACE, MUST_NOT_REPLACE, USAGE = 0, 1, 2  # exit codes of `xxgk train` (and of its verdict after --from)

ConfigOpt = Annotated[Path, typer.Option("--config", "-c", help="Recipe (training/configs/*.json).")]
OutOpt = Annotated[Path, typer.Option("-o", "--out", help="Model folder to write (replaced when training succeeds; "
                                                          "never the --from folder).")]
FromOpt = Annotated[Path | None, typer.Option("--from", help="Continue from this trained model (new year, new labels).")]
DataOpt = Annotated[list[Path], typer.Option("--data", help="More annotation folders to train on (e.g. imported from "
                                                           "Label Studio); their test-split reports are left out.")]
CorpusOpt = Annotated[Path, typer.Option("--corpus", help="Folder holding the annotated documents.")]


def _refuse(message: str) -> None:
    console.print(f"[red]{message}[/red]", highlight=False)
    raise typer.Exit(USAGE)


def _check_from(start_from: Path, out: Path, recipe: dict, config: Path) -> None:
    """A `--from` model that can be compared with (and continued from) at all: checked before any training."""
    from extractor.models import load_model

    if not (start_from / "config.json").is_file():
        _refuse(f"--from {start_from}: not a model folder (no config.json)")
    if start_from.resolve() == out.resolve():
        _refuse(f"-o {out} is the --from model: the new model would replace the old one before they are compared; "
                f"write it beside (e.g. -o {out}-new) and swap the folders once the verdict says it may replace it")
    kind = json.loads((start_from / "config.json").read_text(encoding="utf-8")).get("kind")
    if kind != recipe["kind"]:
        _refuse(f"--from {start_from}: a {kind} model cannot be continued by a {recipe['kind']} recipe "
                f"({config}); pick the recipe it was trained from ({start_from / 'recipe.json'})")
    try:
        load_model(start_from)
    except Exception as exc:  # whatever a broken folder raises (missing weights, bad JSON, …): it is the input's fault
        _refuse(f"--from {start_from}: the model does not load ({type(exc).__name__}: {exc})")


def _train(task: str, config: Path, out: Path, start_from: Path | None, data: list[Path], corpus: Path) -> None:
    """Exit codes: 0 trained (and, with --from, the new model may replace the old one), 1 the new model must not
    replace the old one, 2 bad input (recipe, --from, --data, corpus), refused before training."""
    from training.documents import CorpusError
    from training.recipes import load_recipe
    from evaluation.dev_scores import dev_score_for
    from training.trainer import extra_folders, load_new_data, record_verdict, train_model

    try:
        recipe = load_recipe(config)
    except (OSError, ValueError) as exc:
        _refuse(f"{config}: {exc}")
    if recipe["task"] != task:
        _refuse(f"{config} is a {recipe['task']} recipe, not a {task} recipe")
    if start_from is not None:
        _check_from(start_from, out, recipe, config)
    folders = extra_folders(recipe, data)
    try:
        new = load_new_data(recipe, folders, corpus) if folders else None
    except CorpusError as exc:
        _refuse(str(exc))
    notes = [f"left out of training: {why}" for why in (new.left_out.values() if new else [])]
    for note in notes:
        console.print(f"[yellow]{note}[/yellow]", highlight=False)
    progress = Progress(TextColumn("training"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TimeRemainingColumn(), console=console, transient=True)
    with progress:
        task_id = progress.add_task("steps", total=None)

        def on_step(step: int, total: int) -> None:
            progress.update(task_id, completed=step, total=total)

        try:
            written = train_model(recipe, out, corpus, start_from, new or [], log=progress.console.print,
                                  on_step=on_step, config_path=config, dev_score=dev_score_for(task))
        except CorpusError as exc:
            _refuse(str(exc))
    console.print(f"model written to {written}/ (card.md, metrics.json)")
    if task == "tagger" and not (written / "calibration.json").is_file():
        # The confidences of n.* values come from a calibration fitted on cross-validated predictions, which
        # training alone does not make: without it they are the model's raw probabilities (UNCALIBRATED).
        console.print(f"[yellow]{written}/ has no calibration.json: its confidences are uncalibrated until "
                      "`xxgk evaluate reports` fits one (models/tagger's is fitted by `make reports`)[/yellow]",
                      highlight=False)
    if start_from is not None:
        from evaluation.cli import verdict_on_test

        verdict = verdict_on_test(start_from, written, corpus, console, written / "comparison", notes)
        record_verdict(written, verdict)
        console.print(f"verdict → {written}/card.md, metrics.json and comparison/report.html")
        raise typer.Exit(MAY_REPLACE if verdict["ok"] else MUST_NOT_REPLACE)


@train_app.command("tagger")
def train_tagger(config: ConfigOpt = Path("training/configs/tagger_crf_second_stage.json"), out: OutOpt = Path("models/tagger"),
                 start_from: FromOpt = None, data: DataOpt = [], corpus: CorpusOpt = DEFAULT_CORPUS) -> None:
    """Train the quantity tagger (SPEC §6) on the corpus's training split plus synthetic reports."""
    _train("tagger", config, out, start_from, data, corpus)


@train_app.command("sections")
def train_sections(config: ConfigOpt = Path("training/configs/sections.json"), out: OutOpt = Path("models/sections"),
                   start_from: FromOpt = None, data: DataOpt = [], corpus: CorpusOpt = DEFAULT_CORPUS) -> None:
    """Train the section classifier (SPEC §5) on the corpus's training split plus synthetic reports."""
    _train("sections", config, out, start_from, data, corpus)
