"""What PDF-to-text and PDF-to-markdown tools leave inside tables besides the cells: page numbers, form
feeds, cell markup (<br>, **, placeholder column names), bare page numbers caught as table rows, repeated
header rows. Blanked out with spaces of the same length, so that offsets into the text hold."""

from __future__ import annotations

import re

# Page furniture that PDF-to-text tools leave inside a table: '- 3 -', '—5—', '第 3 页', a form feed, and
# the same caught as a markdown table row ('| - 3 - |  |').
_PAGE_FOOTER = re.compile(
    r"(?m)(?:^|(?<=\f))[ \t|]*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[/,，]?\s*共\s*\d{1,3}\s*页)?)"
    r"[ \t|]*(?=$|\f)|\f"
)


# Markup that PDF-to-markdown converters put inside table cells: a cell's line breaks (<br>), bold
# header cells (**…**), placeholder column names of a header row they could not read (| Col1 | Col2 |).
_CELL_MARKUP = re.compile(r"<br\s*/?>|\*\*|(?<![A-Za-z])Col(?:umn)?\s*\d{1,2}(?!\d)", re.I)


# A bare page number caught as a markdown table row: '| 3 |  |  |  |' (a number alone in the label column
# of a row that is otherwise empty; a cell pushed onto a line of its own is '| 0 |').
_PAGE_NUMBER_ROW = re.compile(r"(?m)^[ \t]*\|[ \t]*\d{1,3}[ \t]*\|(?:[ \t]*\|){2,}[ \t]*$")
# A table 3 header line repeated inside the table (a new page, a new pipe table): its 总计 would pass
# for the total row's label. Recognized by the applicant heads, on a line without a number.
_T3_HEAD = re.compile(r"申\s*请\s*人\s*情\s*况|自\s*然\s*人|法\s*人\s*或\s*其\s*他\s*组\s*织")


# A markdown header row a converter made up (OCR/LLM markdown): every cell a placeholder (类别, 数据1, 序号),
# empty, or the columns' numbers 1, 2, 3…; its 总计 would pass for the total row's label. Only a line that a
# separator line (|---|---|) follows is a header row.
_PLACEHOLDER = re.compile(r"(?:类别|项目|序号|指标|内容|合计|总计|数据\s*\d{1,2}|列\s*\d{1,2})?")
_SEPARATOR = re.compile(r"[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+(?:[ \t]*:?-{3,}:?[ \t]*)?")


def _made_up_header(line: str, following: str) -> bool:
    if line.count("|") < 3 or not _SEPARATOR.fullmatch(following):
        return False
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    numbers = [c for c in cells if c.isdigit()]
    if numbers and numbers != [str(i + 1) for i in range(len(numbers))]:
        return False  # values, not the columns' numbers
    return any(cells) and all(c.isdigit() or _PLACEHOLDER.fullmatch(c) for c in cells)


def _mask_made_up_headers(text: str) -> str:
    lines = text.split("\n")
    for i in range(len(lines) - 1):
        if "|" in lines[i] and _made_up_header(lines[i], lines[i + 1]):
            lines[i] = " " * len(lines[i])
    return "\n".join(lines)


def page_breaks(text: str) -> list[int]:
    """Where pages meet (page numbers, form feeds): where a dump's page parts of a table meet."""
    return [m.start() for m in _PAGE_FOOTER.finditer(text)]


def mask_page_furniture(text: str) -> str:
    """Page numbers, form feeds, cell markup and repeated table 3 header lines blanked out (same
    length: offsets hold)."""
    text = _PAGE_FOOTER.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    text = _PAGE_NUMBER_ROW.sub(lambda m: " " * len(m.group()), text)
    text = _CELL_MARKUP.sub(lambda m: " " * len(m.group()), text)
    text = _mask_made_up_headers(text) if "|" in text else text
    return re.sub(r"(?m)^[^\n\d]*$", _blank_head_line, text)


def _blank_head_line(m: re.Match) -> str:
    line = m.group()
    return " " * len(line) if _T3_HEAD.search(line) and ("|" in line or "\t" in line) else line
