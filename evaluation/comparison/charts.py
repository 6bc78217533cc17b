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

COLOURS = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3", "#8C8C8C", "#CCB974",
           "#64B5CD")  # ten systems, ten colours


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



def f1_panels(groups: list[str], systems: list[tuple[str, dict[str, Score]]], columns: int = 4) -> Figure:
    """Small multiples at page width: one panel per label (group), one row per system in every panel (the same
    order and colour), its F1 as a dot and its bootstrap interval as a line on a 0-1 axis. Readable with ten
    systems and fifteen labels, where one bar chart of them all is thousands of points wide."""
    columns = max(1, min(columns, len(groups)))
    rows = -(-len(groups) // columns)
    n = len(systems)
    panel_height = 0.45 + 0.17 * n
    fig = Figure(figsize=(12.0, 0.3 + rows * panel_height))
    axes = fig.subplots(rows, columns, squeeze=False, sharex=True)
    y = np.arange(n)[::-1]
    for k, ax in enumerate(axes.flat):
        if k >= len(groups):
            ax.set_visible(False)
            continue
        group = groups[k]
        for yi, (i, (name, scores)) in zip(y, enumerate(systems)):
            if group not in scores:
                continue
            s = scores[group]
            colour = COLOURS[i % len(COLOURS)]
            ax.hlines(yi, s.f1_ci[0], s.f1_ci[1], color=colour, linewidth=1.6)
            ax.plot([s.f1], [yi], "o", color=colour, markersize=3.5)
        ax.set_title(group, fontsize=8.5, loc="left")
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.7, n - 0.3)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "", "0.5", "", "1"], fontsize=7)
        ax.grid(axis="x", alpha=0.3)
        if k % columns == 0:
            ax.set_yticks(y, [name for name, _ in systems], fontsize=7)
        else:
            ax.set_yticks(y, [""] * n)
        ax.tick_params(axis="y", length=0)
    fig.tight_layout(pad=0.4, h_pad=0.6, w_pad=0.8)
    return fig
