"""Scoring: the same code scores every model and every extraction run (SPEC §7)."""
