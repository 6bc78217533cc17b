"""Masked-language-model pre-training of the transformer tagger's encoder on unlabelled text (the training
reports and the synthetic ones): characters of the same windows the tagger reads are masked (15%: 80% [MASK],
10% a random character, 10% kept) and predicted; the encoder's weights then start the token-classification
training. Only the training texts are read, so a held-out report is never seen, not even unlabelled."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import torch

from extractor.tagger.context import TableContext
from extractor.tagger.neural import WindowSpec
from extractor.tagger.vocab import MASK, PAD, SPECIALS, CharVocab
from training.config import PretrainConfig
from training.neural_windows import IGNORE, batch_tensors, make_windows, optimizer_with_schedule


def _masked(ids: torch.Tensor, mask_share: float, vocab_size: int, gen: torch.Generator):
    """(inputs, labels): labels only where a character was chosen for prediction."""
    chosen = (torch.rand(ids.shape, generator=gen) < mask_share) & (ids != PAD)
    labels = torch.where(chosen, ids, torch.full_like(ids, IGNORE))
    roll = torch.rand(ids.shape, generator=gen)
    inputs = ids.clone()
    inputs[chosen & (roll < 0.8)] = MASK
    swap = chosen & (roll >= 0.8) & (roll < 0.9)
    inputs[swap] = torch.randint(len(SPECIALS), vocab_size, ids.shape, generator=gen)[swap]
    return inputs, labels


def pretrain_encoder(network: torch.nn.Module, net_config: dict, vocab: CharVocab, texts: list[str],
                     contexts: list[TableContext | None], settings: PretrainConfig, seed: int,
                     on_epoch: Callable[[int, float], None] | None = None) -> list[float]:
    """Pre-train the encoder of `network` (a transformers token-classification model) in place; the mean MLM
    loss per epoch is returned (and passed to `on_epoch`)."""
    import transformers

    from extractor.tagger.neural import FAMILIES

    config_class, _ = FAMILIES[net_config.get("family", "bert")]
    mlm_class = getattr(transformers, config_class.replace("Config", "ForMaskedLM"))
    mlm = mlm_class(getattr(transformers, config_class)(**net_config["bert"]))
    prefix = network.base_model_prefix
    getattr(mlm, prefix).load_state_dict(getattr(network, prefix).state_dict(), strict=False)

    # Every window the tagger reads (in its view of the text), none left out; their labels are not used.
    spec = WindowSpec(**net_config.get("windows", {}))
    windows = make_windows(texts, [[] for _ in texts], contexts, vocab, spec, negative_share=1.0, seed=seed)
    epochs, batch_size, mask_share = settings.epochs, settings.batch_size, settings.mask
    total = epochs * math.ceil(len(windows) / batch_size)
    optimizer, schedule = optimizer_with_schedule(mlm, settings.lr, 0.01, total)
    rng, gen = random.Random(seed), torch.Generator().manual_seed(seed)
    order = list(range(len(windows)))
    losses = []
    for epoch in range(epochs):
        mlm.train()
        rng.shuffle(order)
        running, steps = 0.0, 0
        for i in range(0, len(order), batch_size):
            ids, tys, attention, _ = batch_tensors([windows[j] for j in order[i : i + batch_size]])
            inputs, labels = _masked(ids, mask_share, len(vocab), gen)
            if not (labels != IGNORE).any():
                continue
            loss = mlm(input_ids=inputs, token_type_ids=tys, attention_mask=attention, labels=labels).loss
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(mlm.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            running, steps = running + loss.item(), steps + 1
        losses.append(running / max(1, steps))
        if on_epoch:
            on_epoch(epoch + 1, losses[-1])
    getattr(network, prefix).load_state_dict(getattr(mlm, prefix).state_dict())
    return losses
