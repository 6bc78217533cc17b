"""The section classifier (SPEC §5): a linear-chain CRF over segments (segments.py). Each segment is described by
its opening characters (headings, renumbered or not), the words in it, where the table parser found tables 2-4,
its position in the report and how much of it is digits; the chain learns the order of the template's parts, so a
missing or misnumbered heading is bridged by what comes before and after it.

A line that is only a page number (`- 3 -`, `第3页`, as PDF-to-text dumps print them) is page chrome,
`boilerplate` (SPEC §5), wherever it falls: no annotated report has one to learn it from."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from extractor.document import Document
from extractor.mentions import Mention
from extractor.model_folder import check_version, load_crfsuite, read_config, save_crfsuite, write_config
from extractor.sections.heading_rules import RULES_VERSION, heading_sections
from extractor.sections.segments import Segment, segments
from extractor.tagger.view import page_footer_lines

MODEL_FILE = "model.crfsuite"
_DIGITS = re.compile(r"\d")
_TWO_SPACES = re.compile(r"\s\s")
_CELL_SEPARATORS = re.compile(r"\t|\|| {2,}")
_MARKERS = (
    ("md", re.compile(r"\s*#")),
    ("cn", re.compile(r"\s*[一二三四五六七八九十]{1,3}\s*[、.．]")),
    ("paren", re.compile(r"\s*[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]")),
    ("arabic", re.compile(r"\s*\d{1,2}\s*[、.．](?!\d)")),
)


def table_regions(text: str) -> list[tuple[str, int, int]]:
    from extractor.tables.regions import find_regions

    r = find_regions(text)
    return [(name, *span) for name, span in (("t2", r.t2), ("t3", r.t3), ("t4", r.t4)) if span]


# A report title standing on its own (a line or a space-separated run, not a sentence that names the report):
# a name, a year and a report word (…局2019年政府信息公开工作年度报告).
_TITLE = re.compile(r"(\S{4})\s*(\d{4})\s*年度?[\u4e00-\u9fff\s]{0,16}?报告(?=\s|$)")


def title_copies(text: str) -> list[tuple[int, int, str]]:
    """Each title-like string with whether the same title (name before the year, and the year) is printed again
    later ("earlier"), was printed before ("later"), or once ("only"). The guidelines make the page-chrome copy of
    a title printed twice boilerplate and the last copy the title, whichever layout the page has."""
    found = [(m.start(), m.end(), m.group(1) + m.group(2)) for m in _TITLE.finditer(text)]
    out = []
    for i, (a, b, key) in enumerate(found):
        before = any(k == key for _, _, k in found[:i])
        after = any(k == key for _, _, k in found[i + 1:])
        out.append((a, b, "earlier" if after else "later" if before else "only"))
    return out


def _bigrams(s: str, prefix: str) -> dict[str, float]:
    s = _DIGITS.sub("0", s)
    pairs = [s[i:i + 2] for i in range(len(s) - 1)]
    if _TWO_SPACES.search(s):
        pairs = [p for p in pairs if not p.isspace()]
    return dict.fromkeys([prefix + p for p in pairs], 1.0)


def segment_features(text: str, segs: list[Segment], regions: list[tuple[str, int, int]]) -> list[dict]:
    feats = []
    rule_labels = _rule_labels(text, segs)
    n = max(1, len(text))
    titles = title_copies(text)
    first_table = min((a for _, a, _ in regions), default=n)
    last_table = max((b for _, _, b in regions), default=0)
    for k, seg in enumerate(segs):
        body = text[seg.start:seg.end]
        stripped = body.strip()
        digits = len(_DIGITS.findall(body))
        f: dict[str, float | str] = {"bias": 1.0, "pos": str(int(10 * seg.start / n)),
                                     "len": str(min(len(stripped), 400).bit_length()),
                                     "digits": str(int(4 * digits / max(1, len(stripped))))}
        marker = next((name for name, rx in _MARKERS if rx.match(body)), "none")
        f["marker"] = marker
        f["region"] = next((name for name, a, b in regions if a <= seg.start < b), "none")
        f["where"] = "before_tables" if seg.start < first_table else "after_tables" if seg.start >= last_table else "among"
        f.update(_bigrams(stripped[:12], "h:"))
        f.update(_bigrams(stripped[:80], "w:"))
        f["empty"] = float(not stripped)
        f["title_copy"] = next((kind for a, b, kind in titles if a < seg.end and seg.start < b), "none")
        f["rule"] = rule_labels[k]
        # A grid outside tables 2-4 (SPEC §5 extra_table): numbers and cell separators where no template table is.
        cells = len(_CELL_SEPARATORS.findall(body))
        tablelike = digits >= 3 and (cells >= 2 or digits > 0.3 * len(stripped))
        outside = f["region"] == "none"
        f["grid_outside"] = f"{tablelike}:{outside}"
        # Cell separators alone: a grid's header row has many and no digits.
        f["cells"] = f"{min(cells, 6).bit_length()}:{outside}"
        if k > 0:
            f.update(_bigrams(text[segs[k - 1].start:segs[k - 1].end].strip()[:8], "p:"))
        feats.append(f)
    return feats


def _rule_labels(text: str, segs: list[Segment]) -> list[str]:
    """What the heading rules of the suggester say of each segment: one more piece of evidence, weighed by the CRF."""
    spans = heading_sections(text, Document.of_normalized_text(text))
    out, k = [], 0
    for seg in segs:
        while k + 1 < len(spans) and spans[k].end <= seg.start:
            k += 1
        out.append(spans[k].label.split(".")[0] if spans else "none")
    return out


def segment_labels(segs: list[Segment], sections: list[Mention], text: str) -> list[str]:
    """Gold label of each segment: the label of most of its non-space characters."""
    per_char = [""] * len(text)
    for s in sections:
        per_char[s.start:s.end] = [s.label] * (s.end - s.start)
    labels = []
    for seg in segs:
        votes = Counter(per_char[i] for i in range(seg.start, seg.end) if not text[i].isspace() and per_char[i])
        labels.append(votes.most_common(1)[0][0] if votes else (labels[-1] if labels else "boilerplate"))
    return labels


class SectionModel:
    kind = "section-crf"

    def __init__(self, c1: float, c2: float, max_iterations: int) -> None:  # defaults: training/config.py
        self.c1, self.c2, self.max_iterations = c1, c2, max_iterations
        self.crf = None

    @staticmethod
    def _segments(text: str) -> tuple[list[Segment], list[tuple[str, int, int]]]:
        regions = table_regions(text)
        bounds = tuple(x for _, a, b in regions for x in (a, b))
        return segments(text, bounds), regions

    def fit(self, texts: list[str], sections: list[list[Mention]]) -> SectionModel:
        import sklearn_crfsuite

        X, y = [], []
        for text, secs in zip(texts, sections):
            segs, regions = self._segments(text)
            X.append(segment_features(text, segs, regions))
            y.append(segment_labels(segs, secs, text))
        self.crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=self.c1, c2=self.c2,
                                        max_iterations=self.max_iterations, all_possible_transitions=True)
        self.crf.fit(X, y)
        return self

    def predict(self, text: str) -> list[Mention]:
        """Sections tiling the text, adjacent segments of one label merged, page-number lines boilerplate."""
        if not text:
            return []
        segs, regions = self._segments(text)
        labels = self.crf.predict_single(segment_features(text, segs, regions))
        out: list[Mention] = []
        for seg, label in zip(segs, labels):
            if out and out[-1].label == label:
                out[-1] = Mention(out[-1].start, seg.end, label)
            else:
                out.append(Mention(seg.start, seg.end, label))
        return carve(out, page_footer_lines(text), "boilerplate")

    def save(self, folder: Path) -> None:
        write_config(folder, {"kind": self.kind, "c1": self.c1, "c2": self.c2, "max_iterations": self.max_iterations,
                              "heading_rules_version": RULES_VERSION})
        save_crfsuite(self.crf, folder / MODEL_FILE)

    @classmethod
    def load(cls, folder: Path | str) -> SectionModel:
        folder = Path(folder)
        cfg = read_config(folder)
        # Its features include what the heading rules say: weights learned under other rules would be misread.
        check_version(folder, cfg.get("heading_rules_version"), RULES_VERSION, "heading rules")
        model = cls(cfg["c1"], cfg["c2"], cfg["max_iterations"])
        model.crf = load_crfsuite(folder / MODEL_FILE)
        return model


def carve(sections: list[Mention], spans: list[tuple[int, int]], label: str) -> list[Mention]:
    """Tiling sections with each of `spans` given `label`; the section a span cuts keeps what lies either side."""
    for a, b in spans:
        cut: list[Mention] = []
        for m in sections:
            if m.end <= a or b <= m.start:
                cut.append(m)
                continue
            if m.start < a:
                cut.append(Mention(m.start, a, m.label))
            cut.append(Mention(max(a, m.start), min(b, m.end), label))
            if b < m.end:
                cut.append(Mention(b, m.end, m.label))
        sections = []
        for m in cut:  # neighbours of one label are one section
            if sections and sections[-1].label == m.label and sections[-1].end == m.start:
                sections[-1] = Mention(sections[-1].start, m.end, m.label)
            else:
                sections.append(m)
    return sections
