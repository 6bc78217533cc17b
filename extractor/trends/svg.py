"""Small inline SVG line charts for the trends report (no library, no network): a series with an optional band
(e.g. the peers' interquartile range) and marked years (anomalies)."""

from __future__ import annotations

from html import escape


def fmt(value: float | None, kind: str = "count") -> str:
    if value is None:
        return "–"
    if kind == "share":
        return f"{100 * value:.1f}%"
    if abs(value) >= 10_000:
        return f"{value / 10_000:.1f}万"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def line_chart(points: list[tuple[int, float]], years: list[int], *, band: list[tuple[int, float, float]] | None = None,
               marks: set[int] = frozenset(), kind: str = "count", width: int = 220, height: int = 110,
               title: str = "") -> str:  # fmt: skip
    """A chart of `points` (year, value) over the x range `years`; `band` (year, low, high) drawn behind."""
    left, right, top, bottom = 34, 16, 8, 18
    values = [v for _, v in points] + [x for _, lo, hi in band or [] for x in (lo, hi)]
    if not years:
        return ""
    lo_v, hi_v = (min(values + [0.0]), max(values + [0.0])) if values else (0.0, 1.0)
    if hi_v == lo_v:
        hi_v = lo_v + 1
    y0, y1 = min(years), max(years)
    span = max(1, y1 - y0)

    def x(year: int) -> float:
        return left + (year - y0) / span * (width - left - right) if y1 > y0 else (left + width - right) / 2

    def y(v: float) -> float:
        return top + (hi_v - v) / (hi_v - lo_v) * (height - top - bottom)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
             f' role="img" aria-label="{escape(title)}">']  # fmt: skip
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    parts.append(f'<line x1="{left}" y1="{y(lo_v):.1f}" x2="{width - right}" y2="{y(lo_v):.1f}" stroke="#999"/>')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#999"/>')
    for v in (lo_v, hi_v):
        parts.append(f'<text x="{left - 3}" y="{y(v) + 4:.1f}" font-size="9" text-anchor="end" fill="#555">{fmt(v, kind)}</text>')
    for year in sorted({y0, y1} | ({(y0 + y1) // 2} if y1 - y0 > 3 else set(years))):
        parts.append(f'<text x="{x(year):.1f}" y="{height - 5}" font-size="9" text-anchor="middle" fill="#555">{year}</text>')
    if band:
        b = sorted(band)
        poly = [f"{x(yr):.1f},{y(hi):.1f}" for yr, _, hi in b] + [f"{x(yr):.1f},{y(lo):.1f}" for yr, lo, _ in reversed(b)]
        parts.append(f'<polygon points="{" ".join(poly)}" fill="#c6dbef" stroke="none"/>')
    pts = sorted(points)
    # consecutive years are joined; a missing year breaks the line
    run: list[str] = []
    for i, (yr, v) in enumerate(pts):
        if i and yr != pts[i - 1][0] + 1 and len(run) > 1:
            parts.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="#08519c" stroke-width="1.8"/>')
        if i and yr != pts[i - 1][0] + 1:
            run = []
        run.append(f"{x(yr):.1f},{y(v):.1f}")
    if len(run) > 1:
        parts.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="#08519c" stroke-width="1.8"/>')
    for yr, v in pts:
        colour = "#d7301f" if yr in marks else "#08519c"
        r = 4 if yr in marks else 2.5
        parts.append(f'<circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="{r}" fill="{colour}"><title>{yr}: {fmt(v, kind)}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)
