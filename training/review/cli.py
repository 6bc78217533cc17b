"""`xxgk review OUT -o REVIEW/` and `xxgk review-import DECISIONS --out OUT`: the review loop's two commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console()
# Each command is a one-command Typer app, mounted lazily by xxgk/cli.py as `xxgk review` and `xxgk review-import`.
review_app = typer.Typer()
review_import_app = typer.Typer()


@review_app.command()
def review(
    out: Annotated[Path, typer.Argument(help="A batch's output folder (`xxgk extract -o OUT`).")],
    review_dir: Annotated[Path, typer.Option("-o", "--output", help="Folder for queue.jsonl, tasks.json, config.xml.")] = Path("review"),
    top: Annotated[int, typer.Option("-n", "--top", help="Items in the Label Studio tasks (0: all).")] = 0,
    cell_below: Annotated[float, typer.Option("--cell-below", help="Queue table cells whose confidence is below this.")] = 0.95,
    models: Annotated[Path | None, typer.Option("--models", help="Models folder whose tagger calibration gives the narrative threshold (default: the shipped models).")] = None,
) -> None:
    """Rank what a person should check in a batch (failed identities, values left for review, low-confidence cells,
    narrative values below the threshold) by P(wrong) × importance; write the queue and Label Studio tasks
    (the value's span highlighted, its candidates, for PDFs and scans the page with the cell's box).

    Import the project's JSON export (not JSON-MIN) with `xxgk review-import`."""
    from extractor.models import DEFAULT_MODELS
    from extractor.reconcile.confidence import Calibration
    from training.review.queue import build_queue, load_outputs
    from training.review.tasks import labeling_config, page_image, to_task

    try:
        reports = load_outputs(out)
    except (FileNotFoundError, ValueError) as exc:
        console.print(f"[red]{exc}[/red]", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    threshold = Calibration.load((models or DEFAULT_MODELS) / "tagger").threshold
    queue = build_queue(reports, threshold, cell_below)
    review_dir.mkdir(parents=True, exist_ok=True)
    (review_dir / "queue.jsonl").write_text("".join(json.dumps(i.as_dict(), ensure_ascii=False) + "\n" for i in queue),
                                            encoding="utf-8")
    texts: dict[str, str] = {}
    tasks = []
    for rank, item in enumerate(queue[:top] if top else queue, 1):
        if item.document not in texts:
            texts[item.document] = _text(out, item.document, Path(item.source))
        image = page_image(Path(item.source), item.page, item.box) if item.page or item.box else None
        tasks.append(to_task(item, texts[item.document], image, rank))
    (review_dir / "tasks.json").write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    (review_dir / "config.xml").write_text(labeling_config(), encoding="utf-8")
    kinds = {k: sum(i.kind == k for i in queue) for k in ("failed_check", "review", "narrative", "cell")}
    console.print(f"{len(queue)} item(s) to check in {len(reports)} output(s) ("
                  + ", ".join(f"{v} {k}" for k, v in kinds.items()) + f"); narrative threshold {threshold}")
    for i in queue[:10]:
        console.print(f"  {i.score:.3f}  {i.document}  {i.key} = {i.value}  [dim]{i.reason[:90]}[/dim]", highlight=False)
    console.print(f"→ {review_dir}/queue.jsonl, {len(tasks)} task(s) in {review_dir}/tasks.json, labeling config "
                  f"{review_dir}/config.xml")


def _text(out: Path, document: str, source: Path) -> str:
    """The extracted text the offsets index: OUT/<name>.txt (extract --text), else the source read again."""
    if (out / f"{document}.txt").is_file():
        return (out / f"{document}.txt").read_text("utf-8")
    from extractor.readers import read_document

    try:
        return read_document(source).text
    except Exception:  # a moved or unreadable source: the task still shows the value and its reason
        return ""


@review_import_app.command()
def review_import(
    decisions: Annotated[Path, typer.Argument(help="Label Studio JSON export of the review project.")],
    out: Annotated[Path, typer.Option("--out", help="The batch's output folder the review was made from.")],
    gold: Annotated[Path | None, typer.Option("--gold", help="Table gold folder to write table fixes into (e.g. annotations/gold).")] = None,
    spans: Annotated[Path | None, typer.Option("--spans", help="Span folder to write narrative fixes into (e.g. annotations/spans).")] = None,
    users: Annotated[Path | None, typer.Option("--users", help="Label Studio's user list (GET /api/users, JSON): records reviewers by email, not id.")] = None,
) -> None:
    """Apply a reviewer's decisions: OUT/<name>.json and fields.parquet updated (via: reviewed, who, when), table
    fixes into --gold, narrative fixes into --spans. Undecided tasks are listed and left alone."""
    from training.review.apply import DecisionError, apply_decisions, read_decisions, read_users

    try:
        found, skipped = read_decisions(decisions, read_users(users) if users else None)
        applied = apply_decisions(found, out, gold, spans)
    except DecisionError as exc:
        for problem in exc.problems:
            console.print(f"[red]✗[/red] {problem}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from exc
    for s in skipped:
        console.print(f"[yellow]skipped:[/yellow] {s}", highlight=False)
    for c in applied.changed:
        console.print(f"  {c}", highlight=False)
    console.print(f"{len(found)} decision(s) applied: {len(applied.outputs)} output(s) and {out}/fields.parquet "
                  f"updated, {len(applied.gold)} gold file(s), {len(applied.spans)} span file(s)")
