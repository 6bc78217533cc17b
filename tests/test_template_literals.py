"""The template is written once (extractor/templates/): no module outside it restates a list of the
tables' row or column keys (issue 21 §2)."""

from __future__ import annotations

import ast
from pathlib import Path

from extractor.templates import template

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("extractor", "training", "evaluation", "scripts", "examples", "benchmarks", "xxgk")


def _template_keys() -> set[str]:
    return {k for table in ("t2", "t3", "t4") for k in (*template.row_keys(table), *template.column_keys(table))}


def key_literals(source: str, keys: set[str]) -> list[tuple[int, list[str]]]:
    """Literal tuples, lists and sets of two or more strings that are all row or column keys."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and len(node.elts) >= 2:
            words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(words) == len(node.elts) and all(w in keys for w in words):
                out.append((node.lineno, words))
    return out


def test_the_scan_finds_a_restated_list() -> None:
    keys = _template_keys()
    assert key_literals('COLS = ("natural", "total")\nx = ["review", "suit_direct"]\n', keys) == [
        (1, ["natural", "total"]), (2, ["review", "suit_direct"])]
    assert key_literals('x = ("natural", "自然人")\ny = ("total",)\n', keys) == []


def test_no_module_outside_the_templates_lists_row_or_column_keys() -> None:
    keys = _template_keys()
    templates = ROOT / "extractor" / "templates"
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if templates in path.parents:
                continue
            found += [f"{path.relative_to(ROOT)}:{line}: {words}" for line, words in key_literals(path.read_text("utf-8"), keys)]
    assert not found, "row/column keys restated outside extractor/templates/:\n" + "\n".join(found)
