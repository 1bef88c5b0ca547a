"""A syllable n-gram language model (interpolated Kneser-Ney, trigram, pruned).

Choosing among candidates is where restoration fails ("tỉnh/tình/tính", "hộ/hệ/hồ"), and only
context settles it. A trigram model over lower-case syllables, trained offline on formal
Vietnamese (legal codes, our own administrative texts, place names; see SOURCES.md), is small
enough to ship and fast enough to query millions of times in pure Python.

Text is cut into segments at punctuation; numbers become ``<num>`` and anything that is not a
lexicon syllable becomes ``<unk>``, so the model learns e.g. "năm <num>" and "<num> hộ".
"""

from __future__ import annotations

import gzip
import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from normalize.lexicon import load_lexicon, read_data

LM_FILE = "lm.tsv.gz"
BOS, EOS, NUM, UNK = "<s>", "</s>", "<num>", "<unk>"
DISCOUNT = 0.85
PRIOR_WEIGHT = 0.2  # share of the lexicon's broad frequencies in the lowest-order model

_SEGMENT_BREAK = regex.compile(r"[.,;:!?()\[\]{}“”\"'‘’…•\n]|\s[-–—]\s")
_NUMBER = regex.compile(r"^[\d.,/%-]*\d[\d.,/%-]*$")


def token_class(token: str, vocabulary: dict[str, int] | set[str]) -> str:
    """The LM symbol of one whitespace token (already stripped of punctuation)."""
    lower = token.lower()
    if lower in vocabulary:
        return lower
    if _NUMBER.match(token):
        return NUM
    return UNK


def segments(text: str, vocabulary: dict[str, int] | set[str]) -> list[list[str]]:
    """Text → segments of LM symbols, cut at punctuation (each segment gets <s> ... </s>)."""
    out = []
    for part in _SEGMENT_BREAK.split(text):
        tokens = [token_class(t, vocabulary) for t in part.split()]
        if tokens:
            out.append(tokens)
    return out


@dataclass(eq=False)
class NGramLM:
    """Interpolated Kneser-Ney over counts of 1-, 2- and 3-grams (3-grams pruned)."""

    bigrams: dict[tuple[str, str], int]
    trigrams: dict[tuple[str, str, str], int]
    unigram_prior: dict[str, float]
    _ctx1: dict[str, tuple[int, int]] = field(default_factory=dict)
    _ctx2: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    _cont: dict[str, float] = field(default_factory=dict)
    _floor: float = 1e-8

    def __post_init__(self) -> None:
        ctx1_count: dict[str, int] = defaultdict(int)
        ctx1_types: dict[str, int] = defaultdict(int)
        left_types: dict[str, int] = defaultdict(int)
        for (v, w), c in self.bigrams.items():
            ctx1_count[v] += c
            ctx1_types[v] += 1
            left_types[w] += 1
        self._ctx1 = {v: (ctx1_count[v], ctx1_types[v]) for v in ctx1_count}
        ctx2_count: dict[tuple[str, str], int] = defaultdict(int)
        ctx2_types: dict[tuple[str, str], int] = defaultdict(int)
        for (u, v, _w), c in self.trigrams.items():
            ctx2_count[(u, v)] += c
            ctx2_types[(u, v)] += 1
        self._ctx2 = {k: (ctx2_count[k], ctx2_types[k]) for k in ctx2_count}
        total_types = max(1, len(self.bigrams))
        # Continuation probability mixed with a broad-corpus prior, so syllables the training
        # text never showed (place names, rare words) still get a sensible small probability.
        self._cont = {}
        for w in set(left_types) | set(self.unigram_prior):
            self._cont[w] = (1 - PRIOR_WEIGHT) * left_types.get(w, 0) / total_types + (
                PRIOR_WEIGHT * self.unigram_prior.get(w, 0.0))
        self._floor = 1e-9

    def unigram(self, w: str) -> float:
        return self._cont.get(w, self._floor) or self._floor

    def bigram(self, v: str, w: str) -> float:
        lower = self.unigram(w)
        stats = self._ctx1.get(v)
        if stats is None:
            return lower
        total, types = stats
        c = self.bigrams.get((v, w), 0)
        return max(c - DISCOUNT, 0.0) / total + DISCOUNT * types / total * lower

    def prob(self, u: str, v: str, w: str) -> float:
        """P(w | u v), interpolated Kneser-Ney (inlined: the decoder calls it ~10^5 times)."""
        p = self._cont.get(w) or self._floor
        stats = self._ctx1.get(v)
        if stats is not None:
            total, types = stats
            c = self.bigrams.get((v, w), 0)
            p = (c - DISCOUNT if c > DISCOUNT else 0.0) / total + DISCOUNT * types / total * p
        stats = self._ctx2.get((u, v))
        if stats is not None:
            total, types = stats
            c = self.trigrams.get((u, v, w), 0)
            p = (c - DISCOUNT if c > DISCOUNT else 0.0) / total + DISCOUNT * types / total * p
        return p

    @lru_cache(maxsize=2_000_000)  # noqa: B019 - one model per process, cached for speed
    def logprob(self, u: str, v: str, w: str) -> float:
        """log P(w | u v); the hot path of decoding, hence cached."""
        return math.log(self.prob(u, v, w))

    def score(self, symbols: list[str]) -> float:
        """Total log-probability of one segment with sentence boundaries."""
        seq = [BOS, BOS, *symbols, EOS]
        return sum(self.logprob(seq[i - 2], seq[i - 1], seq[i]) for i in range(2, len(seq)))


def parse_counts(text: str) -> tuple[dict, dict]:
    bigrams: dict[tuple[str, str], int] = {}
    trigrams: dict[tuple[str, str, str], int] = {}
    for line in text.splitlines():
        gram, _, number = line.rpartition("\t")
        words = tuple(gram.split(" "))
        if len(words) == 2:
            bigrams[words] = int(number)  # type: ignore[index]
        elif len(words) == 3:
            trigrams[words] = int(number)  # type: ignore[index]
    return bigrams, trigrams


@lru_cache(maxsize=1)
def load_lm() -> NGramLM:
    """The shipped model, loaded once per process."""
    raw = read_data(LM_FILE)
    bigrams, trigrams = parse_counts(gzip.decompress(raw).decode("utf-8"))
    lexicon = load_lexicon()
    total = max(1, lexicon.total)
    prior = {s: c / total for s, c in lexicon.counts.items()}
    return NGramLM(bigrams=bigrams, trigrams=trigrams, unigram_prior=prior)
