"""`xxgk train …`: one recipe, one trained model folder (weights, vocabulary, config, the recipe, a training log).

The model is trained on the recipe's training splits plus synthetic reports, optionally plus newly labelled
annotation folders (a new year, reports back from Label Studio), and optionally starting from a trained model
(`--from`). The dev split is scored after every epoch into the log; the test split is never seen here."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from evaluation.entities import bio_tags, score_entities
from evaluation.sections import score_sections, section_tags
from training.examples import Example, load_real
from training.recipes import (context_of, fit_sections, fit_tagger, real_examples, synthetic_examples,
                              training_stems)
from training.splits import read_splits

Log = Callable[[str], None]


def dev_entity_f1(tagger, dev: list[Example]) -> float:
    gold = [bio_tags(e.entities, len(e.text)) for e in dev]
    pred = [bio_tags(tagger.predict(e.text, context_of(e)), len(e.text)) for e in dev]
    return score_entities(gold, pred).micro.f1


def dev_section_f1(model, dev: list[Example]) -> float:
    gold = [section_tags(e.sections, len(e.text)) for e in dev]
    pred = [section_tags(model.predict(e.text), len(e.text)) for e in dev]
    return score_sections(gold, pred).macro_f1


def train_model(recipe: dict, out: Path, corpus: Path, start_from: Path | None = None,
                extra: list[Path] = (), log: Log = print, on_step: Callable | None = None) -> Path:
    """Train and write the model folder `out` (replaced whole only once training succeeded)."""
    real = real_examples(recipe, corpus)
    stems = set(training_stems(recipe))
    splits = read_splits(Path(recipe.get("data", {}).get("splits", "annotations/splits.json")))
    dev = [e for e in real if e.stem in splits.get(recipe.get("data", {}).get("monitor", "dev"), []) and e.stem not in stems]
    by_stem = {e.stem: e for e in real if e.stem in stems}
    for folder in extra:  # newly labelled reports, validated like the rest; a report labelled again replaces its old labels
        by_stem.update((e.stem, e) for e in load_real(folder, corpus))
    train = list(by_stem.values())
    synthetic = synthetic_examples(recipe)
    log(f"training {recipe['name']} ({recipe['kind']}): {len(train)} real + {len(synthetic)} synthetic reports; "
        f"dev {len(dev)} reports")
    records: list[dict] = []
    started = time.perf_counter()

    def on_epoch(epoch: int, loss: float, model) -> None:
        f1 = dev_entity_f1(model, dev) if dev else None
        records.append({"epoch": epoch, "loss": round(loss, 5), "dev_entity_f1": f1,
                        "seconds": round(time.perf_counter() - started, 1)})
        log(f"epoch {epoch}: loss {loss:.4f}" + (f", dev strict F1 {f1:.4f}" if f1 is not None else ""))

    base = None
    if recipe["task"] == "tagger":
        if start_from is not None and recipe["kind"] == "crf":  # a convex fit: nothing to continue, so not loaded
            log(f"{recipe['name']}: a CRF is fitted anew on the old and the new reports; --from {start_from} "
                "is what it is compared with")
        elif start_from is not None:
            from extractor.models import load_model

            base = load_model(start_from)
        model = fit_tagger(recipe, train + synthetic, start_from=base, on_epoch=on_epoch, on_step=on_step)
        if not records and dev:
            records.append({"epoch": None, "dev_entity_f1": dev_entity_f1(model, dev)})
    else:
        model = fit_sections(recipe, train + synthetic)
        records.append({"dev_section_macro_f1": dev_section_f1(model, dev) if dev else None})
    seconds = round(time.perf_counter() - started, 1)
    log(f"trained in {seconds} s")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))  # same file system: the rename is atomic
    tmp.chmod(0o755)
    model.save(tmp)
    config = json.loads((tmp / "config.json").read_text(encoding="utf-8"))
    config.update({"task": recipe["task"], "name": recipe["name"], "version": recipe.get("version", "0"),
                   "trained_on": sorted(e.stem for e in train), "synthetic": recipe.get("synthetic", {}),
                   "continued_from": str(start_from) if start_from and base is not None else None,
                   "compared_with": str(start_from) if start_from else None, "train_seconds": seconds})
    (tmp / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (tmp / "recipe.json").write_text(json.dumps(recipe, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (tmp / "training_log.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    # Swap by renames: at every moment `out` is the old model or the new one, never half of either.
    old = out.with_name(f".{out.name}.replaced")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    if old.exists():
        shutil.rmtree(old)
    return out
