"""Correcting misread digits with the identities. A cell read by OCR that breaks its identities is
changed only when exactly one such cell, changed to the value its identity implies, makes every
identity through it hold, and that value is a plausible misreading of what was read (one digit
substituted, dropped or doubled). Anything less certain is left as read and stays a failed check."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from extractor.checks.rules import Rule, Value, evaluate_rule


@dataclass(frozen=True)
class Repair:
    key: str
    read: Value
    corrected: int
    rules: tuple[str, ...]  # the identities that pinned the value


def plausible_misreading(read: Value, value: int) -> bool:
    if read is None or isinstance(read, float) and not read.is_integer():
        return False
    a, b = str(int(read)), str(value)
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if abs(len(a) - len(b)) == 1:
        longer, shorter = (a, b) if len(a) > len(b) else (b, a)
        return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
    return False


def _implied(rule: Rule, key: str, fields: dict[str, Value]) -> float:
    """The value of `key` that makes `rule` hold, the other cells as read (blanks count 0)."""
    left = sum(fields.get(k) or 0 for k in rule.left if k != key)
    right = sum(fields.get(k) or 0 for k in rule.right if k != key)
    return right - left if key in rule.left else left - right


def _failing(rules: tuple[Rule, ...], fields: dict[str, Value]) -> list[Rule]:
    return [r for r in rules if (res := evaluate_rule(r, fields)) is not None and not res.ok]


def _holds_everywhere(key: str, rules: tuple[Rule, ...], fields: dict[str, Value]) -> tuple[str, ...] | None:
    touching = [r for r in rules if key in r.keys()]
    results = [evaluate_rule(r, fields) for r in touching]
    if any(res is not None and not res.ok for res in results):
        return None
    return tuple(r.name for r, res in zip(touching, results) if res is not None)


def fill_unreadable(fields: dict[str, Value], rules: tuple[Rule, ...], unreadable: Collection[str]) -> list[Repair]:
    """A printed cell OCR could not read at all takes the value an identity gives it, and only if every
    identity through it then holds. One unreadable cell in an identity gets the difference; several on
    the same side get 0 each when the difference is 0 (counts are never negative)."""
    done: list[Repair] = []
    for rule in rules:
        open_keys = [k for k in rule.keys() if k in unreadable and fields.get(k) is None]
        if not open_keys or not (set(open_keys) <= set(rule.left) or set(open_keys) <= set(rule.right)):
            continue
        value = _implied(rule, open_keys[0], {**fields, **{k: 0 for k in open_keys}})
        if value != int(value) or value < 0 or (len(open_keys) > 1 and value != 0):
            continue
        trial = {**fields, **{k: int(value) for k in open_keys}}
        pinned = [_holds_everywhere(k, rules, trial) for k in open_keys]
        if any(p is None for p in pinned):
            continue
        for key, names in zip(open_keys, pinned):
            done.append(Repair(key, None, int(value), names))
            fields[key] = int(value)
    return done


def repair(fields: dict[str, Value], rules: tuple[Rule, ...], candidates: Collection[str], max_repairs: int = 5) -> list[Repair]:
    """Repairs applied to `fields` in place, one unambiguous cell at a time."""
    done: list[Repair] = []
    if not candidates:
        return done
    for _ in range(max_repairs):
        failing = _failing(rules, fields)
        if not failing:
            break
        proposals: dict[str, tuple[int, tuple[str, ...]]] = {}
        for rule in failing:
            for key in rule.keys():
                read = fields.get(key)
                if key not in candidates or key in proposals:
                    continue
                value = _implied(rule, key, fields)
                if value < 0 or value != int(value) or not plausible_misreading(read, int(value)):
                    continue
                trial = {**fields, key: int(value)}
                pinned = _holds_everywhere(key, rules, trial)
                if pinned is not None and len(_failing(rules, trial)) < len(failing):
                    proposals[key] = (int(value), pinned)
        if len(proposals) != 1:
            break  # nothing plausible, or several cells could explain the break: leave it to a person
        key, (value, pinned) = next(iter(proposals.items()))
        done.append(Repair(key, fields[key], value, pinned))
        fields[key] = value
    return done


def correct_ocr_cells(
    fields: dict[str, Value], rules: tuple[Rule, ...], read_by_ocr: Collection[str], unreadable: Collection[str]
) -> list[Repair]:
    """Fill, correct, fill again (in place): a misread digit corrected may be what kept an unreadable
    cell open. `read_by_ocr` are the cells a recognizer read; `unreadable` those it could not read."""
    done = fill_unreadable(fields, rules, unreadable)
    done += repair(fields, rules, read_by_ocr)
    done += fill_unreadable(fields, rules, {k for k in unreadable if fields.get(k) is None})
    return done
