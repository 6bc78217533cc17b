"""The measures of the trends and how each template's field keys give them (measures.json, the one place the
2019/2021 mapping is written), checked against the contract's field keys (extractor.spec)."""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from extractor.spec import fields_by_key


@dataclass(frozen=True)
class Measure:
    measure: str
    label: str
    group: str
    kind: str  # count | amount | share
    keys: dict[str, tuple[str, ...]] = field(default_factory=dict)  # template -> keys summed
    ratio: tuple[str, str] | None = None  # share: (numerator measure, denominator measure)
    default_unit: str | None = None  # amounts: the unit of a value printed without one
    note: str = ""


@dataclass(frozen=True)
class LeftOut:
    patterns: tuple[str, ...]
    why: str

    def matches(self, key: str) -> bool:
        return any(fnmatch.fnmatchcase(key, p) for p in self.patterns)


@lru_cache(maxsize=1)
def _raw() -> dict:
    return json.loads(resources.files("extractor.trends").joinpath("measures.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def measures() -> tuple[Measure, ...]:
    out = []
    for m in _raw()["measures"]:
        out.append(Measure(
            m["measure"], m["label"], m["group"], m["kind"],
            {t: tuple(ks) for t, ks in m.get("keys", {}).items()},
            tuple(m["ratio"]) if "ratio" in m else None, m.get("default_unit"), m.get("note", ""),
        ))  # fmt: skip
    _validate(out)
    return tuple(out)


@lru_cache(maxsize=1)
def left_out() -> tuple[LeftOut, ...]:
    return tuple(LeftOut(tuple(e["keys"]), e["why"]) for e in _raw()["left_out"])


def by_name() -> dict[str, Measure]:
    return {m.measure: m for m in measures()}


def _validate(ms: list[Measure]) -> None:
    """A key a measure names must be the contract's, for a template the contract gives it (a narrative key also
    for reports of no template); a share divides two measures of the list."""
    known = fields_by_key()
    names = {m.measure for m in ms}
    for m in ms:
        for template, keys in m.keys.items():
            for key in keys:
                spec = known.get(key)
                ok = spec is not None and (template in spec.templates or (template == "unknown" and spec.table == "narrative"))
                if not ok:
                    raise ValueError(f"measures.json: {m.measure} names {key} for template {template}, which fields.json does not have")
        if m.ratio and not set(m.ratio) <= names:
            raise ValueError(f"measures.json: {m.measure} divides {m.ratio}, not measures of the list")


UNIT_FACTORS = {"元": 1.0, "万元": 10_000.0}


def unaccounted_keys() -> list[str]:
    """Field keys of the contract that no measure uses and no `left_out` entry names (should be none)."""
    used = {k for m in measures() for keys in m.keys.values() for k in keys}
    return [k for k in fields_by_key() if k not in used and not any(lo.matches(k) for lo in left_out())]
