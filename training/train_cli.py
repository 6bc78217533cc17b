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

ConfigOpt = Annotated[Path, typer.Option("--config", "-c", help="Recipe (training/configs/*.json).")]
OutOpt = Annotated[Path, typer.Option("-o", "--out", help="Model folder to write (replaced when training succeeds).")]
FromOpt = Annotated[Path | None, typer.Option("--from", help="Continue from this trained model (new year, new labels).")]
DataOpt = Annotated[list[Path], typer.Option("--data", help="More annotation folders to train on (e.g. imported from Label Studio).")]
CorpusOpt = Annotated[Path, typer.Option("--corpus", help="Folder holding the annotated documents.")]


def _train(task: str, config: Path, out: Path, start_from: Path | None, data: list[Path], corpus: Path) -> None:
    from training.documents import CorpusError
    from training.recipes import load_recipe
    from training.trainer import train_model

    try:
        recipe = load_recipe(config)
    except (OSError, ValueError) as exc:
        console.print(f"[red]{config}: {exc}[/red]")
        raise typer.Exit(2) from exc
    if recipe["task"] != task:
        console.print(f"[red]{config} is a {recipe['task']} recipe, not a {task} recipe[/red]")
        raise typer.Exit(2)
    if start_from is not None and not (start_from / "config.json").is_file():
        console.print(f"[red]--from {start_from}: not a model folder (no config.json)[/red]")
        raise typer.Exit(2)
    if start_from is not None:
        kind = json.loads((start_from / "config.json").read_text(encoding="utf-8")).get("kind")
        if kind != recipe["kind"]:
            console.print(f"[red]--from {start_from}: a {kind} model cannot be continued by a {recipe['kind']} recipe "
                          f"({config}); pick the recipe it was trained from ({start_from / 'recipe.json'})[/red]")
            raise typer.Exit(2)
    progress = Progress(TextColumn("training"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TimeRemainingColumn(), console=console, transient=True)
    with progress:
        task_id = progress.add_task("steps", total=None)

        def on_step(step: int, total: int) -> None:
            progress.update(task_id, completed=step, total=total)

        try:
            written = train_model(recipe, out, corpus, start_from, data, log=progress.console.print, on_step=on_step)
        except CorpusError as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from exc
    console.print(f"model written to {written}/")
    if start_from is not None:
        from evaluation.cli import verdict_on_test

        raise typer.Exit(verdict_on_test(start_from, written, corpus, console))


@train_app.command("tagger")
def train_tagger(config: ConfigOpt = Path("training/configs/tagger.json"), out: OutOpt = Path("models/tagger"),
                 start_from: FromOpt = None, data: DataOpt = [], corpus: CorpusOpt = DEFAULT_CORPUS) -> None:
    """Train the quantity tagger (SPEC §6) on the corpus's training split plus synthetic reports."""
    _train("tagger", config, out, start_from, data, corpus)


@train_app.command("sections")
def train_sections(config: ConfigOpt = Path("training/configs/sections.json"), out: OutOpt = Path("models/sections"),
                   start_from: FromOpt = None, data: DataOpt = [], corpus: CorpusOpt = DEFAULT_CORPUS) -> None:
    """Train the section classifier (SPEC §5) on the corpus's training split plus synthetic reports."""
    _train("sections", config, out, start_from, data, corpus)
