"""Splits by issuing body: no body straddles splits, every annotated report is in one, and they are stable."""

import json
import shutil
from pathlib import Path

from training.splits import SPLITS, assign, collect_documents, normalize_body, quality, write_splits

ROOT = Path(__file__).resolve().parents[1]
SPLITS_FILE = ROOT / "annotations" / "splits.json"
SPANS = ROOT / "annotations" / "spans"


def _splits() -> dict:
    return json.loads(SPLITS_FILE.read_text("utf-8"))


def _split_by_stem(data: dict) -> dict[str, str]:
    return {stem: name for name in SPLITS for stem in data[name]}


def test_body_names_drop_year_and_report_suffix():
    assert normalize_body("平潭综合实验区社会事业局 2019年政府信息公开工作年度报告") == "平潭综合实验区社会事业局"
    assert normalize_body("平潭综合实验区2022年度政府信息公开工作年度报告") == "平潭综合实验区"
    assert normalize_body("宁海县桃源街道2020年政府信息公开年度报告") == "宁海县桃源街道"


def test_no_body_straddles_splits():
    data = _splits()
    by_stem = _split_by_stem(data)
    for stem, body in data["documents"].items():
        assert by_stem[stem] == data["groups"][body], stem
    assert set(data["groups"].values()) == set(SPLITS)


def test_every_annotated_document_is_in_exactly_one_split():
    data = _splits()
    placed = [stem for name in SPLITS for stem in data[name]]
    assert len(placed) == len(set(placed))
    annotated = {p.stem for p in SPANS.glob("*.json")}
    assert annotated <= set(placed)
    assert not any(stem.startswith("synth_") for stem in placed)


def test_one_body_in_several_years_stays_together(corpus):
    docs = collect_documents(corpus)
    bodies = {}
    for d in docs:
        bodies.setdefault(d.body, []).append(d.stem)
    # The Pingtan 管委会 reports of 2019-2025 are one body; so are its departments' reports of two years.
    assert len(bodies["平潭综合实验区"]) == 7
    assert sum(len(stems) > 1 for stems in bodies.values()) >= 4


def test_regenerating_gives_the_same_file(corpus, tmp_path):
    out = tmp_path / "splits.json"
    write_splits(corpus, out)
    assert out.read_bytes() == SPLITS_FILE.read_bytes()


def test_test_split_has_both_templates_and_shares_near_targets(corpus):
    docs = collect_documents(corpus)
    test_ok, distance = quality(assign(docs), docs)
    assert test_ok
    assert distance <= 0.15


def test_adding_a_document_moves_no_existing_one(corpus, tmp_path):
    grown = tmp_path / "corpus"
    grown.mkdir()
    for meta in corpus.glob("*.meta.json"):
        shutil.copy(meta, grown / meta.name)
    (grown / "new001.meta.json").write_text(
        json.dumps({"title": "某某市某某局2024年度政府信息公开工作年度报告", "year": 2024, "format": "2021"}, ensure_ascii=False),
        "utf-8",
    )
    (grown / "synth_0.meta.json").write_text(json.dumps({"title": "合成"}, ensure_ascii=False), "utf-8")
    before = _split_by_stem(_splits())
    after = _split_by_stem(write_splits(grown, tmp_path / "grown.json"))
    assert {stem: after[stem] for stem in before} == before
    assert "new001" in after and "synth_0" not in after
