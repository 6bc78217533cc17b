"""`xxgk train …`: one recipe, one trained model folder (weights, vocabulary, config, the recipe, a training log).

The model is trained on the recipe's training splits plus synthetic reports, optionally plus newly labelled
annotation folders (a new year, reports back from Label Studio), and optionally starting from a trained model
(`--from`). The monitored split (`data.monitor`, dev) is scored into the log by the caller's `dev_score` when the
recipe does not train on it (the shipped recipes train on train + dev, so their log has no dev score); the test
split is never seen here: a newly
labelled report of the test split (or of an issuing body the split file places there) is left out, and the model
folder says so. Every model folder gets its provenance (each annotation file and report text with its sha256, the
recipe, the extra folders) in metrics.json and card.md, written before the folder is swapped in."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from training.corpus import annotation_files
from training.documents import CorpusError
from training.examples import Example, load_real
from training.recipes import fit_sections, fit_tagger, real_examples, synthetic_examples, training_stems
from training.splits import bodies_on, document_body, read_splits

Log = Callable[[str], None]
# How a trained model is scored on the dev split for the training log: given by the caller (the scores are the
# evaluation's, evaluation/dev_scores.py), so that training needs no scoring code of its own.
DevScore = Callable[[object, list[Example]], float]


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass
class NewData:
    """Newly labelled reports from extra annotation folders (`--data`), checked before any training."""

    folders: list[Path]
    examples: list[Example] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)  # stem → its annotation file
    left_out: dict[str, str] = field(default_factory=dict)  # stem → why it is not trained on


def extra_folders(recipe: dict, data: list[Path]) -> list[Path]:
    """The recipe's recorded extra folders (`data.extra`, written by an earlier `--data`) and the new ones."""
    folders = [Path(p) for p in recipe.get("data", {}).get("extra", [])] + [Path(p) for p in data]
    return list(dict.fromkeys(folders))


def load_new_data(recipe: dict, folders: list[Path], corpus: Path) -> NewData:
    """Every extra folder validated (a CorpusError naming the path when it is missing, a file, holds no annotation
    file or a bad one); reports of the test split, or of a body the split file places on it, are left out: the
    verdict is scored there."""
    problems = []
    for folder in folders:
        if not folder.exists():
            problems.append(f"--data {folder}: no such folder")
        elif not folder.is_dir():
            problems.append(f"--data {folder}: a file, not a folder of annotation files (*.json)")
        elif not annotation_files(folder):
            problems.append(f"--data {folder}: no annotation file (*.json) in it")
    if problems:
        raise CorpusError(problems)
    splits_path = Path(recipe.get("data", {}).get("splits", "annotations/splits.json"))
    test, test_bodies = set(read_splits(splits_path).get("test", [])), bodies_on(splits_path, "test")
    new = NewData(folders)
    for folder in folders:
        for e in load_real(folder, corpus):  # validated like the corpus; raises CorpusError naming each bad file
            path = folder / f"{e.stem}.json"
            body = document_body(corpus, Path(json.loads(path.read_text(encoding="utf-8"))["document"]).stem)
            if e.stem in test:
                new.left_out[e.stem] = f"{path}: on the test split ({splits_path}), which the verdict is scored on"
            elif body in test_bodies:
                new.left_out[e.stem] = f"{path}: its issuing body {body} is on the test split ({splits_path})"
            else:
                new.examples.append(e)
                new.files[e.stem] = path
    if not new.examples:
        raise CorpusError([f"--data {', '.join(map(str, folders))}: nothing to train on"
                           + (f" (left out: {'; '.join(new.left_out.values())})" if new.left_out else "")])
    return new


def _provenance(recipe: dict, corpus: Path, train: list[Example], new: NewData | None, config: Path | None) -> dict:
    """What the model was trained on, each file with its sha256: the recipe, every annotation file and the report
    text it points into, the extra folders and what was left out of them."""
    spans = Path(recipe.get("data", {}).get("spans", "annotations/spans"))
    rows = []
    for e in sorted(train, key=lambda e: e.stem):
        path = new.files.get(e.stem) if new else None
        path = path or spans / f"{e.stem}.json"
        document = corpus / json.loads(path.read_text(encoding="utf-8"))["document"]
        rows.append({"stem": e.stem, "annotation": str(path), "annotation_sha256": sha256(path),
                     "text": str(document), "text_sha256": sha256(document) if document.is_file() else None})
    return {"recipe": str(config) if config else None, "recipe_sha256": sha256(config) if config else None,
            "corpus": str(corpus), "data": [str(f) for f in new.folders] if new else [],
            "left_out": dict(new.left_out) if new else {}, "reports": rows,
            "synthetic": recipe.get("synthetic", {})}


def train_model(recipe: dict, out: Path, corpus: Path, start_from: Path | None = None,
                extra: list[Path] | NewData = (), log: Log = print, on_step: Callable | None = None,
                config_path: Path | None = None, dev_score: DevScore | None = None) -> Path:
    """Train and write the model folder `out` (replaced whole only once training succeeded). `extra`: newly
    labelled annotation folders, or those already checked by `load_new_data`. `dev_score`, where given, scores the
    model on the dev split into the training log (after every epoch of a neural tagger)."""
    real = real_examples(recipe, corpus)
    stems = set(training_stems(recipe))
    splits = read_splits(Path(recipe.get("data", {}).get("splits", "annotations/splits.json")))
    dev = [e for e in real if e.stem in splits.get(recipe.get("data", {}).get("monitor", "dev"), []) and e.stem not in stems]
    by_stem = {e.stem: e for e in real if e.stem in stems}
    new = extra if isinstance(extra, NewData) else (load_new_data(recipe, extra_folders(recipe, list(extra)), corpus)
                                                    if extra or recipe.get("data", {}).get("extra") else None)
    if new is not None:  # a report labelled again replaces its old labels
        by_stem.update((e.stem, e) for e in new.examples)
        for why in new.left_out.values():
            log(f"left out of training: {why}")
    train = list(by_stem.values())
    synthetic = synthetic_examples(recipe)
    log(f"training {recipe['name']} ({recipe['kind']}): {len(train)} real + {len(synthetic)} synthetic reports; "
        f"dev {len(dev)} reports")
    records: list[dict] = []
    started = time.perf_counter()

    def on_epoch(epoch: int, loss: float, model) -> None:
        f1 = dev_score(model, dev) if dev and dev_score else None
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
        if not records and dev and dev_score:
            records.append({"epoch": None, "dev_entity_f1": dev_score(model, dev)})
    else:
        model = fit_sections(recipe, train + synthetic)
        records.append({"dev_section_macro_f1": dev_score(model, dev) if dev and dev_score else None})
    seconds = round(time.perf_counter() - started, 1)
    log(f"trained in {seconds} s")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))  # same file system: the rename is atomic
    try:
        tmp.chmod(0o755)
        model.save(tmp)
        config = json.loads((tmp / "config.json").read_text(encoding="utf-8"))
        config.update({"task": recipe["task"], "name": recipe["name"], "version": recipe.get("version", "0"),
                       "trained_on": sorted(e.stem for e in train), "synthetic": recipe.get("synthetic", {}),
                       "continued_from": str(start_from) if start_from and base is not None else None,
                       "compared_with": str(start_from) if start_from else None, "train_seconds": seconds})
        (tmp / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if new is not None:  # recorded, so that the recipe retrains the same model
            recipe = dict(recipe, data=dict(recipe.get("data", {}), extra=[str(f) for f in new.folders]))
        (tmp / "recipe.json").write_text(json.dumps(recipe, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (tmp / "training_log.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        from training.cards import write_training_card

        metrics = {"task": recipe["task"], "system": recipe["name"], "source": "xxgk train (training/trainer.py)",
                   "training": _provenance(recipe, corpus, train, new, config_path),
                   "dev": {"reports": len(dev), **{k: v for r in records[-1:] for k, v in r.items() if k.startswith("dev_")}},
                   "verdict": None}
        (tmp / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        write_training_card(tmp, metrics)
    except BaseException:  # nothing half-written stays beside the models
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    # Swap by renames: `out` is the old model or the new one, never half of either (for the instant between the two
    # renames it is missing, and the old one sits beside it as .<name>.replaced).
    old = out.with_name(f".{out.name}.replaced")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    if old.exists():
        shutil.rmtree(old)
    return out


def record_verdict(folder: Path, verdict: dict) -> None:
    """The verdict of `--from` (on the test split) into the model folder's metrics.json and card.md."""
    from training.cards import write_training_card

    path = folder / "metrics.json"
    metrics = json.loads(path.read_text(encoding="utf-8"))
    metrics["verdict"] = verdict
    path.write_text(json.dumps(metrics, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_training_card(folder, metrics)
