"""HTML pages: report body without the site chrome, tables as tab-separated rows with merged cells expanded.

The text is built with `readers.linear.LinearText`, shared with the Word reader.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString, PreformattedString

from extractor.document import Document, ReadError
from extractor.limits import LimitExceeded, current
from extractor.readers.linear import LinearText, collapse_cell, expand_grid
from extractor.readers.text import Decoded, decode_report_bytes, decode_utf8

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


# ---------------------------------------------------------------------------------------------
# Decoding

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Pages declare the narrow Chinese charsets but are often written with the wider ones.
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii").lower() if match else None


def decode_html_bytes(data: bytes, path: Path | str) -> Decoded:
    """BOM, then valid UTF-8 (also cut short by a character at the end), then the <meta charset>, then the text
    heuristics."""
    if not data.strip():
        raise ReadError(path, "empty file")
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or data.count(b"\x00") > len(data) // 4:
        return decode_report_bytes(data, path)
    # GBK text is almost never valid UTF-8, so valid UTF-8 wins over a wrong meta tag.
    if (utf8 := decode_utf8(data)) is not None:
        return utf8
    declared = _declared_charset(data)
    for name in [declared, "gb18030"] if declared else ["gb18030"]:
        try:
            text = data.decode(_WIDER.get(name, name))
        except (UnicodeDecodeError, LookupError):
            continue
        if _CJK.search(text):  # a page declared latin-1 but written in GBK decodes without error
            return Decoded(text, name)
    return decode_report_bytes(data, path)


# ---------------------------------------------------------------------------------------------
# Chrome and body

_CHROME_TAGS = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
    "iframe", "form", "select", "button", "input", "svg", "object", "embed",
)  # fmt: skip
# Substrings of id/class that mark site chrome; short words only as whole tokens ("nav" not "canvas").
_CHROME_SUBSTRINGS = ("breadcrumb", "crumb", "navigation", "navbar", "menu", "footer", "share", "sidebar",
                      "copyright", "toolbar", "location", "position", "dqwz", "wzdh")  # fmt: skip
_CHROME_TOKENS = {"nav", "foot", "bottom", "side", "top", "header", "head", "search", "login", "links", "link",
                  "print", "close", "qrcode", "ewm"}  # fmt: skip
# Containers that content-management systems put the article body in.
_CONTENT_HINT = re.compile(r"trs_editor|article|content|zoom|detail|txt|text|main|zw|nr", re.I)
# A data-table cell is a label or a number; a cell with this much text is a page-layout box.
_LAYOUT_CELL_CJK = 150
_TITLE_HINT = re.compile(r"title|bt|tit", re.I)
_BREADCRUMB_LINE = re.compile(
    r"^(当前位置|您的位置|你的位置|您现在的位置|你现在的位置|您当前的位置|您所在的位置|所在位置)|^首页\s*[>›»＞/]"
)
_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th",
    "table", "tbody", "thead", "tfoot", "caption", "section", "article", "main", "blockquote", "pre",
    "center", "address", "figure", "figcaption", "hr", "body", "html",
}  # fmt: skip


def _cjk_count(node: Tag) -> int:
    return len(_CJK.findall(node.get_text()))


def _attr_words(tag: Tag) -> str:
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = [classes]
    ident = tag.get("id") or ""
    return " ".join([*classes, ident if isinstance(ident, str) else ""]).lower()


def _looks_like_chrome(tag: Tag) -> bool:
    if tag.name in _CHROME_TAGS:
        return True
    style = str(tag.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style or tag.has_attr("hidden"):
        return True
    words = _attr_words(tag)
    if not words:
        return False
    if any(s in words for s in _CHROME_SUBSTRINGS):
        return True
    return any(token in _CHROME_TOKENS for token in re.split(r"[\s_-]+", words))


def _inside(tag: Tag, ancestor: Tag) -> bool:
    # Identity, not `in`: bs4 compares tags by content, which is slow and can match a look-alike.
    return any(p is ancestor for p in tag.parents)


def _holds_title(tag: Tag) -> bool:
    """An article header that carries the report title is not chrome even if it is called 'head'."""
    for heading in tag.find_all(True):
        is_heading = heading.name in ("h1", "h2", "h3", "h4") or _TITLE_HINT.search(_attr_words(heading))
        if is_heading and "报告" in heading.get_text():
            return True
    return False


def _drop_chrome(root: Tag) -> None:
    """Remove page chrome, but never an element holding most of the text, a table, or the title."""
    for tag in root.find_all(("script", "style", "noscript", "template")):
        tag.decompose()
    page_cjk = max(_cjk_count(root), 1)
    for tag in list(root.find_all(True)):
        if tag.decomposed or not _looks_like_chrome(tag):
            continue
        if tag.name != "nav" and (tag.find("table") is not None or _holds_title(tag)):
            continue
        if _cjk_count(tag) > page_cjk / 2:
            continue
        tag.decompose()


def _is_layout_table(table: Tag) -> bool:
    """A table that lays out the page rather than holding data: one column, or a cell holding a long text
    (an article, perhaps with its own tables). A short nested table in a data cell does not count."""
    rows = [_own_cells(tr) for tr in _own_rows(table)]
    if all(len(cells) <= 1 for cells in rows):
        return True
    return any(_cjk_count(cell) >= _LAYOUT_CELL_CJK for cells in rows for cell in cells)


def _descend(node: Tag) -> Tag:
    """Walk down while one child holds nearly all the text and its siblings hold no table."""
    while True:
        children = [c for c in node.children if isinstance(c, Tag)]
        if not children:
            return node
        total = _cjk_count(node)
        best = max(children, key=_cjk_count)
        rest = total - _cjk_count(best)
        siblings_have_table = any(c is not best and (c.name == "table" or c.find("table") is not None) for c in children)
        if total == 0 or rest > 0.2 * total or siblings_have_table:
            return node
        if best.name in ("table", "tbody", "thead", "tfoot", "tr", "td", "th"):
            table = best if best.name == "table" else best.find_parent("table")
            if table is None or not _is_layout_table(table):
                return node  # a data table is content, never a container to narrow into
        node = best


def _content_root(body: Tag) -> Tag:
    root = _descend(body)
    # A CMS content container inside the root that holds its tables and most of its text is tighter.
    tables = [t for t in root.find_all("table") if _CJK.search(t.get_text())]
    root_cjk = max(_cjk_count(root), 1)
    best: Tag | None = None
    for tag in root.find_all(True):
        if tag.name in ("table", "tbody", "tr", "td", "th") or not _CONTENT_HINT.search(_attr_words(tag)):
            continue
        if _cjk_count(tag) < 0.75 * root_cjk or not all(_inside(t, tag) for t in tables):
            continue
        if best is None or _cjk_count(tag) < _cjk_count(best):
            best = tag
    return best or root


def _title_outside(soup: BeautifulSoup, root: Tag) -> str | None:
    """The report title when the content root left it out (it often sits in an <h1> above the body)."""
    candidates: list[tuple[int, str]] = []
    for tag in soup.find_all(True):
        if tag is root or _inside(tag, root):
            continue
        is_heading = tag.name in ("h1", "h2", "h3", "h4") or _TITLE_HINT.search(_attr_words(tag))
        text = collapse_cell(tag.get_text())
        if is_heading and "报告" in text and len(text) < 100:
            candidates.append((0 if tag.name == "h1" else 1, text))
    if not candidates and soup.title and "报告" in soup.title.get_text():
        candidates.append((2, re.split(r"[_|]| - |—", soup.title.get_text())[0].strip()))
    if not candidates:
        return None
    title = min(candidates, key=lambda c: c[0])[1]
    head = collapse_cell(root.get_text()[:1000])
    return None if not title or title in head else title


# ---------------------------------------------------------------------------------------------
# Linearization

_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def _is_cjk_or_punct(ch: str) -> bool:
    return bool(_CJK.match(ch)) or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def _collapse_html_space(text: str) -> str:
    """HTML whitespace rules, except that a wrapped source line between two Chinese characters is no space."""

    def repl(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if "\n" in m.group() and before and after and _is_cjk_or_punct(before) and _is_cjk_or_punct(after):
            return ""
        return " "

    return _HTML_SPACE.sub(repl, text)


def _own_rows(table: Tag) -> list[Tag]:
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _own_cells(tr: Tag) -> list[Tag]:
    return tr.find_all(("td", "th"), recursive=False)


def _span(cell: Tag, attr: str, limit: int) -> int:
    match = re.match(r"\s*(\d+)", str(cell.get(attr) or "1"))
    value = int(match.group(1)) if match else 1
    if value == 0 and attr == "rowspan":
        return limit  # rowspan="0": to the end of the table
    return max(1, min(value, limit))


class _Linearizer:
    """Turns a DOM subtree into lines and tables on a `LinearText`."""

    def __init__(self, out: LinearText, flatten_tables: bool = False) -> None:
        self.out = out
        self.flatten_tables = flatten_tables  # inside a cell, nested tables are text, not grids
        self.pending: list[str] = []

    def flush(self) -> None:
        line = _collapse_html_space("".join(self.pending)).strip()
        self.pending = []
        if line and not _BREADCRUMB_LINE.match(line):
            self.out.add_line(line)

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):  # comments, CDATA, doctype
                    self.pending.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            if child.name == "br":
                self.flush()
            elif child.name == "table" and not self.flatten_tables and not _is_layout_table(child):
                self.flush()
                self.out.add_table(_table_rows(child))
            elif child.name in _BLOCK_TAGS:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)


def _cell_text(cell: Tag) -> str:
    """A cell's text on one line; block children and nested tables are joined by spaces."""
    out = LinearText()
    lin = _Linearizer(out, flatten_tables=True)
    lin.walk(cell)
    lin.flush()
    return collapse_cell(" ".join(out.parts))


def _table_rows(table: Tag) -> list[list[str]]:
    rows = _own_rows(table)
    placed = [
        [(_cell_text(c), _span(c, "rowspan", len(rows) - r), _span(c, "colspan", 100)) for c in _own_cells(tr)]
        for r, tr in enumerate(rows)
    ]
    return expand_grid(placed)


_TABLE_TAG = re.compile(r"<(/?)table\b", re.I)


def _check_table_depth(path: Path, raw: str) -> None:
    """Tables nested in tables cost far more than linear time to lay out: refuse a page nested
    deeper than the limit before parsing it (counted on the markup; stray end tags are ignored)."""
    cap, depth, deepest = current().max_table_depth, 0, 0
    for m in _TABLE_TAG.finditer(raw):
        depth = max(depth - 1, 0) if m.group(1) else depth + 1
        deepest = max(deepest, depth)
        if deepest > cap:
            raise LimitExceeded(path, "nesting depth", f"tables nested more than {cap} deep", "--max-depth")


def _check_nesting(path: Path, root: Tag) -> None:
    """Elements nested deeper than the limit are refused before anything walks them: reading the page costs
    time quadratic in the depth (each level measures the text below it), and recursion gives out (counted on
    the parsed tree, which lxml builds in linear time, without recursion)."""
    cap = current().max_nesting
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > cap:
            raise LimitExceeded(path, "nesting depth", f"elements nested more than {cap} deep", "--max-nesting")
        stack.extend((child, depth + 1) for child in node.contents if isinstance(child, Tag))


def read_html(path: Path, data: bytes) -> Document:
    raw, encoding, note = decode_html_bytes(data, path)
    _check_table_depth(path, raw)
    soup = BeautifulSoup(raw, "lxml")
    _check_nesting(path, soup)
    body = soup.body or soup
    _drop_chrome(body)
    root = _content_root(body)
    out = LinearText()
    title = _title_outside(soup, root)
    if title:
        out.add_line(title)
    lin = _Linearizer(out)
    lin.walk(root)
    lin.flush()
    doc = out.to_document(path, encoding, "html")
    if not _CJK.search(doc.text):
        raise ReadError(path, "the page holds no Chinese text (not a report, or the wrong encoding)")
    doc.notes = [note] if note else []
    return doc
