"""OUT/fields.parquet: every extracted value in long form, one row per (document, key), written
from the JSON outputs one document at a time (memory does not grow with the batch).

Columns: document (output name), source, key, value, unit, confidence, via, check_status (ok | failed |
unchecked: the error-severity identities that involve the key), template, year, agency, title, sha256 (of the
input: `xxgk trends` tells the same file submitted twice by it).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from extractor.checks.rules import T3_OTHER_ROWS, rules_for

ROW_GROUP = 20_000  # rows buffered before a row group is written (the writer itself costs a fixed ~100 MiB)


@lru_cache(maxsize=1)
def rule_keys() -> dict[str, frozenset[str]]:
    keys: dict[str, set[str]] = {}
    for template in ("2019", "2021"):
        for others in T3_OTHER_ROWS.values():
            for rule in rules_for(template, others):
                keys.setdefault(rule.name, set()).update(rule.keys())
    return {k: frozenset(v) for k, v in keys.items()}


def keys_of_rule(rule: str) -> frozenset[str]:
    """The field keys an identity (a check's rule name) involves."""
    return _keys_of(rule)


def _keys_of(rule: str) -> frozenset[str]:
    known = rule_keys().get(rule)
    if known is not None:
        return known
    if rule.startswith("cross_year.carried_over."):
        return frozenset({f"t3.carried_over.{rule.rsplit('.', 1)[1]}"})
    if rule.startswith("cross_year.in_force."):
        return frozenset({f"t2.{rule.rsplit('.', 1)[1]}.in_force"})
    return frozenset()


def check_status(report: dict) -> dict[str, str]:
    status: dict[str, str] = {}
    for check in report.get("checks", []):
        if check.get("severity", "error") != "error":
            continue
        for key in _keys_of(check["rule"]):
            if not check["ok"]:
                status[key] = "failed"
            else:
                status.setdefault(key, "ok")
    return status


def _schema():
    import pyarrow as pa

    return pa.schema(
        [
            ("document", pa.string()), ("source", pa.string()), ("key", pa.string()), ("value", pa.float64()),
            ("unit", pa.string()), ("confidence", pa.float64()), ("via", pa.string()), ("check_status", pa.string()),
            ("template", pa.string()), ("year", pa.int32()), ("agency", pa.string()), ("title", pa.string()),
            ("sha256", pa.string()),
        ]
    )  # fmt: skip


class LongFormWriter:
    """Streams rows into a Parquet file (call `add` per report, `close` at the end)."""

    def __init__(self, path: Path) -> None:
        import pyarrow.parquet as pq

        self.schema = _schema()
        self.writer = pq.ParquetWriter(str(path), self.schema)
        self.columns: dict[str, list] = {name: [] for name in self.schema.names}

    def add(self, name: str, report: dict) -> None:
        status = check_status(report)
        units, provenance = report.get("units", {}), report.get("provenance", {})
        fields = report.get("fields", {})
        keys = list(fields)
        cols = self.columns
        # The report's own columns repeat on each of its rows: one extend each instead of a row-by-row append.
        for column, value in (("document", name), ("source", report.get("source")), ("template", report.get("template")),
                              ("year", report.get("year")), ("agency", report.get("agency")),
                              ("title", report.get("title")), ("sha256", report.get("sha256"))):
            cols[column].extend([value] * len(keys))
        cols["key"].extend(keys)
        cols["value"].extend(None if v is None else float(v) for v in fields.values())
        cols["unit"].extend(units.get(k) for k in keys)
        sources = [provenance.get(k) or {} for k in keys]
        cols["confidence"].extend(p.get("confidence") for p in sources)
        cols["via"].extend(p.get("via") for p in sources)
        cols["check_status"].extend(status.get(k, "unchecked") for k in keys)
        if len(cols["key"]) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.columns["key"]:
            self.writer.write_table(pa.table(self.columns, schema=self.schema))
            self.columns = {name: [] for name in self.schema.names}

    def close(self) -> None:
        self._flush()
        self.writer.close()
