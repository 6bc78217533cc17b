"""`xxgk annotate agree`: two annotation passes scored against each other. It scores, so it lives in evaluation/;
the command line (xxgk/annotate_cli.py) mounts it on the annotate group."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from training.annotate_cli import DEFAULT_CORPUS, CorpusOpt, _fail, console


def annotate_agree(
    a: Annotated[Path, typer.Argument(help="Reference pass (annotations/spans).")],
    b: Annotated[Path, typer.Argument(help="Other pass (annotations/pass2).")],
    corpus: CorpusOpt = DEFAULT_CORPUS,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the figures and disagreements here.")] = None,
    fine: Annotated[bool, typer.Option("--fine", help="Per-label section table with overview.* labels.")] = False,
) -> None:
    """Agreement of two annotation passes on their shared documents: entity F1, section F1, disagreements."""
    import json

    from evaluation.agreement import agreement_json, compare_folders, render
    from training.documents import CorpusError

    try:
        agreement = compare_folders(a, b, corpus)
    except CorpusError as exc:
        raise _fail(exc) from exc
    render(agreement, console, fine)
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(agreement_json(agreement), ensure_ascii=False, indent=1), encoding="utf-8")
        console.print(f"→ {json_out}")
