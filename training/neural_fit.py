"""Training loop of the neural taggers (transformer or BiLSTM): windows with gold tags, AdamW with a linear
schedule, a fixed seed, dev scores per epoch; deterministic for a given config and data on one machine."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from evaluation.entities import NER_TAGS, Mention
from extractor.tagger.context import N_TYPES, TableContext, number_types
from extractor.tagger.neural import Ensemble, NeuralTagger, WindowSpec, build_network, logits_of
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


def network_config(config: dict, vocab: CharVocab) -> dict:
    """The saved model config: what `build_network` needs, plus how windows are cut."""
    arch = config["arch"]
    out = {"kind": arch, "arch": arch, "family": config.get("family", "bert"), "vocab_size": len(vocab),
           "members": int(config.get("members", 1)),
           "windows": config.get("windows", {}),
           "labels": list(NER_TAGS), "number_types": N_TYPES,
           "table_values": bool(config.get("table_values", True)),
           "label_definitions": bool(config.get("label_definitions", True))}
    if arch == "transformer":
        size = config.get("size", {})
        spec = WindowSpec(**out["windows"])
        out["bert"] = {
            "vocab_size": len(vocab), "hidden_size": size.get("hidden", 128),
            "num_hidden_layers": size.get("layers", 2), "num_attention_heads": size.get("heads", 4),
            "intermediate_size": size.get("intermediate", 256), "type_vocab_size": N_TYPES,
            "max_position_embeddings": spec.chunk_len + spec.left + spec.right + 8,
            "hidden_dropout_prob": size.get("dropout", 0.1), "attention_probs_dropout_prob": size.get("dropout", 0.1),
            "num_labels": len(NER_TAGS), "pad_token_id": 0,
        }
    else:
        out["lstm"] = config.get("size", {})
    return out


def fit_neural(
    config: dict,
    texts: list[str],
    entities: list[list[Mention]],
    contexts: list[TableContext | None],
    start_from: NeuralTagger | None = None,
    on_epoch: Callable[[int, float, NeuralTagger], None] | None = None,
    on_step: Callable[[int, int], None] | None = None,
) -> NeuralTagger:
    """Train a tagger (or continue training `start_from`, keeping its vocabulary and architecture)."""
    seed = int(config.get("seed", 0))
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if start_from is not None:
        vocab, net_config, network = start_from.vocab, start_from.config, start_from.network
    else:
        vocab = CharVocab.build(texts, min_count=int(config.get("min_char_count", 2)))
        net_config = network_config(config, vocab)
        network = build_network(net_config)
    tagger = NeuralTagger(net_config, vocab, network)
    contexts = [tagger.visible(c) for c in contexts]
    if start_from is None and config.get("pretrain") and net_config["arch"] == "transformer":
        if isinstance(network, Ensemble):
            raise ValueError("MLM pre-training is for a single transformer, not an ensemble")
        from training.pretrain import pretrain_encoder

        pretrain_encoder(network, net_config, vocab, texts, contexts, config["pretrain"], seed)
    members = list(network.members) if isinstance(network, Ensemble) else [network]
    epochs = int(config.get("epochs", 10))
    for i, member in enumerate(members):
        if isinstance(network, Ensemble):
            network.active = i + 1  # scores during training cover the members trained so far
        member_seed = seed + 1000 * i  # each member its own initialisation, negative windows and order
        if i:
            torch.manual_seed(member_seed)
            if start_from is None:
                _reset(member)

        def member_epoch(epoch: int, loss: float, i: int = i) -> None:
            if on_epoch:
                on_epoch(i * epochs + epoch, loss, tagger)

        def member_step(step: int, total: int, i: int = i) -> None:
            if on_step:
                on_step(i * total + step, total * len(members))

        _train(member, net_config, texts, entities, contexts, vocab, config, member_seed, member_epoch, member_step)
    return tagger


def _reset(network: nn.Module) -> None:
    """Fresh weights from the current seed (members are built before their seeds are set)."""
    for module in network.modules():
        if module is not network and hasattr(module, "reset_parameters"):
            module.reset_parameters()


def _train(network: nn.Module, net_config: dict, texts, entities, contexts, vocab: CharVocab, config: dict,
           seed: int, on_epoch: Callable[[int, float], None], on_step: Callable[[int, int], None]) -> None:
    spec = WindowSpec(**net_config.get("windows", {}))
    windows = make_windows(texts, entities, contexts, vocab, spec, float(config.get("negative_share", 0.35)), seed)
    epochs, batch_size = int(config.get("epochs", 10)), int(config.get("batch_size", 32))
    steps_per_epoch = math.ceil(len(windows) / batch_size)
    total = epochs * steps_per_epoch
    optimizer, schedule = optimizer_with_schedule(network, float(config.get("lr", 1e-3)),
                                                  float(config.get("weight_decay", 0.01)), total)
    # Entity tags are rare next to O: weight them up so the loss is not spent on the easy O characters.
    weights = torch.full((len(NER_TAGS),), float(config.get("entity_weight", 3.0)))
    weights[0] = 1.0
    loss_fn = nn.CrossEntropyLoss(weight=weights, ignore_index=IGNORE)
    order = list(range(len(windows)))
    rng = random.Random(seed)
    step = 0
    for epoch in range(epochs):
        network.train()
        rng.shuffle(order)
        running = 0.0
        for i in range(0, len(order), batch_size):
            ids, tys, mask, labels = batch_tensors([windows[j] for j in order[i : i + batch_size]])
            logits = logits_of(network, net_config["arch"], ids, tys, mask)
            loss = loss_fn(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(network.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            running += loss.item()
            step += 1
            on_step(step, total)
        network.eval()
        on_epoch(epoch + 1, running / steps_per_epoch)
