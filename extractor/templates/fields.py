"""The field keys of the contract (SPEC §2), loaded once from the packaged fields.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


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
