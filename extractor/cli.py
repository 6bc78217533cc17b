"""The `xxgk` command. Thin: each command parses options and calls the library."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
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
    from extractor.trends.cli import register as register_trends

    register_trends(app)


_mount_subcommands()
console = Console()
err_console = Console(stderr=True)


def _batch_default(name: str):
    from extractor import batch

    return getattr(batch, name)


def _limit_default(name: str):
    from extractor.limits import Limits

    return getattr(Limits(), name)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders (txt, md, html, docx, pdf, images).")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("out"),
    workers: Annotated[int | None, typer.Option("--workers", "-w", help="Documents processed in parallel (default 1; with --engine ray, one per CPU of the cluster).")] = None,
    text: Annotated[bool, typer.Option("--text", help="Also write each document's extracted text (OUT/<stem>.txt).")] = False,
    show: Annotated[bool, typer.Option("--show", help="Print the main figures of each report as a table.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds one document may take (0: no limit).")] = _batch_default("DEFAULT_TIMEOUT"),
    memory: Annotated[int, typer.Option("--memory", help="Memory cap of each worker process, MiB (0: none).")] = _batch_default("DEFAULT_MEMORY_MB"),
    max_pages: Annotated[int, typer.Option("--max-pages", help="Pages of a PDF or frames of an image.")] = _limit_default("max_pages"),
    max_pixels: Annotated[int, typer.Option("--max-pixels", help="Pixels of one page to OCR.")] = _limit_default("max_pixels"),
    max_unzipped: Annotated[int, typer.Option("--max-unzipped", help="Uncompressed size of a .docx, MiB.")] = _limit_default("max_unzipped_bytes") // 2**20,
    max_depth: Annotated[int, typer.Option("--max-depth", help="Depth of tables nested in tables (HTML).")] = _limit_default("max_table_depth"),
    max_nesting: Annotated[int, typer.Option("--max-nesting", help="Depth of elements nested in elements (HTML).")] = _limit_default("max_nesting"),
    max_text: Annotated[int, typer.Option("--max-text", help="Characters of a report's text.")] = _limit_default("max_text"),
    force: Annotated[bool, typer.Option("--force", help="Redo every document, also those a previous run into OUT finished.")] = False,
    engine: Annotated[str, typer.Option("--engine", help="local (isolated worker processes), ray (Ray actors over a cluster: pip install 'xxgk\\[ray]') or inline (debugging: no timeout, no memory cap).")] = "local",
    address: Annotated[str | None, typer.Option("--address", help="With --engine ray: the cluster (host:port, or 'auto'); default RAY_ADDRESS, else a local Ray instance.")] = None,
    grace: Annotated[float, typer.Option("--grace", help="After Ctrl-C or SIGTERM, seconds the documents in flight get to finish.")] = _batch_default("DEFAULT_GRACE"),
    models: Annotated[Path, typer.Option("--models", help="Folder of trained models (tagger/, sections/).")] = DEFAULT_MODELS,
    no_models: Annotated[bool, typer.Option("--no-models", help="Tables only: no sections, entities or n.* fields.")] = False,
) -> None:
    """Extract tables 2-4 of every report: OUT/<stem>.json, summary.csv, errors.jsonl, fields.parquet, manifest.jsonl.

    Rerunning into the same OUT skips the documents already done and unchanged.

    Exit status: 0 all done; 1 some files failed (named on stderr and in errors.jsonl) or the batch was interrupted; 2 usage error
    (also: OUT in use by another batch); 3 OUT could not be written, or a summary at the end (a full disk; each named on stderr)."""
    from extractor.batch import UsageError, extract_batch
    from extractor.limits import Limits

    if engine not in ("local", "process", "inline", "ray"):
        err_console.print(f"[red]unknown engine {engine!r}: local, ray or inline[/red]")
        raise typer.Exit(2)
    if address is not None and engine != "ray":
        err_console.print("[red]--address is for --engine ray[/red]")
        raise typer.Exit(2)
    models_dir = None
    if not no_models:
        if not (models / "tagger" / "config.json").is_file() and not (models / "sections" / "config.json").is_file():
            err_console.print(f"[red]--models {models}: no trained model there (tagger/ or sections/ with "
                              "config.json); --no-models runs the tables only[/red]")
            raise typer.Exit(2)
        models_dir = models.resolve()
    reports: list[dict] = []
    progress = Progress(
        TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, disable=not err_console.is_terminal and not os.environ.get("XXGK_PROGRESS"),
        auto_refresh=False,  # no refresh thread: the batch forks workers, and a fork must not copy a held lock
    )
    task = progress.add_task("extract", total=None)
    limits = Limits(max_pages=max_pages, max_pixels=max_pixels, max_unzipped_bytes=max_unzipped * 2**20, max_table_depth=max_depth,
                    max_nesting=max_nesting, max_text=max_text)
    try:
        with progress:
            result = extract_batch(
                paths, out, workers, text,
                on_progress=lambda outcome: (progress.advance(task), progress.refresh()),
                timeout=timeout, memory_mb=memory, limits=limits, force=force, engine=engine, address=address, grace=grace,
                models_dir=models_dir,
                on_report=reports.append if show else None,
                on_start=lambda todo, skipped: progress.update(task, total=todo),
            )  # fmt: skip
    except UsageError as exc:
        err_console.print(str(exc), style="red", markup=False)
        raise typer.Exit(2) from None
    except OSError as exc:  # OUT cannot be created or written at all
        err_console.print(f"cannot write {exc.filename or out}: {exc.strerror or exc}", style="red", markup=False)
        raise typer.Exit(3) from None
    if show:
        _show(reports)
    for source, error in result.failures:
        err_console.print(f"[yellow]failed[/yellow] {escape(error or source)}", highlight=False, soft_wrap=True)
    console.print(
        f"{result.ok} report(s) extracted, {result.failed} error(s)"
        + (f", {result.skipped} already done (unchanged since an earlier run)" if result.skipped else "")
        + f" → {out}/ (summary.csv, errors.jsonl, fields.parquet)"
        + (f"; {result.ignored} file(s) of other types in the folders ignored" if result.ignored else "")
        + (f"; {result.hidden} hidden file(s) or folder(s) (name starting with '.') ignored" if result.hidden else "")
    )
    for problem in result.not_written:
        err_console.print(problem, style="red", markup=False, highlight=False, soft_wrap=True)
    if result.interrupted:
        err_console.print(
            f"[red]interrupted by {result.interrupted}[/red]: the documents not finished are in {out}/errors.jsonl; "
            "run the same command again to finish them"
        )
    raise typer.Exit(result.exit_code)


def _show(reports) -> None:
    table = Table(title="Extracted reports")
    table.add_column("report", min_width=20)
    for col in ("tmpl", "主动公开", "新收", "办结", "结转", "复议", "诉讼", "failed", "review", "warn"):
        table.add_column(col, justify="right", no_wrap=True)
    for r in reports:
        f = r["fields"]
        suits = [f.get("t4.suit_direct.total"), f.get("t4.suit_after_review.total")]
        table.add_row(
            f"{r['agency']} {r['year']}" if r.get("agency") and r.get("year") else Path(r["source"]).name,
            r["template"],
            _v(f.get("n.proactive.total")),  # the narrative's: the tables do not state it
            _v(f.get("t3.new_received.total", f.get("n.applications.received"))),
            _v(f.get("t3.total.total")),
            _v(f.get("t3.carried_forward.total")),
            _v(f.get("t4.review.total")),
            _v(sum(s for s in suits if s is not None) if any(s is not None for s in suits) else None),
            str(sum(1 for c in r["checks"] if not c["ok"] and c.get("severity", "error") == "error")),
            str(len(r.get("review", []))),
            str(len(r["warnings"])),
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
    """Field precision/recall/F1 per table and overall (SPEC §7), with the list of wrong cells; precision and
    coverage of the cells with confidence ≥ 0.9; cells per confidence band; identities' pass rates."""
    from evaluation.fields import CONFIDENT, at_threshold, load_gold, load_outputs, score_documents

    if not gold.is_dir() or not pred.is_dir():
        console.print(f"[red]not a folder: {gold if not gold.is_dir() else pred}[/red]")
        raise typer.Exit(2)
    gold_fields, outputs = load_gold(gold), load_outputs(pred)
    scores = score_documents(gold_fields, {name: data["fields"] for name, data in outputs.items()})
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
    confident = at_threshold(gold_fields, outputs, CONFIDENT)
    ct = Table(title=f"Cells with confidence ≥ {CONFIDENT}: precision (right / taken) and coverage (right / gold cells)")
    for col in ("group", "gold cells", "taken", "right", "precision", "coverage"):
        ct.add_column(col, justify="right")
    for name, c in confident.items():
        if c.gold:
            ct.add_row(name, str(c.gold), str(c.taken), str(c.right), f"{c.precision:.4f}" if c.taken else "—",
                       f"{c.coverage:.4f}")
    console.print(ct)
    from evaluation.reliability import reliability, wrong_cell_details

    wrong = wrong_cell_details(pred, scores.wrong if max_wrong < 0 else scores.wrong[:max_wrong])
    if wrong:
        wt = Table(title=f"Wrong cells ({len(scores.wrong)}); context where the run kept the texts (--text)")
        for col in ("document", "key", "gold", "predicted", "printed", "read as", "conf.", "context"):
            wt.add_column(col)
        for w in wrong:
            wt.add_row(w["document"], w["key"], str(w["gold"]), _v(w["predicted"]), _v(w["printed"]),
                       " ".join(x for x in (w["via"], w["read_as"]) if x) or "—", _v(w["confidence"]), w["context"])
        console.print(wt)

    rel = reliability(gold, pred)
    bt = Table(title="Confidence bands: is the confidence worth filtering on?")
    for col in ("confidence", "cells", "right", "accuracy"):
        bt.add_column(col, justify="right")
    for b in rel.bands:
        bt.add_row(f"{b.low:.2f}–{min(b.high, 1.0):.2f}", str(b.cells), str(b.right), f"{b.accuracy:.4f}" if b.cells else "—")
    console.print(bt)
    rt = Table(title="Identities: pass rate per rule")
    for col in ("rule", "passed", "checked", "rate"):
        rt.add_column(col, justify="right")
    for rule, (ok, n) in rel.rules.items():
        rt.add_row(rule, str(ok), str(n), f"{ok / n:.4f}")
    console.print(rt)
    if json_out:
        data = dict(scores.to_dict(), reliability=rel.as_dict(), wrong_details=wrong,
                    at_confidence={"threshold": CONFIDENT, **{g: c.as_dict() for g, c in confident.items()}})
        json_out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    app()
