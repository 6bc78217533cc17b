"""Weak priors over readings of glued digits that no identity constrains (mostly table 2).

They encode how these tables are filled in practice, not any one report: counts are small and
often zero, a stock (现行有效件数, 对外公开总数量) is at least the year's flow, a year's change is
small next to the stock it changes. Used only to rank readings the identities leave tied.
"""

from __future__ import annotations

import math

from extractor.templates import template as tmpl

Value = int | float | None


def _log(v: Value) -> float:
    return math.log10(abs(v) + 1) if v is not None else 0.0


def _length_spread(values: tuple[Value, ...]) -> float:
    """Variance of the printed lengths: cells of one row tend to be of one magnitude."""
    lengths = [len(str(abs(int(v)))) for v in values if v is not None]
    mean = sum(lengths) / len(lengths)
    return sum((n - mean) ** 2 for n in lengths) / len(lengths)


def log_prior(template: str, table: str, row: str, values: tuple[Value, ...], unit: str | None = None) -> float:
    """Higher is more plausible; only differences between readings of one row matter."""
    if table != "t2" or len(values) < 2 or None in values:
        return 0.0
    if row == "procurement":
        items, amount = values
        # A government procurement item is typically worth 10^4-10^7 元 (centre ~3·10^5).
        per_item = _log(amount) - _log(items) + (4.0 if unit == "万元" else 0.0)
        return -abs(per_item - 5.5)
    if row in tmpl.row_keys("t2", groups=(tmpl.T2_DOCUMENTS,)) and len(values) == 3:
        first, middle, last = values
        score = 0.0
        if template == "2019":
            # made, published, total: what was published is what was made, within the total.
            score += 1.0 if first == middle else 0.0
            score += 1.0 if last >= max(first, middle) else -1.0
            score -= max(0.0, _log(last) - _log(max(first, middle)) - 1.0)
        else:
            # issued, repealed, in_force: the stock of documents in force is several years' issue.
            score += 1.0 if last >= first else -1.0
            score += 0.5 if middle <= last else 0.0
            score -= abs(_log(last) - _log(first) - 1.0)
        return score
    # prev_items, change[, decisions]: an unchanged list of items is the common case, and the
    # cells of a row are of one magnitude.
    change = values[1]
    return (1.0 if change == 0 else -0.3 * _log(change)) - 0.5 * _length_spread(values)
