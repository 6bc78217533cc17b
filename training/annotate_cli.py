"""`xxgk annotate …`: check, suggest, convert and compare the annotated corpus (annotations/spans)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:  # the converters import datasets/spaCy; commands import them only when run
    from training.documents import AnnotatedText
    from training.export import SplitAssignment

annotate_app = typer.Typer(help="Grow and check the annotated corpus (annotations/spans).", no_args_is_help=True)
console = Console()
DEFAULT_CORPUS = Path("../shared/corpus/real")
CorpusOptDefault = Annotated[Path, typer.Option("--corpus", help="Folder holding the documents.")]


@annotate_app.command("validate")
def annotate_validate(
    paths: Annotated[list[Path], typer.Argument(help="Annotation files or folders (annotations/spans).")],
    corpus: Annotated[Path, typer.Option("--corpus", help="Folder holding the annotated documents.")] = DEFAULT_CORPUS,
) -> None:
    """Check every annotation file: offsets, text, labels, sha256, overlaps, sections tiling the text."""
    from training.corpus import validate_file
    from training.documents import annotation_paths

    files = annotation_paths(paths)
    if not files:
        console.print(f"[red]no annotation files in {', '.join(map(str, paths))}[/red]")
        raise typer.Exit(2)
    bad = 0
    for f in files:
        result = validate_file(f, corpus)
        if not result.ok:
            bad += 1
            for problem in result.problems:
                console.print(f"[red]✗[/red] {problem}", highlight=False)
    console.print(f"{len(files) - bad} of {len(files)} file(s) valid")
    if bad:
        raise typer.Exit(1)


@annotate_app.command("suggest")
def annotate_suggest(
    documents: Annotated[list[Path], typer.Argument(help="Report texts (.txt) or folders of them to pre-annotate.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Folder for the suggested annotation files.")],
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace files already in OUT.")] = False,
) -> None:
    """Propose sections and quantity entities for a person to correct (rules over headings, table
    regions and phrasing; see training/suggest.py). Existing files in OUT are kept unless --overwrite."""
    from training.suggest import suggest

    _pre_annotate(documents, out, overwrite, suggest, "suggestion(s)")


@annotate_app.command("weak")
def annotate_weak(
    documents: Annotated[list[Path], typer.Argument(help="Report texts (.txt) or folders of them to pre-annotate.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Folder for the weakly labelled annotation files.")],
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace files already in OUT.")] = False,
) -> None:
    """Label the numbers of each report's running text that its own tables decide (training/weak.py), with the
    suggested sections, as span files (annotator "weak-tables") for a person to correct in Label Studio.
    Existing files in OUT are kept unless --overwrite."""
    from training.weak import weak_annotation

    _pre_annotate(documents, out, overwrite, weak_annotation, "weakly labelled file(s)")


def _pre_annotate(documents: list[Path], out: Path, overwrite: bool, annotate, what: str) -> None:
    """Write `annotate(file)` for each .txt report as OUT/<stem>.json, keeping existing files unless `overwrite`;
    one unreadable document is named and skipped, and the exit code says so."""
    files = [f for p in documents for f in (sorted(p.glob("*.txt")) if p.is_dir() else [p])]
    if not files:
        console.print(f"[red]no .txt documents in {', '.join(map(str, documents))}[/red]")
        raise typer.Exit(2)
    out.mkdir(parents=True, exist_ok=True)
    written = failed = 0
    for f in files:
        target = out / f"{f.stem}.json"
        if target.exists() and not overwrite:
            console.print(f"[yellow]kept[/yellow] {target} (exists; --overwrite replaces it)")
            continue
        try:
            annotation = annotate(f)
        except Exception as exc:  # one unreadable document must not stop the others
            console.print(f"[red]✗[/red] {f}: {exc}", highlight=False)
            failed += 1
            continue
        annotation.dump(target)
        written += 1
    console.print(f"{written} {what} written to {out}/, {failed} failed")
    if failed:
        raise typer.Exit(1)


@annotate_app.command("split")
def annotate_split(
    corpus: CorpusOptDefault = DEFAULT_CORPUS,
    out: Annotated[Path, typer.Option("-o", "--out", help="Split file to write.")] = Path("annotations/splits.json"),
) -> None:
    """Assign documents to train/dev/test by issuing body (one body never straddles splits); stable:
    a body's split depends only on its name, so new documents never move existing ones."""
    from training.splits import write_splits

    data = write_splits(corpus, out)
    console.print(", ".join(f"{name} {len(data[name])}" for name in ("train", "dev", "test")) + f" documents → {out}")


@annotate_app.command("synth")
def annotate_synth(
    out: Annotated[Path, typer.Option("-o", "--out", help="Folder for the synthetic documents (never annotations/).")],
    n: Annotated[int, typer.Option("-n", help="How many documents.")] = 200,
    seed: Annotated[int, typer.Option("--seed")] = 0,
) -> None:
    """Synthetic reports for training only, labelled exactly: <OUT>/synth_<i>.txt, .json (spans), .gold.json."""
    from training.augment import generate

    try:
        paths = generate(n, seed, out)
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    console.print(f"{len(paths)} synthetic report(s) written to {out}/")


# --- converters (training/labelstudio.py, training/export.py); `agree` is evaluation/agreement_cli.py's --------------

SpansArg = Annotated[list[Path], typer.Argument(help="Annotation files or folders (annotations/spans).")]
CorpusOpt = Annotated[Path, typer.Option("--corpus", help="Folder holding the annotated documents.")]
SplitsOpt = Annotated[
    Path | None, typer.Option("--splits", help="Split file {\"train\": [stems], \"dev\": […], \"test\": […]}.")
]


def _fail(exc: Exception) -> typer.Exit:
    """Print every problem of a CorpusError (each names its file or task) and give the exit to raise."""
    for problem in getattr(exc, "problems", [str(exc)]):
        console.print(f"[red]✗[/red] {problem}", highlight=False, soft_wrap=True)  # one problem, one line: greppable
    return typer.Exit(1)


def _load(spans: list[Path], corpus: Path) -> list[AnnotatedText]:
    from training.documents import load_all_annotated

    return load_all_annotated(spans, corpus)


def _assignment(docs: list[AnnotatedText], splits: Path | None) -> SplitAssignment | None:
    from training.export import assign_splits
    from training.splits import read_splits

    if splits is None:
        return None
    assignment = assign_splits(docs, read_splits(splits), splits)
    if assignment.unassigned:
        console.print(f"[yellow]left out, in no split of {splits}:[/yellow] {', '.join(assignment.unassigned)}")
    if assignment.unannotated:
        console.print(f"[yellow]placed in {splits} but not annotated yet:[/yellow] {', '.join(assignment.unannotated)}")
    return assignment


@annotate_app.command("export-labelstudio")
def annotate_export_labelstudio(
    spans: SpansArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="Label Studio tasks JSON to write.")],
    config: Annotated[Path | None, typer.Option("--config", help="Also write the labeling config XML here.")] = None,
    corpus: CorpusOpt = DEFAULT_CORPUS,
    predictions: Annotated[bool | None, typer.Option(
        "--predictions/--annotations", help="Send the spans as predictions (pre-annotations a person must submit) "
        "or as annotations; default: predictions for machine files (annotator suggest, weak-tables, model:…), "
        "annotations for a person's.")] = None,
) -> None:
    """Annotation files (+ their texts) → Label Studio import JSON; sections and entities as two label sets."""
    import json

    from training.documents import CorpusError
    from training.labelstudio import export_tasks, labeling_config

    try:
        tasks = export_tasks(_load(spans, corpus), predictions)
    except CorpusError as exc:
        raise _fail(exc) from exc
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    console.print(f"{len(tasks)} task(s) → {output}")
    if config is not None:
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(labeling_config(), encoding="utf-8")
        console.print(f"labeling config → {config}")


@annotate_app.command("import-labelstudio")
def annotate_import_labelstudio(
    tasks_file: Annotated[Path, typer.Argument(help="Label Studio JSON export (list of tasks).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the annotation files.")],
    corpus: Annotated[Path, typer.Option("--corpus", help="Corpus folder: documents are looked up here, and "
                                         "texts of documents not yet in it are written here.")] = DEFAULT_CORPUS,
    annotator: Annotated[str | None, typer.Option("--annotator", help="Record this annotator (default: the Label "
                                                  "Studio user who submitted the annotation; an exported annotation "
                                                  "left untouched keeps its file's annotator).")] = None,
    pick: Annotated[str | None, typer.Option("--pick", help="A task several people annotated: 'latest', or the "
                                             "user (id or email) whose annotation to take. Without it such a task "
                                             "is refused.")] = None,
    each_annotator: Annotated[bool, typer.Option("--each-annotator", help="Keep every person's annotation, in "
                                                 "OUTPUT/<annotator>/ (compare them with `annotate agree`).")] = False,
) -> None:
    """Label Studio JSON export (JSON, not JSON-MIN) → annotation files (+ texts of new documents). Only annotations
    a person submitted are read; tasks with predictions only are skipped. All read tasks must pass the checks."""
    from training.documents import CorpusError
    from training.labelstudio import import_tasks, read_tasks, write_imported

    if each_annotator and pick:
        console.print("[red]--pick and --each-annotator exclude each other[/red]")
        raise typer.Exit(2)
    try:
        result = import_tasks(read_tasks(tasks_file), annotator, "each" if each_annotator else pick)
        written = write_imported(result.items, output, corpus)
    except CorpusError as exc:
        raise _fail(exc) from exc
    for reason in result.skipped:
        console.print(f"[yellow]skipped, not training data:[/yellow] {reason}", highlight=False, soft_wrap=True)
    for w in written:
        console.print(f"{w.annotation}" + (f"  [green]new text → {w.text}[/green]" if w.new_text else ""))
    console.print(f"{len(written)} annotation file(s) written, {sum(w.new_text for w in written)} new text(s)")


@annotate_app.command("export-dataset")
def annotate_export_dataset(
    spans: SpansArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for datasets' save_to_disk.")],
    splits: SplitsOpt = None,
    window: Annotated[int, typer.Option("--window", help="Characters per row at most (0: one row per document); "
                                        "windows never cut an entity.")] = 510,
    corpus: CorpusOpt = DEFAULT_CORPUS,
) -> None:
    """Hugging Face dataset (document, start, tokens, ner_tags, section_tags); a DatasetDict with --splits."""
    from training.export import build_dataset, build_dataset_dict

    try:
        docs = _load(spans, corpus)
        assignment = _assignment(docs, splits)
        dataset = build_dataset(docs, window) if assignment is None else build_dataset_dict(assignment, window)
    except ValueError as exc:  # CorpusError is one; so is an entity longer than the window
        raise _fail(exc) from exc
    dataset.save_to_disk(str(output))
    console.print(f"{dataset} → {output}", highlight=False)


@annotate_app.command("export-docbin")
def annotate_export_docbin(
    spans: SpansArg,
    output: Annotated[Path, typer.Option("-o", "--output", help=".spacy file; with --splits, a folder for "
                                         "<split>.spacy files.")],
    splits: SplitsOpt = None,
    corpus: CorpusOpt = DEFAULT_CORPUS,
) -> None:
    """spaCy DocBin: one Doc per document, one token per character, doc.ents and doc.spans["sections"]."""
    from training.export import save_docbins

    try:
        docs = _load(spans, corpus)
        assignment = _assignment(docs, splits)
        paths = save_docbins(docs, output, assignment)
    except ValueError as exc:  # CorpusError is one; so is an entity longer than the window
        raise _fail(exc) from exc
    counts = [len(docs)] if assignment is None else [len(g) for g in assignment.groups.values()]
    console.print(", ".join(f"{n} document(s) → {p}" for n, p in zip(counts, paths)))


@annotate_app.command("next")
def annotate_next(
    unlabelled: Annotated[list[Path], typer.Argument(help="Unlabelled reports (.txt, .html, .docx, .pdf) or folders.")],
    n: Annotated[int, typer.Option("-n", help="How many reports to choose.")] = 20,
    out: Annotated[Path, typer.Option("-o", "--out", help="Folder for tasks.json (Label Studio, pre-annotated as "
                                      "predictions), config.xml and ranking.jsonl.")] = Path("next"),
    models: Annotated[Path | None, typer.Option("--models", help="Models folder (default: the shipped models).")] = None,
    labelled: Annotated[Path, typer.Option("--labelled", help="Annotation folder: reports already annotated there "
                                           "(same sha256) are not proposed.")] = Path("annotations/spans"),
) -> None:
    """Rank unlabelled reports by how much labelling them should help (the tagger's expected mis-tagged characters,
    from its marginals, spread over bodies and provinces: training/active.py) and export the top N to Label Studio
    with the models' sections and entities as predictions (a person's submission is what becomes training data)."""
    import hashlib
    import json

    from extractor.batch.manifest import models_version
    from extractor.models import DEFAULT_MODELS, load_models
    from extractor.readers import read_document
    from extractor.tagger.context import TableContext
    from training.active import Candidate, choose, first_line, province_of, tagger_uncertainty
    from training.corpus import annotation_files, load_annotation
    from training.documents import AnnotatedText
    from training.labelstudio import export_tasks, labeling_config
    from training.splits import normalize_body

    suffixes = {".txt", ".html", ".htm", ".docx", ".pdf"}
    files = [f for p in unlabelled for f in (sorted(x for x in p.iterdir() if x.suffix.lower() in suffixes)
                                             if p.is_dir() else [p])]
    if not files:
        console.print(f"[red]no reports in {', '.join(map(str, unlabelled))}[/red]")
        raise typer.Exit(2)
    folder = models or DEFAULT_MODELS
    loaded = load_models(str(folder))
    if loaded.tagger is None:
        console.print(f"[red]{folder}: no tagger to rank with[/red]")
        raise typer.Exit(2)
    done = {load_annotation(f).sha256 for f in annotation_files(labelled)} if labelled.is_dir() else set()
    provinces_file = Path("annotations/provinces.json")
    known = json.loads(provinces_file.read_text("utf-8")).get("documents", {}) if provinces_file.is_file() else {}
    candidates, failed = [], 0
    for path in files:
        raw = path.read_bytes()
        if hashlib.sha256(raw).hexdigest() in done:
            continue
        try:
            doc = read_document(path)
        except Exception as exc:  # one unreadable report must not stop the ranking
            console.print(f"[red]✗[/red] {path}: {exc}", highlight=False)
            failed += 1
            continue
        meta_path = path.with_name(f"{path.stem}.meta.json")
        title = (json.loads(meta_path.read_text("utf-8")).get("title") if meta_path.is_file() else None) \
            or first_line(doc.text)
        context = TableContext.from_text(doc.text)
        expected, read = tagger_uncertainty(loaded.tagger, doc.text, context)
        candidates.append(Candidate(path, normalize_body(title) or path.stem, province_of(title, doc.text, known, path.stem),
                                    round(expected, 3), read))
    chosen = choose(candidates, n)
    version = f"model:{models_version(folder) or folder.name}"
    pre = [_pre_annotation(c.path, loaded, version) for c in chosen]
    out.mkdir(parents=True, exist_ok=True)
    tasks = export_tasks([AnnotatedText(c.path, ann, text) for c, (ann, text) in zip(chosen, pre)], as_prediction=True)
    (out / "tasks.json").write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "config.xml").write_text(labeling_config(), encoding="utf-8")
    with (out / "ranking.jsonl").open("w", encoding="utf-8") as fh:
        for rank, c in enumerate(chosen, 1):
            fh.write(json.dumps({"rank": rank, "document": c.path.name, "body": c.body, "province": c.province,
                                 "expected_mistagged_chars": c.uncertainty, "narrative_chars": c.characters,
                                 "score": c.score}, ensure_ascii=False) + "\n")
    for rank, c in enumerate(chosen, 1):
        console.print(f"{rank:3d}  {c.score:8.2f}  {c.uncertainty:8.2f}  {c.path.name}  {c.body} ({c.province})",
                      highlight=False)
    console.print(f"{len(chosen)} of {len(candidates)} unlabelled report(s) → {out}/tasks.json (predictions, "
                  f"{version}), {out}/config.xml, {out}/ranking.jsonl" + (f"; {failed} unreadable" if failed else ""))
    if failed:
        raise typer.Exit(1)


def _pre_annotation(path: Path, models, annotator: str):
    """The models' sections and entities for a report, in the corpus's coordinates (raw for .txt, the reader's
    text otherwise), as an AnnotationFile of a machine annotator, and the text its offsets index."""
    from extractor.readers import read_document
    from extractor.tagger.context import TableContext
    from training.corpus import AnnotationFile, EntitySpan, Span, read_corpus_text

    coordinates = "raw" if path.suffix.lower() == ".txt" else "reader"
    doc = read_document(path)
    text, sha = read_corpus_text(path, coordinates)
    if coordinates == "raw":
        def to_text(start: int, end: int) -> tuple[int, int]:
            return doc.offsets[start], doc.offsets[end - 1] + 1
    else:
        def to_text(start: int, end: int) -> tuple[int, int]:
            return start, end
    entities = []
    for m in models.tagger.predict(doc.text, TableContext.from_text(doc.text)):
        s, e = to_text(m.start, m.end)
        entities.append(EntitySpan(start=s, end=e, label=m.label, text=text[s:e]))
    sections = [Span(start=a, end=b, label=m.label) for m in (models.sections.predict(doc.text) if models.sections
                else []) for a, b in [to_text(m.start, m.end)]]
    return AnnotationFile(document=path.name, sha256=sha, length=len(text), coordinates=coordinates, annotator=annotator,
                          sections=sections, entities=entities,
                          notes=["machine pre-annotation (xxgk annotate next): correct before use"]), text
