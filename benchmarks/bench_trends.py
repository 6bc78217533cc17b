"""`xxgk trends` over the fields.parquet of N synthetic reports: seconds and peak memory (RSS) of the command,
each size in a fresh process, and how many of the anomalies planted in the data it found.

The reports are invented (numbers drawn at random, no corpus text): ~N/5 bodies with a report for each of
2019-2023 (2019 template for 2019-2020, 2021 after), every field key of the template, 5% of the other values blank;
the body prints its full name (甲省乙市…局) in some years and the short one (乙市…局) in others. The stock in force carries on and the fee amount is steady
(neither is planted). Planted: a broken 上年结转 (1% of reports with a year before), a tenfold jump of 本年新收申请 (1% of reports, from a level
of at least 100), a year dropped in the middle of a series (2% of bodies), the same file twice (0.5% of reports). The 5% blank values give `missing_value` anomalies.

Usage: python benchmarks/bench_trends.py [--sizes 5000 50000] [--threads N]
Prints one line per size; nothing is asserted (speed is measured here, never in unit tests).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from extractor.templates import template as tmpl

YEARS = (2019, 2020, 2021, 2022, 2023)
CHUNK = 2000  # reports per row group written


def generate(n_reports: int, path: Path, seed: int = 0) -> dict[str, set]:
    """Writes fields.parquet of about n_reports reports; returns the planted anomalies as (body name, year) sets."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from extractor.batch.longform import _schema
    from extractor.spec import all_fields

    rng = np.random.default_rng(seed)
    keys = {t: [f.key for f in all_fields() if t in f.templates] for t in ("2019", "2021")}
    n_bodies = max(1, n_reports // len(YEARS))
    planted: dict[str, set] = {"cross_year": set(), "jump": set(), "missing_year": set(), "same_file": set()}
    level = rng.lognormal(3.0, 1.2, n_bodies)  # each body's request volume
    dropped = {b: int(rng.integers(1, len(YEARS) - 1)) for b in np.flatnonzero(rng.random(n_bodies) < 0.02)}
    writer = pq.ParquetWriter(str(path), _schema())
    cols: dict[str, list] = {name: [] for name in _schema().names}
    reports = 0
    carried_forward = np.zeros(n_bodies)
    stock = {row: np.zeros(n_bodies) for row in tmpl.row_keys("t2", groups=(tmpl.T2_DOCUMENTS,))}  # 规章, 规范性文件
    for b in range(n_bodies):
        full, short = f"甲省乙市第{b}局", f"乙市第{b}局"
        for i, year in enumerate(YEARS):
            if dropped.get(b) == i:
                planted["missing_year"].add((full, year))
                carried_forward[b] = 0
                continue
            template = "2019" if year < 2021 else "2021"
            ks = keys[template]
            values = rng.poisson(3, len(ks)).astype(float)
            values[rng.random(len(ks)) < 0.05] = np.nan
            v = dict(zip(ks, values))
            received = float(rng.poisson(level[b] * 1.05**i))
            if i and rng.random() < 0.01 and received >= 100:
                received *= 10
                planted["jump"].add((full, year))
            carried_over = carried_forward[b]
            if i and dropped.get(b) != i - 1 and rng.random() < 0.01:
                carried_over += 5
                planted["cross_year"].add((full, year))
            forward = float(rng.poisson(2))
            v.update({"t3.new_received.total": received, "t3.carried_over.total": carried_over,
                      "t3.total.total": received + carried_over - forward, "t3.carried_forward.total": forward,
                      "n.proactive.total": float(rng.poisson(level[b] * 10))})  # fmt: skip
            for c in tmpl.column_keys("t3", ("applicant",)):
                v[f"t3.carried_over.{c}"] = v[f"t3.carried_forward.{c}"] = np.nan  # only the totals carry over
            carried_forward[b] = forward
            if template == "2021":  # the stock in force carries on (现行有效 = last year's + 制发 − 废止)
                for row in stock:
                    issued, repealed = float(rng.poisson(3)), float(rng.poisson(1))
                    stock[row][b] = (stock[row][b] if year > 2021 and dropped.get(b) != i - 1 else 50.0) + issued - repealed
                    v.update({f"t2.{row}.issued": issued, f"t2.{row}.repealed": repealed, f"t2.{row}.in_force": stock[row][b]})
                v["t2.fees.amount"] = round(float(level[b]), 1)  # 万元, steady
            name = short if rng.random() < 0.3 else full
            sha = f"{rng.integers(1 << 62):016x}{b:08x}{year}"
            copies = 2 if rng.random() < 0.005 else 1
            if copies == 2:
                planted["same_file"].add((full, year))
            for copy in range(copies):
                doc = f"r{b}_{year}" + (f"_copy{copy}" if copy else "")
                n = len(v)
                for name_, value in (("document", doc), ("source", f"reports/{doc}.pdf"), ("unit", None),
                                     ("confidence", 0.99), ("via", "table"), ("check_status", "ok"),
                                     ("template", template), ("year", year), ("agency", name),
                                     ("title", f"{name}{year}年政府信息公开工作年度报告"), ("sha256", sha)):  # fmt: skip
                    cols[name_].extend([value] * n)
                cols["key"].extend(v)
                cols["value"].extend(None if np.isnan(x) else float(x) for x in v.values())
                reports += 1
            if reports % CHUNK < copies:
                writer.write_table(pa.table(cols, schema=_schema()))
                cols = {name: [] for name in _schema().names}
    if cols["key"]:
        writer.write_table(pa.table(cols, schema=_schema()))
    writer.close()
    planted["reports"] = {reports}  # type: ignore[assignment]
    return planted


def measure(parquet: Path, out: Path, threads: int | None) -> dict:
    """Runs `xxgk trends` in a fresh process: wall seconds and that process's peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    code = ("import sys; from pathlib import Path; from extractor.trends.run import run; "
            f"s = run([Path({str(parquet)!r})], Path({str(out)!r}), threads={threads!r}); print(s)")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": seconds, "peak_rss_mib": max(peak, before) / 1024}


def found(out: Path, planted: dict[str, set]) -> dict[str, str]:
    import duckdb

    got: dict[str, set] = {}
    for rule, body, year, measure in duckdb.sql(
        f"SELECT rule, body_name, year, measure FROM read_parquet('{out / 'anomalies.parquet'}')").fetchall():
        if rule == "jump" and measure != "requests.received":
            continue
        if rule == "cross_year" and measure != "cross_year.carried_over.total":
            continue
        got.setdefault(rule, set()).add((body if body.startswith("甲省") else "甲省" + body, year))
    report = {}
    for rule, want in planted.items():
        if rule == "reports":
            continue
        hit = got.get(rule, set())
        report[rule] = f"{len(want & hit)}/{len(want)} planted found, {len(hit - want)} other"
    return report


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    ap.add_argument("--threads", type=int, default=None)
    args = ap.parse_args()
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            parquet = Path(tmp) / "fields.parquet"
            t0 = time.perf_counter()
            planted = generate(n, parquet)
            gen = time.perf_counter() - t0
            m = measure(parquet, Path(tmp) / "trends", args.threads)
            print(json.dumps({"reports": next(iter(planted["reports"])), "rows": _rows(parquet),
                              "generate_s": round(gen, 1), "trends_s": round(m["seconds"], 1),
                              "peak_rss_mib": round(m["peak_rss_mib"]), **found(Path(tmp) / "trends", planted)},
                             ensure_ascii=False), flush=True)  # fmt: skip


def _rows(parquet: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(str(parquet)).metadata.num_rows


if __name__ == "__main__":
    main()
