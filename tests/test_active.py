"""`xxgk annotate next`: reports ranked by the tagger's expected mistakes, spread over bodies and provinces, and
exported as Label Studio predictions (never as annotations: nobody has read them yet)."""

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from xxgk.cli import app
from extractor.models import DEFAULT_MODELS, load_models
from extractor.tagger.context import TableContext
from training.active import Candidate, choose, tagger_uncertainty
from training.labelstudio import import_tasks

STEMS = ("p002", "p013", "p016", "p017")


def test_uncertainty_is_the_sum_of_one_minus_the_chosen_tags_marginals(corpus):
    tagger = load_models(str(DEFAULT_MODELS)).tagger
    text = (corpus / "p017.txt").read_text("utf-8")
    expected, read = tagger_uncertainty(tagger, text, TableContext.from_text(text))
    assert 0 < expected < read  # some doubt, and less than one mistake per character
    # A text with no narrative number leaves the tagger nothing to doubt.
    assert tagger_uncertainty(tagger, "本机关没有需要报告的事项。", None)[0] < 0.05


def test_diversity_discounts_a_body_already_chosen():
    same = [Candidate(Path(f"a{i}.txt"), "甲局", "福建", 10.0 - i, 100) for i in range(3)]
    other = Candidate(Path("b.txt"), "乙局", "江苏", 6.0, 100)
    chosen = choose([*same, other], 2)
    assert [c.path.name for c in chosen] == ["a0.txt", "b.txt"]  # a1 (9.0) halved to 4.5 < 6.0
    assert chosen[1].score == 6.0


def test_annotate_next_exports_predictions_in_rank_order(corpus, tmp_path):
    for stem in STEMS:
        shutil.copy(corpus / f"{stem}.txt", tmp_path / f"{stem}.txt")
    out = tmp_path / "next"
    res = CliRunner().invoke(app, ["annotate", "next", str(tmp_path), "-n", "3", "-o", str(out),
                                   "--labelled", str(tmp_path / "none")])
    assert res.exit_code == 0, res.output
    ranking = [json.loads(line) for line in (out / "ranking.jsonl").read_text("utf-8").splitlines()]
    assert len(ranking) == 3 and [r["rank"] for r in ranking] == [1, 2, 3]
    assert ranking[0]["score"] == max(r["expected_mistagged_chars"] for r in ranking)
    tasks = json.loads((out / "tasks.json").read_text("utf-8"))
    assert [t["data"]["document"] for t in tasks] == [r["document"] for r in ranking]
    assert all("annotations" not in t and t["predictions"][0]["model_version"].startswith("model:") for t in tasks)
    assert all(r["value"]["text"] == t["data"]["text"][r["value"]["start"]:r["value"]["end"]]
               for t in tasks for r in t["predictions"][0]["result"])
    # Imported back untouched, they are not training data.
    result = import_tasks(tasks)
    assert not result.items and len(result.skipped) == 3
    # Reports already annotated (same sha256) are not proposed again.
    res = CliRunner().invoke(app, ["annotate", "next", str(tmp_path), "-n", "9", "-o", str(out)])
    assert res.exit_code == 0 and "0 of 0 unlabelled" in res.output.replace("\n", " ")
