"""Text forms of converters whose table faults scripts/markdown_forms.py does not model (issue 22), from a
report's blocks (scripts/sources.py), each fault drawn by a seeded rng. Each returns the text and the gold of
what it printed (a cell it prints blank is null in the gold, SPEC §2).

OCR/LLM markdown (`ocr_markdown_report`, form `ocrmd`):
- table 3 as one small pipe table per row group, each under a header the model made up: a placeholder
  (`| 类别 | 数据1 | … | 数据6 | 总计 |`, or empty), or a hallucinated header row (column numbers, invented
  column names); an empty header-only table for 申请人情况 first; every data row its label and seven cells
  in the template's order;
- table 4 as three 5-column pipe tables, one per block, the block's name above or in the header.
Loose lines (`loose_markdown_report`, form `loose`):
- a row's cells split between loose lines and the pipe row: the first cells printed one per line above the
  row (a cell's note on a line of its own), the row keeping its label, perhaps the first cell again, and
  the rest (`12` / `（其中修订 3 件）` / `40` above `| 规章 | 12 | 150 |`);
- notes in parentheses that hold digits (其中修订3件, 含自然失效17件) beside table 2's cells;
- table 4 as its 15 values in reading order, each after its column head (维持/纠正/其他结果/尚未审结/总计),
  the heads repeated for every block.
Merged cells repeated (`span_repeat_report`, form `spanrepeat`): each table one pipe table as docling and many
HTML-to-Markdown converters write it, its first grid row the header over a `|---|` separator, and a merged
(rowspan/colspan) cell's text printed in every position it covers (table 3's 三、本年度办理结果 down its rows and
across its label columns, table 2's item headings across their columns, table 4's 行政复议 / 行政诉讼 across
theirs): no cell left blank for a span. Padded to aligned columns (docling's tabulate), or not (`| --- |`,
HTML-to-Markdown), or not and under an empty header row (HTML-to-Markdown of a table with no header cells:
every grid row in the body), drawn per report; a long table perhaps cut in two at a page break, the row after it
the second table's header (docling). On request only, `rowspan dropped`: markdownify's tables, a rowspan's
positions below its first row left out (the row shifted left), a colspan's other positions empty.
Tab-separated grid (`tsv_grid_report`, form `tsvgrid`): every grid position one field, a merged cell's
text only at its origin (a rowspan group label printed once, the positions it covers blank), zeros printed
blank in some rows, and, in some exports, a row's trailing blank fields dropped: a blank field is then
a zero in one row and no cell at all in another.
"""

from __future__ import annotations

import random
import unicodedata

from markdown_forms import markdown_blocks
from printed_tables import Cell, grid_of, is_origin

from extractor.spec import T3_COLUMNS, T4_BLOCKS, T4_COLUMNS
from extractor.tables.columns import column_heads

Rows = list[list[Cell]]


def _table_of(rows: Rows) -> str | None:
    """t2, t3 or t4: the table the value cells' keys belong to."""
    return next((c.key.split(".")[0] for r in rows for c in r if c.key), None)


def _pipe(texts: list[str]) -> str:
    return "| " + " | ".join(t.replace("|", "/") for t in texts) + " |"


def _sep(n: int) -> str:
    return "|" + "|".join(["---"] * n) + "|"


def _data_rows(rows: Rows) -> list[tuple[tuple[int, int], list[str], list[Cell]]]:
    """Each row with value cells: (the origin of its group-label position, its label texts that start on
    this row, its value cells in printed order)."""
    grid = grid_of(rows)
    out = []
    for r, line in enumerate(grid):
        values = [slot[2] for c, slot in enumerate(line) if slot and slot[2].key and is_origin(slot, r, c)]
        if not values:
            continue
        labels = [slot[2].text for c, slot in enumerate(line) if slot and not slot[2].key and is_origin(slot, r, c)]
        group = line[min(1, len(line) - 1)]
        out.append(((group[0], group[1]) if group else (r, 0), labels, values))
    return out


def _blocks(src, rng: random.Random, table_forms: dict) -> list[str]:
    """The report as markdown, each table through `table_forms[table](rows, rng)`."""
    return markdown_blocks(src, rng, lambda rows, r: table_forms[_table_of(rows)](rows, r) + [""])


# ---------------------------------------------------------------------------------------------
# OCR/LLM markdown


def _t3_heads() -> list[str]:
    return column_heads("t3", "granted", T3_COLUMNS)


def _made_up_header(rng: random.Random, previous_label: str) -> list[str]:
    """A header row the model made up for a piece of table 3 (8 columns: label and seven cells)."""
    heads = _t3_heads()
    how = rng.choice(("placeholder", "placeholder", "empty", "numbers", "names", "previous"))
    if how == "placeholder":
        return ["类别", *(f"数据{i + 1}" for i in range(6)), "总计"]
    if how == "empty":
        return [""] * 8
    if how == "numbers":
        return ["序号", *(str(i + 1) for i in range(7))]
    if how == "names":  # column names out of place: 法人或其他组织 over 商业企业, 其他 lost
        return ["项目", heads[0], "法人或其他组织", *heads[1:5], "合计"]
    return [previous_label or "类别", *([""] * 7)]


def _pipe_table(header: list[str], body: list[list[str]]) -> list[str]:
    return [_pipe(header), _sep(len(header)), *(_pipe(r) for r in body)]


def _ocr_t3(rows: Rows, rng: random.Random) -> list[str]:
    lines = _pipe_table(["申请人情况", *([""] * 7)], [])  # the empty header table
    if rng.random() < 0.5:
        lines += ["", *_pipe_table(["", *_t3_heads()], [])]
    groups: dict[tuple[int, int], list[tuple[list[str], list[Cell]]]] = {}
    for group, labels, values in _data_rows(rows):
        groups.setdefault(group, []).append((labels, values))
    previous = ""
    for items in groups.values():
        body = []
        for i, (labels, values) in enumerate(items):
            if labels and labels[0].startswith("三、") and rng.random() < 0.5:
                lines += ["", f"**{labels[0]}**"]  # the rowspan heading of the outcome rows as a line
                labels = labels[1:]
            if len(items) > 1 and i == 0 and len(labels) > 1 and rng.random() < 0.5:
                body.append([labels[0], *([""] * 7)])  # the group label as a row of its own
                labels = labels[1:]
            body.append([" ".join(labels), *(c.text for c in values)])
        lines += ["", *_pipe_table(_made_up_header(rng, previous), body)]
        previous = body[-1][0]
    return lines


def _t4_values(rows: Rows) -> dict[str, list[str]]:
    """Each block's five printed cells, by block name."""
    cells = {c.key: c.text for r in rows for c in r if c.key}
    return {b: [cells.get(f"t4.{b}.{c}", "") for c in T4_COLUMNS] for b in T4_BLOCKS}


def _t4_block_names() -> dict[str, str]:
    """行政复议, 行政诉讼 未经复议直接起诉, … as fields.json words each block."""
    from extractor.spec import fields_by_key

    return {b: fields_by_key()[f"t4.{b}.total"].label.split(" / ")[0] for b in T4_BLOCKS}


def _t4_heads() -> list[str]:
    return column_heads("t4", T4_BLOCKS[0], T4_COLUMNS)


def _ocr_t4(rows: Rows, rng: random.Random) -> list[str]:
    names, values = _t4_block_names(), _t4_values(rows)
    lines: list[str] = []
    for block in T4_BLOCKS:
        heads = _t4_heads() if rng.random() < 0.7 else [*(f"数据{i + 1}" for i in range(4)), "总计"]
        where = rng.choice(("line", "header", "none"))
        if where == "line":
            lines += [f"**{names[block]}**", ""]
        elif where == "header":
            lines += [_pipe([names[block], *([""] * 4)])]
            lines += [_sep(5), _pipe(heads), _pipe(values[block]), ""]
            continue
        lines += [*_pipe_table(heads, [values[block]]), ""]
    return lines


def _plain_t2(rows: Rows, rng: random.Random) -> list[str]:
    """Table 2 as one pipe table per 第二十条 item, its cells as printed."""
    lines: list[str] = []
    for r, line in enumerate(grid_of(rows)):
        texts = [slot[2].text if is_origin(slot, r, c) else "" for c, slot in enumerate(line) if slot]
        if len(rows[r]) == 1:  # an item heading: a new table
            lines += ["", _pipe(texts), _sep(len(texts))]
        else:
            lines.append(_pipe(texts))
    return lines


def ocr_markdown_report(src, rng: random.Random) -> tuple[str, dict]:
    out = _blocks(src, rng, {"t2": _plain_t2, "t3": _ocr_t3, "t4": _ocr_t4})
    return "\n".join(out) + "\n", _gold(src)


# ---------------------------------------------------------------------------------------------
# Loose lines and notes


_NOTES = ("（其中修订{}件）", "（含自然失效{}件）")


def _note(cell: Cell, i: int, rng: random.Random) -> str:
    """A note for the i-th value cell of a table 2 row (only the first two carry one), or ''."""
    if i >= len(_NOTES) or not cell.text.isdigit() or int(cell.text) == 0 or rng.random() < 0.3:
        return ""
    return _NOTES[i].format(rng.randint(1, int(cell.text)))


def _loose_row(labels: list[str], values: list[Cell], notes: list[str], rng: random.Random) -> list[str]:
    """The row's first cells on lines of their own above it, the pipe row keeping the others."""
    k = rng.randint(1, len(values) - 1)
    loose: list[str] = []
    for cell, note in zip(values[:k], [*notes, *[""] * k]):
        loose.append(cell.text)
        if note:
            loose.append(note.replace("修订", "修订 ").replace("失效", "失效 ").replace("件", " 件"))
    kept = ([values[0].text] if rng.random() < 0.5 else []) + [c.text for c in values[k:]]
    return [*loose, _pipe([*labels, *kept])]


def _loose_table(rows: Rows, rng: random.Random, rate: float) -> list[str]:
    lines: list[str] = []
    by_row = iter(_data_rows(rows))
    pending = next(by_row, None)
    is_t2 = _table_of(rows) == "t2"
    for r, line in enumerate(grid_of(rows)):
        slots = [(c, slot) for c, slot in enumerate(line) if slot]
        if pending is None or not any(slot[2].key for _, slot in slots):
            texts = [slot[2].text if is_origin(slot, r, c) else "" for c, slot in slots]
            lines += (["", _pipe(texts), _sep(len(texts))] if is_t2 and len(rows[r]) == 1 else [_pipe(texts)])
            continue
        _, labels, values = pending
        pending = next(by_row, None)
        notes = [_note(c, i, rng) for i, c in enumerate(values)] if is_t2 and len(values) >= 3 else []
        printed = all(c.text for c in values) and len(values) > 1
        if printed and (any(notes) or rng.random() < rate) and rng.random() < 0.7:
            lines += _loose_row(labels, values, notes, rng)
            continue
        joint = rng.choice(("", "<br>", " "))
        cells = [c.text + (joint + n if n else "") for c, n in zip(values, notes + [""] * len(values))]
        lines.append(_pipe([*labels, *cells]))
    return lines


def _reading_order_t4(rows: Rows, rng: random.Random) -> list[str]:
    """Table 4's 15 values in reading order, each after its column head, the heads repeated per block."""
    names, values = _t4_block_names(), _t4_values(rows)
    short = rng.random() < 0.5  # 维持, 纠正 rather than 结果维持, 结果纠正
    joint = rng.choice(("\n", " ", "："))
    lines: list[str] = []
    for block in T4_BLOCKS:
        lines.append(names[block])
        for head, value in zip(_t4_heads(), values[block]):
            head = head.removeprefix("结果") if short else head
            lines.append(f"{head}{joint}{value}" if joint != "\n" else f"{head}\n{value}")
    return lines


def loose_markdown_report(src, rng: random.Random) -> tuple[str, dict]:
    forms = {"t2": lambda rows, r: _loose_table(rows, r, 0.3), "t3": lambda rows, r: _loose_table(rows, r, 0.15),
             "t4": _reading_order_t4}
    return "\n".join(_blocks(src, rng, forms)) + "\n", _gold(src)


# ---------------------------------------------------------------------------------------------
# Merged cells repeated in every position they cover


def _width(text: str) -> int:
    """Display columns of a text (CJK characters two), as tabulate pads with wcwidth."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _span_repeat_piece(texts: list[list[str]], style: str) -> list[str]:
    if style == "empty header":
        texts = [[""] * len(texts[0]), *texts]
    if style != "padded":  # rows shifted left by a dropped rowspan stay shorter than the header
        return [_pipe(texts[0]), "| " + " | ".join(["---"] * len(texts[0])) + " |", *(_pipe(t) for t in texts[1:])]
    widths = [max(3, *(_width(t[c]) for t in texts)) for c in range(len(texts[0]))]

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(t + " " * (w - _width(t)) for t, w in zip(cells, widths)) + " |"

    return [row(texts[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *(row(t) for t in texts[1:])]


def _span_texts(rows: Rows, style: str) -> list[list[str]]:
    """Each grid row's cell texts: a merged cell's text in every position it covers, or, `rowspan dropped`
    (markdownify), a rowspan's positions below its first row left out (the row shifted left) and a colspan's
    other positions empty."""
    out = []
    for r, line in enumerate(grid_of(rows)):
        if style != "rowspan dropped":
            out.append([slot[2].text if slot else "" for slot in line])
            continue
        out.append([slot[2].text if is_origin(slot, r, c) else "" for c, slot in enumerate(line)
                    if slot is None or slot[0] == r])
    return out


def _span_repeat_table(rows: Rows, style: str, rng: random.Random) -> list[str]:
    """The table as one pipe table, or, where a page break cuts a long table (docling), two: the second
    starting at the row after the break, that row its header, the spans repeated on both sides."""
    texts = _span_texts(rows, style)
    data = [r for r, line in enumerate(grid_of(rows)) if any(slot and slot[2].key for slot in line)]
    if len(data) > 6 and rng.random() < 0.4:
        cut = rng.choice(data[2:-1])
        return [*_span_repeat_piece(texts[:cut], style), "", *_span_repeat_piece(texts[cut:], style)]
    return _span_repeat_piece(texts, style)


SPAN_STYLES = ("padded", "plain", "empty header")  # the form's draw; "rowspan dropped" only when asked for


def span_repeat_report(src, rng: random.Random, style: str | None = None) -> tuple[str, dict]:
    """The `spanrepeat` form of `src` in `style` (SPAN_STYLES or "rowspan dropped"; by default one of
    SPAN_STYLES drawn, padded half the time)."""
    style = style or rng.choice((*SPAN_STYLES[:1], *SPAN_STYLES))
    form = {t: (lambda rows, r: _span_repeat_table(rows, style, r)) for t in ("t2", "t3", "t4")}
    return "\n".join(_blocks(src, rng, form)) + "\n", _gold(src)


# ---------------------------------------------------------------------------------------------
# Tab-separated grid with blanks


def tsv_grid_report(src, rng: random.Random) -> tuple[str, dict]:
    gold = _gold(src)
    out: list[str] = []
    for kind, content in src.blocks:
        if kind != "table":
            out.append(str(content))
            continue
        ragged = rng.random() < 0.5  # this export drops a row's trailing blank fields
        for r, line in enumerate(grid_of(content)):
            blank_zeros = rng.random() < 0.3
            fields = []
            for c, slot in enumerate(line):
                if slot is None or not is_origin(slot, r, c):
                    fields.append("")
                    continue
                cell = slot[2]
                if cell.key and blank_zeros and cell.text == "0":
                    gold["fields"][cell.key] = None
                    fields.append("")
                else:
                    fields.append(cell.text)
            text = "\t".join(fields)
            out.append(text.rstrip("\t") if ragged else text)
    return "\n".join(out) + "\n", gold


def _gold(src) -> dict:
    return {"template": src.template, "mixed_template": src.mixed, "fields": dict(src.fields),
            "units": dict(src.units)}


CONVERTERS = {"ocrmd": ocr_markdown_report, "loose": loose_markdown_report, "tsvgrid": tsv_grid_report,
              "spanrepeat": span_repeat_report}


def converter_form(form: str, src, rng: random.Random) -> tuple[str, dict]:
    """The text of `src` in one of this module's forms, and the gold of what it prints."""
    return CONVERTERS[form](src, rng)
