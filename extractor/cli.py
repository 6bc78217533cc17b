"""The `xxgk` command. Thin: each command parses options and calls the library."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from extractor.models import DEFAULT_MODELS

app = typer.Typer(help="Extract tables from 政府信息公开工作年度报告, check them, and score extractions.", no_args_is_help=True)
evaluate_app = typer.Typer(help="Score extraction outputs against gold annotations.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")


def _mount_subcommands() -> None:
    from evaluation.cli import register
    from training.annotate_cli import annotate_app
    from training.train_cli import train_app

    app.add_typer(annotate_app, name="annotate")
    app.add_typer(train_app, name="train")
    register(evaluate_app)


_mount_subcommands()
console = Console()


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders (txt, md, html, docx).")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("out"),
    workers: Annotated[int, typer.Option("--workers", "-w", help="Documents processed in parallel.")] = 1,
    text: Annotated[bool, typer.Option("--text", help="Also write each document's extracted text (OUT/<stem>.txt).")] = False,
    show: Annotated[bool, typer.Option("--show", help="Print the main figures of each report as a table.")] = False,
    models: Annotated[Path, typer.Option("--models", help="Folder of trained models (tagger/, sections/).")] = DEFAULT_MODELS,
    no_models: Annotated[bool, typer.Option("--no-models", help="Tables only: no sections, entities or n.* fields.")] = False,
) -> None:
    """Extract tables 2-4 of every report: OUT/<stem>.json, OUT/summary.csv, OUT/errors.jsonl."""
    from extractor.batch import BatchWriter, discover, run

    files, skipped = discover(paths)
    models_dir = None
    if not no_models:
        if not (models / "tagger" / "config.json").is_file() and not (models / "sections" / "config.json").is_file():
            console.print(f"[red]--models {models}: no trained model there (tagger/ or sections/ with config.json); "
                          "--no-models runs the tables only[/red]")
            raise typer.Exit(2)
        models_dir = str(models.resolve())
    if not files:
        console.print(f"[red]no report files found in {', '.join(map(str, paths))}[/red]")
        raise typer.Exit(2)
    writer = BatchWriter(out, write_text=text)
    reports = []
    progress = Progress(
        TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, disable=not console.is_terminal and not os.environ.get("XXGK_PROGRESS"),
    )
    try:
        with progress:
            task = progress.add_task("extract", total=len(files))
            for outcome in run(files, workers, keep_text=text, models_dir=models_dir):
                writer.add(outcome)
                if outcome.report is not None:
                    reports.append(outcome.report)
                else:
                    console.print(f"[yellow]skipped[/yellow] {outcome.error}")
                progress.advance(task)
    finally:
        writer.close()
    if show:
        _show(reports)
    console.print(
        f"{writer.ok} report(s) extracted, {writer.failed} error(s) → {out}/ (summary.csv, errors.jsonl)"
        + (f"; {len(skipped)} file(s) of other types in the folders ignored" if skipped else "")
    )
    if writer.ok == 0:
        raise typer.Exit(1)  # nothing extracted: a script calling us must notice


def _show(reports) -> None:
    table = Table(title="Extracted reports")
    table.add_column("report", min_width=20)
    for col in ("tmpl", "新收", "办结", "结转", "复议", "诉讼", "failed", "warn"):
        table.add_column(col, justify="right", no_wrap=True)
    for r in reports:
        f = r.fields
        suits = [f.get("t4.suit_direct.total"), f.get("t4.suit_after_review.total")]
        table.add_row(
            f"{r.agency} {r.year}" if r.agency and r.year else Path(r.source).name,
            r.template,
            _v(f.get("t3.new_received.total")),
            _v(f.get("t3.total.total")),
            _v(f.get("t3.carried_forward.total")),
            _v(f.get("t4.review.total")),
            _v(sum(s for s in suits if s is not None) if any(s is not None for s in suits) else None),
            str(r.failed_checks()),
            str(len(r.warnings)),
        )
    console.print(table)


def _v(x) -> str:
    return "—" if x is None else str(x)


@evaluate_app.command("fields")
def evaluate_fields(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold JSON files (annotations/gold).")],
    pred: Annotated[Path, typer.Option("--pred", help="Folder of `xxgk extract` outputs.")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the scores as JSON here.")] = None,
    max_wrong: Annotated[int, typer.Option("--max-wrong", help="Wrong cells to list (0: none, -1: all).")] = -1,
) -> None:
    """Field precision/recall/F1 per table and overall (SPEC §7), with the list of wrong cells."""
    from evaluation.fields import load_gold, load_predictions, score_documents

    if not gold.is_dir() or not pred.is_dir():
        console.print(f"[red]not a folder: {gold if not gold.is_dir() else pred}[/red]")
        raise typer.Exit(2)
    scores = score_documents(load_gold(gold), load_predictions(pred))
    table = Table(title=f"Field scores over {scores.documents} documents")
    for col in ("group", "precision", "recall", "F1", "correct", "wrong", "missed"):
        table.add_column(col, justify="right")
    for name, c in [*scores.groups.items(), ("overall", scores.overall)]:
        if c.tp + c.fn == 0:
            continue
        table.add_row(name, f"{c.precision:.4f}", f"{c.recall:.4f}", f"{c.f1:.4f}", str(c.tp), str(c.fp), str(c.fn - c.fp))
    console.print(table)
    if scores.missing_predictions:
        console.print(f"[yellow]no prediction for: {', '.join(scores.missing_predictions)}[/yellow]")
    wrong = scores.wrong if max_wrong < 0 else scores.wrong[:max_wrong]
    if wrong:
        wt = Table(title=f"Wrong cells ({len(scores.wrong)})")
        for col in ("document", "key", "gold", "predicted"):
            wt.add_column(col)
        for w in wrong:
            wt.add_row(w.document, w.key, str(w.gold), _v(w.predicted))
        console.print(wt)
    if json_out:
        json_out.write_text(json.dumps(scores.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    app()
