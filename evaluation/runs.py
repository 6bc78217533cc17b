"""Running models for evaluation: grouped cross-validation of a training recipe (a model trained per fold, its
held-out reports predicted) or a trained model on chosen reports. Either way the result is a *prediction file*
(offsets and labels per document, no report text) that `xxgk evaluate compare` scores, so the expensive part runs
once and every report is regenerated from the files.

Offsets are those of the normalized text that `xxgk extract` tags (training/examples.py); gold is mapped into the
same text, so the strict span match of SPEC §7 compares like with like."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from evaluation.comparison.results import DocumentResult, SystemRun
from evaluation.entities import Mention
from evaluation.sections import section_tags
from training.examples import Example
from training.folds import grouped_folds

Progress = Callable[[str], None]


def to_rows(mentions: list[Mention]) -> list[list]:
    """[start, end, label] per mention, and its confidence where the model gave one."""
    return [[m.start, m.end, m.label] + ([m.confidence] if m.confidence is not None else []) for m in mentions]


def from_rows(rows: list[list]) -> list[Mention]:
    return [Mention(int(r[0]), int(r[1]), str(r[2]), float(r[3]) if len(r) > 3 else None) for r in rows]


def predict_documents(examples: list[Example], tagger=None, sections=None, use_context: bool = True) -> tuple[dict, float]:
    """{stem: {"entities": […], "sections": […]}} and the characters per second of the run."""
    from extractor.tagger.context import TableContext

    out: dict[str, dict] = {}
    started = time.perf_counter()
    for e in examples:
        row: dict = {}
        if tagger is not None:
            ctx = TableContext.from_text(e.text) if use_context else None
            row["entities"] = to_rows(tagger.predict(e.text, ctx))
        if sections is not None:
            row["sections"] = to_rows(sections.predict(e.text))
        out[e.stem] = row
    elapsed = time.perf_counter() - started
    return out, sum(len(e.text) for e in examples) / elapsed if elapsed > 0 else 0.0


def cross_validate(recipe: dict, real: list[Example], synthetic: list[Example], k: int,
                   progress: Progress | None = None, by: str = "body", jobs: int = 1) -> dict:
    """Train the recipe once per fold on the other folds' real reports plus the synthetic ones; predict the fold.
    Folds group the reports by issuing body (k of them), or `by="province"`: one fold per province. `jobs` > 1 runs
    that many folds at once, each in a fresh process: every fold seeds its own training, so the predictions are the
    same as one at a time (the file differs only in the seconds each fold took)."""
    from training.folds import document_provinces, province_folds

    fingerprint, code = cv_fingerprint(recipe, k if by == "body" else by), code_digest()  # as the run starts
    stems = [e.stem for e in real]
    if by == "province":
        folds = province_folds(stems, document_provinces())
    elif by == "body":
        folds = grouped_folds(stems, {e.stem: e.group for e in real}, k)
    else:
        raise ValueError(f"folds by 'body' or 'province', not {by!r}")
    calibration_set = calibration_reports(recipe)
    work = [(recipe, [e for e in real if e.stem not in held_out] + synthetic, [e for e in real if e.stem in held_out],
             [e for j, e in enumerate(calibration_set) if j % len(folds) == i]) for i, held_out in enumerate(folds)]
    outcomes: dict[int, FoldOutcome] = {}

    def done(i: int, outcome: FoldOutcome) -> None:
        outcomes[i] = outcome
        if progress:
            progress(f"fold {i + 1}/{len(folds)}: held out {', '.join(folds[i])} ({outcome.seconds} s)")

    if jobs > 1 and len(folds) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # spawn, not fork: a forked child of a process whose torch threads have run can hang in OpenMP
        with ProcessPoolExecutor(min(jobs, len(folds)), mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = {pool.submit(run_fold, *args): i for i, args in enumerate(work)}
            for future in as_completed(futures):
                done(futures[future], future.result())
    else:
        for i, args in enumerate(work):
            done(i, run_fold(*args))
    documents: dict[str, dict] = {}
    synthetic_documents: dict[str, dict] = {}
    form_documents: dict[str, dict] = {}  # the held-out reports as free-form texts and openings (evaluation/openings.py)
    for i in range(len(folds)):  # in fold order, whichever finished first: the same file from any number of jobs
        outcome = outcomes[i]
        documents.update((stem, dict(row, fold=i)) for stem, row in outcome.documents.items())
        form_documents.update((stem, dict(row, fold=i)) for stem, row in outcome.forms.items())  # cross-fitting
        # the held-out synthetic reports get folds of their own (cross-fitting)
        synthetic_documents.update((stem, dict(row, fold=len(folds) + i)) for stem, row in outcome.synthetic.items())
    mode = f"grouped {k}-fold CV" if by == "body" else f"leave-one-province-out CV ({len(folds)} provinces)"
    return {"system": recipe["name"], "task": recipe["task"], "kind": recipe["kind"], "mode": mode,
            "fingerprint": fingerprint, "code": code, "folds": folds,
            "seconds_per_fold": [outcomes[i].seconds for i in range(len(folds))], "recipe": recipe,
            "documents": documents, **({"synthetic_documents": synthetic_documents} if synthetic_documents else {}),
            **({"form_documents": form_documents} if form_documents else {})}


@dataclass
class FoldOutcome:
    seconds: float  # training and predicting the held-out reports
    documents: dict[str, dict]  # the held-out reports' predictions
    forms: dict[str, dict]  # their free-form texts and openings (a tagger recipe with calibration)
    synthetic: dict[str, dict]  # this fold's share of the held-out synthetic reports (calibration)


def run_fold(recipe: dict, train: list[Example], test: list[Example], calibration_share: list[Example]) -> FoldOutcome:
    """One fold: the recipe trained on `train`, `test` predicted (and, for a tagger, what calibration needs)."""
    from evaluation.openings import forms_of
    from training.recipes import fit_sections, fit_tagger

    started = time.perf_counter()
    if recipe["task"] == "tagger":
        model = fit_tagger(recipe, train)
        preds, _ = predict_documents(test, tagger=model)
    else:
        preds, _ = predict_documents(test, sections=fit_sections(recipe, train))
    seconds = round(time.perf_counter() - started, 1)
    forms: dict[str, dict] = {}
    synthetic: dict[str, dict] = {}
    if recipe["task"] == "tagger" and recipe.get("calibration"):  # its held-out reports without tables, cut
        forms = predict_documents([f for e in test for f in forms_of(e)], tagger=model)[0]
    if recipe["task"] == "tagger" and calibration_share:
        synthetic = predict_documents(calibration_share, tagger=model)[0]
    return FoldOutcome(seconds, preds, forms, synthetic)


def calibration_reports(recipe: dict) -> list[Example]:
    """Synthetic reports no fold trains on (`"calibration": {"synthetic": N, "seed": S}`, the phrasing families on),
    predicted by the folds for calibrating the confidence (evaluation/calibration.py)."""
    from dataclasses import replace

    from training.examples import load_synthetic

    spec = recipe.get("calibration") or {}
    if not spec.get("synthetic"):
        return []
    found = load_synthetic(int(spec["synthetic"]), int(spec["seed"]), families=True)
    return [replace(e, stem=f"calib_{i}") for i, e in enumerate(found)]


# The code a cross-validated prediction depends on: text normalization, tables (the number types), the models,
# the training data and the training loop.
PREDICTION_CODE = ("extractor/normalize.py", "extractor/tables", "extractor/tagger", "extractor/sections",
                   "extractor/mentions.py", "extractor/quantity.py", "extractor/spec.py", "extractor/templates",
                   "extractor/metadata.py",
                   "extractor/checks", "extractor/reconcile", "training/config.py", "training/corpus.py",
                   "training/folds.py", "training/examples.py", "training/recipes.py", "training/neural_fit.py",
                   "training/neural_windows.py", "training/augment.py", "training/synthetic", "training/suggest.py",
                   "training/pretrain.py", "training/weak.py", "evaluation/openings.py")


def cv_fingerprint(recipe: dict, folds: int | str, annotations: Path = Path("annotations")) -> str:
    """What a cross-validation's data depends on: the recipe (less which splits ship), the number of folds, the
    annotations and splits. A cached prediction file with another fingerprint is stale."""
    used = dict(recipe, data={k: v for k, v in recipe.get("data", {}).items() if k not in ("train_on", "monitor")})
    h = hashlib.sha256(json.dumps(used, sort_keys=True).encode())  # which splits ship does not matter to the folds
    h.update(str(folds).encode())
    extra = [annotations / "provinces.json"] if folds == "province" else []
    for p in sorted((annotations / "spans").glob("*.json")) + [annotations / "splits.json"] + extra:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def code_digest() -> str:
    """A digest of the code the predictions depend on (PREDICTION_CODE); stored with every prediction file so a
    report can say when its cached predictions came from other code (`xxgk evaluate reports --rerun` redoes them)."""
    code = Path(__file__).resolve().parents[1]
    sources = [p for part in PREDICTION_CODE
               for p in ([code / part] if (code / part).is_file() else (code / part).rglob("*.py"))]
    h = hashlib.sha256()
    for p in sorted(sources):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def model_predictions(model_dir: Path, examples: list[Example], task: str) -> dict:
    """A trained model (tagger or section model) on the given reports."""
    from extractor.models import load_model

    model = load_model(model_dir)
    if task == "tagger":
        preds, speed = predict_documents(examples, tagger=model)
    else:
        preds, speed = predict_documents(examples, sections=model)
    size = sum(p.stat().st_size for p in Path(model_dir).iterdir() if p.is_file() and p.suffix != ".md")
    return {"system": Path(model_dir).name, "task": task, "kind": model.kind, "mode": "trained model",
            "model": str(model_dir), "model_bytes": size, "chars_per_s": round(speed),
            "documents": {stem: dict(row, fold=None) for stem, row in preds.items()}}


def save_predictions(predictions: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(predictions, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def load_predictions(path: Path) -> dict:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if "documents" not in data or "task" not in data:
        raise ValueError(f"{path}: not a prediction file of `xxgk evaluate cv` / `xxgk evaluate model`")
    return data


def system_run(predictions: dict, real: list[Example], name: str | None = None) -> SystemRun:
    """The predictions of one system as the comparison's input, on the documents they cover."""
    by_stem = {e.stem: e for e in real}
    docs = []
    for stem, row in sorted(predictions["documents"].items()):
        if stem not in by_stem:
            raise ValueError(f"{predictions['system']}: predicts {stem}, which is not in the annotated corpus")
        e = by_stem[stem]
        gold_sections = section_tags(e.sections, len(e.text))
        docs.append(DocumentResult(
            document=stem, text=e.text,
            gold_entities=list(e.entities) if predictions["task"] == "tagger" else [],
            pred_entities=from_rows(row.get("entities", [])),
            gold_sections=gold_sections if predictions["task"] == "sections" else [],
            pred_sections=section_tags(from_rows(row["sections"]), len(e.text)) if "sections" in row else [],
            fold=row.get("fold"),
        ))
    return SystemRun(name or predictions["system"], docs, predictions.get("model_bytes"), predictions.get("chars_per_s"))
