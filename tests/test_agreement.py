"""Agreement between annotation passes on the real corpus: a pass agrees with itself, a perturbed copy less."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from evaluation.entities import bio_tags
from xxgk.cli import app
from tests.conftest import GOLD
from evaluation.agreement import compare_folders
from training.corpus import EntitySpan, Span, load_annotation

SPANS = GOLD.parent / "spans"
PASS2 = GOLD.parent / "pass2"


def test_a_pass_agrees_with_itself(corpus):
    ag = compare_folders(SPANS, SPANS, corpus)
    assert len(ag.documents) == len(list(SPANS.glob("*.json")))
    assert ag.strict.micro.f1 == ag.span.micro.f1 == 1.0
    assert all(c.f1 == 1.0 for c in ag.strict.per_label.values())
    for s in (ag.sections, ag.sections_fine):
        assert s.macro_f1 == s.accuracy == 1.0
    assert not ag.diffs and not ag.section_diffs


def _perturb(path):
    """One relabelled entity, one moved boundary, one dropped, one added; one section relabelled."""
    ann = load_annotation(path)
    e = ann.entities
    e[0] = e[0].model_copy(update={"label": "CASE_COUNT" if e[0].label != "CASE_COUNT" else "DOC_COUNT"})
    e[1] = EntitySpan(start=e[1].start, end=e[1].end - 1, label=e[1].label, text=e[1].text[:-1])
    dropped = e.pop(2)
    ann.sections[1] = Span(start=ann.sections[1].start, end=ann.sections[1].end, label="boilerplate")
    ann.dump(path)
    return dropped


def test_a_perturbed_copy_scores_lower_and_every_change_is_listed(corpus, tmp_path):
    for stem in ("p002", "p003"):
        shutil.copy(SPANS / f"{stem}.json", tmp_path / f"{stem}.json")
    dropped = _perturb(tmp_path / "p002.json")
    ag = compare_folders(SPANS, tmp_path, corpus)
    assert ag.documents == ["p002", "p003"] and len(ag.only_in_a) == len(list(SPANS.glob("*.json"))) - 2
    assert ag.strict.micro.f1 < ag.span.micro.f1 < 1.0  # a relabel costs strict F1 only
    assert ag.sections.macro_f1 < 1.0 and ag.sections.accuracy < 1.0
    assert [d.kind for d in ag.diffs] == ["label", "boundary", "only_a"]
    assert ag.diffs[2].a == dropped and ag.diff_counts()["exact"] == ag.strict.micro.tp
    assert len(ag.section_diffs) == 1 and ag.section_diffs[0].b == "boilerplate"


def test_scores_are_seqeval_strict_micro_and_per_label(corpus, tmp_path):
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    for stem in ("p002", "p017"):
        shutil.copy(SPANS / f"{stem}.json", tmp_path / f"{stem}.json")
        _perturb(tmp_path / f"{stem}.json")
    ag = compare_folders(SPANS, tmp_path, corpus)
    a = [load_annotation(SPANS / f"{s}.json") for s in ag.documents]
    b = [load_annotation(tmp_path / f"{s}.json") for s in ag.documents]
    report = classification_report([bio_tags(x.entities, x.length) for x in a],
                                   [bio_tags(y.entities, y.length) for y in b],
                                   mode="strict", scheme=IOB2, output_dict=True, zero_division=0)
    assert ag.strict.micro.f1 < 1.0
    assert ag.strict.micro.f1 == pytest.approx(report["micro avg"]["f1-score"])
    assert {k: pytest.approx(c.f1) for k, c in ag.strict.per_label.items()} == \
        {k: v["f1-score"] for k, v in report.items() if not k.endswith(" avg")}


def test_cli_agree_prints_tables_and_writes_json(corpus, tmp_path):
    runner = CliRunner()
    out = tmp_path / "agree.json"
    res = runner.invoke(app, ["annotate", "agree", str(SPANS), str(PASS2), "--corpus", str(corpus), "--json", str(out)])
    assert res.exit_code == 0, res.output
    assert "Entity agreement" in res.output and "Section agreement" in res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["documents"] == sorted(p.stem for p in PASS2.glob("*.json"))
    assert {"strict", "span_only", "span_only_per_label", "counts"} <= data["entities"].keys()
    assert {"coarse", "fine"} == data["sections"].keys()
    (tmp_path / "empty").mkdir()
    res = runner.invoke(app, ["annotate", "agree", str(SPANS), str(tmp_path / "empty"), "--corpus", str(corpus)])
    assert res.exit_code == 1 and "share no annotated document" in res.output
