"""The `xxgk evaluate` group: every command that scores models or extraction runs."""

from __future__ import annotations

import typer

from evaluation.cli import register
from evaluation.fields_cli import evaluate_fields

evaluate_app = typer.Typer(help="Score models and extraction outputs against gold annotations.", no_args_is_help=True)
register(evaluate_app)
evaluate_app.command("fields")(evaluate_fields)
