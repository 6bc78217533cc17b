"""`xxgk evaluate fields`: an extraction run's fields scored against gold (SPEC §7), how far its confidence can be
trusted, and the identities' pass rates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()


def _v(x) -> str:
    return "—" if x is None else str(x)


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
