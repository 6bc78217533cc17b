"""Weak priors over readings of glued digits that no identity constrains (mostly table 2).

They encode how these tables are filled in practice, not any one report: counts are small and
often zero, a stock (现行有效件数, 对外公开总数量) is at least the year's flow, a year's change is
small next to the stock it changes. Used only to rank readings the identities leave tied.
"""

from __future__ import annotations

import math

Value = int | float | None


def _log(v: Value) -> float:
    return math.log10(abs(v) + 1) if v is not None else 0.0


def log_prior(template: str, table: str, row: str, values: tuple[Value, ...]) -> float:
    """Higher is more plausible; only differences between readings of one row matter."""
    if table != "t2" or len(values) < 3 or None in values:
        return 0.0
    first, middle, last = values
    if row in ("regulations", "normative"):
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
    # prev_items, change, decisions: an unchanged list of items is the common case.
    return (0.7 if middle == 0 else -0.3 * _log(middle)) - 0.3 * abs(_log(first) - _log(last))
