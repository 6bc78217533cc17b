"""The model-comparison layer (evaluation/comparison/) on synthetic documents: random mentions on random strings."""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser

import numpy as np
import pytest

from evaluation import bootstrap
from evaluation.comparison.compare import compare
from evaluation.comparison.errors import CONTEXT, SPAN_TEXT
from evaluation.comparison.html import write_html
from evaluation.comparison.markdown import write_markdown
from evaluation.comparison.results import Comparison, DocumentResult, SystemRun
from evaluation.comparison.verdict import replacement_verdict
from evaluation.entities import Mention, bio_tags, score_entities
from evaluation.sections import score_sections

LABELS = ("PROACTIVE_TOTAL", "APP_RECEIVED", "APP_COMPLETED", "APP_OUTCOME", "CASE_COUNT")
SECTIONS = ("title", "overview", "proactive_table", "request_table", "problems", "boilerplate")
ALPHABET = "公开政府信息申请件条年度报告共收到办结予以自然人0123456789，。、\n "


def gold_document(rng: random.Random, name: str, length: int = 600, fold: int | None = None):
    text = "".join(rng.choice(ALPHABET) for _ in range(length))
    mentions, pos = [], rng.randint(0, 20)
    while pos < length - 10:
        size = rng.randint(1, 6)
        mentions.append(Mention(pos, pos + size, rng.choice(LABELS)))
        pos += size + rng.randint(5, 60)
    sections: list[str | None] = []
    while len(sections) < length:
        sections += [rng.choice(SECTIONS)] * rng.randint(20, 200) + [None] * rng.randint(0, 2)
    return name, text, mentions, sections[:length], fold


def noisy(rng: random.Random, gold, keep: float, relabel: float, spurious: int, section_noise: float):
    """Predictions from the gold: some dropped, some relabelled, some shifted, some invented; sections jittered."""
    _, text, mentions, sections, _ = gold
    pred = []
    for m in mentions:
        r = rng.random()
        if r > keep:
            continue
        if rng.random() < relabel:
            m = Mention(m.start, m.end, rng.choice([x for x in LABELS if x != m.label]))
        elif rng.random() < 0.1:
            m = Mention(m.start, m.end + 1, m.label)
        pred.append(m)
    taken = {i for m in pred for i in range(m.start - 1, m.end + 1)}
    for _ in range(spurious):
        s = rng.randrange(len(text) - 4)
        if not taken & set(range(s, s + 3)):
            pred.append(Mention(s, s + 2, rng.choice(LABELS)))
            taken |= set(range(s - 1, s + 3))
    pred_sections = [(rng.choice(SECTIONS) if g is None or rng.random() < section_noise else g) for g in sections]
    return sorted(pred), pred_sections


def make_runs(n_docs: int = 12, length: int = 600, seed: int = 1, folds: int | None = None,
              systems=(("good", 0.95, 0.02, 1, 0.02), ("weak", 0.7, 0.15, 6, 0.2))) -> list[SystemRun]:
    rng = random.Random(seed)
    golds = [gold_document(rng, f"p{i:03d}", length, None if folds is None else i % folds) for i in range(n_docs)]
    runs = []
    for name, keep, relabel, spurious, section_noise in systems:
        docs = []
        for g in golds:
            pred, pred_sections = noisy(rng, g, keep, relabel, spurious, section_noise)
            docs.append(DocumentResult(g[0], g[1], list(g[2]), pred, list(g[3]), pred_sections, g[4]))
        runs.append(SystemRun(name, docs, model_bytes=12_345_678, chars_per_s=4321.5))
    return runs


def copy_run(run: SystemRun, name: str) -> SystemRun:
    return SystemRun(name, [DocumentResult(d.document, d.text, list(d.gold_entities), list(d.pred_entities),
                                           list(d.gold_sections), list(d.pred_sections), d.fold)
                            for d in run.documents], run.model_bytes, run.chars_per_s)


@pytest.fixture(scope="module")
def runs() -> list[SystemRun]:
    return make_runs(folds=3)


@pytest.fixture(scope="module")
def comparison(runs) -> Comparison:
    return compare(runs, n_boot=200, seed=0)


def perfect_and_empty(n_docs: int = 6) -> list[SystemRun]:
    """One system that gets every entity and section, one that predicts nothing at all."""
    rng = random.Random(7)
    perfect, empty = [], []
    for i in range(n_docs):
        name, text, mentions, sections, _ = gold_document(rng, f"d{i}", 300)
        perfect.append(DocumentResult(name, text, mentions, list(mentions), sections, list(sections)))
        empty.append(DocumentResult(name, text, mentions, [], sections, [None] * len(sections)))
    return [SystemRun("perfect", perfect), SystemRun("empty", empty)]


# ---- bootstrap ---------------------------------------------------------------------------------------------------


def test_percentile_interval_of_a_constant_is_the_constant():
    assert bootstrap.percentile_interval(np.full(1000, 0.7312)) == (0.7312, 0.7312)
    assert bootstrap.percentile_interval(np.zeros(5)) == (0.0, 0.0)


def test_percentile_interval_known_quantiles():
    # 0..100: the 2.5th and 97.5th percentiles (linear interpolation) are 2.5 and 97.5.
    assert bootstrap.percentile_interval(np.arange(101)) == (2.5, 97.5)


def test_resample_weights_are_reproducible_and_draw_every_document_count():
    a, b = bootstrap.resample_weights(7, 50, seed=3), bootstrap.resample_weights(7, 50, seed=3)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, bootstrap.resample_weights(7, 50, seed=4))
    assert a.shape == (50, 7) and (a.sum(axis=1) == 7).all() and (a >= 0).all()


def test_f1_from_counts_matches_counts_f1():
    from evaluation.fields import Counts

    for tp, fp, fn in [(0, 0, 0), (0, 3, 2), (5, 0, 0), (7, 2, 9), (1, 1, 1)]:
        assert bootstrap.f1(np.array(tp), np.array(fp), np.array(fn)) == pytest.approx(Counts(tp, fp, fn).f1)


def test_vectorized_bootstrap_equals_a_plain_loop(runs):
    """The CI of compare() is the percentile interval of micro F1 over resampled documents, recomputed by
    score_entities on each resample (same draws: indices from default_rng(seed))."""
    n_boot, seed = 60, 5
    c = compare(runs, n_boot=n_boot, seed=seed)
    run = runs[1]
    docs = sorted(run.documents, key=lambda d: d.document)
    gold = [bio_tags(d.gold_entities, len(d.text)) for d in docs]
    pred = [bio_tags(d.pred_entities, len(d.text)) for d in docs]
    drawn = np.random.default_rng(seed).integers(0, len(docs), size=(n_boot, len(docs)))
    f1 = [score_entities([gold[i] for i in row], [pred[i] for i in row]).micro.f1 for row in drawn]
    low, high = np.percentile(f1, [2.5, 97.5])
    assert c.system(run.name).entities.strict.f1_ci == pytest.approx((low, high), abs=1e-12)



def test_a_label_absent_from_a_resample_is_left_out_of_its_interval_not_scored_zero():
    """A rare label (in one document of ten, found there exactly) has F1 1.0 in every resample that holds it: its
    interval is [1, 1], not [0, 1] from the resamples that miss the document; a system that misses it there is
    worse beyond the interval on that label."""
    rng = random.Random(3)
    found, missed = [], []
    for i in range(10):
        name, text, _, sections, _ = gold_document(rng, f"d{i}", 200)
        mentions = [Mention(10, 13, "PROACTIVE_TOTAL")] + ([Mention(40, 42, "CASE_COUNT")] if i == 0 else [])
        found.append(DocumentResult(name, text, mentions, list(mentions), sections, list(sections)))
        missed.append(DocumentResult(name, text, mentions, mentions[:1], sections, list(sections)))
    c = compare([SystemRun("found", found), SystemRun("missed", missed)], n_boot=300, seed=4)
    weights = bootstrap.resample_weights(10, 300, 4)
    assert 0 < (weights[:, 0] == 0).sum() < 300  # some resamples do miss the document
    rare = c.system("found").entities.per_label["CASE_COUNT"]
    assert (rare.f1, rare.f1_ci) == (1.0, (1.0, 1.0))
    assert c.system("found").entities.per_label["PROACTIVE_TOTAL"].f1_ci == (1.0, 1.0)
    d = c.pair("found", "missed").entity_labels["CASE_COUNT"]
    assert d.delta == -1.0 and d.ci == (-1.0, -1.0) and d.real and d.share_b_le_a == 1.0
    f1 = bootstrap.f1_where_counted(np.array([0, 0, 2]), np.array([0, 1, 0]), np.array([0, 0, 0]))
    assert np.isnan(f1[0]) and f1[1:].tolist() == [0.0, 1.0]

# ---- paired bootstrap --------------------------------------------------------------------------------------------


def test_identical_systems_differ_by_exactly_zero(runs):
    c = compare([runs[0], copy_run(runs[0], "same")], n_boot=300, seed=1)
    p = c.pair(runs[0].name, "same")
    for d in [p.entity_f1, p.span_f1, p.section_macro_f1, *p.entity_labels.values(), *p.section_labels.values()]:
        assert d.ci == (0.0, 0.0) and d.delta == 0.0
        assert not d.real
        assert d.share_b_le_a == 1.0
    v = replacement_verdict(c, runs[0].name, "same")
    assert v.ok and v.lines[0].startswith("MAY REPLACE")


def test_perfect_against_nothing_is_a_real_difference():
    c = compare(perfect_and_empty(), n_boot=300, seed=2)
    p = c.pair("perfect", "empty")
    assert p.entity_f1.ci == (-1.0, -1.0) and p.entity_f1.real and p.entity_f1.share_b_le_a == 1.0
    assert p.section_macro_f1.ci == (-1.0, -1.0) and p.section_macro_f1.real
    assert c.system("perfect").entities.strict.f1_ci == (1.0, 1.0)
    m = c.system("empty").sections.confusion  # nothing predicted: every character in the (none) column
    assert m.predicted[-1] is None and all(row[-1] == sum(row) > 0 for row in m.matrix)
    flipped = c.pair("empty", "perfect")
    assert flipped.entity_f1.ci == (1.0, 1.0) and flipped.entity_f1.share_b_le_a == 0.0
    v = replacement_verdict(c, "perfect", "empty")
    assert not v.ok and v.lines[0].startswith("MUST NOT REPLACE")
    assert replacement_verdict(c, "empty", "perfect").ok


def test_verdict_on_a_clearly_worse_candidate(comparison):
    v = replacement_verdict(comparison, "good", "weak")
    assert not v.ok
    assert v.lines[0].startswith("MUST NOT REPLACE") and "entity micro F1" in v.lines[0]
    assert any(line.startswith("entity APP_RECEIVED:") for line in v.lines[1:])
    assert any(line.startswith("section overview:") for line in v.lines[1:])
    better = replacement_verdict(comparison, "weak", "good")
    assert better.ok and better.lines[0].startswith("MAY REPLACE")


def test_verdict_refuses_a_candidate_without_sections(runs):
    no_sections = copy_run(runs[0], "entities_only")
    for d in no_sections.documents:
        d.pred_sections = []
    c = compare([runs[0], no_sections], n_boot=50)
    assert c.system("entities_only").sections is None
    assert c.pair("good", "entities_only").section_macro_f1 is None
    v = replacement_verdict(c, "good", "entities_only")
    assert not v.ok and "no section predictions" in v.lines[0]
    assert replacement_verdict(c, "entities_only", "good").ok


def test_same_seed_same_numbers_other_seed_other_intervals(runs, comparison):
    assert compare(runs, n_boot=200, seed=0).as_dict() == comparison.as_dict()
    other = compare(runs, n_boot=200, seed=9)
    assert other.system("weak").entities.strict.f1 == comparison.system("weak").entities.strict.f1
    assert other.system("weak").entities.strict.f1_ci != comparison.system("weak").entities.strict.f1_ci


# ---- scores agree with the SPEC §7 scorers -----------------------------------------------------------------------


def test_counts_equal_score_entities_and_score_sections(runs, comparison):
    from evaluation.entities import span_only

    for run in runs:
        docs = sorted(run.documents, key=lambda d: d.document)
        gold = [bio_tags(d.gold_entities, len(d.text)) for d in docs]
        pred = [bio_tags(d.pred_entities, len(d.text)) for d in docs]
        expected = score_entities(gold, pred)
        got = comparison.system(run.name).entities
        micro = expected.micro
        assert (got.strict.tp, got.strict.fp, got.strict.fn) == (micro.tp, micro.fp, micro.fn)
        assert got.strict.f1 == expected.micro.f1
        assert list(got.per_label) == list(expected.per_label)
        for label, c in expected.per_label.items():
            s = got.per_label[label]
            assert (s.tp, s.fp, s.fn, s.f1, s.support) == (c.tp, c.fp, c.fn, c.f1, c.tp + c.fn)
        span = score_entities([span_only(t) for t in gold], [span_only(t) for t in pred]).micro
        assert (got.span.tp, got.span.fp, got.span.fn) == (span.tp, span.fp, span.fn)

        sections = score_sections([d.gold_sections for d in docs], [d.pred_sections for d in docs])
        got_s = comparison.system(run.name).sections
        assert got_s.macro_f1 == pytest.approx(sections.macro_f1, abs=1e-12)
        assert (got_s.accuracy, got_s.characters) == (sections.accuracy, sections.characters)
        assert {k: (v.tp, v.fp, v.fn) for k, v in got_s.per_label.items()} == \
            {k: (v.tp, v.fp, v.fn) for k, v in sections.per_label.items()}
        m = got_s.confusion
        assert sum(map(sum, m.matrix)) == sections.characters
        assert sum(m.matrix[i][m.predicted.index(g)] for i, g in enumerate(m.gold)) == sections.correct


def test_fold_scores(runs, comparison):
    folds = comparison.system("weak").folds
    assert [f.fold for f in folds.folds] == [0, 1, 2]
    run = runs[1]
    per_fold = []
    for fold in (0, 1, 2):
        docs = [d for d in run.documents if d.fold == fold]
        per_fold.append(score_entities([bio_tags(d.gold_entities, len(d.text)) for d in docs],
                                       [bio_tags(d.pred_entities, len(d.text)) for d in docs]).micro.f1)
    assert [f.entity_f1 for f in folds.folds] == pytest.approx(per_fold)
    assert folds.mean["entity_f1"] == pytest.approx(np.mean(per_fold))
    assert folds.std["entity_f1"] == pytest.approx(np.std(per_fold))
    assert compare([copy_run(runs[0], "x")], n_boot=10).system("x").folds is not None
    plain = make_runs(n_docs=4)
    assert compare(plain, n_boot=10).system("good").folds is None


def test_runs_on_other_documents_are_refused(runs):
    fewer = copy_run(runs[1], "fewer")
    fewer.documents.pop()
    with pytest.raises(ValueError, match="other documents"):
        compare([runs[0], fewer], n_boot=10)
    other_gold = copy_run(runs[1], "other_gold")
    other_gold.documents[0].gold_entities = other_gold.documents[0].gold_entities[1:]
    with pytest.raises(ValueError, match="gold"):
        compare([runs[0], other_gold], n_boot=10)


# ---- examples ----------------------------------------------------------------------------------------------------


def test_snippets_never_exceed_the_context(comparison):
    from evaluation.comparison.errors import snippet

    text = "".join(chr(0x4E00 + i) for i in range(200))
    for start, end in [(0, 3), (5, 7), (100, 190), (195, 200), (40, 41)]:
        left, middle, right = snippet(text, start, end)
        assert len(left) <= CONTEXT and len(right) <= CONTEXT and len(middle) <= SPAN_TEXT
        assert left == text[max(0, start - CONTEXT):start] and right == text[end:end + CONTEXT]
    assert comparison.examples
    for e in comparison.examples:
        assert len(e.left) <= CONTEXT and len(e.right) <= CONTEXT and len(e.text) <= SPAN_TEXT
        for call in e.calls.values():
            assert all(len(t) <= SPAN_TEXT for t in call.texts)


def test_examples_show_every_system_at_the_same_place(comparison):
    kinds = {e.kind for e in comparison.examples}
    assert kinds == {"missed", "wrong label", "spurious"}
    for e in comparison.examples:
        assert set(e.calls) == {"good", "weak"}
        outcomes = {c.outcome for c in e.calls.values()}
        if e.kind == "spurious":
            assert e.gold is None and "spurious" in outcomes
        else:
            assert e.gold is not None and outcomes != {"correct"}
        if e.kind == "wrong label":
            assert "wrong label" in outcomes


# ---- reports -----------------------------------------------------------------------------------------------------


class _Cells(HTMLParser):
    """Text of every <td>/<span>, with its attributes; every <figure>'s data-chart and whether it holds an <svg>."""

    def __init__(self):
        super().__init__()
        self.cells: list[tuple[dict, str]] = []
        self.figures: dict[str, bool] = {}
        self._open: list[tuple[dict, list[str]]] = []
        self._figure: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("td", "span"):
            self._open.append((attrs, []))
        elif tag == "figure":
            self._figure = attrs.get("data-chart")
            assert attrs.get("id") == f"chart-{self._figure}"
            self.figures[self._figure] = False
        elif tag == "svg" and self._figure:
            self.figures[self._figure] = True

    def handle_endtag(self, tag):
        if tag in ("td", "span"):
            attrs, text = self._open.pop()
            self.cells.append((attrs, "".join(text)))
        elif tag == "figure":
            self._figure = None

    def handle_data(self, data):
        for _, text in self._open:
            text.append(data)


def resolve(c: Comparison, ref: str):
    obj = c
    for part in ref.split("/"):
        if isinstance(obj, dict):
            obj = obj[part]
        elif isinstance(obj, list):
            obj = obj[int(part)]
        else:
            obj = getattr(obj, part)
    return obj


def numbers(text: str) -> list[float]:
    return [float(x.replace(",", "")) for x in re.findall(r"[+-]?\d[\d,]*(?:\.\d+)?", text)]


def test_html_report_structure_and_numbers(tmp_path, comparison):
    path = tmp_path / "report.html"
    write_html(comparison, path)
    page = path.read_text("utf-8")
    parser = _Cells()
    parser.feed(page)

    expected = {"entity-f1", "section-f1", "confusion-good", "confusion-weak", "paired-deltas"}
    assert set(parser.figures) == expected and all(parser.figures.values())

    checked = 0
    for attrs, text in parser.cells:
        ref = attrs.get("data-ref")
        if ref is None:
            assert "text" in attrs.get("class", "") or not re.search(r"\d", text), text
            continue
        shown = numbers(text)
        values = []
        for r in ref.split("|"):
            v = resolve(comparison, r)
            values += list(v) if isinstance(v, tuple) else [len(v)] if isinstance(v, list) else [v]
        if ref.endswith("model_bytes"):
            values = [v / 2**20 for v in values]
            shown = shown[:1]
        assert len(shown) == len(values), (ref, text)
        for s, v, raw in zip(shown, values, re.findall(r"[+-]?\d[\d,]*(?:\.\d+)?", text)):
            decimals = len(raw.split(".")[1]) if "." in raw else 0
            assert abs(s - v) <= 0.5 * 10 ** -decimals + 1e-12, (ref, text, v)
        checked += 1
    assert checked > 200
    weak = comparison.system("weak")
    assert f'data-ref="systems/weak/entities/strict/f1">{weak.entities.strict.f1:.4f}<' in page
    assert f'data-ref="pairs/0/entity_f1/delta" class="real worse">{comparison.pairs[0].entity_f1.delta:+.4f}<' in page

    # Self-contained: no script, no stylesheet link, no image or font fetched, no URL at all.
    assert not re.search(r"https?://", page)
    assert not re.search(r"<(script|link|img|iframe|object)\b", page, re.I)
    assert "@import" not in page and "url(http" not in page


def test_html_ids_are_unique_across_charts(tmp_path, comparison):
    path = tmp_path / "report.html"
    write_html(comparison, path)
    ids = re.findall(r'\bid="([^"]+)"', path.read_text("utf-8"))
    assert len(ids) == len(set(ids))


def test_html_without_sections_or_pairs(tmp_path, runs):
    solo = copy_run(runs[0], "solo")
    for d in solo.documents:
        d.pred_sections = []
    c = compare([solo], n_boot=20)
    write_html(c, tmp_path / "r.html")
    parser = _Cells()
    parser.feed((tmp_path / "r.html").read_text("utf-8"))
    assert set(parser.figures) == {"entity-f1"}


def test_markdown_report(tmp_path, comparison):
    path = tmp_path / "report.md"
    write_markdown(comparison, path)
    md = path.read_text("utf-8")
    for heading in ("## Summary", "## Cross-validation folds", "## Entities per label", "## Sections per label",
                    "## Paired bootstrap", "## Example errors"):
        assert heading in md
    weak = comparison.system("weak")
    assert f"| weak | {weak.entities.strict.precision:.4f} | {weak.entities.strict.recall:.4f} | " \
           f"{weak.entities.strict.f1:.4f} |" in md
    assert f"{comparison.pairs[0].entity_f1.delta:+.4f}" in md
    assert "http" not in md


def test_bad_offsets_are_refused(runs):
    bad = copy_run(runs[1], "bad")
    d = bad.documents[0]
    d.pred_entities = [*d.pred_entities, Mention(len(d.text) - 1, len(d.text) + 2, "CASE_COUNT")]
    with pytest.raises(ValueError, match="outside the text"):
        compare([runs[0], bad], n_boot=10)
    short = copy_run(runs[1], "short")
    short.documents[0].pred_sections = short.documents[0].pred_sections[:-1]
    with pytest.raises(ValueError, match="section labels"):
        compare([runs[0], short], n_boot=10)


def test_three_systems_every_pair_and_json(runs):
    import json

    c = compare([*runs, copy_run(runs[0], "copy")], n_boot=50)
    assert [(p.a, p.b) for p in c.pairs] == [("good", "weak"), ("good", "copy"), ("weak", "copy")]
    assert c.pair("copy", "weak").entity_f1.delta == pytest.approx(-c.pair("weak", "copy").entity_f1.delta)
    assert c.pair("good", "copy").entity_f1.ci == (0.0, 0.0)
    assert json.loads(json.dumps(c.as_dict()))["systems"]["copy"]["entities"]["strict"]["tp"] > 0


def test_the_comparison_modules_import_one_way():
    """evaluation/comparison/ is split by job; no module of it imports another that imports it back (directly or
    not), and the package's __init__ imports nothing."""
    import ast
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "evaluation" / "comparison"
    graph = {}
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        graph[path.stem] = {n.module.rsplit(".", 1)[1] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
                            and n.module and n.module.startswith("evaluation.comparison.")}
    assert graph.pop("__init__") == set()

    def reaches(start: str, target: str, seen: set) -> bool:
        return any(m == target or (m not in seen and reaches(m, target, seen | {m})) for m in graph.get(start, ()))

    assert not [m for m in graph if reaches(m, m, {m})]
    assert not (folder.parent / "compare.py").exists() and not (folder.parent / "report_html.py").exists()
