"""series: one row per body × year × measure, from the one report kept for each body and year.

The report kept for a body and year (`chosen`) is the one with the most values, then the fewest failed checks,
then the first by batch and name; the others are anomalies (same report twice, or two reports for one year).
A measure is the sum of its keys for the report's template (measures.json), null when none is printed; an amount
is brought to 元 by its printed unit (or the measure's default unit); a share divides two measures of the same
report."""

from __future__ import annotations

import pyarrow as pa

from extractor.trends.measures import UNIT_FACTORS, measures


def rank_reports(con) -> None:
    """Creates `ranked` (every dated report with its body and its rank among the body's reports of its year) and
    `chosen` (rank 1), from `docs` and `doc_body`."""
    con.execute("""
        CREATE OR REPLACE TABLE ranked AS
        SELECT d.*, b.body_key, b.body_name,
               row_number() OVER (PARTITION BY b.body_key, d.year ORDER BY d.n_values DESC, d.failed, d.batch, d.document) AS rank
        FROM docs d JOIN doc_body b USING (doc) WHERE d.year IS NOT NULL
    """)
    con.execute("CREATE OR REPLACE TABLE chosen AS SELECT * FROM ranked WHERE rank = 1")


def register_measures(con) -> None:
    rows = [(m.measure, m.label, m.group, m.kind, t, k, m.default_unit)
            for m in measures() for t, keys in m.keys.items() for k in keys]  # fmt: skip
    cols = list(zip(*rows))
    con.register("mk_arrow", pa.table({n: list(c) for n, c in zip(
        ("measure", "label", "grp", "kind", "template", "key", "default_unit"), cols)}))  # fmt: skip
    con.execute("CREATE OR REPLACE TABLE mk AS SELECT * FROM mk_arrow")
    con.execute("CREATE OR REPLACE TABLE units AS SELECT * FROM (VALUES " +
                ", ".join(f"('{u}', {f})" for u, f in UNIT_FACTORS.items()) + ") t(unit, factor)")
    con.execute("""CREATE OR REPLACE TABLE measure_info AS
                   SELECT measure, any_value(label) AS label, any_value(grp) AS grp, any_value(kind) AS kind
                   FROM mk GROUP BY measure""")
    shares = [(m.measure, m.label, m.group, m.kind, m.ratio[0], m.ratio[1]) for m in measures() if m.ratio]
    con.executemany("INSERT INTO measure_info VALUES (?, ?, ?, ?)", [s[:4] for s in shares])
    con.register("ratio_arrow", pa.table({"measure": [s[0] for s in shares], "num": [s[4] for s in shares],
                                          "den": [s[5] for s in shares]}))  # fmt: skip
    con.execute("CREATE OR REPLACE TABLE ratios AS SELECT * FROM ratio_arrow")


def build(con) -> None:
    """Creates the table `series` (chosen reports × measures)."""
    con.execute("""
        CREATE OR REPLACE TABLE series AS
        WITH n_keys AS (SELECT measure, template, count(*) AS n FROM mk GROUP BY ALL),
        agg AS (  -- the numbers first, per kept report and measure; the report's own columns joined after
            SELECT c.doc, m.measure, any_value(m.template) AS template,
                   sum(f.value * CASE WHEN m.kind = 'amount' THEN coalesce(u.factor, du.factor, 1) ELSE 1 END) AS value,
                   array_to_string(list_sort(list(f.key) FILTER (WHERE f.value IS NOT NULL)), ' ') AS keys,
                   count(f.value) AS present, min(f.confidence) FILTER (WHERE f.value IS NOT NULL) AS confidence,
                   CASE WHEN bool_or(f.check_status = 'failed') THEN 'failed'
                        WHEN bool_and(f.check_status = 'ok') THEN 'ok' ELSE 'unchecked' END AS check_status
            FROM facts f
            JOIN mk m ON m.template = f.template AND m.key = f.key
            JOIN chosen c ON f.batch = c.batch AND f.document = c.document
            LEFT JOIN units u ON u.unit = f.unit
            LEFT JOIN units du ON du.unit = m.default_unit
            GROUP BY c.doc, m.measure
            HAVING count(f.value) > 0)
        SELECT c.body_key, c.body_name, c.year, a.measure, i.label, i.grp, i.kind, a.value, c.template, c.doc,
               c.document, c.batch, c.out_dir || '/' || c.document || '.json' AS json, c.source, c.sha256, a.keys,
               a.present || '/' || n.n AS parts, a.confidence, a.check_status
        FROM agg a JOIN chosen c USING (doc) JOIN measure_info i USING (measure)
        JOIN n_keys n ON n.measure = a.measure AND n.template = a.template
    """)
    con.execute("""
        INSERT INTO series
        SELECT a.body_key, a.body_name, a.year, r.measure, i.label, i.grp, i.kind, a.value / b.value, a.template,
               a.doc, a.document, a.batch, a.json, a.source, a.sha256, a.keys || ' / ' || b.keys, a.parts,
               least(a.confidence, b.confidence),
               CASE WHEN 'failed' IN (a.check_status, b.check_status) THEN 'failed'
                    WHEN a.check_status = 'ok' AND b.check_status = 'ok' THEN 'ok' ELSE 'unchecked' END
        FROM ratios r JOIN measure_info i USING (measure)
        JOIN series a ON a.measure = r.num JOIN series b ON b.measure = r.den AND b.doc = a.doc
        WHERE b.value > 0
    """)


SERIES_COLUMNS = ("body_key, body_name, year, measure, label, grp AS \"group\", kind, value, template, document, "
                  "json, source, sha256, keys, parts, confidence, check_status")
