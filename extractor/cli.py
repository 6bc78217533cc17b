"""The runtime's commands of `xxgk` (extract and the like). Thin: each parses options and calls the library."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from extractor.models import DEFAULT_MODELS

# The runtime's commands; `xxgk` (xxgk/cli.py) adds the training and evaluation groups to them.
app = typer.Typer(help="Extract tables from 政府信息公开工作年度报告 and check them.", no_args_is_help=True)

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
    """Per report: each narrative quantity (SPEC's n.* fields) beside the table cells that state it, with its
    confidence; the sections found; failed checks, values left for review and warnings."""
    from extractor.checks.rules import NARRATIVE_PAIRS
    from extractor.spec import fields_by_key

    specs = fields_by_key()
    pairs = [(key, ()) for key in specs if key.startswith("n.") and key not in dict(NARRATIVE_PAIRS)]
    for r in reports:
        f, provenance = r["fields"], r["provenance"]
        name = f"{r['agency']} {r['year']}" if r.get("agency") and r.get("year") else Path(r["source"]).name
        table = Table(title=f"{name} (template {r['template']})", title_justify="left")
        table.add_column("quantity")
        table.add_column("tables 2-4", justify="right")
        table.add_column("running text (confidence)", justify="right")
        for key, cells in [*NARRATIVE_PAIRS, *pairs]:
            in_tables = [f[c] for c in cells if f.get(c) is not None]  # a cell printed / or — reads as None
            if key not in f and not in_tables:
                continue
            confidence = (provenance.get(key) or {}).get("confidence")
            said = _v(f.get(key)) + (f" ({confidence:.2f})" if key in f and confidence is not None else "")
            table.add_row(re.sub(r"（[^）]*）", "", specs[key].label), _v(sum(in_tables)) if in_tables else "—", said)
        sections = list(dict.fromkeys(s["label"].split(".")[0] for s in r["sections"]))
        failed = sum(1 for c in r["checks"] if not c["ok"] and c.get("severity", "error") == "error")
        table.caption = (f"sections: {', '.join(sections) or '—'}\n{failed} failed check(s), "
                         f"{len(r.get('review', []))} value(s) for review, {len(r['warnings'])} warning(s)")
        table.caption_justify = "left"
        console.print(table)


def _v(x) -> str:
    return "—" if x is None else str(x)


def _mount_trends() -> None:
    from extractor.trends.cli import register  # a thin module: the work is imported when the command runs

    register(app)


_mount_trends()


if __name__ == "__main__":
    app()
