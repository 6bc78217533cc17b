"""The models as a spaCy pipeline component: `nlp = spacy.blank("zh"); nlp.add_pipe("xxgk_quantities")` gives
`doc.ents` (SPEC §6 quantities) and `doc.spans["sections"]` (SPEC §5), without the xxgk CLI.

The factory is registered through the `spacy_factories` entry point (pyproject.toml), so spaCy finds it once
xxgk is installed. The text is normalized as `xxgk extract` normalizes it (normalize.py) and the spans are mapped
back to the Doc's characters; the tables of the text are parsed for the tagger's number types."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from extractor.models import DEFAULT_MODELS, load_models
from extractor.normalize import normalize

SECTIONS_KEY = "sections"


class QuantityComponent:
    def __init__(self, models: str) -> None:
        self.models = load_models(str(Path(models).resolve()))

    def __call__(self, doc: Doc) -> Doc:
        from extractor.tagger.context import TableContext

        norm = normalize(doc.text)
        offsets = norm.offsets

        def span(start: int, end: int, label: str):
            return doc.char_span(offsets[start], offsets[end], label=label, alignment_mode="expand")

        if self.models.tagger is not None:
            mentions = self.models.tagger.predict(norm.text, TableContext.from_text(norm.text))
            ents = [s for s in (span(m.start, m.end, m.label) for m in mentions) if s is not None]
            doc.ents = _non_overlapping(ents)
        if self.models.sections is not None:
            sections = self.models.sections.predict(norm.text)
            doc.spans[SECTIONS_KEY] = [s for s in (span(m.start, m.end, m.label) for m in sections) if s is not None]
        return doc


def _non_overlapping(spans):
    out, last_end = [], -1
    for s in sorted(spans, key=lambda s: s.start):
        if s.start >= last_end:
            out.append(s)
            last_end = s.end
    return out


@Language.factory("xxgk_quantities", default_config={"models": str(DEFAULT_MODELS)})
def make_quantities(nlp: Language, name: str, models: str) -> QuantityComponent:
    return QuantityComponent(models)
