"""From the text after a row label to candidate readings of that row's cells.

A row's cells may come as tab-separated columns, as whitespace-separated numbers, or as one digit
run with no separator at all ('8855698' for three cells). `row_readings` returns every reading
that is consistent with the printed characters; choosing among them is the solver's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, product

from extractor.templates.layout import HEADER_NOISE

NULL_MARKERS = {"/", "—", "——", "-", "--", "无", "不适用", "－", "／", "–"}
UNREADABLE = "?"  # a printed value OCR could not read (see extractor/ocr/numbers.py); parsed as None

# One printed number: optional sign word or sign, digits, optional decimals, optional unit.
_NUMBER = re.compile(r"(?:减|增|[+-])?\d+(?:\.\d+)?(?:万元|元)?")
_NULL = re.compile(r"(?:不适用|——|—|--|/|无|–|\?)(?=[\s\t]|$)")
_HEADER_NOISE = re.compile("|".join(HEADER_NOISE))
# A year that starts the next sentence and is glued to the last cell ('02025年').
_YEAR_TAIL = re.compile(r"((?:19|20)\d\d)年")
_MAX_READINGS = 4000


@dataclass(frozen=True)
class Cell:
    """A value as printed, with its span in the document text."""

    value: int | float | None
    start: int
    end: int
    raw: str
    unit: str | None = None


@dataclass(frozen=True)
class Reading:
    cells: tuple[Cell | None, ...]
    # How the cells were read: 'positional' (tabs), 'tokens' (one number per cell), 'split'
    # (digit runs cut into cells), 'dropped' (more numbers than cells), 'placed' (fewer numbers than
    # cells, none of which can be cut: placed on the cells by the identities).
    how: str
    # A tab/pipe row with blank pieces or padded to the row's width: its values stand where the separators
    # put them, a position nothing printed confirms (an export that drops trailing tabs shifts them).
    blanks: bool = False

    def values(self) -> tuple[int | float | None, ...]:
        return tuple(c.value if c is not None else None for c in self.cells)


@lru_cache(maxsize=8192)  # a glued run's search reads the same pieces again and again
def parse_number(raw: str) -> tuple[int | float | None, str | None]:
    """'减2' → -2, '173581元' → 173581 with unit 元, '9116.36' → 9116.36, '/' → None."""
    text = raw.strip()
    if not text or text in NULL_MARKERS or text == UNREADABLE:
        return None, None
    unit = None
    for u in ("万元", "元"):
        if text.endswith(u):
            unit, text = u, text[: -len(u)]
            break
    sign = 1
    if text.startswith(("减", "-")):
        sign, text = -1, text[1:]
    elif text.startswith(("增", "+")):
        text = text[1:]
    if not re.fullmatch(r"\d+(?:\.\d+)?", text):
        raise ValueError(f"not a number: {raw!r}")
    value: int | float = float(text) if "." in text else int(text)
    return sign * value, unit


def _mask_noise(text: str) -> str:
    """Blank out header phrases and markdown pipes (same length, so offsets hold)."""
    return _HEADER_NOISE.sub(lambda m: " " * len(m.group()), text).replace("|", " ")


@dataclass(frozen=True)
class Token:
    raw: str
    start: int
    end: int


def numeric_tokens(text: str, start: int, end: int) -> list[Token]:
    """The run of numbers right after a label, stopping where prose begins."""
    masked = _mask_noise(text[start:end])
    # Skip the rest of the label (non-numeric characters) up to the first number.
    first = re.search(r"[\d+\-减增/—–无]", masked)
    if first is None:
        return []
    skipped = masked[: first.start()]
    if "。" in skipped or len(skipped.strip()) > 40:
        return []  # prose, not a label tail: this row has no cells here
    pos = first.start()
    out: list[Token] = []
    while pos < len(masked):
        ws = re.match(r"[\s]*", masked[pos:])
        pos += ws.end()
        if pos >= len(masked):
            break
        m = _NUMBER.match(masked, pos) or _NULL.match(masked, pos)
        if m is None:
            break
        raw = m.group()
        after = masked[m.end() : m.end() + 1]
        if after == "、" or (after == "." and re.match(r"\.\s*[\u4e00-\u9fff]", masked[m.end() :])):
            break  # an item or heading number ('5、 机构建设', '1.政府'), not a cell
        if after in ("年", "月", "日", "条", "件", "个", "%", "项", "人", "次", "家"):
            # A number followed by a counter word is prose, unless a year glued to the last cell.
            year = _YEAR_TAIL.search(masked, pos, m.end() + 1)
            if after == "年" and year is not None and year.start() > pos and year.end() == m.end() + 1:
                raw = masked[pos : year.start()]
                out.append(Token(raw, start + pos, start + year.start()))
            break
        out.append(Token(raw, start + m.start(), start + m.end()))
        pos = m.end()
    return out


def positional_cells(text: str, start: int, end: int, n: int, label_cell: bool = True) -> list[str] | None:
    """Cells of a tab-separated row (the label's line), right-aligned to n; None if not tabbed.
    Without `label_cell` the line holds only values (table 4's row under its header)."""
    line_end = text.find("\n", start, end)
    line = text[start : line_end if line_end != -1 else end]
    sep = "\t" if "\t" in line else "|" if line.count("|") >= 2 else None
    if sep is None:
        return None
    pieces = [p.strip() for p in line.split(sep)[1 if label_cell else 0 :]]  # [0]: the rest of the label cell
    while pieces and not pieces[-1]:
        pieces.pop()
    if sum(1 for p in pieces if p and is_single_value(p)) < n and line_end != -1:
        more = _value_line(text, line_end + 1, end, sep)
        if more is not None:
            # The row goes on on the next line: a cell pushed onto a line of its own ('| 70 |'), or the
            # label cut off from its cells (a label row with empty cells, then the cells' row).
            pieces = more if not any(pieces) else [p for p in pieces if p] + [p for p in more if p]
    if not pieces:
        return None
    # A merged cell that a converter repeated in every column it spans ('| 2 | 45.82万元 | 45.82万元 |'
    # for two cells): with more pieces than cells, a piece equal to the one before it is that repeat.
    values_from = len(pieces)
    while values_from > 0 and is_single_value(pieces[values_from - 1]):
        values_from -= 1
    while values_from < len(pieces) and not pieces[values_from]:
        values_from += 1  # empty cells under a label that spans columns
    i = len(pieces) - 1
    while len(pieces) - values_from > n and i > values_from:
        if pieces[i] and pieces[i] == pieces[i - 1]:
            del pieces[i]
        i -= 1
    if len(pieces) >= n:
        return pieces[-n:]
    return [""] * (n - len(pieces)) + pieces


def tab_alignments(text: str, start: int, end: int, n: int, label_cell: bool = True) -> list[list[str]]:
    """A tab-separated line with blank fields (an HTML table exported with merged cells left blank) does not say
    which blank is a cell and which is none (the rest of a merged label, a trailing field the export dropped):
    every placement of its printed fields on the n cells that keeps them in order and adjacent, the
    full-width one (the line's own fields right-aligned) first. For the identities to choose among."""
    line_end = text.find("\n", start, end)
    line = text[start : line_end if line_end != -1 else end]
    if "\t" not in line:
        return []
    pieces = [p.strip() for p in line.split("\t")[1 if label_cell else 0 :]]
    filled = [i for i, p in enumerate(pieces) if p]
    if not filled or not all(is_single_value(p) for p in pieces) or filled[-1] - filled[0] >= n:
        return []
    out = []
    lo, hi = filled[0], filled[-1]
    # First the line's own fields right-aligned when it prints the full width; a values-only line that does
    # not starts at the table's first column (its trailing blanks dropped); a labelled one right-aligned.
    preferred = len(pieces) - n if len(pieces) >= n else 0 if not label_cell else hi - n + 1
    offsets = sorted(range(hi - n + 1, lo + 1), key=lambda o: (o != preferred, -o))
    for o in offsets:
        out.append([pieces[o + j] if 0 <= o + j < len(pieces) else "" for j in range(n)])
    return out


def _fields(text: str, start: int, end: int) -> int:
    """How many tab-separated fields the line around `start` prints."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start, end)
    return text[line_start : line_end if line_end != -1 else end].count("\t") + 1


def tab_width(text: str, start: int, end: int) -> int | None:
    """The most tab-separated fields a line of text[start:end] prints (None without tabs)."""
    widest = max((line.count("\t") + 1 for line in text[start:end].split("\n") if "\t" in line), default=None)
    return widest


def _located(text: str, start: int, end: int, pieces: list[str], label_cell: bool) -> Reading:
    """A positional reading of these pieces, each found in the text after `start` in order (exact offsets)."""
    cells: list[Cell | None] = []
    cursor = start if not label_cell else min(i for i in (text.find("\t", start, end), text.find("|", start, end)) if i != -1)
    for piece in pieces:
        if not piece:
            cells.append(None)
            continue
        at = text.find(piece, cursor, end)
        cells.append(_cell(piece, at, at + len(piece)))
        cursor = at + len(piece)
    return Reading(tuple(cells), "positional", blanks=not all(pieces))


def _value_line(text: str, start: int, end: int, sep: str) -> list[str] | None:
    """The cells of the line at `start` if it is a row of values only (no label), else None."""
    line_end = text.find("\n", start, end)
    line = text[start : line_end if line_end != -1 else end].strip()
    if sep not in line or re.search(r"[\u4e00-\u9fff]", line):
        return None
    pieces = [p.strip() for p in line.split(sep)]
    if sep == "|":
        pieces = pieces[1:-1] if line.startswith("|") and line.endswith("|") else pieces
    if not any(pieces) or not all(is_single_value(p) for p in pieces) or set(line) <= set("|-: "):
        return None  # blank, or a markdown separator line
    while pieces and not pieces[-1]:
        pieces.pop()
    return pieces


def _split_points(raw: str) -> list[int]:
    """Positions inside a token where one cell may end and the next begin."""
    points = []
    for i in range(1, len(raw)):
        prev, ch = raw[i - 1], raw[i]
        if ch in "-+减增" and prev.isdigit():
            points.append(i)
        elif ch.isdigit() and prev.isdigit():
            points.append(i)
    return points


@lru_cache(maxsize=8192)
def _valid_part(part: str, may_be_amount: bool) -> bool:
    body = part
    for u in ("万元", "元"):
        if body.endswith(u):
            if not may_be_amount:
                return False
            body = body[: -len(u)]
    if body[:1] in ("-", "+", "减", "增"):
        body = body[1:]
    if not body or not body[0].isdigit():
        return False
    if "." in body:
        if not may_be_amount:
            return False
        whole, _, frac = body.partition(".")
        if not whole or not frac or len(frac) > 4 or (len(whole) > 1 and whole[0] == "0"):
            return False
        return True
    if len(body) > 1 and body[0] == "0":
        return False  # a count is never printed with a leading zero
    return body.isdigit()


@lru_cache(maxsize=4096)
def split_token(raw: str, parts: int, amount_last: bool) -> tuple[tuple[str, ...], ...]:
    """Every way to cut one printed run into `parts` cells."""
    points = _split_points(raw)
    results: list[tuple[str, ...]] = []

    def rec(begin: int, remaining: int, acc: list[str], idx: int) -> None:
        if len(results) >= _MAX_READINGS:
            return
        if remaining == 1:
            part = raw[begin:]
            if _valid_part(part, amount_last):
                results.append(tuple(acc + [part]))
            return
        for j in range(idx, len(points)):
            cut = points[j]
            part = raw[begin:cut]
            if _valid_part(part, False):
                rec(cut, remaining - 1, acc + [part], j + 1)

    rec(0, parts, [], 0)
    return tuple(results)


def _distribute(total: int, slots: int) -> list[list[int]]:
    """All ways to give each of `slots` tokens at least one part, `total` parts in all."""
    if slots == 0:
        return [[]] if total == 0 else []
    out = []
    for first in range(1, total - slots + 2):
        for rest in _distribute(total - first, slots - 1):
            out.append([first] + rest)
    return out


def _cell(raw: str, start: int, end: int) -> Cell | None:
    value, unit = parse_number(raw)
    if value is None:
        # An unreadable value keeps its place (and its span) so the identities can fill it later.
        return Cell(None, start, end, raw) if raw.strip() == UNREADABLE else None
    return Cell(value, start, end, raw, unit)


def _sum_block_ok(values: list[int | float | None]) -> bool:
    """A block whose last cell is the total of the others (a table 3 row, a table 4 block)."""
    *parts, total = values
    if total is None:
        return True
    return abs(sum(v for v in parts if v is not None) - total) < 1e-6


def constrained_splits(tokens: list[Token], n: int, block: int) -> list[tuple[Cell | None, ...]]:
    """Readings of glued runs in which every block of `block` cells adds up (its last cell is the
    sum of the others). Searching block by block keeps long runs tractable: 15 table 4 cells
    from 17 digits would otherwise be thousands of blind splits."""
    results: list[tuple[Cell | None, ...]] = []
    remaining_chars = [0] * (len(tokens) + 1)
    for i in range(len(tokens) - 1, -1, -1):
        remaining_chars[i] = remaining_chars[i + 1] + (len(tokens[i].raw) if _is_digits(tokens[i].raw) else 1)
    points = [set(_split_points(t.raw)) | {len(t.raw)} for t in tokens]
    parts_at: dict[tuple[int, int], list[tuple[int, Cell | None]]] = {}

    def parts(ti: int, pos: int) -> list[tuple[int, Cell | None]]:
        """The cells that may start at raw[pos] of token ti, with where each ends (the same on every branch of
        the search: worked out once)."""
        if (ti, pos) not in parts_at:
            token = tokens[ti]
            digits = _is_digits(token.raw)
            # a null marker or a unit-bearing amount is one cell
            ends = [e for e in sorted(points[ti]) if e > pos] if digits else [len(token.raw)]
            parts_at[ti, pos] = [
                (e, _cell(token.raw[pos:e], token.start + pos, token.start + e)) for e in ends
                if _valid_part(token.raw[pos:e], False) or (not digits and is_single_value(token.raw[pos:e]))]
        return parts_at[ti, pos]

    def rec(ti: int, pos: int, cells: list[Cell | None]) -> None:
        if len(results) >= _MAX_READINGS:
            return
        if ti == len(tokens):
            if len(cells) == n:
                results.append(tuple(cells))
            return
        left = n - len(cells)
        token = tokens[ti]
        chars_left = remaining_chars[ti] - pos if _is_digits(token.raw) else remaining_chars[ti]
        if left <= 0 or chars_left < left:
            return
        for e, cell in parts(ti, pos):
            cells.append(cell)
            if len(cells) % block == 0 and not _sum_block_ok([c.value if c else None for c in cells[-block:]]):
                cells.pop()
                continue
            if e == len(token.raw):
                rec(ti + 1, 0, cells)
            else:
                rec(ti, e, cells)
            cells.pop()

    rec(0, 0, [])
    return results


def _is_digits(raw: str) -> bool:
    return raw.isdigit()


def row_readings(
    text: str, start: int, end: int, n: int, amount_last: bool = False, sum_block: int | None = None,
    label_cell: bool = True, glued: bool = True, width: int | None = None,
) -> list[Reading]:
    """All readings of the n cells that follow a row label at text[start:end]. Without `glued`, digit
    runs are never cut (the text is known to print its cells apart). `width`: the most tab-separated fields a
    line of the table prints; a row that prints fewer has blanks that may be cells or none (`tab_alignments`).

    With `sum_block`, glued runs are first split so that each block of that many cells adds up;
    only if no such split exists (the report itself breaks the identity) are all splits returned.
    """
    pieces = positional_cells(text, start, end, n, label_cell)
    if pieces is not None and all(is_single_value(p) for p in pieces):
        first = _located(text, start, end, pieces, label_cell)
        if not first.blanks:
            return [first]
        aligned = [_located(text, start, end, alt, label_cell) for alt in tab_alignments(text, start, end, n, label_cell)]
        if aligned and not label_cell and width is not None and _fields(text, start, end) >= width:
            return aligned[:1]  # a values-only line as wide as the table: its tabs say where each value stands
        # The right-aligned reading first (the parser prefers it where the identities do not decide; the corpus's
        # tab exports end rows with a blank field that is no cell), the other placements for the identities.
        if not label_cell and aligned:  # a values-only line that prints fewer fields starts at the first column
            return [aligned[0], *(r for r in [first, *aligned[1:]] if r.values() != aligned[0].values())]
        return [first, *(r for r in aligned if r.values() != first.values())]

    tokens = numeric_tokens(text, start, end)
    if not tokens:
        return []
    if len(tokens) == n:
        return [Reading(tuple(_cell(t.raw, t.start, t.end) for t in tokens), "tokens")]
    if len(tokens) > n:
        out = [
            Reading(tuple(_cell(t.raw, t.start, t.end) for t in tokens[:n]), "dropped"),
            Reading(tuple(_cell(t.raw, t.start, t.end) for t in tokens[-n:]), "dropped"),
        ]
        out = out if out[0].values() != out[1].values() else out[:1]
        if sum_block and len(tokens) - n == 1:
            # One value too many (a stray number printed in the row): any one of them may be the stray;
            # the identities decide, first and last stay preferred on a tie.
            for drop in range(1, len(tokens) - 1):
                kept = tokens[:drop] + tokens[drop + 1 :]
                reading = Reading(tuple(_cell(t.raw, t.start, t.end) for t in kept), "dropped")
                if all(r.values() != reading.values() for r in out):
                    out.append(reading)
        return out
    if not glued and len(tokens) < n:
        # The text prints its cells apart (its table 3 needed no digit run cut): fewer numbers than cells
        # are missing cells, not glued ones; every placement is a reading, flagged as such.
        return placed_readings(tokens, n)
    if sum_block and all(_is_digits(t.raw) or is_single_value(t.raw) for t in tokens):
        found = constrained_splits(tokens, n, sum_block)
        if found:
            return [Reading(cells, "split") for cells in found]
    readings: list[Reading] = []
    for counts in _distribute(n, len(tokens)):
        per_token: list[tuple[tuple[str, ...], ...]] = []
        for i, (tok, k) in enumerate(zip(tokens, counts)):
            is_last = i == len(tokens) - 1
            per_token.append(split_token(tok.raw, k, amount_last and is_last))
        if any(not opts for opts in per_token):
            continue
        for combo in product(*per_token):
            cells = []
            for tok, parts in zip(tokens, combo):
                offset = tok.start
                for part in parts:
                    cells.append(_cell(part, offset, offset + len(part)))
                    offset += len(part)
            readings.append(Reading(tuple(cells), "split"))
            if len(readings) >= _MAX_READINGS:
                return readings
    if sum_block and n <= 7 and n - len(tokens) <= 2:
        # A cell or two missing (not a stray run): when no cut of the digits makes the row add up, the
        # values may be whole and a cell blank; the identities weigh these placements with the cuts.
        readings += placed_readings(tokens, n)
    return readings


def placed_readings(tokens: list[Token], n: int) -> list[Reading]:
    """A row printed with fewer values than cells, none of which can be cut: every order-keeping
    placement of the values on the cells, the others blank. Never drop the row; the identities choose,
    and what they cannot decide is flagged by the solver."""
    out = []
    for slots in combinations(range(n), len(tokens)):
        cells: list[Cell | None] = [None] * n
        for slot, tok in zip(slots, tokens):
            cells[slot] = _cell(tok.raw, tok.start, tok.end)
        out.append(Reading(tuple(cells), "placed"))
    return out


def is_single_value(piece: str) -> bool:
    if not piece:
        return True
    try:
        parse_number(piece)
    except ValueError:
        return False
    return True
