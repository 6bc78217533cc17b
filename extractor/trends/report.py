"""report.html (one self-contained page: inline CSS and SVG, nothing fetched) and report.md of a trends run:
the batch at a glance, small multiples per measure, the anomalies, the 2019/2021 mapping, and a section per body
with its series, its anomalies and a link from each value to its document's JSON (its provenance on hover).
At most `max_bodies` bodies get a section (those with the most anomalies first); all are in series.parquet."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from functools import lru_cache
from html import escape
from pathlib import Path

from extractor.batch.atomic import atomic_write
from extractor.trends import anomalies as rules
from extractor.trends.measures import left_out, measures
from extractor.trends.svg import fmt, line_chart

MAX_ANOMALY_ROWS = 500

CSS = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#222;max-width:1400px}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:32px}h3{font-size:16px;margin-top:28px}
table{border-collapse:collapse;font-size:12px;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 6px;text-align:right;vertical-align:top}
th{background:#f3f3f3}td.l,th.l{text-align:left}.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:120px}.card b{display:block;font-size:22px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:10px}
.cell{border:1px solid #eee;border-radius:4px;padding:4px}.cell .t{font-size:12px}.cell .k{font-size:10px;color:#777}
.error{color:#b30000}.warning{color:#a65e00}.failed{background:#fde0dd}a{color:#08519c}nav a{margin-right:12px}
.muted{color:#777;font-size:12px}
"""


def _rows(con, sql: str, params=()) -> list[dict]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _gather(con, max_bodies: int) -> dict:
    g: dict = {}
    g["overview"] = _rows(con, """SELECT (SELECT count(*) FROM docs) AS documents,
        (SELECT count(DISTINCT body_key) FROM doc_body) AS bodies,
        (SELECT count(*) FROM docs WHERE year IS NULL) AS no_year,
        (SELECT count(*) FROM doc_body WHERE body_key LIKE '?%') AS no_name,
        (SELECT min(year) FROM chosen) AS first_year, (SELECT max(year) FROM chosen) AS last_year,
        (SELECT count(*) FROM series) AS series_rows, (SELECT count(*) FROM anomalies) AS anomalies""")[0]
    g["per_year"] = _rows(con, """SELECT year, count(*) AS reports, count(*) FILTER (WHERE template = '2019') AS t2019,
        count(*) FILTER (WHERE template = '2021') AS t2021, count(*) FILTER (WHERE template NOT IN ('2019', '2021')) AS other
        FROM chosen GROUP BY year ORDER BY year""")
    g["lengths"] = _rows(con, """SELECT years, count(*) AS bodies FROM (SELECT body_key, count(*) AS years FROM chosen
        GROUP BY body_key) GROUP BY years ORDER BY years""")
    # measure by measure: an exact quantile holds its group's values in memory
    g["coverage"] = [row for (measure,) in con.execute("SELECT DISTINCT measure FROM series ORDER BY 1").fetchall()
                     for row in _rows(con, """SELECT measure, year, count(*) AS n, median(value) AS med,
                         quantile_cont(value, 0.25) AS q1, quantile_cont(value, 0.75) AS q3
                         FROM series WHERE measure = ? GROUP BY measure, year ORDER BY year""", [measure])]
    g["rule_counts"] = _rows(con, "SELECT rule, severity, count(*) AS n FROM anomalies GROUP BY ALL ORDER BY rule, severity")
    g["anomalies"] = _rows(con, f"""SELECT * FROM anomalies ORDER BY severity = 'error' DESC, abs(coalesce(score, 0)) DESC,
        body_key, year LIMIT {MAX_ANOMALY_ROWS}""")
    g["shown"] = _rows(con, f"""SELECT b.body_key, any_value(b.body_name) AS body_name, count(DISTINCT c.year) AS years,
        (SELECT count(*) FROM anomalies a WHERE a.body_key = b.body_key) AS n_anomalies
        FROM doc_body b LEFT JOIN chosen c USING (doc) GROUP BY b.body_key
        ORDER BY n_anomalies DESC, years DESC, b.body_key LIMIT {int(max_bodies)}""")
    keys = [b["body_key"] for b in g["shown"]]
    con.register("shown_keys", __import__("pyarrow").table({"body_key": keys or [""]}))
    g["series"] = _rows(con, """SELECT s.* FROM series s SEMI JOIN shown_keys k USING (body_key)
        ORDER BY body_key, measure, year""")
    g["body_anomalies"] = _rows(con, """SELECT a.* FROM anomalies a SEMI JOIN shown_keys k USING (body_key)
        ORDER BY body_key, year, rule""")
    g["names"] = _rows(con, """SELECT b.body_key, b.printed, b.how, d.document, d.year,
        d.out_dir || '/' || d.document || '.json' AS json
        FROM doc_body b JOIN docs d USING (doc) SEMI JOIN shown_keys k USING (body_key) ORDER BY d.year, d.document""")
    return g


def _provenance(series_rows: list[dict]) -> dict[tuple[str, str], str]:
    """(json path, key) -> where the value was printed, read from the shown documents' JSON files."""
    out: dict[tuple[str, str], str] = {}
    for path in {r["json"] for r in series_rows}:
        try:
            prov = json.loads(Path(path).read_text("utf-8")).get("provenance") or {}
        except (OSError, ValueError):
            continue
        for key, p in prov.items():
            if p:
                where = f"page {p['page']}, " if p.get("page") else ""
                out[(path, key)] = (f"{key} = {p.get('text')!r} at {where}characters {p.get('start')}–{p.get('end')}, "
                                    f"via {p.get('via')}, confidence {p.get('confidence')}")  # fmt: skip
    return out


@lru_cache(maxsize=4096)
def _link(path: str, out: Path) -> str:
    return escape(os.path.relpath(path, out))


def write_reports(con, out: Path, max_bodies: int = 200) -> None:
    g = _gather(con, max_bodies)
    atomic_write(out / "report.html", _html(g, out))
    atomic_write(out / "report.md", _markdown(g))


def _anchor(body_key: str, index: dict[str, int]) -> str:
    return f"#body-{index[body_key]}" if body_key in index else ""


def _html(g: dict, out: Path) -> str:
    ov = g["overview"]
    years = list(range(ov["first_year"], ov["last_year"] + 1)) if ov["first_year"] else []
    index = {b["body_key"]: i for i, b in enumerate(g["shown"])}
    h = ["<!DOCTYPE html><html lang=zh-CN><head><meta charset=utf-8><title>xxgk trends</title>",
         f"<style>{CSS}</style></head><body>", "<h1>政府信息公开工作年度报告 · 各机关逐年趋势 (xxgk trends)</h1>",
         '<nav><a href="#overview">Overview</a><a href="#measures">Measures</a><a href="#anomalies">Anomalies</a>'
         '<a href="#mapping">2019/2021 mapping</a><a href="#bodies">Bodies</a></nav>']  # fmt: skip
    # overview
    h.append('<h2 id="overview">Overview</h2><div class="cards">')
    for label, v in (("documents", ov["documents"]), ("bodies", ov["bodies"]),
                     ("years", f"{ov['first_year']}–{ov['last_year']}" if years else "–"),
                     ("series rows", ov["series_rows"]), ("anomalies", ov["anomalies"])):  # fmt: skip
        h.append(f"<div class=card>{label}<b>{escape(str(v))}</b></div>")
    h.append("</div>")
    h.append(f"<p class=muted>{ov['no_year']} document(s) without a year (not in the series); {ov['no_name']} without a "
             "printed body name (each its own body until mapped with <code>--map</code>). One report is kept per body and "
             "year (most values, then fewest failed checks).</p>")  # fmt: skip
    h.append("<table><tr><th>year</th><th>reports kept</th><th>2019 template</th><th>2021 template</th><th>other</th></tr>")
    for r in g["per_year"]:
        h.append(f"<tr><td>{r['year']}</td><td>{r['reports']}</td><td>{r['t2019']}</td><td>{r['t2021']}</td><td>{r['other']}</td></tr>")
    h.append("</table><table><tr><th>years per body</th>" + "".join(f"<td>{r['years']}</td>" for r in g["lengths"]))
    h.append("</tr><tr><th>bodies</th>" + "".join(f"<td>{r['bodies']}</td>" for r in g["lengths"]) + "</tr></table>")
    # completeness: share of kept reports holding each measure, per year
    per_year = {r["year"]: r["reports"] for r in g["per_year"]}
    cov = defaultdict(dict)
    for r in g["coverage"]:
        cov[r["measure"]][r["year"]] = r
    h.append("<h3>Completeness: reports holding the measure / reports kept</h3><table><tr><th class=l>measure</th>"
             + "".join(f"<th>{y}</th>" for y in years) + "</tr>")  # fmt: skip
    for m in measures():
        cells = "".join(f"<td>{cov[m.measure][y]['n'] if y in cov[m.measure] else 0}/{per_year.get(y, 0)}</td>" for y in years)
        h.append(f"<tr><td class=l>{escape(m.label)} <span class=muted>{m.measure}</span></td>{cells}</tr>")
    h.append("</table>")
    # small multiples
    h.append('<h2 id="measures">Measures: median over bodies (line) and interquartile range (band)</h2><div class=grid>')
    for m in measures():
        rows = sorted(cov[m.measure].values(), key=lambda r: r["year"])
        if not rows:
            continue
        chart = line_chart([(r["year"], r["med"]) for r in rows], years, kind=m.kind, title=m.label,
                           band=[(r["year"], r["q1"], r["q3"]) for r in rows])  # fmt: skip
        h.append(f"<div class=cell><div class=t>{escape(m.label)}</div><div class=k>{m.measure} · n per year: "
                 f"{', '.join(str(r['n']) for r in rows)}</div>{chart}</div>")  # fmt: skip
    h.append("</div>")
    # anomalies
    h.append('<h2 id="anomalies">Anomalies</h2><p class=muted>' + escape(" ".join(rules.__doc__.split())) + "</p>")
    h.append("<table><tr><th class=l>rule</th><th class=l>severity</th><th>count</th></tr>")
    for r in g["rule_counts"]:
        h.append(f"<tr><td class=l>{r['rule']}</td><td class='l {r['severity']}'>{r['severity']}</td><td>{r['n']}</td></tr>")
    h.append(f"</table><p class=muted>The first {MAX_ANOMALY_ROWS} (errors first, then by |score|); all are in "
             "anomalies.csv and anomalies.parquet.</p>")  # fmt: skip
    h.append(_anomaly_table(g["anomalies"], out, index, with_body=True))
    # mapping
    h.append('<h2 id="mapping">The 2019/2021 template mapping (measures.json)</h2><table><tr><th class=l>measure</th>'
             "<th class=l>label</th><th class=l>2019 template</th><th class=l>2021 template</th><th class=l>note</th></tr>")
    for m in measures():
        src = (" / ".join(m.ratio), " / ".join(m.ratio)) if m.ratio else (
            " + ".join(m.keys.get("2019", ())) or "— (not in this template)", " + ".join(m.keys.get("2021", ())) or "—")
        h.append(f"<tr><td class=l>{m.measure}</td><td class=l>{escape(m.label)}</td><td class=l>{escape(src[0])}</td>"
                 f"<td class=l>{escape(src[1])}</td><td class=l>{escape(m.note)}</td></tr>")  # fmt: skip
    h.append("</table><h3>Left out (not comparable across the templates, or not a series)</h3><ul>")
    for lo in left_out():
        h.append(f"<li><code>{escape(', '.join(lo.patterns))}</code>: {escape(lo.why)}</li>")
    h.append("</ul>")
    # bodies
    h.append(f'<h2 id="bodies">Bodies ({len(g["shown"])} of {ov["bodies"]}, most anomalies first)</h2><ul>')
    for b in g["shown"]:
        h.append(f'<li><a href="#body-{index[b["body_key"]]}">{escape(b["body_name"])}</a> · {b["years"]} year(s) · '
                 f'{b["n_anomalies"]} anomalies</li>')  # fmt: skip
    h.append("</ul>")
    h += _body_sections(g, out, index, years)
    h.append("</body></html>")
    return "\n".join(h)


def _anomaly_table(rows: list[dict], out: Path, index: dict[str, int], with_body: bool) -> str:
    if not rows:
        return "<p class=muted>None.</p>"
    t = ["<table><tr>" + ("<th class=l>body</th>" if with_body else "") +
         "<th>year</th><th class=l>rule</th><th class=l>measure</th><th class=l>evidence</th><th class=l>document</th></tr>"]
    for a in rows:
        body = ""
        if with_body:
            href = _anchor(a["body_key"], index)
            name = escape(a["body_name"] or a["body_key"])
            body = f"<td class=l>{f'<a href={chr(34)}{href}{chr(34)}>{name}</a>' if href else name}</td>"
        doc = f'<a href="{_link(a["json"], out)}">{escape(a["documents"] or "")}</a>' if a["json"] else escape(a["documents"] or "")
        t.append(f"<tr>{body}<td>{a['year'] or ''}</td><td class='l {a['severity']}'>{a['rule']}</td>"
                 f"<td class=l>{escape(a['measure'] or '')}</td><td class=l>{escape(a['evidence'] or '')}</td>"
                 f"<td class=l>{doc}</td></tr>")  # fmt: skip
    return "".join(t) + "</table>"


def _body_sections(g: dict, out: Path, index: dict[str, int], years: list[int]) -> list[str]:
    by_body: dict[str, list[dict]] = defaultdict(list)
    for r in g["series"]:
        by_body[r["body_key"]].append(r)
    anomalies_of: dict[str, list[dict]] = defaultdict(list)
    for a in g["body_anomalies"]:
        anomalies_of[a["body_key"]].append(a)
    names_of: dict[str, list[dict]] = defaultdict(list)
    for n in g["names"]:
        names_of[n["body_key"]].append(n)
    prov = _provenance(g["series"])
    h: list[str] = []
    for b in g["shown"]:
        key = b["body_key"]
        rows = by_body.get(key, [])
        body_years = sorted({r["year"] for r in rows}) or years
        h.append(f'<h3 id="body-{index[key]}">{escape(b["body_name"])} <span class=muted>key {escape(key)}</span></h3>')
        h.append("<p class=muted>Documents: " + "; ".join(
            f'<a href="{_link(n["json"], out)}">{escape(n["document"])}</a> ({n["year"] or "no year"}, printed '
            f'{escape(n["printed"] or "nothing")}: {escape(n["how"])})' for n in names_of[key]) + "</p>")  # fmt: skip
        marks = defaultdict(set)
        for a in anomalies_of[key]:
            if a["measure"] and a["year"]:
                marks[a["measure"]].add(a["year"])
        per_measure: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            per_measure[r["measure"]].append(r)
        h.append("<div class=grid>")
        for m in measures():
            pts = per_measure.get(m.measure)
            if pts:
                chart = line_chart([(r["year"], r["value"]) for r in pts], body_years, kind=m.kind,
                                   marks=marks[m.measure], title=m.label)  # fmt: skip
                h.append(f"<div class=cell><div class=t>{escape(m.label)}</div><div class=k>{m.measure}</div>{chart}</div>")
        h.append("</div><table><tr><th class=l>measure</th>" + "".join(f"<th>{y}</th>" for y in body_years) + "</tr>")
        for m in measures():
            pts = {r["year"]: r for r in per_measure.get(m.measure, [])}
            if not pts:
                continue
            cells = []
            for y in body_years:
                r = pts.get(y)
                if r is None:
                    cells.append("<td>–</td>")
                    continue
                tip = "\n".join(prov.get((r["json"], k), k) for k in (r["keys"] or "").replace("/", " ").split())
                tip += f"\nparts {r['parts']}, min confidence {r['confidence']}, checks {r['check_status']}"
                cls = " class=failed" if r["check_status"] == "failed" else ""
                cells.append(f'<td{cls}><a href="{_link(r["json"], out)}" title="{escape(tip)}">{fmt(r["value"], m.kind)}</a></td>')
            h.append(f"<tr><td class=l>{escape(m.label)}</td>{''.join(cells)}</tr>")
        h.append("</table>")
        h.append(_anomaly_table(anomalies_of[key], out, index, with_body=False))
    return h


def _md_escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown(g: dict) -> str:
    ov = g["overview"]
    lines = ["# xxgk trends", "",
             f"{ov['documents']} documents, {ov['bodies']} bodies, years {ov['first_year']}–{ov['last_year']}, "
             f"{ov['series_rows']} series rows, {ov['anomalies']} anomalies; {ov['no_year']} document(s) without a year, "
             f"{ov['no_name']} without a printed body name.", "",
             "| year | reports kept | 2019 template | 2021 template | other |", "|---|---|---|---|---|"]  # fmt: skip
    lines += [f"| {r['year']} | {r['reports']} | {r['t2019']} | {r['t2021']} | {r['other']} |" for r in g["per_year"]]
    lines += ["", "## Medians over bodies per year", "", "| measure | " + " | ".join(str(r["year"]) for r in g["per_year"]) + " |",
              "|---|" + "---|" * len(g["per_year"])]  # fmt: skip
    cov = defaultdict(dict)
    for r in g["coverage"]:
        cov[r["measure"]][r["year"]] = r
    for m in measures():
        if cov[m.measure]:
            cells = [f"{fmt(cov[m.measure][r['year']]['med'], m.kind)} (n={cov[m.measure][r['year']]['n']})"
                     if r["year"] in cov[m.measure] else "–" for r in g["per_year"]]  # fmt: skip
            lines.append(f"| {m.measure} {m.label} | " + " | ".join(cells) + " |")
    lines += ["", "## Anomalies", "", " ".join(rules.__doc__.split()), "", "| rule | severity | count |", "|---|---|---|"]
    lines += [f"| {r['rule']} | {r['severity']} | {r['n']} |" for r in g["rule_counts"]]
    lines += ["", f"First {MAX_ANOMALY_ROWS} (all in anomalies.csv):", "",
              "| body | year | rule | measure | evidence | documents |", "|---|---|---|---|---|---|"]
    for a in g["anomalies"]:
        lines.append(f"| {_md_escape(a['body_name'] or a['body_key'])} | {a['year'] or ''} | {a['rule']} | "
                     f"{a['measure'] or ''} | {_md_escape(a['evidence'])} | {_md_escape(a['documents'] or '')} |")  # fmt: skip
    lines += ["", "## The 2019/2021 template mapping", "", "| measure | 2019 | 2021 | note |", "|---|---|---|---|"]
    for m in measures():
        k19 = " / ".join(m.ratio) if m.ratio else " + ".join(m.keys.get("2019", ())) or "—"
        k21 = " / ".join(m.ratio) if m.ratio else " + ".join(m.keys.get("2021", ())) or "—"
        lines.append(f"| {m.measure} | {k19} | {k21} | {_md_escape(m.note)} |")
    lines += ["", "Left out:", ""] + [f"- `{', '.join(lo.patterns)}`: {lo.why}" for lo in left_out()]
    lines += ["", f"## Bodies ({len(g['shown'])} of {ov['bodies']}, most anomalies first; body matches in bodies.csv)", "",
              "| body | key | years | anomalies |", "|---|---|---|---|"]  # fmt: skip
    lines += [f"| {_md_escape(b['body_name'])} | {_md_escape(b['body_key'])} | {b['years']} | {b['n_anomalies']} |" for b in g["shown"]]
    return "\n".join(lines) + "\n"
