"""Feature strings for span identification (per token) and technique classification (per
span), hashed into a fixed number of columns so no vocabulary has to ship."""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Sequence

from claimmap.rhetoric.rarity import WordRarity
from claimmap.rhetoric.text import QUOTE_CHARS, Token, normalise, tokens_within, word_shape

HASH_BITS = 18
N_COLUMNS = 1 << HASH_BITS


class _Columns(dict[str, int]):
    """Feature string -> column, hashed on first sight (words and tags recur)."""

    def __missing__(self, feature: str) -> int:
        if len(self) > 500_000:  # a long-running server's vocabulary
            self.clear()
        column = self[feature] = zlib.crc32(feature.encode("utf-8")) & (N_COLUMNS - 1)
        return column


_COLUMNS = _Columns()


def hash_features(features: Sequence[str]) -> list[int]:
    """Stable column ids (crc32 is the same on every platform and Python run), sorted."""
    return sorted(set(map(_COLUMNS.__getitem__, features)))


def _bucket(value: int, edges: Sequence[int]) -> int:
    for i, edge in enumerate(edges):
        if value <= edge:
            return i
    return len(edges)


# A token's position from either end of its sentence, as features (beyond 20 all alike).
_POSITION_EDGES = (0, 2, 5, 10, 20)
_FROM_START = tuple(f"pos={_bucket(i, _POSITION_EDGES)}" for i in range(22))
_FROM_END = tuple(f"rpos={_bucket(i, _POSITION_EDGES)}" for i in range(22))


def _quote_depths(tokens: Sequence[Token]) -> list[bool]:
    """Whether each token sits between quote marks of its sentence."""
    inside = False
    flags = []
    for token in tokens:
        if token.text in QUOTE_CHARS and token.text not in "’‘":
            inside = not inside
            flags.append(False)
        else:
            flags.append(inside)
    return flags


def token_features(tokens: Sequence[Token], sentence_tags: Sequence[str]) -> list[list[str]]:
    """Per-token features for span identification within one sentence.

    ``sentence_tags`` are sentence-level strings (its length, punctuation, the sentence
    model's score bucket) that every token of the sentence carries.
    """
    words = [t.text.lower() for t in tokens]
    quoted = _quote_depths(tokens)
    n = len(tokens)
    padded = ["<s>", "<s>", *words, "</s>", "</s>"]
    out: list[list[str]] = []
    for i, token in enumerate(tokens):
        w = words[i]
        j = i + 2
        shape = word_shape(token.text)
        feats = [
            "b",
            f"w={w}",
            f"s={shape}",
            f"p-1={padded[j - 1]}",
            f"p+1={padded[j + 1]}",
            f"p-2={padded[j - 2]}",
            f"p+2={padded[j + 2]}",
            f"bg-={padded[j - 1]}|{w}",
            f"bg+={w}|{padded[j + 1]}",
            f"suf={w[-3:]}",
            f"t={token.pos}",
            f"t-1={tokens[i - 1].pos if i else '<s>'}|{token.pos}",
            f"t+1={token.pos}|{tokens[i + 1].pos if i + 1 < n else '</s>'}",
            f"q={int(quoted[i])}",
            _FROM_START[min(i, 21)],
            _FROM_END[min(n - 1 - i, 21)],
        ]
        for tag in sentence_tags:
            feats.append(tag)
            feats.append(f"{tag}&s={shape}")
        out.append(feats)
    return out


def sentence_tags(text: str, tokens: Sequence[Token]) -> list[str]:
    fragment = text[tokens[0].start:tokens[-1].end] if tokens else ""
    return [
        f"slen={_bucket(len(tokens), (5, 10, 20, 35, 60))}",
        f"s!={int('!' in fragment)}",
        f"s?={int('?' in fragment)}",
        f"sq={int(any(c in QUOTE_CHARS for c in fragment))}",
    ]


def char_grams(word: str) -> list[str]:
    """Character 4-grams of a longer word, edges marked: rare inflections and coinages of a
    loaded word share them with forms seen in training."""
    if not (word.isalpha() and len(word) > 3):
        return []
    padded = f"<{word}>"
    return [f"c={padded[k:k + 4]}" for k in range(len(padded) - 3)]


def sentence_words(text: str, tokens: Sequence[Token]) -> list[str]:
    """Features of one sentence for the sentence-level propaganda score: words, bigrams,
    character 4-grams, parts of speech and their bigrams."""
    words = [t.text.lower() for t in tokens]
    feats = ["b", *sentence_tags(text, tokens)]
    feats += [f"w={w}" for w in words]
    feats += [f"bg={a}|{b}" for a, b in itertools.pairwise(words)]
    feats += [gram for w in words for gram in char_grams(w)]
    feats += [f"pos={t.pos}" for t in tokens]
    feats += [f"pp={a.pos}|{b.pos}" for a, b in itertools.pairwise(tokens)]
    return feats


def tagger_features(tokens: Sequence[Token], sentence_tags: Sequence[str],
                    rarity: WordRarity | None) -> list[list[str]]:
    """What the span tagger sees per token: ``token_features`` and, when the model has
    word counts, each word's frequency band."""
    features = token_features(tokens, sentence_tags)
    if rarity is not None:
        for names, extra in zip(features, rarity.token_features(tokens), strict=True):
            names.extend(extra)
    return features


def sentence_features(text: str, tokens: Sequence[Token],
                      rarity: WordRarity | None) -> list[str]:
    """What the sentence model sees: ``sentence_words`` and its rare words' bands."""
    words = sentence_words(text, tokens)
    return words + rarity.sentence_features(tokens) if rarity is not None else words


def span_features(text: str, start: int, end: int, sentence: tuple[int, int],
                  repeats: tuple[int, int, int], tokens: Sequence[Token]) -> list[str]:
    """Features of the candidate span ``text[start:end]`` for technique classification.

    ``tokens`` are the sentence's tokens; ``repeats`` says how often the normalised span occurs
    in its article, how often before it, and how many other candidate spans of the article
    read the same (the strongest cues for Repetition).
    """
    inner = tokens_within(tokens, start, end)
    outer = [t for t in tokens if t.end <= start or t.start >= end]
    words = [t.text.lower() for t in inner]
    fragment = text[start:end]
    norm = normalise(fragment)
    total, earlier, siblings = repeats
    size = _bucket(len(words), (1, 3))
    feats = ["b", f"n={norm}", f"len={_bucket(len(words), (1, 2, 3, 5, 8, 12, 20))}",
             f"rep={min(total, 4)}", f"rep={min(total, 4)}&len={size}",
             f"early={min(earlier, 2)}", f"early={min(earlier, 2)}&rep={min(total, 4)}",
             f"sib={min(siblings, 3)}", f"sib={min(siblings, 3)}&len={size}"]
    feats += [f"w={w}" for w in words]
    feats += [f"bg={a}|{b}" for a, b in itertools.pairwise(words)]
    if words:
        feats += [f"first={words[0]}", f"last={words[-1]}",
                  f"pp={'_'.join(t.pos for t in inner[:6])}", f"lastpos={inner[-1].pos}",
                  f"firstpos={inner[0].pos}"]
        feats += [f"hasp={p}" for p in {t.pos for t in inner}]
    feats += [gram for word in words for gram in char_grams(word)]
    feats += [f"x={t.text.lower()}" for t in outer]
    before = text[max(sentence[0], start - 2):start]
    after = text[end:min(sentence[1], end + 2)]
    cover = (end - start) / max(1, sentence[1] - sentence[0])
    feats += [
        f"cov={_bucket(int(cover * 10), (1, 3, 6, 8, 9))}",
        f"?={int('?' in fragment)}",
        f"!={int('!' in fragment)}",
        f"qin={int(any(c in QUOTE_CHARS for c in fragment))}",
        f"qout={int(any(c in QUOTE_CHARS for c in before + after))}",
        f"caps={int(any(w.isupper() and len(w) > 2 for w in (t.text for t in inner)))}",
        f"hash={int(fragment.lstrip().startswith('#'))}",
        f"s?={int('?' in text[sentence[0]:sentence[1]])}",
    ]
    return feats
