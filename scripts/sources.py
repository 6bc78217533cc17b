"""The reports to render, as blocks for pdf_layout plus their gold values.

Two inputs: the development corpus (real narrative, tables rebuilt from annotations/gold) and the
invented example reports of examples/make_examples.py. Corpus text is only read here and written
into renders under build/; it never goes into the repository.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from extractor.readers import read_document
from extractor.readers.text import decode_report_bytes
from extractor.tables.regions import find_regions
from printed_tables import T3_COLUMNS, T4_BLOCKS, T4_COLUMNS, t2_rows, t3_rows, t4_rows

ROOT = Path(__file__).resolve().parent.parent
Block = tuple[str, object]  # pdf_layout.Block, named here so that text forms need no reportlab
# The development corpus lives beside the checkout, as for the tests (tests/conftest.py).
CORPUS = Path(os.environ.get("XXGK_CORPUS", ROOT.parent / "shared" / "corpus" / "real"))
GOLD = ROOT / "annotations" / "gold"


@dataclass
class Source:
    name: str  # output file stem
    label: str  # where it came from, for the gold's `source`
    title: str
    agency: str  # for the stamp's ring
    blocks: list[Block]
    template: str
    mixed: bool
    fields: dict[str, int | float | None]
    units: dict[str, str | None]


def _tables(template: str, mixed: bool, cells: dict[str, str]) -> dict[str, Block]:
    return {
        "t2": ("table", t2_rows(template, cells)),
        "t3": ("table", t3_rows(template, cells, mixed)),
        "t4": ("table", t4_rows(cells)),
    }


# ---------------------------------------------------------------------------------------------
# Invented examples


def _make_examples() -> ModuleType:
    sys.path.insert(0, str(ROOT / "examples"))  # a script folder, not a package
    import make_examples

    return make_examples


def example_sources() -> list[Source]:
    mx = _make_examples()
    sources = []
    for report in mx.REPORTS:
        expected = mx.expected(report, Path(mx.__file__))  # for its fields; each render's gold hashes the render
        sources.append(Source(
            name=f"example_{report.year}", label=f"examples/make_examples.py REPORTS[{report.year}]",
            title=report.title, agency=mx.AGENCY, blocks=mx.blocks(report), template=report.template,
            mixed=False, fields=expected["fields"], units=expected["units"],
        ))  # fmt: skip
    return sources


# ---------------------------------------------------------------------------------------------
# Corpus: the printed cells from the gold


def _cell_text(key: str, value: int | float | None, unit: str | None) -> str:
    """A gold value as its cell prints it; a unit goes into the cell unless the column head carries it."""
    if value is None:
        return ""
    text = str(value).removesuffix(".0") if isinstance(value, float) else str(value)
    unit_in_head = key == "t2.fees.amount" and unit == "万元"  # 本年收费金额（单位：万元）
    return text if unit_in_head else text + (unit or "")


def gold_cells(gold: dict) -> dict[str, str]:
    """The printed text of every table cell the gold has (narrative keys n.* are not table cells)."""
    units = gold.get("units", {})
    tables = ("t2.", "t3.", "t4.")
    return {key: _cell_text(key, v, units.get(key)) for key, v in gold["fields"].items() if key.startswith(tables)}


# ---------------------------------------------------------------------------------------------
# Corpus: where each table's printed cells end in the report text

_T3_HEADER_CELL = re.compile(r"[(（]本列数据的[勾钩]稽关系.{0,40}?[)）]")
_T2_LAST_LABEL = {"2019": re.compile(r"政府集中采购"), "2021": re.compile(r"行政事业性收费")}
_T2_LAST_KEYS = {"2019": ["t2.procurement.items", "t2.procurement.amount"], "2021": ["t2.fees.amount"]}
_T3_LAST_LABEL = re.compile(r"结\s*转\s*下\s*年\s*度\s*继\s*续\s*办\s*理")
_T4_LAST_LABEL = re.compile(r"总\s*计")
_ANY_RUN = re.compile(r"[\s\d.+\-/元万]*")


def _value_pattern(v: int | float | None) -> str:
    """How a gold value can be printed: sign words, dropped trailing zeros, a unit, or a blank mark."""
    if v is None:
        return r"(?:[/—–\-]|无|不适用)?"
    if isinstance(v, float):
        number = rf"{int(v)}(?:\.0+)?" if v.is_integer() else re.escape(str(v)) + "0*"
    elif v < 0:
        number = rf"(?:-|减)\s*{-v}"
    else:
        number = rf"\+?{v}"
    return number + r"\s*(?:万元|元)?"


def _row_end(text: str, label: re.Pattern[str], lo: int, hi: int, values: list) -> int:
    """End of a table's last row: its label followed by its values as the gold reads them. Where the
    text does not show them (a reading the gold settled from elsewhere), any run of digits."""
    run = re.compile(r"\s*" + r"\s*".join(map(_value_pattern, values)))
    labels = list(label.finditer(text, lo, hi))
    for m in reversed(labels):
        if found := run.match(text, m.end()):
            return found.end()
    if not labels:
        raise ValueError(f"last row label {label.pattern!r} not found")
    return _ANY_RUN.match(text, labels[-1].end()).end()  # type: ignore[union-attr]


def table_spans(text: str, gold: dict) -> dict[str, tuple[int, int]]:
    """(start, end) of each table's printed cells in the normalized text."""
    regions = find_regions(text)
    if not (regions.t2 and regions.t3 and regions.t4):
        raise ValueError(f"table regions not all found: {regions}")
    fields, template = gold["fields"], gold["template"]
    t2_end = _row_end(text, _T2_LAST_LABEL[template], *regions.t2, [fields.get(k) for k in _T2_LAST_KEYS[template]])
    header = _T3_HEADER_CELL.search(text, t2_end, regions.t3[0])
    t3_start = header.start() if header else regions.t3[0]
    t3_keys = [f"t3.carried_forward.{col}" for col in T3_COLUMNS]
    t3_end = _row_end(text, _T3_LAST_LABEL, *regions.t3, [fields.get(k) for k in t3_keys])
    t4_keys = [f"t4.{b}.{col}" for b in T4_BLOCKS for col in T4_COLUMNS]
    t4_end = _row_end(text, _T4_LAST_LABEL, *regions.t4, [fields.get(k) for k in t4_keys])
    return {"t2": (regions.t2[0], t2_end), "t3": (t3_start, t3_end), "t4": (regions.t4[0], t4_end)}


# ---------------------------------------------------------------------------------------------
# Corpus: narrative as paragraphs

# Many corpus texts lost their line breaks; a new paragraph starts at a chapter or part number that
# follows the end of a sentence.
_PARA_BREAK = re.compile(r"(?<=[。；;！!？?：:\s])\s*(?=[一二三四五六七八九十]{1,2}、|[（(][一二三四五六七八九十]{1,2}[）)]|\d{1,2}[.．、](?!\d))")
_CHAPTER = re.compile(r"[一二三四五六七八九十]{1,2}、\s*[^。，,；;：:\d]{2,30}?(?:情况|事项|措施)")
_SHORT_HEADING = re.compile(r"(?:[一二三四五六七八九十\d]{1,2}[、.．]|[（(][一二三四五六七八九十]{1,2}[）)])[^。]{1,30}")
_TABLE_RESIDUE = re.compile(r"[\d\s.]*")  # a stray cell of a table row printed wider than the template
# The page header of a saved web page: 来源：… 时间：… 微信 微博 QQ空间 … 相关链接： -->
_WEB_CHROME = re.compile(r"^\s*来源：.{0,120}?相关链接：\s*(?:-->)?")
_ARTEFACTS = re.compile(r"\[bookmark: [^\]]*\]|^#+\s*|\*\*", re.M)  # Word bookmarks, markdown marks


def _single_line_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for para in filter(None, (p.strip() for p in _PARA_BREAK.split(text))):
        chapter = _CHAPTER.match(para)
        if chapter:
            blocks.append(("h", chapter.group(0)))
            para = para[chapter.end() :].strip()
        if para:
            blocks.append(("p", para))
    return blocks


def _line_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for line in text.split("\n"):
        line = re.sub(r"[\t ]+", " ", line).strip()
        if line:
            blocks.append(("h" if _SHORT_HEADING.fullmatch(line) else "p", line))
    return blocks


def narrative_blocks(text: str) -> list[Block]:
    text = _ARTEFACTS.sub("", text)
    blocks = _line_blocks(text) if "\n" in text.strip() else _single_line_blocks(text)
    return [b for b in blocks if not _TABLE_RESIDUE.fullmatch(str(b[1]))]


def _split_title(text: str, title: str) -> tuple[str, str]:
    """(title as the report prints it, the text after it); web-page chrome around the title is dropped.
    A report that prints no title gets the title of its metadata."""
    at = text.find(title, 0, 400)
    if at >= 0:
        return title, _WEB_CHROME.sub("", text[at + len(title) :])
    if "\n" not in text.strip():
        return title, text
    lines = [_ARTEFACTS.sub("", line).strip() for line in text.strip().split("\n")]
    n = 0  # leading short lines form the title: 龙津洲街道2020年政府信息公开 / 工作年度报告
    while n < len(lines) and "。" not in lines[n] and len(lines[n]) <= 50 and not _SHORT_HEADING.match(lines[n]):
        n += 1
    return "".join(lines[:n]) or title, "\n".join(lines[n:])


def _narrative_pieces(raw: str, offsets: tuple[int, ...], spans: dict[str, tuple[int, int]]) -> list[str]:
    """The raw text before, between and after the tables (spans index the normalized text)."""
    bounds = [0, *(i for span in spans.values() for i in span), len(offsets) - 1]
    return [raw[offsets[a] : offsets[b]] for a, b in zip(bounds[::2], bounds[1::2])]


def corpus_source(stem: str, corpus: Path = CORPUS) -> Source:
    path = corpus / f"{stem}.txt"
    gold = json.loads((GOLD / f"{stem}.json").read_text("utf-8"))
    meta = json.loads((corpus / f"{stem}.meta.json").read_text("utf-8"))
    doc = read_document(path)
    raw = decode_report_bytes(path.read_bytes(), path).text  # the narrative keeps its own punctuation
    template, mixed = gold["template"], bool(gold.get("mixed_template"))
    tables = _tables(template, mixed, gold_cells(gold))
    spans = table_spans(doc.text, gold)
    first, *after_tables = _narrative_pieces(raw, doc.offsets, spans)
    title, first = _split_title(first, meta["title"])
    blocks: list[Block] = [("title", title), *narrative_blocks(first)]
    for name, piece in zip(spans, after_tables):
        blocks += [tables[name], *narrative_blocks(piece)]
    return Source(
        name=stem, label=f"corpus/real/{stem}.txt", title=title, agency=_agency(meta["title"]), blocks=blocks,
        template=template, mixed=mixed, fields=gold["fields"], units=gold.get("units", {}),
    )  # fmt: skip


def _agency(title: str) -> str:
    return re.split(r"\s*\d{4}\s*年", title)[0] or title


def _gold_of_text(path: Path) -> bool:
    """Whether the gold of this stem is the gold of this text file (j002's gold is its PDF's)."""
    gold = GOLD / f"{path.stem}.json"
    return gold.is_file() and json.loads(gold.read_text("utf-8")).get("document", path.name) == path.name


def corpus_stems(corpus: Path = CORPUS, only: list[str] | None = None) -> list[str]:
    """Corpus reports that have table gold, or just those of `only`."""
    if not corpus.is_dir():
        raise SystemExit(f"corpus not found at {corpus} (set XXGK_CORPUS or pass --corpus)")
    stems = sorted(p.stem for p in corpus.glob("*.txt") if _gold_of_text(p))
    if only:
        missing = sorted(set(only) - set(stems))
        if missing:
            raise SystemExit(f"not in the corpus or without gold: {', '.join(missing)}")
        stems = [s for s in stems if s in only]
    return stems
