"""Anomalies per body and year, each with its evidence. The rules (each pinned by a test):

- `cross_year`: an identity across years broken (SPEC §3, `extractor.checks.cross_year`: this year's 上年结转 ==
  last year's 结转下年度 per column, an error; 2021: 现行有效 ≈ last year's + 制发 − 废止, a warning), between the
  reports kept for a body's consecutive years;
- `jump`: a change neither the peers nor the body's own history make plausible. For a count or an amount x, the
  change d = ln(1+x_t) − ln(1+x_{t−1}) between consecutive years gets z = (d − centre) / scale. The centre is the
  median change of its peers (every body's change of that measure for the same pair of years; of all years when
  fewer than MIN_PEERS have it; the body's own other changes when the batch has too few). The scale is the larger
  of the peers' robust scale and that of the body's own other changes of the measure (this one left out, where it
  has at least MIN_OWN): a body whose numbers always swing needs a larger change. A robust scale is 1.4826·MAD
  (1.2533·mean absolute deviation where the MAD is 0), never below SCALE_FLOOR. A jump is |z| ≥ Z with
  |x_t − x_{t−1}| ≥ MIN_ABS (counts) or MIN_ABS_AMOUNT 元 (amounts);
- `missing_year`: a body reported for years before and after y and not for y;
- `missing_value`: a measure the body's report of year y would print (its template has it), absent, while the body's
  reports before and after y print it;
- `same_file`: one file (sha256) twice in the batch; `same_fields`: two files whose values are all the same
  (at least MIN_VALUES of them): the same report submitted twice, for the same year or for two;
- `two_reports`: two different reports of one body for one year (the one kept says which).
"""

from __future__ import annotations

from extractor.checks.cross_year import YearEntry, cross_year_checks

Z = 3.5
MIN_PEERS = 10
MIN_OWN = 3
SCALE_FLOOR = 0.05
MIN_ABS = 10
MIN_ABS_AMOUNT = 1000
MIN_VALUES = 10

COLUMNS = ("body_key VARCHAR, body_name VARCHAR, year INTEGER, measure VARCHAR, rule VARCHAR, severity VARCHAR, "
           "value DOUBLE, expected DOUBLE, score DOUBLE, evidence VARCHAR, documents VARCHAR, json VARCHAR")


def build(con) -> None:
    con.execute(f"CREATE OR REPLACE TABLE anomalies ({COLUMNS})")
    _jumps(con)
    _missing(con)
    _duplicates(con)
    _cross_year(con)


def _scale(x: str, m: str) -> str:
    """SQL: the robust scale of the values x around their median m (see the module's rule)."""
    return (f"greatest(CASE WHEN median(abs({x} - {m})) > 0 THEN 1.4826 * median(abs({x} - {m})) "
            f"ELSE 1.2533 * avg(abs({x} - {m})) END, {SCALE_FLOOR})")


def _jumps(con) -> None:
    """Measure by measure (every statistic is within one measure), so the work in memory is one measure's changes."""
    for (measure,) in con.execute("SELECT DISTINCT measure FROM series WHERE kind IN ('count', 'amount')").fetchall():
        con.execute(_JUMPS, [measure])


_JUMPS = f"""
        INSERT INTO anomalies
        WITH s AS (
            SELECT body_key, body_name, measure, kind, year, value, json, document,
                   lag(year) OVER w AS py, lag(value) OVER w AS pv, lag(document) OVER w AS pdoc
            FROM series WHERE measure = $1 AND value >= 0
            WINDOW w AS (PARTITION BY body_key, measure ORDER BY year)),
        d AS (SELECT *, ln(1 + value) - ln(1 + pv) AS dl FROM s WHERE py = year - 1),
        by_year AS (SELECT measure, year, median(dl) AS m, count(*) AS n FROM d GROUP BY ALL),
        by_year_s AS (SELECT measure, year, any_value(b.m) AS m, any_value(b.n) AS n, {_scale('d.dl', 'b.m')} AS s
                      FROM d JOIN by_year b USING (measure, year) GROUP BY ALL),
        pooled AS (SELECT measure, median(dl) AS m, count(*) AS n FROM d GROUP BY ALL),
        pooled_s AS (SELECT measure, any_value(p.m) AS m, any_value(p.n) AS n, {_scale('d.dl', 'p.m')} AS s
                     FROM d JOIN pooled p USING (measure) GROUP BY ALL),
        -- the body's own other changes of the measure (this one left out: a spike and its return are two),
        -- as small lists per body and measure (no self-join)
        lists AS (SELECT body_key, measure, list(dl) AS dls, list(year) AS yrs FROM d GROUP BY ALL),
        others AS (SELECT d.body_key, d.measure, d.year, list_filter(l.dls, lambda x, i: l.yrs[i] <> d.year) AS o
                   FROM d JOIN lists l USING (body_key, measure)),
        own AS (SELECT body_key, measure, year, len(o) AS n, list_median(o) AS m, o FROM others),
        own_s AS (SELECT body_key, measure, year, n, m,
                         greatest(CASE WHEN list_median(list_transform(o, lambda x: abs(x - m))) > 0
                                       THEN 1.4826 * list_median(list_transform(o, lambda x: abs(x - m)))
                                       ELSE 1.2533 * list_avg(list_transform(o, lambda x: abs(x - m))) END,
                                  {SCALE_FLOOR}) AS s
                  FROM own WHERE n > 0),
        z AS (
            SELECT d.*,
                   CASE WHEN y.n >= {MIN_PEERS} THEN y.m WHEN p.n >= {MIN_PEERS} THEN p.m
                        WHEN o.n >= {MIN_OWN} THEN o.m END AS centre,
                   CASE WHEN y.n >= {MIN_PEERS} THEN y.s WHEN p.n >= {MIN_PEERS} THEN p.s END AS peer_s,
                   CASE WHEN o.n >= {MIN_OWN} THEN o.s END AS own_s, o.n AS own_n,
                   CASE WHEN y.n >= {MIN_PEERS} THEN 'peers ' || (d.year - 1) || '→' || d.year || ' (n=' || y.n || ')'
                        WHEN p.n >= {MIN_PEERS} THEN 'peers, all years (n=' || p.n || ')'
                        ELSE 'its own other changes' END AS centre_what
            FROM d JOIN by_year_s y USING (measure, year) JOIN pooled_s p USING (measure)
            LEFT JOIN own_s o USING (body_key, measure, year)),
        zz AS (SELECT *, greatest(coalesce(peer_s, 0), coalesce(own_s, 0)) AS scale FROM z),
        zzz AS (SELECT *, (dl - centre) / scale AS score FROM zz WHERE centre IS NOT NULL AND scale > 0)
        SELECT body_key, body_name, year, measure, 'jump', 'warning', value, pv, score,
               printf('%s → %s (%d → %d): log change %+.2f; centre %+.2f (median of %s); scale %.2f = max(peers %s, '
                      || 'its own %d other changes %s); z %+.1f (rule: |z| ≥ %.1f, change ≥ %d)',
                      pdoc, document, py, year, dl, centre, centre_what, scale,
                      coalesce(printf('%.2f', peer_s), '–'), coalesce(own_n, 0), coalesce(printf('%.2f', own_s), '–'),
                      score, {Z}, CASE WHEN kind = 'amount' THEN {MIN_ABS_AMOUNT} ELSE {MIN_ABS} END),
               pdoc || ' ' || document, json
        FROM zzz
        WHERE abs(score) >= {Z}
          AND abs(value - pv) >= CASE WHEN kind = 'amount' THEN {MIN_ABS_AMOUNT} ELSE {MIN_ABS} END
"""


def _missing(con) -> None:
    con.execute("""
        INSERT INTO anomalies
        WITH r AS (SELECT body_key, any_value(body_name) AS body_name, min(year) AS a, max(year) AS b,
                          string_agg(year, ', ' ORDER BY year) AS years FROM chosen GROUP BY body_key),
        y AS (SELECT body_key, body_name, years, unnest(range(a + 1, b)) AS year FROM r WHERE b - a > 1)
        SELECT y.body_key, y.body_name, y.year, NULL, 'missing_year', 'warning', NULL, NULL, NULL,
               'no report for ' || y.year || ' in the batch; the body''s reports are of ' || years, '', ''
        FROM y ANTI JOIN chosen c ON c.body_key = y.body_key AND c.year = y.year
    """)
    con.execute("""
        INSERT INTO anomalies
        WITH bm AS (SELECT c.body_key, c.body_name, c.year, c.document, c.out_dir || '/' || c.document || '.json' AS json,
                           c.template, t.measure
                    FROM chosen c JOIN (SELECT DISTINCT measure, template FROM mk) t ON t.template = c.template),
        span AS (SELECT body_key, measure, min(year) AS a, max(year) AS b FROM series GROUP BY ALL)
        SELECT bm.body_key, bm.body_name, bm.year, bm.measure, 'missing_value', 'warning', NULL, NULL, NULL,
               bm.document || ' (template ' || bm.template || ') prints no ' || bm.measure ||
               ' while the body''s reports of ' || span.a || ' and ' || span.b || ' do', bm.document, bm.json
        FROM bm JOIN span USING (body_key, measure)
        ANTI JOIN series s ON s.body_key = bm.body_key AND s.measure = bm.measure AND s.year = bm.year
        WHERE bm.year > span.a AND bm.year < span.b
    """)


def _duplicates(con) -> None:
    con.execute("""
        INSERT INTO anomalies
        WITH g AS (SELECT sha256, count(*) AS n, string_agg(r.document || ' (' || coalesce(r.year::VARCHAR, '?') || ')', ', '
                                                    ORDER BY r.batch, r.document) AS docs,
                          string_agg(r.document, ' ' ORDER BY r.batch, r.document) AS names,
                          min(r.doc) AS first
                   FROM docs d JOIN (SELECT doc, batch, document, year FROM docs) r USING (doc)
                   WHERE sha256 IS NOT NULL GROUP BY sha256 HAVING count(*) > 1)
        SELECT b.body_key, b.body_name, d.year, NULL, 'same_file', 'warning', NULL, NULL, g.n,
               'the same file (sha256 ' || left(g.sha256, 12) || '…) is in the batch ' || g.n || ' times: ' || g.docs,
               g.names, d.out_dir || '/' || d.document || '.json'
        FROM g JOIN docs d ON d.doc = g.first JOIN doc_body b ON b.doc = d.doc
    """)
    con.execute(f"""
        INSERT INTO anomalies
        WITH g AS (SELECT fields_hash, count(*) AS n, count(DISTINCT coalesce(sha256, doc::VARCHAR)) AS files,
                          count(DISTINCT year) AS years, any_value(n_values) AS n_values,
                          string_agg(document || ' (' || coalesce(year::VARCHAR, '?') || ', sha256 '
                                     || coalesce(left(sha256, 8), '?') || ')', ', ' ORDER BY batch, document) AS docs,
                          string_agg(document, ' ' ORDER BY batch, document) AS names, min(doc) AS first
                   FROM docs WHERE n_values >= {MIN_VALUES} GROUP BY fields_hash HAVING files > 1)
        SELECT b.body_key, b.body_name, d.year, NULL, 'same_fields',
               CASE WHEN g.years > 1 THEN 'error' ELSE 'warning' END, NULL, NULL, g.n,
               'the same ' || g.n_values || ' values in ' || g.n || ' files: ' || g.docs ||
               CASE WHEN g.years > 1 THEN ' (given for different years: a report copied from another year?)'
                    ELSE ' (the same report submitted twice)' END,
               g.names, d.out_dir || '/' || d.document || '.json'
        FROM g JOIN docs d ON d.doc = g.first JOIN doc_body b ON b.doc = d.doc
    """)
    con.execute("""
        INSERT INTO anomalies
        WITH g AS (SELECT body_key, any_value(body_name) AS body_name, year, count(DISTINCT fields_hash) AS versions,
                          string_agg(document || ' (' || n_values || ' values)', ', ' ORDER BY rank) AS docs,
                          string_agg(document, ' ' ORDER BY rank) AS names,
                          arg_min(document, rank) AS kept, arg_min(out_dir || '/' || document || '.json', rank) AS json
                   FROM ranked GROUP BY body_key, year HAVING count(DISTINCT fields_hash) > 1)
        SELECT body_key, body_name, year, NULL, 'two_reports', 'warning', NULL, NULL, versions,
               versions || ' different reports for ' || year || ': ' || docs || '; the series uses ' || kept
               || ' (most values, then fewest failed checks)', names, json
        FROM g
    """)


# the keys the identities across years read (extractor.checks.cross_year): table 3's carried rows, table 2
_CROSS_KEYS = "(f.key LIKE 't3.carried\\_%' ESCAPE '\\' OR f.key LIKE 't2.%')"


def _cross_year(con) -> None:
    """The identities across years (extractor.checks.cross_year), on the reports kept for consecutive years of
    each body; read body by body as a stream, so memory holds one body's reports at a time."""
    reader = con.sql(f"""
        WITH pairs AS (SELECT c.* FROM chosen c WHERE EXISTS (SELECT 1 FROM chosen p WHERE p.body_key = c.body_key
                                                           AND p.year IN (c.year - 1, c.year + 1)))
        SELECT c.body_key, c.body_name, c.year, c.document, c.template, c.out_dir || '/' || c.document || '.json',
               f.key, f.value
        FROM pairs c JOIN facts f ON f.batch = c.batch AND f.document = c.document
        WHERE f.value IS NOT NULL AND {_CROSS_KEYS}
        ORDER BY c.body_key, c.year
    """).to_arrow_reader(100_000)
    rows: list[tuple] = []
    body: str | None = None
    entries: dict[int, tuple[YearEntry, str, str]] = {}
    for batch in reader:
        cols = batch.to_pydict()
        for key_, name, year, doc, template, json_, k, v in zip(*cols.values()):
            if key_ != body:
                rows += _check_body(body, entries)
                body, entries = key_, {}
            if year not in entries:
                entries[year] = (YearEntry(doc, key_, year, template, {}), name, json_)
            entries[year][0].fields[k] = v  # type: ignore[index]
    rows += _check_body(body, entries)
    if rows:
        con.executemany("INSERT INTO anomalies VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _check_body(body: str | None, entries: dict[int, tuple[YearEntry, str, str]]) -> list[tuple]:
    out = []
    for year, (entry, name, json_) in entries.items():
        prev = entries.get(year - 1)
        if prev is None:
            continue
        for check in cross_year_checks(entry, prev[0]):
            if not check.ok:
                out.append((body, name, year, check.rule, "cross_year", check.severity, None, None, None,
                            f"{entry.name} vs {prev[0].name}: {check.detail}", f"{prev[0].name} {entry.name}", json_))  # fmt: skip
    return out
