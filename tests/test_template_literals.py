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


def label_key_pairs(source: str) -> list[tuple[int, str]]:
    """Literal dicts, tuples and calls that pair an `n.*` key with the entity label that states it (a restated
    label ↔ key map: the template's NARRATIVE_LABELS is the one)."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            pairs = [p for k, v in zip(node.keys, node.values) if k is not None for p in ((k, v), (v, k))]
        elif isinstance(node, (ast.Tuple, ast.Call)):
            parts = node.elts if isinstance(node, ast.Tuple) else [*node.args, *(k.value for k in node.keywords)]
            pairs = [(a, b) for a in parts for b in parts if a is not b]
        else:
            continue
        for a, b in pairs:
            if isinstance(a, ast.Constant) and isinstance(b, ast.Constant) and isinstance(a.value, str):
                if a.value in template.NARRATIVE_LABELS and template.NARRATIVE_LABELS[a.value] == b.value:
                    out.append((node.lineno, f"{a.value} ↔ {b.value}"))
                    break
    return out


def test_the_label_scan_finds_a_restated_pair() -> None:
    assert label_key_pairs('M = {"APP_RECEIVED": "n.applications.received"}\n') == [
        (1, "n.applications.received ↔ APP_RECEIVED")]
    assert label_key_pairs('x = ("CASE_COUNT", 3, "n.review.total")\nq("FEE_AMOUNT", key="n.fees.info_processing")\n') == [
        (1, "n.review.total ↔ CASE_COUNT"), (2, "n.fees.info_processing ↔ FEE_AMOUNT")]
    assert label_key_pairs('x = ("APP_OUTCOME", 3, "n.applications.received")\n') == []


def test_the_label_key_map_is_written_once() -> None:
    from extractor.spec import ENTITY_LABELS, field_keys

    assert set(template.NARRATIVE_LABELS) == {k for k in field_keys() if k.startswith("n.")}
    assert set(template.NARRATIVE_LABELS.values()) <= set(ENTITY_LABELS)
    templates = ROOT / "extractor" / "templates"
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if templates not in path.parents:
                found += [f"{path.relative_to(ROOT)}:{line}: {pair}" for line, pair in label_key_pairs(path.read_text("utf-8"))]
    assert not found, "label ↔ n.* key pairs restated outside extractor/templates/:\n" + "\n".join(found)
