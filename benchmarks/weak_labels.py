"""Quality of the weak labels (training/weak.py) against the gold spans of every annotated real report:
seqeval strict P/R/F1, micro and per label, for each variant of the labelling.

Usage:
    .venv/bin/python benchmarks/weak_labels.py [--corpus ../shared/corpus/real]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evaluation.entities import EntityScores, bio_tags, score_entities  # noqa: E402
from extractor.tagger.context import TYPE_NAMES, number_types  # noqa: E402
from training.examples import Example  # noqa: E402
from training.recipes import DEFAULT_CORPUS, context_of  # noqa: E402
from training.weak import weak_entities  # noqa: E402

VARIANTS = {
    "tables": {"structure": False, "lexicon": False},
    "tables + structure": {"structure": True, "lexicon": False},
    "tables + lexicon": {"structure": False, "lexicon": True},
    "tables + structure + lexicon": {"structure": True, "lexicon": True},  # weak_entities' default
}


def score_variant(real: list[Example], **options: bool) -> EntityScores:
    gold = [bio_tags(e.entities, len(e.text)) for e in real]
    pred = [bio_tags(weak_entities(e.text, context_of(e), **options), len(e.text)) for e in real]
    return score_entities(gold, pred)


def rows(name: str, s: EntityScores) -> list[str]:
    def line(label: str, c) -> str:
        return (f"| {name} | {label} | {c.precision:.4f} | {c.recall:.4f} | {c.f1:.4f} "
                f"| {c.tp} | {c.fp} | {c.fn} | {c.tp + c.fn} |")

    return [line("**micro**", s.micro)] + [line(label, c) for label, c in s.per_label.items()]


def missed_by_type(real: list[Example]) -> Counter:
    """Gold entities the default weak labels miss, by the number type (extractor/tagger/context.py) of their first
    character: why the tables could not label them."""
    missed: Counter = Counter()
    for e in real:
        found = set(weak_entities(e.text, context_of(e)))
        types = number_types(e.text, context_of(e))
        missed.update((m.label, TYPE_NAMES[types[m.start]]) for m in e.entities if m not in found)
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    from training.examples import load_corpus

    real = load_corpus(args.corpus)
    print(f"{len(real)} reports, {sum(len(e.entities) for e in real)} gold entities\n")
    print("| variant | label | precision | recall | F1 | tp | fp | fn | gold |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, options in VARIANTS.items():
        print("\n".join(rows(name, score_variant(real, **options))))
    print("\nGold entities the default labels miss, by the number type of the gold number:\n")
    print("| label | number type | missed |")
    print("| --- | --- | ---: |")
    for (label, kind), n in sorted(missed_by_type(real).items(), key=lambda x: (-x[1], x[0])):
        print(f"| {label} | {kind} | {n} |")


if __name__ == "__main__":
    main()
