"""Masked-language-model pre-training of the transformer tagger's encoder on unlabelled text (the training
reports and the synthetic ones): characters of the same windows the tagger reads are masked (15%: 80% [MASK],
10% a random character, 10% kept) and predicted; the encoder's weights then start the token-classification
training. Only the training texts are read, so a held-out report is never seen, not even unlabelled."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import torch

from extractor.tagger.context import TableContext, number_types
from extractor.tagger.neural import WindowSpec
from extractor.tagger.view import in_view
from extractor.tagger.vocab import MASK, PAD, SPECIALS, CharVocab

IGNORE = -100


def _mlm_windows(texts: list[str], contexts: list[TableContext | None], vocab: CharVocab,
                 spec: WindowSpec) -> list[tuple[list[int], list[int]]]:
    out = []
    for text, ctx in zip(texts, contexts):
        view, ctx = in_view(text, ctx)
        text = view.text
        types = number_types(text, ctx)
        for a, b, _, _ in spec.windows(text, ctx.regions if ctx else ()):
            out.append((vocab.encode(text[a:b]), types[a:b]))
    return out


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
                     contexts: list[TableContext | None], settings: dict, seed: int,
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

    spec = WindowSpec(**net_config.get("windows", {}))
    windows = _mlm_windows(texts, contexts, vocab, spec)
    epochs, batch_size = int(settings.get("epochs", 3)), int(settings.get("batch_size", 32))
    mask_share = float(settings.get("mask", 0.15))
    optimizer = torch.optim.AdamW(mlm.parameters(), lr=float(settings.get("lr", 1e-3)), weight_decay=0.01)
    total = epochs * math.ceil(len(windows) / batch_size)
    warmup = max(1, int(0.06 * total))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / max(1, total - warmup))))
    rng, gen = random.Random(seed), torch.Generator().manual_seed(seed)
    order = list(range(len(windows)))
    losses = []
    for epoch in range(epochs):
        mlm.train()
        rng.shuffle(order)
        running, steps = 0.0, 0
        for i in range(0, len(order), batch_size):
            part = [windows[j] for j in order[i : i + batch_size]]
            width = max(len(ids) for ids, _ in part)
            ids = torch.full((len(part), width), PAD, dtype=torch.long)
            tys = torch.zeros_like(ids)
            for r, (w_ids, w_types) in enumerate(part):
                ids[r, : len(w_ids)] = torch.tensor(w_ids)
                tys[r, : len(w_types)] = torch.tensor(w_types)
            inputs, labels = _masked(ids, mask_share, len(vocab), gen)
            if not (labels != IGNORE).any():
                continue
            loss = mlm(input_ids=inputs, token_type_ids=tys, attention_mask=(ids != PAD).long(), labels=labels).loss
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
