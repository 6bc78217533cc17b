"""Annotation files together with the corpus text they point into, checked before anything is built from them.

Every converter (Label Studio, datasets, spaCy, agreement) starts here, so none of them reads a file whose offsets
no longer match its text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from training.corpus import AnnotationFile, annotation_files, validate_file


class CorpusError(ValueError):
    """Bad input, with every problem found as a sentence naming the file (or task) it is in."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class AnnotatedText:
    path: Path  # the annotation file
    annotation: AnnotationFile
    text: str

    @property
    def stem(self) -> str:
        return self.path.stem


def annotation_paths(paths: Iterable[Path]) -> list[Path]:
    """Folders expand to the annotation files in them; files are taken as they are."""
    return [f for p in paths for f in (annotation_files(p) if p.is_dir() else [p])]


def load_annotated(path: Path, corpus: Path) -> AnnotatedText:
    result = validate_file(path, corpus)  # loads the file and reads its text once
    if not result.ok:
        raise CorpusError(result.problems)
    return AnnotatedText(path, result.annotation, result.text)


def load_all_annotated(paths: Path | Iterable[Path], corpus: Path) -> list[AnnotatedText]:
    """All files, or a CorpusError listing the problems of every bad one (not just the first)."""
    given = [paths] if isinstance(paths, Path) else list(paths)
    if missing := [f"{p}: no such file or folder" for p in given if not p.exists()]:
        raise CorpusError(missing)
    files = annotation_paths(given)
    if not files:
        raise CorpusError([f"no annotation files in {', '.join(map(str, given))}"])
    loaded: list[AnnotatedText] = []
    problems: list[str] = []
    for f in files:
        try:
            loaded.append(load_annotated(f, corpus))
        except CorpusError as exc:
            problems += exc.problems
    if problems:
        raise CorpusError(problems)
    return loaded
