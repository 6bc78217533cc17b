"""The batch outputs `xxgk trends` reads, as DuckDB relations: `facts` (every row of every fields.parquet, with
the batch it came from) and `docs` (one row per document: its name, year, template, printed body name, sha256,
how many values it holds and a digest of them)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

REQUIRED = ("document", "key", "value", "template", "year", "agency")
OPTIONAL = {"source": "VARCHAR", "unit": "VARCHAR", "confidence": "DOUBLE", "via": "VARCHAR",
            "check_status": "VARCHAR", "title": "VARCHAR", "sha256": "VARCHAR"}  # fmt: skip


@dataclass(frozen=True)
class Input:
    parquet: Path
    out_dir: Path  # where the documents' JSON files are (the batch folder)
    columns: frozenset[str]


def find_inputs(paths: list[Path]) -> list[Input]:
    """Each path is a batch output folder (holding fields.parquet) or a fields.parquet file."""
    import pyarrow.parquet as pq

    if not paths:
        raise ValueError("no input: give one or more batch output folders or fields.parquet files")
    out = []
    for p in paths:
        parquet = p / "fields.parquet" if p.is_dir() else p
        if not parquet.is_file():
            raise ValueError(f"{p}: neither a batch output folder with fields.parquet nor a Parquet file")
        try:
            names = frozenset(pq.read_schema(parquet).names)
        except Exception as exc:  # pyarrow raises several kinds for a file that is not Parquet
            raise ValueError(f"{parquet}: not a readable Parquet file: {exc}") from exc
        missing = [c for c in REQUIRED if c not in names]
        if missing:
            raise ValueError(f"{parquet}: not a fields.parquet of `xxgk extract`: no column {', '.join(missing)}")
        out.append(Input(parquet.resolve(), parquet.resolve().parent, names))
    return out


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _manifest_sha(inp: Input) -> dict[str, str]:
    """document -> sha256 from the batch's manifest.jsonl, for a fields.parquet written before it had the column."""
    path = inp.out_dir / "manifest.jsonl"
    found: dict[str, str] = {}
    if path.is_file():
        for line in path.read_text("utf-8").splitlines():
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                continue
            if r.get("output") and r.get("sha256"):
                found[r["output"]] = r["sha256"]
    return found


def register(con, inputs: list[Input]) -> None:
    """Creates the view `facts` and the table `docs` in the DuckDB connection `con`."""
    import pyarrow as pa

    selects = []
    for i, inp in enumerate(inputs):
        cols = [f"{i} AS batch", f"{_q(str(inp.out_dir))} AS out_dir", "document", "key", "value", "template",
                "CAST(year AS INTEGER) AS year", "agency"]  # fmt: skip
        shas = _manifest_sha(inp) if "sha256" not in inp.columns else {}
        if shas:  # an older batch: the manifest's hashes, a small table of one row per document
            con.register(f"sha_{i}", pa.table({"document": list(shas), "sha": list(shas.values())}))
        for name, kind in OPTIONAL.items():
            if name in inp.columns:
                cols.append(name)
            elif name == "sha256" and shas:
                cols.append(f"(SELECT sha FROM sha_{i} s WHERE s.document = p.document) AS sha256")
            else:
                cols.append(f"CAST(NULL AS {kind}) AS {name}")
        selects.append(f"SELECT {', '.join(cols)} FROM read_parquet({_q(str(inp.parquet))}) p")
    con.execute("CREATE OR REPLACE VIEW facts AS " + " UNION ALL ".join(selects))
    con.execute("""
        CREATE OR REPLACE TABLE docs AS
        SELECT row_number() OVER (ORDER BY batch, document) AS doc, batch, any_value(out_dir) AS out_dir, document,
               any_value(source) AS source, any_value(sha256) AS sha256, any_value(template) AS template,
               any_value(year) AS year, any_value(agency) AS agency, any_value(title) AS title,
               count(value) AS n_values, count(*) FILTER (WHERE check_status = 'failed') AS failed,
               -- a digest of the document's values that needs no sort (a sorted string_agg does not spill):
               -- the XOR of the hashes of its key=value pairs (keys are unique within a document)
               coalesce(bit_xor(hash(key || '=' || CAST(value AS VARCHAR))) FILTER (WHERE value IS NOT NULL), 0)
                   AS fields_hash
        FROM facts GROUP BY batch, document
    """)
