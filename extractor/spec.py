"""The field keys of the contract (SPEC §2), loaded once from the packaged fields.json, and the tables'
columns and blocks as the template (extractor/templates/template.py) defines them."""

from __future__ import annotations

from extractor.templates import template
from extractor.templates.fields import FieldSpec, all_fields, fields_by_key

T3_COLUMNS = template.column_keys("t3")
T4_BLOCKS = template.row_keys("t4")
T4_COLUMNS = template.column_keys("t4")
TEMPLATES = template.TEMPLATES

__all__ = ["FieldSpec", "all_fields", "fields_by_key", "T3_COLUMNS", "T4_BLOCKS", "T4_COLUMNS", "TEMPLATES"]


def field_keys() -> list[str]:
    return [f.key for f in all_fields()]


def is_known_key(key: str) -> bool:
    return key in fields_by_key()


def table_of(key: str) -> str:
    return fields_by_key()[key].table


# SPEC §5: section labels. The overview's parts may be labelled with the finer `overview.*` labels.
SECTION_LABELS = (
    "title", "preamble", "overview", "overview.proactive", "overview.requests", "overview.management",
    "overview.platform", "overview.oversight", "proactive_table", "request_table", "review_table", "problems",
    "other_matters", "extra_table", "boilerplate",
)

# SPEC §6: quantity entity labels (BIO over characters).
ENTITY_LABELS = (
    "PROACTIVE_TOTAL", "PROACTIVE_CUMULATIVE", "PROACTIVE_PART", "APP_RECEIVED", "APP_COMPLETED", "APP_CARRIED",
    "APP_OUTCOME", "PROCUREMENT_COUNT", "PROCUREMENT_AMOUNT", "FEE_AMOUNT", "CASE_COUNT", "DOC_COUNT",
)


def coarse_section(label: str) -> str:
    """`overview.proactive` → `overview`: the level at which sections are scored by default."""
    return label.split(".", 1)[0]
