"""The characters a recognizer prints for the digits 0 and 1: the one table that the cell clean-up
(ocr/numbers.py), the narrative number parser (reconcile/narrative.py) and the synthetic OCR noise
(training/synthetic/noise.py) share."""

from __future__ import annotations

# (look-alike, the digit it stands for, made by the synthetic noise): the noise makes the commonest
# confusions of printed digits; 〇 D | ! are rarer and only undone.
_TABLE = (
    ("O", "0", True), ("o", "0", True), ("〇", "0", False), ("D", "0", False),
    ("l", "1", True), ("丨", "1", True), ("I", "1", True), ("|", "1", False), ("!", "1", False),
)  # fmt: skip

TO_DIGIT = str.maketrans({ch: digit for ch, digit, _ in _TABLE})
CONFUSABLE = "".join(ch for ch, _, _ in _TABLE)
# digit → the look-alikes the synthetic noise writes for it, in the order it draws from
NOISE = {d: tuple(ch for ch, digit, made in _TABLE if made and digit == d) for d in dict.fromkeys(d for _, d, _ in _TABLE)}
