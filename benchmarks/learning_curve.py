"""Learning curve of the quantity tagger: strict entity F1 on the locked test split against the number of labelled
real reports, reports chosen by uncertainty sampling (training/active.py, as `xxgk annotate next` chooses them)
or at random, over several seeds.

The plain CRF recipe (training/configs/tagger_crf.json) without its synthetic reports, so that every report the
curve counts is a labelled real one. The pool is the train and dev splits (annotations/splits.json); the test split
is never trained on. Uncertainty sampling starts from the same random reports as the random curve of its seed,
then at each size adds the reports the model trained at the previous size is least sure of (expected mis-tagged
characters, discounted per body and province already chosen).

    .venv/bin/python benchmarks/learning_curve.py [--seeds 3] [--sizes 2 4 6 8 12 16 20]
writes benchmarks/learning_curve.json, learning_curve.svg and learning_curve.md.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from evaluation.entities import bio_tags, score_entities
from training.active import Candidate, choose, tagger_uncertainty
from training.recipes import context_of, fit_tagger, load_recipe, real_examples
from training.splits import read_splits

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "real"
HERE = Path(__file__).resolve().parent


def test_f1(tagger, test) -> float:
    gold = [bio_tags(e.entities, len(e.text)) for e in test]
    pred = [bio_tags(tagger.predict(e.text, context_of(e)), len(e.text)) for e in test]
    return score_entities(gold, pred).micro.f1


def curve(recipe: dict, pool: list, test: list, sizes: list[int], seed: int, strategy: str,
          provinces: dict[str, str]) -> list[dict]:
    rng = random.Random(seed)
    order = pool[:]
    rng.shuffle(order)
    chosen = order[:sizes[0]]
    points = []
    for i, size in enumerate(sizes):
        if strategy == "random":
            chosen = order[:size]
        started = time.perf_counter()
        tagger = fit_tagger(recipe, chosen)
        f1 = test_f1(tagger, test)
        points.append({"size": size, "f1": round(f1, 4), "documents": [e.stem for e in chosen],
                       "seconds": round(time.perf_counter() - started, 1)})
        print(f"seed {seed} {strategy:11s} {size:3d} reports: test F1 {f1:.4f}", flush=True)
        if strategy == "uncertainty" and i + 1 < len(sizes):
            left = [e for e in pool if e not in chosen]
            candidates = [Candidate(Path(e.stem), e.group, provinces.get(e.stem, "unknown"),
                                    tagger_uncertainty(tagger, e.text, context_of(e))[0], len(e.text)) for e in left]
            by_stem = {e.stem: e for e in left}
            chosen = chosen + [by_stem[c.path.name] for c in choose(candidates, sizes[i + 1] - size)]
    return points


def reports_to_reach(points: list[dict], target: float) -> int | None:
    return next((p["size"] for p in points if p["f1"] >= target), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 4, 6, 8, 12, 16, 20])
    parser.add_argument("--recipe", type=Path, default=REPO / "training" / "configs" / "tagger_crf.json")
    args = parser.parse_args()
    recipe = {k: v for k, v in load_recipe(args.recipe).items() if k != "synthetic"}
    splits = read_splits(REPO / "annotations" / "splits.json")
    real = real_examples(recipe, CORPUS, REPO)
    pool = [e for e in real if e.stem in set(splits["train"]) | set(splits["dev"])]
    test = [e for e in real if e.stem in set(splits["test"])]
    sizes = [s for s in args.sizes if s <= len(pool)]
    provinces = json.loads((REPO / "annotations" / "provinces.json").read_text("utf-8"))["documents"]
    started = time.perf_counter()
    runs = {strategy: [curve(recipe, pool, test, sizes, seed, strategy, provinces) for seed in range(args.seeds)]
            for strategy in ("random", "uncertainty")}
    mean = {s: [round(statistics.mean(run[i]["f1"] for run in runs[s]), 4) for i in range(len(sizes))] for s in runs}
    target = mean["random"][-1]
    result = {"recipe": recipe["name"], "synthetic": 0, "pool": len(pool), "test": [e.stem for e in test],
              "sizes": sizes, "seeds": args.seeds, "runs": runs, "mean_f1": mean,
              "random_final_f1": target,
              "reports_to_reach_random_final": {s: reports_to_reach([{"size": z, "f1": f} for z, f in zip(sizes, m)],
                                                                   target) for s, m in mean.items()},
              "seconds": round(time.perf_counter() - started)}
    (HERE / "learning_curve.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    chart(result, HERE / "learning_curve.svg")
    print(json.dumps({k: result[k] for k in ("mean_f1", "random_final_f1", "reports_to_reach_random_final",
                                             "seconds")}, indent=1))


def chart(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.hashsalt"] = "xxgk"  # the same numbers give the same file
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    sizes = result["sizes"]
    for strategy, colour in (("random", "#888888"), ("uncertainty", "#d32f2f")):
        for run in result["runs"][strategy]:
            ax.plot(sizes, [p["f1"] for p in run], color=colour, alpha=0.25, linewidth=1)
        ax.plot(sizes, result["mean_f1"][strategy], color=colour, linewidth=2.5, marker="o",
                label=f"{strategy} (mean of {result['seeds']} seeds)")
    ax.axhline(result["random_final_f1"], color="#888888", linestyle=":", linewidth=1)
    ax.set_xlabel("labelled real reports")
    ax.set_ylabel(f"strict entity F1, locked test split ({len(result['test'])} reports)")
    ax.set_title("Tagger learning curve (plain CRF, no synthetic reports)")
    ax.set_xticks(sizes)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, metadata={"Date": None})
    plt.close(fig)


if __name__ == "__main__":
    main()
