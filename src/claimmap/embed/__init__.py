"""Sentence embeddings (MiniLM-L6 in numpy) and an exact cosine index, shared by fact-check
matching and claim clustering. No spaCy, no torch, nothing downloaded."""

from claimmap.embed.cache import VectorCache, cached_encode
from claimmap.embed.encoder import DIMENSIONS, SentenceEncoder, load_encoder
from claimmap.embed.index import ExactIndex

__all__ = ["DIMENSIONS", "ExactIndex", "SentenceEncoder", "VectorCache", "cached_encode",
           "load_encoder"]
