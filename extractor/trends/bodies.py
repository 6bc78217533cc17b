"""A body key that survives how a body prints its name across years.

A report names its body in its title (`agency`, the title's issuer); the same body prints 平潭综合实验区管委会 one
year and 平潭综合实验区管理委员会 the next, 宁海县政府 and 宁海县人民政府, 胜利街街道办事处 and 胜利街街道, or only its short
name (龙津洲街道 for 某市某区龙津洲街道). The key is the name brought to one form (`canonical`), then a short name
joined to the one full name in the batch that ends with it after a place name. A mapping file the user gives
(CSV `name,body` or JSON `{name: body}`; a name is a printed name, a document's output name, its source path or
file name, or its sha256) comes first. Every match is listed (bodies.csv) for a person to check.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_PUNCT = re.compile(r"[\s（）()《》〈〉<>“”\"'‘’·.、,，:：;；\-—_]")
_ABOUT = re.compile(r"关于.*$")  # 某局办公室关于编制公布…: the issuer is before 关于
_YEAR = re.compile(r"(?:19|20)\d\d年度?")
_REPORT = re.compile(r"政府信息公开.*$")  # a whole title given as a name
_GOV_SHORT = re.compile(r"(?<=[省市区县镇乡州旗])政府")  # 市政府 → 市人民政府
_REGION_END = "省市区县镇乡州旗盟"
# A trailing 人民政府/管理委员会 after a place name is the place's government: 宁海县人民政府 ≡ 宁海县.
_GOVERNMENT = re.compile(rf"(?<=[{_REGION_END}])(?:人民政府|管理委员会)$")
_ISSUER = re.compile(r"^(.*?)(?:19|20)\d\d年")


def canonical(name: str) -> str:
    """One form of a printed body name (the body key when nothing else joins it to another name)."""
    s = unicodedata.normalize("NFKC", name)
    s = _PUNCT.sub("", s)
    s = _ABOUT.sub("", s)
    s = _REPORT.sub("", s)
    s = _YEAR.sub("", s)
    s = s.replace("管委会", "管理委员会").replace("街道办事处", "街道").replace("街道办", "街道")
    s = _GOV_SHORT.sub("人民政府", s)
    return _GOVERNMENT.sub("", s)


def issuer_of_title(title: str | None) -> str | None:
    """The body a title names before its year (…2020年政府信息公开工作年度报告)."""
    if not title:
        return None
    m = _ISSUER.match(unicodedata.normalize("NFKC", title))
    return m.group(1) if m and len(m.group(1)) >= 2 else None


@dataclass(frozen=True)
class DocName:
    doc: str  # unique id of the document across the inputs
    document: str  # its output name
    source: str | None
    sha256: str | None
    agency: str | None
    title: str | None
    year: int | None


@dataclass(frozen=True)
class Match:
    body_key: str
    body_name: str
    printed: str  # the name the report printed (or what the mapping matched)
    how: str


def load_mapping(path: Path) -> dict[str, str]:
    """name -> body from a CSV (columns `name,body`) or JSON (`{name: body}` or `[{name, body}]`) file."""
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the mapping file: {exc}") from exc
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not JSON: {exc}") from exc
        if isinstance(data, dict):
            pairs = list(data.items())
        elif isinstance(data, list) and all(isinstance(e, dict) and {"name", "body"} <= set(e) for e in data):
            pairs = [(e["name"], e["body"]) for e in data]
        else:
            raise ValueError(f"{path}: a mapping is {{name: body}} or [{{\"name\": …, \"body\": …}}]")
    else:
        rows = list(csv.DictReader(text.splitlines()))
        if not rows or not {"name", "body"} <= set(rows[0]):
            raise ValueError(f"{path}: a CSV mapping needs the columns name,body")
        pairs = [(r["name"], r["body"]) for r in rows]
    out = {}
    for name, body in pairs:
        if not isinstance(name, str) or not isinstance(body, str) or not name.strip() or not body.strip():
            raise ValueError(f"{path}: every name and body must be a non-empty string (got {name!r} → {body!r})")
        out[name.strip()] = body.strip()
    return out


def _mapped(d: DocName, mapping: dict[str, str]) -> tuple[str, str] | None:
    """(body, what matched) where the mapping names this document or its printed name."""
    tries = [("document", d.document), ("source", d.source), ("file", Path(d.source).name if d.source else None),
             ("sha256", d.sha256), ("printed name", d.agency)]  # fmt: skip
    for what, value in tries:
        if value and value in mapping:
            return mapping[value], f"{what} {value}"
    if d.agency:
        canon = {canonical(k): v for k, v in mapping.items()}
        if canonical(d.agency) in canon:
            return canon[canonical(d.agency)], f"printed name {d.agency} (normalized)"
    return None


def _short_name_index(names: Iterable[str]) -> dict[str, set[str]]:
    """tail -> full names that end with it after a place name (某市某区|龙津洲街道)."""
    index: dict[str, set[str]] = defaultdict(set)
    for full in names:
        for i in range(2, len(full) - 2):
            if full[i - 1] in _REGION_END:
                index[full[i:]].add(full)
    return index


def assign(docs: list[DocName], mapping: dict[str, str] | None = None) -> dict[str, Match]:
    """doc id -> its body (key, display name, printed name, how the key was found)."""
    mapping = mapping or {}
    first: dict[str, tuple[str, str, str]] = {}  # doc -> (canonical, printed, how)
    mapped_docs: set[str] = set()  # what the user's mapping names is final: never joined to another name
    for d in docs:
        mapped = _mapped(d, mapping)
        if mapped:
            first[d.doc] = (canonical(mapped[0]), mapped[0], f"mapping file ({mapped[1]})")
            mapped_docs.add(d.doc)
        elif d.agency:
            c = canonical(d.agency)
            how = "as printed" if c == _PUNCT.sub("", unicodedata.normalize("NFKC", d.agency)) else f"normalized ({d.agency} → {c})"
            first[d.doc] = (c, d.agency, how)
        elif issuer_of_title(d.title):
            issuer = issuer_of_title(d.title)
            first[d.doc] = (canonical(issuer), issuer, f"the title's issuer ({d.title})")
    # short names: joined to the one full name that ends with them after a place name
    names = set(c for doc, (c, _, _) in first.items() if doc not in mapped_docs)
    index = _short_name_index(names)
    joined: dict[str, tuple[str, str]] = {}
    for c in sorted(names, key=len):
        fulls = index.get(c, set()) - {c}
        if len(c) >= 3 and len(fulls) == 1:
            joined[c] = (next(iter(fulls)), f"short name of {next(iter(fulls))}")
        elif len(fulls) > 1:
            joined[c] = (c, f"not joined: a short name of {len(fulls)} bodies ({', '.join(sorted(fulls)[:3])})")
    printed_by_key: dict[str, Counter] = defaultdict(Counter)
    out: dict[str, Match] = {}
    for d in docs:
        if d.doc not in first:
            out[d.doc] = Match(f"?{d.document}", f"(no name printed: {d.document})", "",
                               "no name printed: give one with --map (document name → body)")  # fmt: skip
            continue
        c, printed, how = first[d.doc]
        key, why = (c, "") if d.doc in mapped_docs else joined.get(c, (c, ""))
        if key != c:
            key = joined.get(key, (key, ""))[0]
        out[d.doc] = Match(key, "", printed, how + (f"; {why}" if why else ""))
        printed_by_key[key][printed] += 1
    names_of = {k: max(cnt.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0] for k, cnt in printed_by_key.items()}
    return {doc: (m if m.body_name else Match(m.body_key, names_of[m.body_key], m.printed, m.how)) for doc, m in out.items()}
