"""A linear-chain CRF (sklearn-crfsuite) over characters, with character n-grams, digit shapes, the words around
each number and the number types of `context.py`; like the neural taggers it may carry the total-or-part second
stage (totals.py), so that the two families are compared on their own part, the character tagging."""

from __future__ import annotations

from pathlib import Path

from extractor.mentions import Mention
from extractor.model_folder import check_version, load_crfsuite, read_config, save_crfsuite, write_config
from extractor.tagger.base import NUMERALS, chunk_tags, finish_mentions, mentions_from_chunk_tags
from extractor.tagger.chunks import narrative_chunks
from extractor.tagger.context import TYPE_NAMES, TableContext, number_types, visible_context
from extractor.tagger.totals import ProactiveRole, fit_role
from extractor.tagger.view import entities_in_view, in_view

MODEL_FILE = "model.crfsuite"
# Bump when chunk_features (or what it reads) changes what a character's features are: model folders record it.
FEATURES_VERSION = 1


def _shape(ch: str) -> str:
    if ch.isdigit():
        return "D"
    if ch in "零〇一二两三四五六七八九十百千":
        return "C"
    if "\u4e00" <= ch <= "\u9fff":
        return "H"
    return "P"


_SHAPES: dict[str, str] = {}  # _shape of the characters met so far


def word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The words of text[start:end] as jieba segments them (its dictionary ships inside the wheel: nothing is
    downloaded), in text offsets."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return [(start + a, start + b) for _, a, b in jieba.tokenize(text[start:end])]


def word_features(text: str, spans: list[tuple[int, int]]) -> dict[int, dict]:
    """Per character: the word it is part of and its place in it (B/M/E/S); for a number, the two words before it."""
    out: dict[int, dict] = {}
    for k, (a, b) in enumerate(spans):
        word = text[a:b]
        prev = text[spans[k - 1][0]:spans[k - 1][1]] if k else "^"
        prev2 = text[spans[k - 2][0]:spans[k - 2][1]] if k > 1 else "^"
        for i in range(a, b):
            f = {"word": word if b - a <= 4 and not word.isdigit() else "<long>",
                 "wpos": "S" if b - a == 1 else "B" if i == a else "E" if i == b - 1 else "M"}
            if text[i].isdigit():
                f.update({"wprev": prev, "wprev2": prev2 + "|" + prev})
            out[i] = f
    return out


def chunk_features(text: str, types: list[int], start: int, end: int, words: bool = False) -> list[dict]:
    """Features of each character of text[start:end] (context may reach outside the chunk); `words` adds the word
    segmentation's features."""
    by_char = word_features(text, word_spans(text, start, end)) if words else {}
    feats = []
    run_end = -1  # the digit run of the characters before (a number's features are the same on each of its digits)
    for i in range(start, end):
        ch = text[i]
        f = {
            "c": ch, "shape": _SHAPES.get(ch) or _SHAPES.setdefault(ch, _shape(ch)), "type": TYPE_NAMES[types[i]],
            "c-1": text[i - 1] if i > 0 else "^", "c+1": text[i + 1] if i + 1 < len(text) else "$",
            "b-1": text[max(0, i - 2):i], "b+1": text[i + 1:i + 3],
        }
        if ch.isdigit() or ch == ".":
            if i >= run_end:
                s = i
                while s > 0 and (text[s - 1].isdigit() or text[s - 1] == "."):
                    s -= 1
                run_end = i + 1
                while run_end < len(text) and (text[run_end].isdigit() or text[run_end] == "."):
                    run_end += 1
                before = text[max(0, s - 12):s]
                number = {"len": min(run_end - s, 6), "after1": text[run_end:run_end + 1],
                          "after2": text[run_end:run_end + 2], "before2": before[-2:], "before4": before[-4:]}
                for j in range(len(before) - 1):
                    number["bg:" + before[j:j + 2]] = 1.0
            f["first"] = i == s
            f["last"] = i == run_end - 1
            f.update(number)
        if by_char:
            f.update(by_char.get(i, {}))
        feats.append(f)
    return feats


class CrfTagger:
    kind = "crf"

    def __init__(self, c1: float, c2: float, max_iterations: int, chunk_len: int, table_values: bool,
                 label_definitions: bool, words: bool, second_stage: bool) -> None:
        # No defaults here: a recipe's (training/config.py's CrfConfig) are the only ones; a folder records them all.
        self.c1, self.c2, self.max_iterations, self.chunk_len = c1, c2, max_iterations, chunk_len
        self.words = words  # word-segmentation features (jieba)
        # Ablation switches, as for the neural taggers: the table cells' values unseen, SPEC §6's definitions unused.
        self.table_values, self.label_definitions = table_values, label_definitions
        self.crf = None
        self.learn_second_stage = second_stage  # fit learns the total-or-part stage too
        self.second_stage: ProactiveRole | None = None  # proactive counts relabelled (totals.py), where trained

    def visible(self, context: TableContext | None) -> TableContext | None:
        """The table evidence this model is trained to see (all of it unless `table_values` is off)."""
        return visible_context(context, self.table_values)

    def fit(self, texts: list[str], entities: list[list[Mention]], contexts: list[TableContext | None]) -> CrfTagger:
        import sklearn_crfsuite

        X, y = [], []
        for text, ents, ctx in zip(texts, entities, contexts):
            view, ctx = in_view(text, self.visible(ctx))
            text, ents = view.text, entities_in_view(view, ents)
            types = number_types(text, ctx)
            chunks = narrative_chunks(text, self.chunk_len, ctx.regions if ctx else ())
            X += [chunk_features(text, types, s, e, self.words) for s, e in chunks]
            y += chunk_tags(text, ents, chunks)
        self.crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=self.c1, c2=self.c2,
                                        max_iterations=self.max_iterations, all_possible_transitions=False)
        self.crf.fit(X, y)
        if self.learn_second_stage:
            self.second_stage = fit_role(texts, entities, [self.visible(c) for c in contexts])
        return self

    def predict(self, text: str, context: TableContext | None = None) -> list[Mention]:
        view, context = in_view(text, self.visible(context))  # wrapped lines joined; offsets mapped back at the end
        return view.to_document(self._predict(view.text, context))

    def _predict(self, text: str, context: TableContext | None) -> list[Mention]:
        types = number_types(text, context)
        # A chunk with no numeral holds no quantity (finish_mentions drops any span without one), and each chunk is
        # its own sequence: tagging only the others gives the same mentions, faster.
        chunks = [(s, e) for s, e in narrative_chunks(text, self.chunk_len, context.regions if context else ())
                  if NUMERALS.search(text, s, e)]
        if not chunks:
            return []
        tags, probabilities = self._tag(chunk_features(text, types, s, e, self.words) for s, e in chunks)
        return finish_mentions(text, mentions_from_chunk_tags(chunks, tags, probabilities), self.label_definitions,
                               self.second_stage.relabel if self.second_stage else None)

    def _tag(self, sequences) -> tuple[list[list[str]], list[list[float]]]:
        """Viterbi's tags of each sequence and, at the characters of an entity, the marginal probability of the tag
        chosen there (forward-backward over the same sequence; elsewhere 1.0, never read)."""
        tagger = self.crf.tagger_
        tags, probabilities = [], []
        for xseq in sequences:
            tagger.set(xseq)
            chosen = tagger.tag()
            tags.append(chosen)
            probabilities.append([tagger.marginal(y, j) if y != "O" else 1.0 for j, y in enumerate(chosen)])
        return tags, probabilities

    def save(self, folder: Path) -> None:
        write_config(folder, {"kind": self.kind, "c1": self.c1, "c2": self.c2,
                              "max_iterations": self.max_iterations, "chunk_len": self.chunk_len,
                              "table_values": self.table_values, "label_definitions": self.label_definitions,
                              "words": self.words, "features_version": FEATURES_VERSION})
        save_crfsuite(self.crf, folder / MODEL_FILE)
        if self.second_stage is not None:
            self.second_stage.save(folder)

    @classmethod
    def load(cls, folder: Path) -> CrfTagger:
        cfg = read_config(folder)
        check_version(folder, cfg.get("features_version"), FEATURES_VERSION, "CRF features")
        tagger = cls(cfg["c1"], cfg["c2"], cfg["max_iterations"], cfg["chunk_len"], cfg["table_values"],
                     cfg["label_definitions"], cfg["words"], second_stage=False)  # a loaded stage is not refitted
        tagger.crf = load_crfsuite(folder / MODEL_FILE)
        tagger.second_stage = ProactiveRole.load(folder)
        return tagger
