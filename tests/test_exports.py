"""Training exports on the real corpus: tags decode back to the annotated spans, windows keep entities whole,
the DocBin reloads with the same entities and sections."""

import json

import pytest
from typer.testing import CliRunner

from evaluation.entities import NER_TAGS, Mention, decode
from xxgk.cli import app
from extractor.spec import SECTION_LABELS
from tests.conftest import SPANS
from training.documents import CorpusError
from training.splits import read_splits
from training.export import (
    NO_SECTION,
    SECTIONS_KEY,
    assign_splits,
    build_dataset,
    build_docbin,
    save_docbins,
    window_bounds,
)

@pytest.fixture(scope="module")
def dataset(docs):
    return build_dataset(docs, window=510)


def _mentions(entities):
    return sorted(Mention(e.start, e.end, e.label) for e in entities)


def test_rows_tile_each_document_and_tags_decode_to_the_annotated_spans(docs, dataset):
    assert dataset.features["ner_tags"].feature.names == list(NER_TAGS)
    assert dataset.features["section_tags"].feature.names == list(SECTION_LABELS)
    all_rows = dataset.to_list()
    for doc in docs:
        rows = [r for r in all_rows if r["document"] == doc.annotation.document]
        assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)
        assert "".join(ch for r in rows for ch in r["tokens"]) == doc.text
        assert all(len(r["tokens"]) == len(r["ner_tags"]) == len(r["section_tags"]) <= 510 for r in rows)
        found = [Mention(r["start"] + m.start, r["start"] + m.end, m.label)
                 for r in rows for m in decode([NER_TAGS[i] for i in r["ner_tags"]])]
        assert sorted(found) == _mentions(doc.annotation.entities), doc.stem
        sections = [i for r in rows for i in r["section_tags"]]
        for s in doc.annotation.sections:
            assert set(sections[s.start:s.end]) == {SECTION_LABELS.index(s.label)}
        covered = {i for s in doc.annotation.sections for i in range(s.start, s.end)}
        gaps = [i for i in range(len(doc.text)) if i not in covered]
        assert all(sections[i] == NO_SECTION and doc.text[i].isspace() for i in gaps)


@pytest.mark.parametrize("size", [7, 40])
def test_small_windows_never_cut_an_entity(docs, size):
    for doc in docs:
        bounds = window_bounds(doc.text, doc.annotation.entities, size)
        assert bounds[0][0] == 0 and bounds[-1][1] == len(doc.text)
        assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
        assert all(0 < end - start <= size for start, end in bounds)
        cuts = {end for _, end in bounds}
        assert not [e for e in doc.annotation.entities if any(e.start < c < e.end for c in cuts)], doc.stem


def test_cli_with_splits_saves_a_dataset_dict(docs, corpus, tmp_path):
    from datasets import load_from_disk

    splits = tmp_path / "splits.json"
    splits.write_text(json.dumps({"train": ["p002", "p003"], "dev": ["p005.txt"], "test": ["seed000"],
                                  "salt": "x", "documents": {"p002": "body"}}))  # metadata beside the splits
    assert len(assign_splits(docs, read_splits(splits), splits).unassigned) == len(docs) - 4
    res = CliRunner().invoke(app, ["annotate", "export-dataset", str(SPANS), "-o", str(tmp_path / "ds"),
                                   "--splits", str(splits), "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    loaded = load_from_disk(str(tmp_path / "ds"))
    assert {name: sorted(set(loaded[name]["document"])) for name in loaded} == {
        "train": ["p002.txt", "p003.txt"], "dev": ["p005.txt"], "test": ["seed000.txt"]}


def test_cli_one_row_per_document_and_clear_errors(corpus, tmp_path):
    from datasets import load_from_disk

    files = [str(SPANS / f"{stem}.json") for stem in ("p004", "seed001")]
    runner = CliRunner()
    res = runner.invoke(app, ["annotate", "export-dataset", *files, "-o", str(tmp_path / "ds"), "--window", "0",
                              "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert [len(t) for t in load_from_disk(str(tmp_path / "ds"))["tokens"]] == \
        [len((corpus / f"{stem}.txt").read_text(encoding="utf-8")) for stem in ("p004", "seed001")]
    res = runner.invoke(app, ["annotate", "export-docbin", str(tmp_path / "nowhere"), "-o", str(tmp_path / "x.spacy"),
                              "--corpus", str(corpus)])
    assert res.exit_code == 1 and "nowhere: no such file or folder" in res.output


def test_split_file_errors_name_the_file(docs, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"train": ["p002", "nope"], "test": ["p002"]}))
    with pytest.raises(CorpusError) as err:
        assign_splits(docs, read_splits(bad), bad)
    assert len(err.value.problems) == 1 and str(bad) in err.value.problems[0] and "p002" in err.value.problems[0]
    # A document the splits place but nobody has annotated yet (table gold only) is left out and named.
    bad.write_text(json.dumps({"train": ["p002", "nope"], "test": ["p003"]}))
    assignment = assign_splits(docs, read_splits(bad), bad)
    assert assignment.unannotated == ["nope"] and [d.stem for d in assignment.groups["train"]] == ["p002"]
    for content in ("[1, 2]", '{"train": "p002"}', '{"folds": [["p002"]]}'):
        bad.write_text(content)
        with pytest.raises(CorpusError, match="bad.json"):
            read_splits(bad)


def test_docbin_reloads_with_the_same_entities_and_sections(docs, tmp_path):
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    (path,) = save_docbins(docs, tmp_path / "corpus.spacy")
    loaded = list(DocBin().from_disk(path).get_docs(Vocab()))
    assert len(loaded) == len(docs) == len(build_docbin(docs))
    for doc, sdoc in zip(docs, loaded):
        assert sdoc.text == doc.text and sdoc.user_data["document"] == doc.annotation.document
        assert [(e.start_char, e.end_char, e.label_) for e in sdoc.ents] == \
            [(e.start, e.end, e.label) for e in doc.annotation.entities]
        assert [(s.start_char, s.end_char, s.label_) for s in sdoc.spans[SECTIONS_KEY]] == \
            [(s.start, s.end, s.label) for s in doc.annotation.sections]
