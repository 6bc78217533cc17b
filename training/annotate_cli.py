"""`xxgk annotate …`: check, suggest, convert and compare the annotated corpus (annotations/spans)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

annotate_app = typer.Typer(help="Grow and check the annotated corpus (annotations/spans).", no_args_is_help=True)
console = Console()
DEFAULT_CORPUS = Path("../shared/corpus/real")


@annotate_app.command("validate")
def annotate_validate(
    paths: Annotated[list[Path], typer.Argument(help="Annotation files or folders (annotations/spans).")],
    corpus: Annotated[Path, typer.Option("--corpus", help="Folder holding the annotated documents.")] = DEFAULT_CORPUS,
) -> None:
    """Check every annotation file: offsets, text, labels, sha256, overlaps, sections tiling the text."""
    from training.corpus import annotation_files, validate_file

    files = [f for p in paths for f in (annotation_files(p) if p.is_dir() else [p])]
    if not files:
        console.print(f"[red]no annotation files in {', '.join(map(str, paths))}[/red]")
        raise typer.Exit(2)
    bad = 0
    for f in files:
        result = validate_file(f, corpus)
        if not result.ok:
            bad += 1
            for problem in result.problems:
                console.print(f"[red]✗[/red] {problem}", highlight=False)
    console.print(f"{len(files) - bad} of {len(files)} file(s) valid")
    if bad:
        raise typer.Exit(1)


