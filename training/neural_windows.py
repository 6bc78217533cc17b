"""What the neural taggers train on: windows of the text the tagger reads at inference, with gold tag ids (an
entity cut by a window's edge or a weak label's silence ignored), batched as tensors; and the optimizer with its
schedule. Shared by the tagger's training (neural_fit.py) and the encoder's pre-training (pretrain.py)."""

from __future__ import annotations

import random
from dataclasses import dataclass

import torch
from torch import nn

from extractor.mentions import NER_TAGS, Mention
from extractor.tagger.context import number_types
from extractor.tagger.neural import WindowSpec
from extractor.tagger.view import entities_in_view, in_view
from extractor.tagger.vocab import CharVocab
from training.weak import UNDECIDED

IGNORE = -100
_TAG_ID = {t: i for i, t in enumerate(NER_TAGS)}


@dataclass
class Window:
    ids: list[int]
    types: list[int]
    labels: list[int]


def window_labels(entities: list[Mention], a: int, b: int) -> list[int]:
    """Gold tag ids of text[a:b]; an entity cut by the window's edge is ignored rather than taught half."""
    labels = [_TAG_ID["O"]] * (b - a)
    for m in entities:
        if m.end <= a or m.start >= b:
            continue
        if m.start < a or m.end > b or m.label == UNDECIDED:  # UNDECIDED: a weak label's silence is not an O
            for i in range(max(m.start, a), min(m.end, b)):
                labels[i - a] = IGNORE
            continue
        labels[m.start - a] = _TAG_ID[f"B-{m.label}"]
        for i in range(m.start + 1, m.end):
            labels[i - a] = _TAG_ID[f"I-{m.label}"]
    return labels


def make_windows(texts, entities, contexts, vocab: CharVocab, spec: WindowSpec, negative_share: float = 1.0,
                 seed: int = 0) -> list[Window]:
    """Training windows; of those holding no entity (mostly table rows) only `negative_share` is kept, drawn
    with the seed: they teach little after the first few and cost most of the training time."""
    rng = random.Random(seed)
    out = []
    for text, ents, ctx in zip(texts, entities, contexts):
        view, ctx = in_view(text, ctx)  # what the tagger reads at inference
        text, ents = view.text, entities_in_view(view, ents)
        types = number_types(text, ctx)
        for a, b, _, _ in spec.windows(text, ctx.regions if ctx else ()):
            labels = window_labels(ents, a, b)
            if negative_share < 1.0 and all(x in (0, IGNORE) for x in labels) and rng.random() >= negative_share:
                continue
            out.append(Window(vocab.encode(text[a:b]), types[a:b], labels))
    return out


def optimizer_with_schedule(network: nn.Module, lr: float, weight_decay: float, total: int):
    """AdamW with a linear warm-up over the first 6% of `total` steps and a linear decay to zero after it."""
    optimizer = torch.optim.AdamW(network.parameters(), lr=lr, weight_decay=weight_decay)
    warmup = max(1, int(0.06 * total))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / max(1, total - warmup))))
    return optimizer, schedule


def batch_tensors(windows: list[Window]):
    width = max(len(w.ids) for w in windows)
    ids = torch.zeros((len(windows), width), dtype=torch.long)
    tys = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    labels = torch.full_like(ids, IGNORE)
    for r, w in enumerate(windows):
        n = len(w.ids)
        ids[r, :n] = torch.tensor(w.ids)
        tys[r, :n] = torch.tensor(w.types)
        mask[r, :n] = 1
        labels[r, :n] = torch.tensor(w.labels)
    return ids, tys, mask, labels
