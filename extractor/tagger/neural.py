"""Neural character taggers: a small BERT-style transformer trained from scratch (transformers'
`BertForTokenClassification`, our own character vocabulary) or a BiLSTM, both reading windows around the
sentences that hold numbers, with each digit's number type (context.py) as the token type, and decoded by
constrained Viterbi so the BIO sequence is always valid.

Runtime only: loading and predicting. Training lives in `training/train_tagger.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from extractor.mentions import NER_TAGS, Mention
from extractor.model_folder import read_config, write_config
from extractor.tagger.base import finish_mentions, mentions_from_chunk_tags
from extractor.tagger.chunks import narrative_chunks
from extractor.tagger.context import N_TYPES, TableContext, number_types, visible_context
from extractor.tagger.totals import ProactiveRole
from extractor.tagger.decoding import viterbi_batch
from extractor.tagger.view import in_view
from extractor.tagger.vocab import PAD, CharVocab

WEIGHTS = "model.safetensors"


@dataclass(frozen=True)
class WindowSpec:
    chunk_len: int = 96  # characters tagged per window
    left: int = 48  # context read before the chunk
    right: int = 24  # and after it

    def windows(self, text: str, tables: tuple[tuple[int, int], ...] = ()) -> list[tuple[int, int, int, int]]:
        """(window start, window end, chunk start, chunk end) for every chunk of running text."""
        out = []
        for s, e in narrative_chunks(text, self.chunk_len, tables):
            out.append((max(0, s - self.left), min(len(text), e + self.right), s, e))
        return out


class BiLstmTagger(nn.Module):
    def __init__(self, vocab_size: int, n_types: int, n_labels: int, emb: int = 64, hidden: int = 128,
                 layers: int = 1, dropout: float = 0.1) -> None:
        super().__init__()
        self.chars = nn.Embedding(vocab_size, emb, padding_idx=PAD)
        self.types = nn.Embedding(n_types, 16)
        self.lstm = nn.LSTM(emb + 16, hidden, num_layers=layers, bidirectional=True, batch_first=True)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(2 * hidden, n_labels)

    def forward(self, input_ids, token_type_ids, attention_mask=None):
        x = torch.cat([self.chars(input_ids), self.types(token_type_ids)], dim=-1)
        h, _ = self.lstm(self.drop(x))
        return self.out(self.drop(h))


# Transformer families of `transformers` with token type ids (our number types) and a token-classification head.
# BERT has absolute positions; RoFormer rotary (relative) ones; ConvBERT mixes attention with local convolutions.
FAMILIES = {
    "bert": ("BertConfig", "BertForTokenClassification"),
    "roformer": ("RoFormerConfig", "RoFormerForTokenClassification"),
    "convbert": ("ConvBertConfig", "ConvBertForTokenClassification"),
}


class Ensemble(nn.Module):
    """Members of one architecture trained with different seeds; their log-probabilities are averaged. On a corpus
    this small one network's labels depend on its seed; the average depends on it less."""

    def __init__(self, members: list[nn.Module], arch: str) -> None:
        super().__init__()
        self.members = nn.ModuleList(members)
        self.arch = arch
        self.active = len(members)  # while training, only the members trained so far

    def forward(self, input_ids, token_type_ids, attention_mask=None):
        logps = [torch.log_softmax(logits_of(m, self.arch, input_ids, token_type_ids, attention_mask), dim=-1)
                 for m in self.members[: self.active]]
        return torch.stack(logps).mean(dim=0)


def build_network(config: dict) -> nn.Module:
    members = int(config.get("members", 1))
    if members > 1:
        return Ensemble([build_network(dict(config, members=1)) for _ in range(members)], config["arch"])
    arch = config["arch"]
    if arch == "transformer":
        import transformers

        config_class, model_class = FAMILIES[config.get("family", "bert")]
        return getattr(transformers, model_class)(getattr(transformers, config_class)(**config["bert"]))
    if arch == "bilstm":
        return BiLstmTagger(config["vocab_size"], N_TYPES, len(NER_TAGS), **config.get("lstm", {}))
    raise ValueError(f"unknown architecture {arch!r}")


def logits_of(network: nn.Module, arch: str, ids, types, mask):
    if arch == "transformer" and not isinstance(network, Ensemble):
        return network(input_ids=ids, token_type_ids=types, attention_mask=mask).logits
    return network(ids, types, mask)


def encode_windows(text: str, types: list[int], vocab: CharVocab, windows: list[tuple[int, int, int, int]]):
    """Padded (ids, types, mask) tensors of the windows."""
    width = max(b - a for a, b, _, _ in windows)
    ids = np.full((len(windows), width), PAD, dtype=np.int64)
    tys = np.zeros((len(windows), width), dtype=np.int64)
    mask = np.zeros((len(windows), width), dtype=np.int64)
    for row, (a, b, _, _) in enumerate(windows):
        ids[row, : b - a] = vocab.encode(text[a:b])
        tys[row, : b - a] = types[a:b]
        mask[row, : b - a] = 1
    return torch.from_numpy(ids), torch.from_numpy(tys), torch.from_numpy(mask)


class NeuralTagger:
    def __init__(self, config: dict, vocab: CharVocab, network: nn.Module) -> None:
        self.config, self.vocab, self.network = config, vocab, network
        self.kind = config["kind"]
        self.arch = config["arch"]
        self.spec = WindowSpec(**config.get("windows", {}))
        self.batch = 64
        self.second_stage: ProactiveRole | None = None  # proactive counts relabelled (totals.py), where trained

    def visible(self, context: TableContext | None) -> TableContext | None:
        """The table evidence this model was trained to see (all of it unless `table_values` is off)."""
        return visible_context(context, self.config.get("table_values", True))

    def predict(self, text: str, context: TableContext | None = None) -> list[Mention]:
        view, context = in_view(text, self.visible(context))  # wrapped lines joined; offsets mapped back at the end
        return view.to_document(self._predict(view.text, context))

    def _predict(self, text: str, context: TableContext | None) -> list[Mention]:
        windows = self.spec.windows(text, context.regions if context else ())
        if not windows:
            return []
        types = number_types(text, context)
        self.network.eval()
        chunks, tags, probabilities = [], [], []
        with torch.inference_mode():
            for i in range(0, len(windows), self.batch):
                part = windows[i : i + self.batch]
                ids, tys, mask = encode_windows(text, types, self.vocab, part)
                logp = torch.log_softmax(logits_of(self.network, self.arch, ids, tys, mask), dim=-1).numpy()
                # Each chunk's own characters, left-aligned, decoded together.
                width = max(e - s for _, _, s, e in part)
                own = np.zeros((len(part), width, logp.shape[-1]), dtype=logp.dtype)
                for row, (a, _, s, e) in enumerate(part):
                    own[row, : e - s] = logp[row, s - a : e - a]
                    chunks.append((s, e))
                for row, path in enumerate(viterbi_batch(own, [e - s for _, _, s, e in part])):
                    tags.append([NER_TAGS[j] for j in path])
                    probabilities.append(np.exp(own[row, np.arange(len(path)), path]).tolist())
        return finish_mentions(text, mentions_from_chunk_tags(chunks, tags, probabilities),
                               self.config.get("label_definitions", True),
                               self.second_stage.relabel if self.second_stage else None)

    def save(self, folder: Path) -> None:
        from safetensors.torch import save_file

        write_config(folder, self.config)
        self.vocab.save(folder)
        state = {k: v.contiguous() for k, v in self.network.state_dict().items()}
        save_file(state, str(folder / WEIGHTS))
        if self.second_stage is not None:
            self.second_stage.save(folder)

    @classmethod
    def load(cls, folder: Path) -> NeuralTagger:
        from safetensors.torch import load_file

        config = read_config(folder)
        network = build_network(config)
        network.load_state_dict(load_file(str(Path(folder) / WEIGHTS)), strict=False)
        network.eval()
        tagger = cls(config, CharVocab.load(Path(folder)), network)
        tagger.second_stage = ProactiveRole.load(folder)
        return tagger
