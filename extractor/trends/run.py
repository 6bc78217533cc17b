"""`xxgk trends`: the whole command, from the batch outputs to OUT/ (series.parquet, anomalies.parquet and .csv,
bodies.csv, report.html, report.md). DuckDB does the work over the Parquet files, the body names included (matched
by SQL functions called one name at a time); Python holds, for the identities across years, one body's reports at a
time."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from extractor.trends import anomalies, bodies, load, series
from extractor.trends.bodies import load_mapping
from extractor.trends.report import write_reports

MEMORY_LIMIT = "256MB"  # DuckDB spills to disk past it (benchmarks/bench_trends.py: the peak RSS stays near 0.4-0.6 GiB
# from 5,000 to 200,000 reports; at 512 MB it grew faster, and an in-memory database ran out of memory at 200,000)


@dataclass(frozen=True)
class Summary:
    documents: int
    bodies: int
    series_rows: int
    anomalies: int


def _q(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def run(paths: list[Path], out: Path, mapping_file: Path | None = None, max_bodies: int = 200,
        threads: int | None = None) -> Summary:  # fmt: skip
    import duckdb

    inputs = load.find_inputs(paths)
    mapping = load_mapping(mapping_file) if mapping_file else {}
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".trends.", dir=out) as spill:
        # a database file, not an in-memory one: its tables (series holds a row per body, year and measure) are
        # evicted to disk when the memory limit is reached, where an in-memory table stays pinned
        con = duckdb.connect(str(Path(spill) / "trends.duckdb"), config={"memory_limit": MEMORY_LIMIT, "temp_directory": spill,
                                     "threads": threads or min(4, os.cpu_count() or 1),
                                     "preserve_insertion_order": False})  # fmt: skip
        con.execute("SET enable_progress_bar = false")
        try:
            load.register(con, inputs)
            bodies.register(con, mapping)
            series.rank_reports(con)
            series.register_measures(con)
            series.build(con)
            anomalies.build(con)
            _write_tables(con, out)
            write_reports(con, out, max_bodies=max_bodies)
            counts = con.execute("""SELECT (SELECT count(*) FROM docs), (SELECT count(DISTINCT body_key) FROM doc_body),
                                           (SELECT count(*) FROM series), (SELECT count(*) FROM anomalies)""").fetchone()
        finally:
            con.close()
    return Summary(*counts)


def _write_tables(con, out: Path) -> None:
    con.execute(f"COPY (SELECT {series.SERIES_COLUMNS} FROM series ORDER BY body_key, measure, year) "
                f"TO {_q(out / 'series.parquet')} (FORMAT parquet)")
    order = "ORDER BY body_key, year NULLS FIRST, rule, measure"
    con.execute(f"COPY (SELECT * FROM anomalies {order}) TO {_q(out / 'anomalies.parquet')} (FORMAT parquet)")
    con.execute(f"COPY (SELECT * FROM anomalies {order}) TO {_q(out / 'anomalies.csv')} (HEADER)")
    con.execute(f"""COPY (SELECT b.body_key, b.body_name, b.printed, b.how, d.document, d.year, d.template, d.source
                          FROM doc_body b JOIN docs d USING (doc) ORDER BY b.body_key, d.year, d.document)
                    TO {_q(out / 'bodies.csv')} (HEADER)""")
