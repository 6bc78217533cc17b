"""The field keys of the contract (SPEC §2), loaded once from the packaged fields.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

T3_COLUMNS = ("natural", "commercial", "research", "social", "legal", "other_org", "total")
T4_BLOCKS = ("review", "suit_direct", "suit_after_review")
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
TEMPLATES = ("2019", "2021")


@dataclass(frozen=True)
class FieldSpec:
    key: str
    table: str  # t2, t3, t4, narrative
    templates: tuple[str, ...]
    label: str
    kind: str  # count, signed, amount


@lru_cache(maxsize=1)
def all_fields() -> tuple[FieldSpec, ...]:
    raw = json.loads(resources.files("extractor.templates").joinpath("fields.json").read_text("utf-8"))
    return tuple(
        FieldSpec(f["key"], f["table"], tuple(f["templates"]), f["label"], f["kind"]) for f in raw["fields"]
    )


@lru_cache(maxsize=1)
def fields_by_key() -> dict[str, FieldSpec]:
    return {f.key: f for f in all_fields()}


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
