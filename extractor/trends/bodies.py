"""A body key that survives how a body prints its name across years.

A report names its body in its title (`agency`, the title's issuer); the same body prints 平潭综合实验区管委会 one
year and 平潭综合实验区管理委员会 the next, 宁海县政府 and 宁海县人民政府, 胜利街街道办事处 and 胜利街街道, or only its short
name (龙津洲街道 for 某市某区龙津洲街道). The key is the name brought to one form (`canonical`), then a short name
joined to the one full name in the batch that ends with it after a place name. A mapping file the user gives
(CSV `name,body` or JSON `{name: body}`; a name is a printed name, a document's output name, its source path or
file name, or its sha256) comes first. Every match is listed (bodies.csv) for a person to check.

The matching runs in DuckDB over the batch's `docs` table (the name rules as SQL functions), so a batch of any
size is matched without its documents ever being held in Python.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
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
    doc: int  # unique id of the document across the inputs
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


def _stripped(name: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", name))


def _register_functions(con) -> None:
    """The name rules above as SQL functions, which DuckDB calls row by row: Python sees one name at a time and
    keeps none. A title may have no issuer (None → NULL); a name always has a canonical form."""
    for name, fn in (("body_canonical", canonical), ("body_stripped", _stripped)):
        con.create_function(name, fn, ["VARCHAR"], "VARCHAR", side_effects=False)
    con.create_function("body_issuer", issuer_of_title, ["VARCHAR"], "VARCHAR", null_handling="special",
                        side_effects=False)


_REGION_CHARS = ", ".join(f"'{c}'" for c in _REGION_END)
# Per document: the name it is known by and how that was found. The user's mapping comes first (by the document's
# output name, source path, file name, sha256, printed name, then the printed name brought to one form); then the
# printed name; then the title's issuer.
_FIRST = """
CREATE OR REPLACE TABLE body_first AS
WITH cleaned AS (SELECT *, nullif(agency, '') AS printed_name FROM docs),
d AS (SELECT doc, document, source, sha256, printed_name AS agency, body_canonical(printed_name) AS agency_c, title,
             regexp_extract(rtrim(source, '/'), '[^/]*$') AS file FROM cleaned),
m AS (
    SELECT d.doc, d.document, d.agency, d.agency_c, d.title,
           coalesce(m1.body, m2.body, m3.body, m4.body, m5.body, m6.body) AS mapped,
           CASE WHEN m1.body IS NOT NULL THEN 'document ' || d.document
                WHEN m2.body IS NOT NULL THEN 'source ' || d.source
                WHEN m3.body IS NOT NULL THEN 'file ' || d.file
                WHEN m4.body IS NOT NULL THEN 'sha256 ' || d.sha256
                WHEN m5.body IS NOT NULL THEN 'printed name ' || d.agency
                WHEN m6.body IS NOT NULL THEN 'printed name ' || d.agency || ' (normalized)' END AS what,
           body_issuer(d.title) AS issuer
    FROM d
    LEFT JOIN body_map m1 ON m1.name = d.document
    LEFT JOIN body_map m2 ON m2.name = d.source
    LEFT JOIN body_map m3 ON m3.name = d.file
    LEFT JOIN body_map m4 ON m4.name = d.sha256
    LEFT JOIN body_map m5 ON m5.name = d.agency
    LEFT JOIN body_map_canonical m6 ON m6.name = d.agency_c)
SELECT doc, document, mapped IS NOT NULL AS is_mapped,
       CASE WHEN mapped IS NOT NULL THEN body_canonical(mapped) WHEN agency IS NOT NULL THEN agency_c
            WHEN issuer IS NOT NULL THEN body_canonical(issuer) END AS c,
       coalesce(mapped, agency, issuer) AS printed,
       CASE WHEN mapped IS NOT NULL THEN 'mapping file (' || what || ')'
            WHEN agency IS NOT NULL THEN CASE WHEN agency_c = body_stripped(agency) THEN 'as printed'
                                             ELSE 'normalized (' || agency || ' → ' || agency_c || ')' END
            WHEN issuer IS NOT NULL THEN 'the title''s issuer (' || title || ')' END AS how
FROM m
"""
# A short name is joined to the one full name in the batch that ends with it after a place name (某市某区|龙津洲街道);
# a name the mapping gave is final. (No second hop: were that full name itself a short name of a longer one, the
# short name would end that one too, have two full names, and not be joined.) Then every document gets its body: key, the name most of its reports print.
_ASSIGN = f"""
CREATE OR REPLACE TABLE doc_body AS
WITH names AS (SELECT DISTINCT c FROM body_first WHERE c IS NOT NULL AND NOT is_mapped),
cuts AS (SELECT c AS full_name, unnest(range(2, length(c) - 2)) AS i FROM names),
tails AS (SELECT full_name, substr(full_name, i + 1) AS tail FROM cuts WHERE substr(full_name, i, 1) IN ({_REGION_CHARS})),
fulls AS (SELECT n.c, list_sort(list(DISTINCT t.full_name)) AS fulls
          FROM names n JOIN tails t ON t.tail = n.c AND t.full_name <> n.c GROUP BY n.c),
joined AS (SELECT c, CASE WHEN length(c) >= 3 AND len(fulls) = 1 THEN fulls[1] ELSE c END AS key,
                  CASE WHEN length(c) >= 3 AND len(fulls) = 1 THEN 'short name of ' || fulls[1]
                       WHEN len(fulls) > 1 THEN 'not joined: a short name of ' || len(fulls) || ' bodies ('
                                                || array_to_string(fulls[1:3], ', ') || ')' END AS why
           FROM fulls),
keyed AS (SELECT f.doc, f.document, f.c, f.printed,
                 CASE WHEN f.is_mapped OR j.c IS NULL THEN f.c ELSE j.key END AS body_key,
                 f.how || CASE WHEN NOT f.is_mapped AND j.why IS NOT NULL THEN '; ' || j.why ELSE '' END AS how
          FROM body_first f LEFT JOIN joined j ON j.c = f.c),
named AS (SELECT body_key, first(printed ORDER BY n DESC, length(printed) DESC, printed DESC) AS body_name
          FROM (SELECT body_key, printed, count(*) AS n FROM keyed WHERE c IS NOT NULL GROUP BY ALL) GROUP BY body_key)
SELECT k.doc,
       CASE WHEN k.c IS NULL THEN '?' || k.document ELSE k.body_key END AS body_key,
       CASE WHEN k.c IS NULL THEN '(no name printed: ' || k.document || ')' ELSE n.body_name END AS body_name,
       coalesce(k.printed, '') AS printed,
       CASE WHEN k.c IS NULL THEN 'no name printed: give one with --map (document name → body)' ELSE k.how END AS how
FROM keyed k LEFT JOIN named n USING (body_key)
"""


def register(con, mapping: dict[str, str] | None = None) -> None:
    """Creates the table `doc_body` (doc, body_key, body_name, printed, how) from the table `docs` (doc, document,
    source, sha256, agency, title): all in DuckDB, so memory does not grow with the batch's documents."""
    import pyarrow as pa

    mapping = mapping or {}
    _register_functions(con)
    canon = {canonical(name): body for name, body in mapping.items()}  # two names of one form: the later wins
    con.register("body_map", pa.table({"name": pa.array(list(mapping), pa.string()),
                                       "body": pa.array(list(mapping.values()), pa.string())}))  # fmt: skip
    con.register("body_map_canonical", pa.table({"name": pa.array(list(canon), pa.string()),
                                                 "body": pa.array(list(canon.values()), pa.string())}))  # fmt: skip
    con.execute(_FIRST)
    con.execute(_ASSIGN)
    for name in ("body_map", "body_map_canonical"):
        con.unregister(name)
    con.execute("DROP TABLE body_first")


def assign(docs: list[DocName], mapping: dict[str, str] | None = None) -> dict[int, Match]:
    """doc id -> its body (key, display name, printed name, how the key was found), for a list of documents: the
    same SQL as a batch's, in a DuckDB of its own."""
    import duckdb
    import pyarrow as pa

    con = duckdb.connect()
    try:
        con.register("docs_arrow", pa.table({
            "doc": pa.array([d.doc for d in docs], pa.int64()), "document": [d.document for d in docs],
            "source": pa.array([d.source for d in docs], pa.string()),
            "sha256": pa.array([d.sha256 for d in docs], pa.string()),
            "agency": pa.array([d.agency for d in docs], pa.string()),
            "title": pa.array([d.title for d in docs], pa.string())}))  # fmt: skip
        con.execute("CREATE TABLE docs AS SELECT * FROM docs_arrow")
        register(con, mapping)
        rows = con.execute("SELECT doc, body_key, body_name, printed, how FROM doc_body").fetchall()
    finally:
        con.close()
    return {doc: Match(*rest) for doc, *rest in rows}
