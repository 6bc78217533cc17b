"""Training loop of the neural taggers (transformer or BiLSTM): windows with gold tags, AdamW with a linear
schedule, a fixed seed, dev scores per epoch; deterministic for a given config and data on one machine."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import numpy as np
import torch
from torch import nn

from extractor.mentions import NER_TAGS, Mention
from extractor.tagger.context import N_TYPES, TableContext
from extractor.tagger.neural import Ensemble, NeuralTagger, WindowSpec, build_network, logits_of
from extractor.tagger.vocab import CharVocab
from training.config import NeuralConfig
from training.neural_windows import IGNORE, batch_tensors, make_windows, optimizer_with_schedule

def network_config(settings: NeuralConfig, arch: str, vocab: CharVocab) -> dict:
    """The saved model config: what `build_network` needs, plus how windows are cut."""
    out = {"kind": arch, "arch": arch, "family": settings.family, "vocab_size": len(vocab),
           "members": settings.members, "windows": settings.windows.model_dump(),
           "labels": list(NER_TAGS), "number_types": N_TYPES,
           "table_values": settings.table_values, "label_definitions": settings.label_definitions}
    if arch == "transformer":
        size = settings.size
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
        out["lstm"] = dict(settings.size)
    return out


def fit_neural(
    settings: NeuralConfig,
    arch: str,
    seed: int,
    texts: list[str],
    entities: list[list[Mention]],
    contexts: list[TableContext | None],
    start_from: NeuralTagger | None = None,
    on_epoch: Callable[[int, float, NeuralTagger], None] | None = None,
    on_step: Callable[[int, int], None] | None = None,
) -> NeuralTagger:
    """Train a tagger (or continue training `start_from`, keeping its vocabulary and architecture)."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if start_from is not None:
        vocab, net_config, network = start_from.vocab, start_from.config, start_from.network
    else:
        vocab = CharVocab.build(texts, min_count=settings.min_char_count)
        net_config = network_config(settings, arch, vocab)
        network = build_network(net_config)
    tagger = NeuralTagger(net_config, vocab, network)
    contexts = [tagger.visible(c) for c in contexts]
    if start_from is None and settings.pretrain and net_config["arch"] == "transformer":
        if isinstance(network, Ensemble):
            raise ValueError("MLM pre-training is for a single transformer, not an ensemble")
        from training.pretrain import pretrain_encoder

        pretrain_encoder(network, net_config, vocab, texts, contexts, settings.pretrain, seed)
    members = list(network.members) if isinstance(network, Ensemble) else [network]
    epochs = settings.epochs
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

        _train(member, net_config, texts, entities, contexts, vocab, settings, member_seed, member_epoch, member_step)
    return tagger


def _reset(network: nn.Module) -> None:
    """Fresh weights from the current seed (members are built before their seeds are set)."""
    for module in network.modules():
        if module is not network and hasattr(module, "reset_parameters"):
            module.reset_parameters()


def _train(network: nn.Module, net_config: dict, texts, entities, contexts, vocab: CharVocab, settings: NeuralConfig,
           seed: int, on_epoch: Callable[[int, float], None], on_step: Callable[[int, int], None]) -> None:
    spec = WindowSpec(**net_config.get("windows", {}))
    windows = make_windows(texts, entities, contexts, vocab, spec, settings.negative_share, seed)
    epochs, batch_size = settings.epochs, settings.batch_size
    steps_per_epoch = math.ceil(len(windows) / batch_size)
    total = epochs * steps_per_epoch
    optimizer, schedule = optimizer_with_schedule(network, settings.lr, settings.weight_decay, total)
    # Entity tags are rare next to O: weight them up so the loss is not spent on the easy O characters.
    weights = torch.full((len(NER_TAGS),), settings.entity_weight)
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
