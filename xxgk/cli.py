"""The `xxgk` command. The runtime's commands (extractor/cli.py) are always there; the training and evaluation
groups are imported only when named, so `xxgk extract` loads neither package, and the runtime imports neither.
The `xxgk` package (this module, train_cli.py, annotate_cli.py) is the one layer allowed to see the other three."""

from __future__ import annotations

import importlib

import click
import typer
from typer.core import TyperGroup

from extractor.cli import app as runtime_app

# name → (module, its Typer group): mounted on first use.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "annotate": ("xxgk.annotate_cli", "annotate_app"),
    "train": ("xxgk.train_cli", "train_app"),
    "evaluate": ("evaluation.app", "evaluate_app"),
    "review": ("training.review.cli", "review_app"),
    "review-import": ("training.review.cli", "review_import_app"),
}


class LazyGroup(TyperGroup):
    """A group whose SUBCOMMANDS are imported when a command line names them (or help lists them)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *SUBCOMMANDS]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in SUBCOMMANDS:
            module, attribute = SUBCOMMANDS[cmd_name]
            group = typer.main.get_command(getattr(importlib.import_module(module), attribute))
            group.name = cmd_name
            # Shell completion is installed from the root command, not from each group.
            group.params = [p for p in group.params if p.name not in ("install_completion", "show_completion")]
            return group
        return super().get_command(ctx, cmd_name)


app = typer.Typer(cls=LazyGroup, no_args_is_help=True)
app.registered_commands.extend(runtime_app.registered_commands)
app.registered_groups.extend(runtime_app.registered_groups)


@app.callback()
def main() -> None:
    """Extract tables and narrative quantities from 政府信息公开工作年度报告, check them, train the models and score them."""

if __name__ == "__main__":
    app()
