"""One document in, one Report out: read → tables → checks."""

from __future__ import annotations

from pathlib import Path

from extractor.checks.repair import correct_ocr_cells
from extractor.checks.rules import evaluate, rules_for
from extractor.document import Document
from extractor.metadata import find_title
from extractor.reconcile.narrative import unit_of
from extractor.reconcile.tables import decide_by_running_text
from extractor.readers import read_document
from extractor.report_evidence import report_evidence
from extractor.report import Check, Entity, Provenance, Report, Section
from extractor.tables.cells import UNREADABLE
from extractor.tables.confidence import cell_confidence
from extractor.tables.parser import ParsedCell, parse_tables


class NotAReport(Exception):
    """A readable file that is no 政府信息公开工作年度报告: none of the template's tables, nor the narrative of one."""


def extract_document(doc: Document, models=None) -> Report:
    """`models` (extractor.models.Models) adds sections, entities and the `n.*` fields; None: tables only.
    A report without the template's tables (free-form, an opening, an older report) gives its narrative only."""
    parsed = parse_tables(doc.text, doc.tables)
    evidence_warnings = decide_by_running_text(parsed, doc.text)
    free_form = None
    if not parsed.cells:
        free_form = report_evidence(doc.text)
        if not free_form.is_report():
            raise NotAReport(
                f"{doc.source}: no table 2, 3 or 4 of the 政府信息公开工作年度报告 template and no narrative of such a "
                f"report ({free_form.describe()}); not a report?"
            )
    title, agency, year = find_title(doc.text)
    fields = parsed.fields()
    units = {k: c.unit for k, c in parsed.cells.items() if c.unit}
    provenance = {k: _provenance(doc, c) for k, c in parsed.cells.items()}
    template = parsed.template.template
    rules = rules_for(template if template != "unknown" else "2021", parsed.other_rows)
    warnings = [f"reader: {note}" for note in doc.notes] + list(parsed.warnings) + evidence_warnings
    warnings += _repair_ocr(parsed, fields, provenance, rules)
    sections, entities, review = [], [], []
    if models is not None:
        sections, entities, review, narrative_warnings = _narrative(doc, parsed, fields, provenance, models, rules)
        warnings += narrative_warnings
        if (fee := provenance.get("n.fees.info_processing")) is not None:
            units["n.fees.info_processing"] = unit_of(fee.text or "")
    checks = [Check(rule=r.rule, ok=r.ok, detail=r.detail, severity=r.severity) for r in evaluate(rules, fields)]
    if free_form is not None:
        warnings.append(
            f"no table 2, 3 or 4 of the template found ({free_form.describe()}): a free-form report or part of one, "
            + ("its narrative read for sections, entities and n.* fields" if models is not None
               else "and no models to read its narrative with (run without --no-models)"))
    elif template == "unknown":
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
        sections=sections,
        entities=entities,
        review=review,
        warnings=warnings,
    )


def _repair_ocr(parsed, fields: dict, provenance: dict[str, Provenance], rules) -> list[str]:
    """Cells OCR misread or could not read, corrected where the identities pin them down; each one
    is marked in its provenance and named in a warning."""
    unreadable = {k for k, c in parsed.cells.items() if c.raw == UNREADABLE}
    read_by_ocr = {k for k, p in provenance.items() if p.ocr_raw is not None}
    warnings = []
    for fix in correct_ocr_cells(fields, rules, read_by_ocr, unreadable):
        p = provenance[fix.key]
        p.confidence = min(p.confidence, 0.5)
        if fix.read is None:
            p.read_as = "ocr-unreadable, filled by identity"
            warnings.append(f"OCR: {fix.key} unreadable (printed {p.ocr_raw!r}), set to {fix.corrected} by {', '.join(fix.rules)}")
        else:
            p.corrected_from, p.read_as = fix.read, "ocr-corrected"
            warnings.append(
                f"OCR correction: {fix.key} read as {fix.read} (printed {p.ocr_raw!r}), set to {fix.corrected} "
                f"because {', '.join(fix.rules)} then hold"
            )
    return warnings


def _narrative(doc: Document, parsed, fields: dict, provenance: dict[str, Provenance], models, rules):
    """Sections and quantities from the models; the quantities become `n.*` fields where their calibrated confidence
    reaches the threshold and the tables do not contradict them (the others go to `review`), and fill table cells
    the parser could not read where the identities confirm them (never a printed one)."""
    from extractor.reconcile.confidence import settle
    from extractor.reconcile.narrative import narrative_fields, second_reading, with_second_reading
    from extractor.reconcile.sections import cell_offsets_by_table, finder_disagreements
    from extractor.reconcile.tables import fill_from_narrative
    from extractor.tagger.context import TableContext

    text = doc.text
    predicted_sections = models.sections.predict(text) if models.sections is not None else []
    mentions = models.tagger.predict(text, TableContext.from_parsed(parsed)) if models.tagger is not None else []
    narrative = narrative_fields(mentions, text, predicted_sections, fields)  # before any n.* key is added
    if narrative:  # the phrase rules' own reading, as evidence on each value (reconcile/confidence.py)
        narrative = with_second_reading(narrative, second_reading(text, predicted_sections, fields))
    accepted, review = settle(narrative, models.calibration)
    for key, confidence in accepted.items():
        nv = narrative[key]
        fields[key] = nv.value
        provenance[key] = Provenance(
            page=doc.page_of(nv.mention.start), start=nv.mention.start, end=nv.mention.end, text=nv.text,
            via="narrative", confidence=confidence,
            read_as=(f"tagged {nv.relabelled_from}, read as {key} because it equals the table"
                     if nv.relabelled_from else f"tagged {nv.mention.label}"))
    warnings = fill_from_narrative(fields, provenance, {k: narrative[k] for k in accepted}, rules, doc.page_of)
    warnings += [f"review: {item.key} not in fields ({item.reason})" for item in review]
    warnings += finder_disagreements(predicted_sections, cell_offsets_by_table(provenance))
    sections = [Section(label=s.label, start=s.start, end=s.end) for s in predicted_sections]
    entities = [Entity(label=m.label, start=m.start, end=m.end, text=text[m.start:m.end],
                       confidence=models.calibration.entity(m.confidence)) for m in mentions]
    return sections, entities, review, warnings


def _provenance(doc: Document, cell: ParsedCell) -> Provenance:
    placed = doc.placement_at(cell.start) if cell.start is not None else None
    how = cell.how
    if placed and placed.ocr_raw is not None:
        printed = doc.text[placed.start : placed.end]
        if "".join(placed.ocr_raw.split()) != "".join(printed.split()):
            how = f"{how}, ocr-normalized"  # letters read in a number (O→0, l→1) were turned into digits
    family, confidence = cell.family, cell.confidence
    if placed and placed.ocr_score is not None:
        # An OCR'd cell is its own way of reading (calibrated apart), and no surer than the recognizer was about
        # its characters.
        family = "ocr"
        confidence = min(cell_confidence(family, cell.pinned), round(placed.ocr_score, 2))
    return Provenance(
        page=placed.page if placed else (doc.page_of(cell.start) if cell.start is not None else None),
        start=cell.start,
        end=cell.end,
        text=cell.raw,
        via="reconciled" if cell.evidence else "table",
        confidence=confidence,
        read_as=f"{how}; decided by evidence: {cell.evidence}" if cell.evidence else how,
        box=placed.box if placed else None,
        grid=cell.grid,
        alternatives=list(cell.alternatives) or None,
        family=family or None,
        pinned=cell.pinned,
        ocr_raw=placed.ocr_raw if placed else None,
        ocr_score=round(placed.ocr_score, 4) if placed and placed.ocr_score is not None else None,
    )


def extract_path(path: Path | str, page_workers: int = 1, models=None) -> tuple[Report, Document]:
    doc = read_document(path, page_workers)
    return extract_document(doc, models), doc
