"""How the shipped tagger holds up on text as OCR delivers it: the held-out test split scored clean and with
OCR-like damage — digits read as look-alike letters (0→O, 1→l, …) and stray spaces between characters — at a few
rates. Gold spans move with the inserted spaces; a damaged digit stays inside its entity (tagged as printed,
GUIDELINES). With --glued, each report is first made one line (every line break removed, as the glued
single-line layout some portals serve), so the tagger meets no line break and no heading on a line of its own.
Prints strict micro F1 per rate; nothing is asserted (a benchmark, not a test).

Usage: python benchmarks/tagger_noise.py [--models models] [--rates 0 0.02 0.05] [--split test|all] [--glued]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOOKALIKE = {"0": "O", "1": "l", "5": "S", "8": "B"}


def damage(text: str, mentions, rate: float, rng: random.Random):
    """The text with look-alike letters for some digits and spaces after some characters; the mentions moved."""
    from evaluation.entities import Mention

    out, where = [], []
    for ch in text:
        where.append(len(out))
        out.append(LOOKALIKE[ch] if ch in LOOKALIKE and rng.random() < rate else ch)
        if not ch.isspace() and rng.random() < rate:
            out.append(" ")
    where.append(len(out))
    moved = []
    for m in mentions:  # a space inserted inside a number stays inside its span
        moved.append(Mention(where[m.start], where[m.end - 1] + 1, m.label))
    return "".join(out), moved


def glue(text: str, mentions):
    """The text on one line (line breaks removed), the mentions moved."""
    from evaluation.entities import Mention

    out, where = [], []
    for ch in text:
        where.append(len(out))
        if ch not in "\r\n":
            out.append(ch)
    return "".join(out), [Mention(where[m.start], where[m.end - 1] + 1, m.label) for m in mentions]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--models", type=Path, default=ROOT / "models")
    ap.add_argument("--rates", type=float, nargs="+", default=[0.0, 0.02, 0.05])
    ap.add_argument("--split", default="test")
    ap.add_argument("--glued", action="store_true", help="remove every line break first (the glued layout)")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from evaluation.entities import bio_tags, score_entities
    from extractor.models import load_models
    from extractor.normalize import normalize
    from extractor.tagger.context import TableContext
    from training.examples import load_real
    from training.splits import read_splits

    stems = None if args.split == "all" else read_splits(ROOT / "annotations" / "splits.json")[args.split]
    docs = load_real(ROOT / "annotations" / "spans", args.corpus, stems=stems)
    tagger = load_models(str(args.models.resolve())).tagger
    print(f"{len(docs)} reports ({args.split}{', glued into one line' if args.glued else ''}), tagger {args.models / 'tagger'}")
    for rate in args.rates:
        rng = random.Random(0)
        gold, pred = [], []
        for d in docs:
            text, mentions = glue(d.text, d.entities) if args.glued else (d.text, d.entities)
            text, mentions = damage(text, mentions, rate, rng)
            text = normalize(text).text  # as a reader hands it on (no character here is normalized away)
            gold.append(bio_tags(mentions, len(text)))
            pred.append(bio_tags(tagger.predict(text, TableContext.from_text(text)), len(text)))
        s = score_entities(gold, pred)
        print(f"damage rate {rate:.2f}: strict micro F1 {s.micro.f1:.4f} (P {s.micro.precision:.4f}, R {s.micro.recall:.4f})")


if __name__ == "__main__":
    main()
