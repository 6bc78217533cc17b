"""The character vocabulary of the neural taggers, built on the training texts only; unseen characters map to [UNK]."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

SPECIALS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
PAD, UNK, CLS, SEP, MASK = range(len(SPECIALS))
FILE = "vocab.json"


class CharVocab:
    def __init__(self, chars: Iterable[str]) -> None:
        self.items = list(SPECIALS) + [c for c in chars if c not in SPECIALS]
        self.index = {c: i for i, c in enumerate(self.items)}

    @classmethod
    def build(cls, texts: Iterable[str], min_count: int = 2) -> CharVocab:
        counts = Counter(ch for t in texts for ch in t)
        # Every digit is in, whatever its count: numbers are what the tagger is for.
        keep = {c for c, n in counts.items() if n >= min_count} | set("0123456789")
        return cls(sorted(keep))

    def encode(self, text: str) -> list[int]:
        get = self.index.get
        return [get(ch, UNK) for ch in text]

    def __len__(self) -> int:
        return len(self.items)

    def save(self, folder: Path) -> None:
        (folder / FILE).write_text(json.dumps(self.items, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> CharVocab:
        items = json.loads((folder / FILE).read_text(encoding="utf-8"))
        vocab = cls([])
        vocab.items, vocab.index = items, {c: i for i, c in enumerate(items)}
        return vocab
