"""A report's row of summary.csv, from its JSON: made in the worker as the document finishes (the batch
process appends it) and again at the end from the output read back (with the checks across years)."""

from __future__ import annotations

import csv
import io

SUMMARY_HEAD = ["source", "template", "title", "agency", "year", "failed_checks", "warnings", "review"]


def failed_checks(report: dict) -> int:
    return sum(1 for c in report.get("checks", []) if not c["ok"] and c.get("severity", "error") == "error")


def summary_row(report: dict, keys: list[str]) -> list:
    """SUMMARY_HEAD, then one column per field key (`keys`, in the order of fields.json)."""
    fields = report.get("fields", {})
    row = [report["source"], report["template"], report.get("title") or "", report.get("agency") or ""]
    row += [report.get("year") or "", failed_checks(report), len(report.get("warnings", [])),
            len(report.get("review", []))]  # values the evidence did not settle: listed in the JSON's `review`
    return row + ["" if fields.get(k) is None else fields[k] for k in keys]


def csv_line(row: list) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerow(row)
    return buf.getvalue().encode("utf-8")
