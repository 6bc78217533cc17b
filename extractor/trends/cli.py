"""`xxgk trends`, mounted on the main app by `register` (the work is imported only when the command runs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def trends(
    paths: Annotated[list[Path], typer.Argument(help="Batch output folders of `xxgk extract` (or their fields.parquet files).")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("trends"),
    mapping: Annotated[Path | None, typer.Option("--map", help="Body names to join: CSV name,body or JSON {name: body}; a name is a printed name, a document's output name, its source or file name, or its sha256.")] = None,
    max_bodies: Annotated[int, typer.Option("--max-bodies", help="Bodies given a section in report.html/.md (most anomalies first); all are in series.parquet.")] = 200,
) -> None:
    """Series per body, year and measure (series.parquet), anomalies with their evidence (anomalies.csv/.parquet),
    the body matches made (bodies.csv) and a report (report.html, report.md) over one or more batches."""
    from rich.console import Console

    from extractor.trends.run import run

    err = Console(stderr=True)
    try:
        s = run(paths, out, mapping, max_bodies=max_bodies)
    except ValueError as exc:
        err.print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(2) from exc
    Console().print(f"{s.documents} document(s), {s.bodies} bodies, {s.series_rows} series rows, {s.anomalies} anomalies "
                    f"→ {out}/ (series.parquet, anomalies.csv, bodies.csv, report.html, report.md)", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("trends")(trends)
