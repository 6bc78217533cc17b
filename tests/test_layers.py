"""The layers run one way (docs/architecture.md): the runtime `extractor/` imports neither `training/` nor
`evaluation/`; `training/` may import the runtime only; `evaluation/` both; only the command line `xxgk/` sees
all three. And no package imports itself in a circle. Every import counts, also one inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("extractor", "training", "evaluation", "xxgk")
# What each package may import of the others.
ALLOWED = {
    "extractor": set(),
    "training": {"extractor"},
    "evaluation": {"extractor", "training"},
    "xxgk": {"extractor", "training", "evaluation"},
}



def _modules() -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = path
    return out


def _import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports (the longest known prefix of each imported name)."""
    modules = _modules()

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        targets: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(known(a.name) for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package
                    for _ in range(node.level - 1):
                        anchor = anchor.rpartition(".")[0]
                    base = f"{anchor}.{base}" if base else anchor
                # `from pkg import submodule` imports the submodule; `from module import name` the module.
                targets.update(known(f"{base}.{a.name}") if f"{base}.{a.name}" in modules else known(base)
                               for a in node.names)
        graph[module] = {t for t in targets if t and t != module}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_each_layer_imports_only_the_layers_below_it():
    wrong = sorted(f"{module} imports {target}" for module, targets in _import_graph().items() for target in targets
                   if target.split(".")[0] != module.split(".")[0]
                   and target.split(".")[0] not in ALLOWED[module.split(".")[0]])
    assert wrong == []


def test_no_package_imports_itself_in_a_circle():
    assert _cycles(_import_graph()) == []


def test_the_checks_see_a_layer_broken_and_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    graph = _import_graph()
    assert "extractor.mentions" in graph["extractor.tagger.base"]  # the graph reads real imports
    assert "extractor.cli" in graph["xxgk.cli"]


def test_the_command_line_loads_training_and_evaluation_only_when_named():
    import subprocess
    import sys

    probe = ("import sys; from typer.testing import CliRunner; from xxgk.cli import app; "
             "CliRunner().invoke(app, ['extract', '--help']); "
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'training', 'evaluation', 'seqeval'}))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
