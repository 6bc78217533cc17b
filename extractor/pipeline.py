"""One document in, one Report out: read → tables → checks."""

from __future__ import annotations

from pathlib import Path

from extractor.checks.rules import evaluate, rules_for
from extractor.document import Document
from extractor.metadata import find_title
from extractor.readers import read_document
from extractor.report import Check, Provenance, Report
from extractor.tables.parser import parse_tables


class NotAReport(Exception):
    """A readable file in which no table of the template was found."""


def extract_document(doc: Document) -> Report:
    parsed = parse_tables(doc.text)
    if not parsed.cells:
        raise NotAReport(
            f"{doc.source}: no table 2, 3 or 4 of the 政府信息公开工作年度报告 template found; not a report?"
        )
    title, agency, year = find_title(doc.text)
    fields = parsed.fields()
    units = {k: c.unit for k, c in parsed.cells.items() if c.unit}
    provenance = {
        k: Provenance(
            page=doc.page_of(c.start) if c.start is not None else None,
            start=c.start,
            end=c.end,
            text=c.raw,
            via="table",
            confidence=c.confidence,
            read_as=c.how,
        )
        for k, c in parsed.cells.items()
    }
    template = parsed.template.template
    rules = rules_for(template if template != "unknown" else "2021", parsed.other_rows)
    checks = [Check(rule=r.rule, ok=r.ok, detail=r.detail, severity=r.severity) for r in evaluate(rules, fields)]
    warnings = list(parsed.warnings)
    if template == "unknown":
        warnings.append("template not recognized: tables read with the 2021 layout")
    return Report(
        source=str(doc.source),
        sha256=doc.sha256,
        template=template,
        title=title,
        agency=agency,
        year=year,
        fields=fields,
        units=units,
        provenance=provenance,
        checks=checks,
        warnings=warnings,
    )


def extract_path(path: Path | str) -> tuple[Report, Document]:
    doc = read_document(path)
    return extract_document(doc), doc
