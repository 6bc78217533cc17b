"""The `xxgk annotate` group: the corpus tools of training/ plus `agree`, which scores and so lives in evaluation/."""

from __future__ import annotations

from evaluation.agreement_cli import annotate_agree
from training.annotate_cli import annotate_app

annotate_app.command("agree")(annotate_agree)
