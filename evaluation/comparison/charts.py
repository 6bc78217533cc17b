"""The comparison's charts as inline SVG, drawn by matplotlib without pyplot (no global backend touched) with text
drawn as paths (no font needed by the reader); ids prefixed per chart, so that several charts fit in one page."""

from __future__ import annotations

import io
import re

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure

from evaluation.comparison.formatting import NO_SECTION
from evaluation.comparison.results import PairedDelta, Score

COLOURS = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3", "#8C8C8C")


def svg(fig: Figure, prefix: str) -> str:
    """The figure as inline SVG: no XML prolog, doctype or metadata (they name http:// schemas), ids prefixed so
    that several charts in one page cannot capture each other's references."""
    buf = io.StringIO()
    with rc_context({"svg.hashsalt": "xxgk", "svg.fonttype": "path"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    out = buf.getvalue()
    out = out[out.index("<svg"):]
    out = re.sub(r"<metadata>.*?</metadata>", "", out, flags=re.S)
    out = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", out)
    ids = set(re.findall(r'\bid="([^"]+)"', out))
    out = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', out)
    return re.sub(r'(href="#|url\(#)([^")]+)', lambda m: m.group(1) + (f"{prefix}-{m.group(2)}" if m.group(2) in ids
                                                                      else m.group(2)), out)


def f1_bars(groups: list[str], systems: list[tuple[str, dict[str, Score]]], title: str) -> Figure:
    """One bar per system and group, its F1; a line for the bootstrap interval."""
    fig = Figure(figsize=(max(6.0, 0.9 * len(groups) * max(1, len(systems)) * 0.45 + 2), 4.2))
    ax = fig.add_subplot()
    width = 0.8 / max(1, len(systems))
    x = np.arange(len(groups))
    for k, (name, scores) in enumerate(systems):
        xs = x - 0.4 + width * (k + 0.5)
        f1 = [scores[g].f1 if g in scores else np.nan for g in groups]
        ax.bar(xs, f1, width * 0.92, label=name, color=COLOURS[k % len(COLOURS)])
        for xi, g in zip(xs, groups):
            if g in scores:
                lo, hi = scores[g].f1_ci
                ax.vlines(xi, lo, hi, color="#222", linewidth=1)
                ax.hlines([lo, hi], xi - width * 0.2, xi + width * 0.2, color="#222", linewidth=1)
    ax.set_xticks(x, groups, rotation=35, ha="right", fontsize=8)
    ax.set_ylim(0, 1.15)
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.set_ylabel("F1")
    ax.set_title(title, fontsize=10)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, loc="upper right", ncol=len(systems), frameon=False)
    fig.tight_layout()
    return fig


def confusion_chart(name: str, gold: list[str], predicted: list[str | None], matrix: list[list[int]]) -> Figure:
    counts = np.array(matrix, dtype=float)
    rows = counts.sum(axis=1, keepdims=True)
    share = np.divide(counts, rows, out=np.zeros_like(counts), where=rows > 0)
    fig = Figure(figsize=(1.0 + 0.75 * len(predicted), 1.0 + 0.55 * len(gold)))
    ax = fig.add_subplot()
    ax.imshow(share, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    for i in range(len(gold)):
        for j in range(len(predicted)):
            if matrix[i][j]:
                ax.text(j, i, str(matrix[i][j]), ha="center", va="center", fontsize=7,
                        color="white" if share[i, j] > 0.5 else "#222")
    ax.set_xticks(range(len(predicted)), [p or NO_SECTION for p in predicted], rotation=35, ha="right", fontsize=8)
    ax.set_yticks(range(len(gold)), gold, fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.set_title(f"{name} (colour: share of the gold row)", fontsize=9)
    fig.tight_layout()
    return fig


def forest(rows: list[tuple[str, PairedDelta]]) -> Figure:
    fig = Figure(figsize=(8, 0.9 + 0.32 * len(rows)))
    ax = fig.add_subplot()
    y = np.arange(len(rows))[::-1]
    for yi, (_, d) in zip(y, rows):
        colour = "#8C8C8C" if not d.real else ("#1b6e20" if d.delta > 0 else "#b00020")
        ax.hlines(yi, d.ci[0], d.ci[1], color=colour, linewidth=2)
        ax.plot([d.delta], [yi], "o", color=colour, markersize=4)
    ax.axvline(0, color="#222", linewidth=0.8)
    ax.set_yticks(y, [label for label, _ in rows], fontsize=8)
    ax.set_xlabel("Δ F1 (B − A), 95% paired-bootstrap interval")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig

