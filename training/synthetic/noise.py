"""OCR-like damage applied piece by piece, before the pieces are joined, so offsets stay exact.

Running text gets every kind of damage; table text only damage that leaves its labels readable;
an entity's number only damage that leaves at least one digit, so it still reads as a number.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from extractor.ocr import lookalikes

FULL_WIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}
# Digit-letter confusions an OCR engine makes; `entity_value` in training.augment undoes them.
DIGIT_CONFUSIONS = lookalikes.NOISE
CJK_CONFUSIONS = {"已": "己", "未": "末", "日": "曰", "人": "入", "土": "士", "开": "幵", "公": "么"}


@dataclass
class Noise:
    rng: random.Random
    rate: float  # chance that one character is damaged

    def _hit(self, factor: float = 1.0) -> bool:
        return self.rng.random() < self.rate * factor

    def _char(self, ch: str, cjk: bool) -> str:
        if ch == " ":
            return self.rng.choice(("", "  "))  # a dropped or a doubled space
        if ch in DIGIT_CONFUSIONS and self.rng.random() < 0.5:
            return self.rng.choice(DIGIT_CONFUSIONS[ch])
        if ch in FULL_WIDTH:
            return FULL_WIDTH[ch]
        if cjk and ch in CJK_CONFUSIONS:
            return CJK_CONFUSIONS[ch]
        return ch

    def text(self, s: str, cjk: bool = True) -> str:
        """Running text (cjk=True) or table text (cjk=False: labels must stay findable)."""
        return "".join(self._char(ch, cjk) if self._hit() else ch for ch in s)

    def number(self, s: str) -> str:
        """An entity's number: full-width digits or digit-letter confusions, keeping one real digit."""
        chars = list(s)
        digits = [i for i, ch in enumerate(chars) if ch.isdigit()]
        if self._hit(8):  # OCR damages a whole run: make every digit full-width
            chars = [FULL_WIDTH.get(ch, ch) for ch in chars]
        for i in digits[1:]:  # the first digit stays a digit
            if chars[i] in DIGIT_CONFUSIONS and self._hit(4):
                chars[i] = self.rng.choice(DIGIT_CONFUSIONS[chars[i]])
        return "".join(chars)
